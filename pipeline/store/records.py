"""Write one document and its facts, atomically and idempotently.

A document is keyed by the sha256 of its NFC text. Storing the same text again changes
nothing (its path is already in ``sources``); an edited file is a new text, so a new
document row, and the old one stays. A document, its search row, its facts and its
source are written in ONE transaction, with the answers they change
(``answer_tables.update``: the answer groups the document states, merged again): a crash
(even SIGKILL) leaves either all of them or none.

The transaction takes the write lock before it reads (``locking.write_transaction``), so
whether the text is already stored is decided under the lock: two processes storing the
same file store it once; the second finds it and only adds its source.

>>> from extractors import extract
>>> db = open_db(":memory:")                                   # doctest: +SKIP
>>> store(db, doc, extract(doc))                               # doctest: +SKIP
'stored'
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlite_utils import Database

from extractors.references.keys import number_key
from pipeline.store import answer_tables, totals
from pipeline.store.locking import write_transaction
from pipeline.store.migrations import SEARCH_COLUMNS
from pipeline.store.schema import fact_values, to_cell
from pipeline.store.search import search_fold
from schemas import CATEGORIES, Conversion, Document, Extraction
from schemas.document import utf8_of

Outcome = Literal["stored", "unchanged", "reextracted"]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def meta_columns(extraction: Extraction) -> dict[str, Any]:
    """The documents columns that come from the extraction (header fields, year)."""
    meta = extraction.document
    date = meta.issued_date or ""
    return {
        "kind": meta.kind.value,
        "number": meta.number,
        "number_key": number_key(meta.number) if meta.number else None,
        "issued_date": meta.issued_date,
        "year": int(date[:4]) if date[:4].isdigit() else None,
        "issuer": meta.issuer,
        "province": meta.province,
        "title": meta.title,
        "signer": meta.signer,
        "signer_position": meta.signer_position,
        "field_sources": to_cell(
            {k: v.model_dump(mode="json") for k, v in meta.sources.items()}),
        "extractor_version": extraction.extractor_version,
        "extracted_at": now(),
    }


def text_hash(doc: Document, extraction: Extraction) -> str:
    """``doc.sha256``, the document's key; taken from ``extraction`` when it was read from
    this very text (the extractors hash the text they read: hashing it again costs as
    much, ~0.035 ms a page of 11k characters)."""
    if extraction.sha256 and extraction.text == doc.text:
        return extraction.sha256
    return doc.sha256


def document_row(doc: Document, extraction: Extraction,
                 meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The full ``documents`` row of a newly seen text (``meta``: its ``meta_columns``,
    when already made)."""
    return {
        "id": text_hash(doc, extraction),
        "source": doc.source,
        "format": doc.format,
        "raw_sha256": doc.raw_sha256,
        "site": doc.site,
        "pages": to_cell(doc.pages),
        "metadata": to_cell(doc.metadata),
        "tables": to_cell([t.model_dump() for t in doc.tables]),
        "converter": doc.conversion.converter,
        "conversion": doc.conversion.model_dump_json(),
        "text": doc.text,
        "ingested_at": now(),
        **(meta_columns(extraction) if meta is None else meta),
    }


def stored_version(db: Database, document_id: str) -> str | Literal[False] | None:
    """The extractor version a stored document was read with; False when not stored."""
    row = db.execute(
        "SELECT extractor_version FROM documents WHERE id = ?", [document_id]).fetchone()
    return False if row is None else row[0]


def add_source(db: Database, doc: Document) -> None:
    """Record that ``doc``'s text was seen at ``doc.source`` (once per place)."""
    add_source_of(db, doc.sha256, (doc.source, doc.site, doc.format, doc.raw_sha256))


def add_source_of(db: Database, document_id: str,
                  source: tuple[str, str | None, str | None, str | None]) -> None:
    """``add_source`` of a document's id and its (source, site, format, raw_sha256)."""
    db.conn.execute(
        "INSERT OR IGNORE INTO sources (document_id, source, site, format, raw_sha256, seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", [document_id, *source, now()])


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the keys of the first, in one ``executemany``.

    A plain INSERT rather than ``sqlite_utils``' ``insert_all``, which inspects every
    value of every row (JSON, types, a new column?): our rows are already cells
    (``fact_row``, ``document_row``) of columns the migrations made, and a document of
    a thousand facts is stored at every ingest.
    """
    if rows:
        insert_values(db, table, tuple(rows[0]), [tuple(row.values()) for row in rows])


def insert_values(db: Database, table: str, columns: tuple[str, ...],
                  values: list[tuple[Any, ...]]) -> None:
    """Insert ``values`` (one tuple a row, in the order of ``columns``) in one
    ``executemany``."""
    if values:
        db.conn.executemany(insert_sql(table, columns), values)


@functools.lru_cache(maxsize=256)
def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """``INSERT INTO "table" ("a", "b") VALUES (?, ?)``, made once for each table and
    columns (a document's rows are written with the same few; ~0.01 ms a document to
    make them again). A cell in ``_TEXT_CELLS`` takes ``_TEXT``."""
    names = ", ".join(f'"{c}"' for c in columns)
    cells = ", ".join(_TEXT_CELLS.get(c, "?") if table == "documents" else "?"
                      for c in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({cells})'


#: One fact table's new rows: its columns, and one tuple of cells a fact.
FactRows = tuple[tuple[str, ...], list[tuple[Any, ...]]]


def fact_rows(extraction: Extraction, document_id: str) -> dict[str, FactRows]:
    """Every fact of ``extraction`` as rows of its table (``fact_values``), by category;
    categories without a fact are left out."""
    out: dict[str, FactRows] = {}
    for category in CATEGORIES:
        facts = getattr(extraction, category)
        if facts:
            out[category] = fact_values(facts, document_id)
    return out


@dataclass(frozen=True)
class DocumentRows:
    """Everything ``store`` writes for one document, made before the write lock is taken.

    ``rows_of`` builds it where the document was extracted (an ingest's worker process:
    ``pipeline.process``'s ``pack`` step), so the one writer only runs SQL: the NFC text
    folded for the accent-free search ("Đắk Lắk" → "dak lak"), the fact rows, the
    document row. Plain tuples and strings, so it pickles back cheaply; the timestamps
    are the writer's (``now()`` at the write).
    """

    id: str
    #: The ``documents`` row without its timestamps.
    document: dict[str, Any]
    #: ``documents_fts``: the title and text folded (``SEARCH_COLUMNS``).
    search: tuple[str, str]
    facts: dict[str, FactRows]
    #: The header fields a re-extraction replaces (``meta_columns`` without its time).
    meta: dict[str, Any]
    extractor_version: str
    #: The document states a dossier count (the dossier totals then change).
    dossiers: bool
    #: Where the text was seen: ``sources`` (document_id aside).
    source: tuple[str, str | None, str | None, str | None]

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a worker hands the rows to the writer) with the text and its folded
        copies as UTF-8 bytes: the writer then neither decodes them from the pickle nor
        encodes them again for SQLite, which stores them as they came (``_TEXT``);
        ~0.06 ms of the writer's CPU a page of 11k characters. The text's bytes are the
        file's own where they are at hand (``utf8_of``: a .txt file's), which the worker
        then does not encode again (~0.02 ms a page). A text Python cannot encode (a
        lone surrogate) stays a ``str``, and the writer fails it as before."""
        state = dict(self.__dict__)
        try:
            state["document"] = {**self.document, "text": _utf8(self.document["text"])}
            state["search"] = tuple(_utf8(text) for text in self.search)
        except UnicodeEncodeError:
            return dict(self.__dict__)
        return state


def _utf8(text: str | bytes | None) -> bytes | None:
    """``text`` as UTF-8 (see ``DocumentRows.__getstate__``): its bytes at hand, if any
    (``utf8_of``), else encoded."""
    if not isinstance(text, str):
        return text
    at_hand = utf8_of(text)
    return text.encode() if at_hand is None else at_hand


#: A text cell that may come as UTF-8 bytes (``DocumentRows`` unpickled): stored as the
#: same TEXT value a ``str`` gives (a BLOB cast to TEXT is read as the database's
#: UTF-8; a ``str`` or NULL is left as it is).
_TEXT = "CAST(? AS TEXT)"
#: ``documents`` cells written through ``_TEXT`` (the others are plain ``?``: ``insert_sql``).
_TEXT_CELLS = {"text": _TEXT}


def rows_of(doc: Document, extraction: Extraction) -> DocumentRows:
    """The rows ``store`` writes for ``doc`` read as ``extraction`` (a pure function)."""
    meta = meta_columns(extraction)
    del meta["extracted_at"]
    row = document_row(doc, extraction, meta)
    del row["ingested_at"]
    title = extraction.document.title
    key = row["id"]  # the text's hash, taken once (``text_hash``)
    return DocumentRows(
        id=key, document=row,
        search=(search_fold(title), search_fold(doc.text)),
        facts=fact_rows(extraction, key), meta=meta,
        extractor_version=extraction.extractor_version,
        dossiers=bool(extraction.dossiers),
        source=(doc.source, doc.site, doc.format, doc.raw_sha256))


def write_facts(db: Database, document_id: str, facts: dict[str, FactRows], *,
                new: bool = False) -> int:
    """Replace every fact row of one document with ``facts``; return how many.
    A ``new`` document has none to delete."""
    total = 0
    for category in CATEGORIES:
        if not new:
            db.conn.execute(f'DELETE FROM "{category}" WHERE document_id = ?', [document_id])
        if category in facts:
            columns, values = facts[category]
            insert_values(db, category, columns, values)
            total += len(values)
    return total


_INSERT_SEARCH = (f"INSERT INTO documents_fts (rowid, {', '.join(SEARCH_COLUMNS)}) "
                  f"VALUES (?, {_TEXT}, {_TEXT})")
#: A contentless FTS5 table forgets a row by being given what it indexed.
_FORGET_SEARCH = (f"INSERT INTO documents_fts (documents_fts, rowid, "
                  f"{', '.join(SEARCH_COLUMNS)}) VALUES ('delete', ?, ?, ?)")


def store(db: Database, doc: Document, extraction: Extraction) -> Outcome:
    """Store ``doc`` and its facts in one transaction (see the module docstring)."""
    return store_rows(db, rows_of(doc, extraction))


def store_rows(db: Database, rows: DocumentRows) -> Outcome:
    """Write one document's ``rows`` in one transaction: the document, its search row,
    its facts, the answers they change and its source; or, when the text is stored
    already, only what changed (see the module docstring)."""
    key = rows.id
    with write_transaction(db):
        version = stored_version(db, key)
        if version is False:
            stamp = now()
            document = {**rows.document, "extracted_at": stamp, "ingested_at": stamp}
            rowid = db.conn.execute(insert_sql("documents", tuple(document)),
                                    list(document.values())).lastrowid
            db.conn.execute(_INSERT_SEARCH, [rowid, *rows.search])
            write_facts(db, key, rows.facts, new=True)
            if rows.dossiers:  # the totals sum dossier counts alone
                totals.account(db, key, +1)
            if answer_tables.FACT_TABLES.intersection(rows.facts):  # else no answer moves
                answer_tables.update(db, [key])
            outcome: Outcome = "stored"
        elif version != rows.extractor_version:
            refresh(db, key, rows.meta, rows.facts)
            outcome = "reextracted"
        else:
            outcome = "unchanged"
        add_source_of(db, key, rows.source)
    return outcome


def refresh(db: Database, document_id: str, meta: dict[str, Any],
            facts: dict[str, FactRows]) -> None:
    """Replace a stored document's header fields (``meta``: ``meta_columns``), title
    search and facts (caller's transaction)."""
    totals.account(db, document_id, -1)
    rowid, title, text = db.execute(
        "SELECT rowid, title, text FROM documents WHERE id = ?", [document_id]).fetchone()
    db["documents"].update(document_id, {**meta, "extracted_at": now()})
    if meta["title"] != title:  # the search row is the folded title and text
        text_folded = search_fold(text)
        db.execute(_FORGET_SEARCH, [rowid, search_fold(title), text_folded])
        db.execute(_INSERT_SEARCH, [rowid, search_fold(meta["title"]), text_folded])
    write_facts(db, document_id, facts)
    totals.account(db, document_id, +1)
    answer_tables.update(db, [document_id])


def stored_document(row: dict[str, Any]) -> Document:
    """Rebuild the ``Document`` of a stored row (no re-conversion)."""
    return Document(
        source=row["source"], format=row["format"] or "txt", text=row["text"],
        raw_sha256=row["raw_sha256"], site=row["site"],
        conversion=Conversion.model_validate_json(row["conversion"])
        if row["conversion"] else Conversion(converter=row["converter"] or "text"),
        pages=json.loads(row["pages"] or "[]"),
        metadata=json.loads(row["metadata"] or "{}"),
        tables=json.loads(row.get("tables") or "[]"),
    )


def stale_documents(db: Database, version: str, *, force: bool = False) -> list[str]:
    """Ids of documents read by another extractor version than ``version`` (every id with
    ``force``), oldest first. The caller names the version: the store knows versions as
    strings, not the extractors that make them."""
    return [r[0] for r in db.execute(
        "SELECT id, extractor_version FROM documents ORDER BY rowid")
        if force or r[1] != version]


def load_document(db: Database, document_id: str) -> Document:
    """The stored ``Document`` of one id (its text as converted, never re-converted)."""
    return stored_document(next(db["documents"].rows_where("id = ?", [document_id])))


def replace_facts(db: Database, document_id: str, extraction: Extraction) -> None:
    """Replace one document's header fields and facts in one transaction."""
    meta = meta_columns(extraction)
    del meta["extracted_at"]
    with write_transaction(db):
        refresh(db, document_id, meta, fact_rows(extraction, document_id))
