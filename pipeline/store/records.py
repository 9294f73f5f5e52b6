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

import json
from datetime import UTC, datetime
from typing import Any, Literal

from sqlite_utils import Database

from extractors.references.keys import number_key
from pipeline.store import answer_tables, totals
from pipeline.store.locking import write_transaction
from pipeline.store.migrations import FTS_COLUMNS
from pipeline.store.schema import fact_row, to_cell
from pipeline.store.search import search_fold
from schemas import CATEGORIES, Conversion, Document, Extraction

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


def document_row(doc: Document, extraction: Extraction) -> dict[str, Any]:
    """The full ``documents`` row of a newly seen text."""
    return {
        "id": doc.sha256,
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
        **meta_columns(extraction),
    }


def stored_version(db: Database, document_id: str) -> str | Literal[False] | None:
    """The extractor version a stored document was read with; False when not stored."""
    row = db.execute(
        "SELECT extractor_version FROM documents WHERE id = ?", [document_id]).fetchone()
    return False if row is None else row[0]


def add_source(db: Database, doc: Document) -> None:
    """Record that ``doc``'s text was seen at ``doc.source`` (once per place)."""
    db.execute(
        "INSERT OR IGNORE INTO sources (document_id, source, site, format, raw_sha256, seen_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [doc.sha256, doc.source, doc.site, doc.format, doc.raw_sha256, now()],
    )


def insert_rows(db: Database, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the keys of the first, in one ``executemany``.

    A plain INSERT rather than ``sqlite_utils``' ``insert_all``, which inspects every
    value of every row (JSON, types, a new column?): our rows are already cells
    (``fact_row``, ``document_row``) of columns the migrations made, and a document of
    a thousand facts is stored at every ingest.
    """
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    db.conn.executemany(
        f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})',
        [[row[c] for c in columns] for row in rows])


def write_facts(db: Database, document_id: str, extraction: Extraction, *,
                new: bool = False) -> int:
    """Replace every fact row of one document with ``extraction``'s; return how many.
    A ``new`` document has none to delete."""
    total = 0
    for category in CATEGORIES:
        if not new:
            db.execute(f'DELETE FROM "{category}" WHERE document_id = ?', [document_id])
        rows = [fact_row(f, document_id, i)
                for i, f in enumerate(getattr(extraction, category))]
        insert_rows(db, category, rows)
        total += len(rows)
    return total


def store(db: Database, doc: Document, extraction: Extraction) -> Outcome:
    """Store ``doc`` and its facts in one transaction (see the module docstring)."""
    key = doc.sha256  # a hash of the whole text: once
    with write_transaction(db):
        version = stored_version(db, key)
        if version is False:
            insert_rows(db, "documents", [document_row(doc, extraction)])
            rowid = db.execute(
                "SELECT rowid FROM documents WHERE id = ?", [key]).fetchone()[0]
            title = extraction.document.title
            db.execute(
                f"INSERT INTO documents_fts (rowid, {', '.join(FTS_COLUMNS)}) "
                "VALUES (?, ?, ?, ?, ?)",
                [rowid, title, doc.text, search_fold(title), search_fold(doc.text)],
            )
            write_facts(db, key, extraction, new=True)
            if extraction.dossiers:  # the totals sum dossier counts alone
                totals.account(db, key, +1)
            answer_tables.update(db, [key])
            outcome: Outcome = "stored"
        elif version != extraction.extractor_version:
            refresh(db, key, extraction)
            outcome = "reextracted"
        else:
            outcome = "unchanged"
        add_source(db, doc)
    return outcome


def refresh(db: Database, document_id: str, extraction: Extraction) -> None:
    """Replace a stored document's header fields, title search and facts (caller's
    transaction)."""
    totals.account(db, document_id, -1)
    meta = meta_columns(extraction)
    db["documents"].update(document_id, meta)
    db.execute(
        "UPDATE documents_fts SET title = ?, title_folded = ? "
        "WHERE rowid = (SELECT rowid FROM documents WHERE id = ?)",
        [meta["title"], search_fold(meta["title"]), document_id],
    )
    write_facts(db, document_id, extraction)
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
    with write_transaction(db):
        refresh(db, document_id, extraction)
