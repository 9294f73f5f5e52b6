"""Citations are found however a number is typed: the store keeps ``number_key`` beside
every number (references and documents), ``citations`` matches by it, and
``documents_citing`` keys what a reader types with the same function.

Three short reports cite Nghị định 61/2018/NĐ-CP, typed as corpus/texts types it (with
and without the hyphen, and with a Latin eth); the decree itself is stored under its own
number; a fourth report cites another decree. Every way of typing the number finds the
same three reports and the same cited document, over a plain ``sqlite3`` connection (as
``ask.py`` reads) and through the canned query's SQL (as Datasette runs it)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from extractors.references import number_key
from pipeline.store import MIGRATIONS, migrate, open_db, store
from pipeline.store.db import register_functions
from pipeline.store.queries import CANNED
from pipeline.store.views import VIEWS
from schemas import Document, DocumentMeta, Extraction, Reference

DECREE = "61/2018/NĐ-CP"
#: How each report types the decree's number (the first two as in corpus/texts).
CITED_AS = {"bao-cao-1": "61/2018/NĐ-CP", "bao-cao-2": "61/2018/NĐCP",
            "bao-cao-3": "61/2018/N\u00d0-CP"}
#: What a reader may type to find them.
TYPED = ["61/2018/NĐ-CP", "61/2018/NĐCP", "61/2018/ND-CP", "61/2018/nd-cp", "61/2018/nđcp",
         "61 / 2018 / NĐ - CP", " 61/2018/NĐ-CP ", "61/2018/N\u00d0-CP",
         "61/2018/NĐ-\u0421\u0420", "61/2018/NĐ\u2013CP"]


def report(source: str, cited: str, province: str = "Kiên Giang") -> tuple[Document, Extraction]:
    """A one-sentence report citing ``cited`` ("Căn cứ Nghị định số … của Chính phủ")."""
    text = f"Căn cứ Nghị định số {cited} của Chính phủ về thực hiện cơ chế một cửa."
    at = text.index("Nghị định")
    end = text.index(cited) + len(cited)
    ref = Reference(kind="Nghị định", number=cited, span=(at, end), quote=text[at:end],
                    rule="test")
    meta = DocumentMeta(kind="bao_cao", province=province, issued_date="2019-06-30")
    return (Document(source=f"test:{source}", format="txt", text=text),
            Extraction(text=text, document=meta, references=[ref], extractor_version="x"))


def decree() -> tuple[Document, Extraction]:
    """The decree itself, stored under its own number, typed without the hyphen."""
    text = "NGHỊ ĐỊNH\nVề thực hiện cơ chế một cửa, một cửa liên thông."
    meta = DocumentMeta(kind="khac", number="61/2018/NĐCP", issued_date="2018-04-23")
    return (Document(source="test:nghi-dinh", format="txt", text=text),
            Extraction(text=text, document=meta, extractor_version="x"))


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> tuple[Path, set[str], str]:
    """The database, the ids of the three citing reports and the decree's id."""
    path = tmp_path_factory.mktemp("citations") / "cchc.db"
    db = open_db(path)
    citing = set()
    for source, cited in CITED_AS.items():
        doc, extraction = report(source, cited)
        store(db, doc, extraction)
        citing.add(doc.sha256)
    store(db, *report("khac", "61/2018/NQ-CP"))
    doc, extraction = decree()
    store(db, doc, extraction)
    db.close()
    return path, citing, doc.sha256


@pytest.mark.parametrize("typed", TYPED)
def test_the_view_finds_every_spelling_on_a_plain_connection(db_path, typed):
    """No function of ours is registered: the key is a stored column."""
    path, citing, cited = db_path
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT citing_id, cited_id FROM citations WHERE cited_key = ?",
                           [number_key(typed)]).fetchall()
    assert {r[0] for r in rows} == citing
    assert {r[1] for r in rows} == {cited}


@pytest.mark.parametrize("typed", TYPED)
def test_documents_citing_finds_every_spelling(db_path, typed):
    """The canned query's SQL as Datasette runs it (our functions on the connection)."""
    path, citing, cited = db_path
    con = sqlite3.connect(path)
    register_functions(con)
    con.row_factory = sqlite3.Row
    rows = con.execute(CANNED["documents_citing"]["sql"], {"number": typed}).fetchall()
    con.close()
    assert {r["Mã văn bản"] for r in rows} == citing
    assert {r["Mã văn bản được dẫn"] for r in rows} == {cited}
    assert {r["Số hiệu được dẫn"] for r in rows} == set(CITED_AS.values())  # as written


def test_another_number_is_another_document(db_path):
    path, citing, _ = db_path
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT citing_id FROM citations WHERE cited_key = ?",
                           [number_key("61/2018/NQ-CP")]).fetchall()
    assert len(rows) == 1 and rows[0][0] not in citing


_OLD_CITATIONS = VIEWS["citations"].replace("r.number_key AS cited_key, ", "").replace(
    "c.number_key = r.number_key", "c.number = r.number")


def test_migration_backfills_the_keys_of_rows_stored_before_it(tmp_path):
    """A database from before ``0009_number_keys`` (no key columns, the old view) gets the
    keys of every stored reference and document, their indexes, and the new view."""
    db = open_db(tmp_path / "old.db", migrated=False)
    migrate(db, upto="0008_answers_and_checks")
    for source, cited in CITED_AS.items():
        store(db, *report(source, cited))
    store(db, *decree())
    db.execute("DROP VIEW citations")
    for table, index in (("references", "idx_references_number_key"),
                         ("documents", "idx_documents_number_key_ingested_at")):
        db.execute(f"DROP INDEX {index}")
        db[table].transform(drop={"number_key"})
    db.execute(f"CREATE VIEW citations AS{_OLD_CITATIONS}")
    assert "number_key" not in db["references"].columns_dict
    assert migrate(db) == [m.name for m in MIGRATIONS if m.name >= "0009"]
    keys = {r[0] for r in db.execute('SELECT number_key FROM "references"')}
    assert keys == {number_key(DECREE)}
    assert db.execute("SELECT number_key FROM documents WHERE number IS NOT NULL"
                      ).fetchall() == [(number_key(DECREE),)]
    assert "idx_references_number_key" in {i.name for i in db["references"].indexes}
    assert "idx_documents_number_key_ingested_at" in {i.name for i in db["documents"].indexes}
    cited = db.execute("SELECT count(DISTINCT citing_id), count(DISTINCT cited_id) "
                       "FROM citations WHERE cited_key = ?", [number_key("61/2018/ND-CP")])
    assert cited.fetchone() == (3, 1)
