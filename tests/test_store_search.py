"""The search index without a copy of the texts (``documents_fts`` contentless since
``0013_search_contentless``): the same searches find the same documents in the same
order as with the table that kept title and text twice more, a database of that schema
is migrated with its index, and a re-extraction that changes a title leaves the index
as a fresh store would make it."""

from __future__ import annotations

import pytest

from extractors import extract
from pipeline.convert import convert_path
from pipeline.reextract import reextract
from pipeline.store import fts_query, open_db, search_fold, store
from pipeline.store.migrations import FTS_COLUMNS, migrate
from pipeline.store.records import document_row
from schemas import Extraction
from tests.conftest import REPO, shared_path

#: What a reader types: places, document kinds, a number, figures' words, a title.
QUERIES = ["dak lak", "quyet dinh", "ho so tre han", "1009/QĐ-UBND", "Sở Nội vụ",
           "cải cách hành chính", "chỉ số PAR INDEX", "ubnd tinh", "kế hoạch",
           "dich vu cong truc tuyen", "khong co tu nay"]


@pytest.fixture()
def texts():
    paths = sorted(shared_path("seeds").glob("*.txt"))
    return paths + sorted((REPO / "corpus" / "texts").glob("*.txt"))[:20]


def searches(db) -> dict[str, list[tuple[int, float]]]:
    """Each query's documents (rowid) in rank order, with their rank."""
    return {q: [(r[0], round(r[1], 9)) for r in db.execute(
        "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ? "
        "ORDER BY rank, rowid", [fts_query(q)])] for q in QUERIES}


def previous_schema(path, texts):
    """``texts`` stored as under ``0012_search_folded_only``: the search table kept the
    title and text as written (``UNINDEXED``) beside their folded copies."""
    db = open_db(path, migrated=False)
    migrate(db, upto="0012_search_folded_only")
    columns = ", ".join(FTS_COLUMNS)
    for text in texts:
        doc = convert_path(text)
        extraction = extract(doc)
        rowid = db["documents"].insert(document_row(doc, extraction)).last_rowid
        title = extraction.document.title
        db.execute(f"INSERT INTO documents_fts (rowid, {columns}) VALUES (?, ?, ?, ?, ?)",
                   [rowid, title, doc.text, search_fold(title), search_fold(doc.text)])
    db.conn.commit()
    return db


def fts_is_sound(db) -> None:
    db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 0)")


def test_a_database_of_the_previous_schema_searches_alike_after_the_migration(
        tmp_path, texts):
    """Stored as ``0012_search_folded_only`` stored (title and text kept in the search
    table beside their folded copies), migrated: the same hits, ranks and order, and
    the search table holds no text."""
    db = previous_schema(tmp_path / "old.db", texts)
    before = searches(db)
    assert sum(map(len, before.values())) > len(texts)
    assert "documents_fts_content" in db.table_names()

    assert migrate(db) == ["0013_search_contentless"]
    assert searches(db) == before
    assert "documents_fts_content" not in db.table_names()
    assert db.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == len(texts)
    fts_is_sound(db)


def test_ingest_searches_as_the_migrated_database(tmp_path, texts):
    """A database made now and one migrated from the previous schema answer alike."""
    new = open_db(tmp_path / "new.db")
    for path in texts:
        doc = convert_path(path)
        store(new, doc, extract(doc))
    old = previous_schema(tmp_path / "old.db", texts)
    migrate(old)
    assert searches(new) == searches(old)


def test_a_reextracted_title_is_searched_as_a_fresh_store_would(tmp_path, texts):
    """Stored by an extractor that found no title, then re-extracted: the titles enter
    the index (the old rows forgotten with what they indexed) and every search answers
    as on a database stored with the current extractor."""
    stale = open_db(tmp_path / "stale.db")
    fresh = open_db(tmp_path / "fresh.db")
    for path in texts:
        doc = convert_path(path)
        store(stale, doc, Extraction(text=doc.text, extractor_version="old"))
        store(fresh, doc, extract(doc))
    titled = [r[0] for r in fresh.execute("SELECT title FROM documents") if r[0]]
    assert titled
    title_words = [" ".join(t.split()[:4]) for t in titled[:3]]
    before = {q: searches(stale)[q] for q in QUERIES}
    reextract(stale)
    fts_is_sound(stale)
    assert {q: searches(stale)[q] for q in QUERIES} == searches(fresh)
    for words in title_words:
        hits = stale.execute("SELECT count(*) FROM documents_fts WHERE documents_fts "
                             "MATCH ?", [fts_query(words)]).fetchone()[0]
        assert hits == fresh.execute("SELECT count(*) FROM documents_fts WHERE "
                                     "documents_fts MATCH ?", [fts_query(words)]).fetchone()[0]
        assert hits >= 1
    assert before != searches(stale)  # the titles changed what is found
