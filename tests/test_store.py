"""The store: schema derived from the models, idempotent atomic writes, re-extraction,
accent-free search, views, migrations and exports, on the five real seeds."""

from __future__ import annotations

import io
import json
import pickle
import shutil
import subprocess
import sys

import pytest

from extractors import EXTRACTOR_VERSION, extract
from pipeline.convert import convert_path
from pipeline.ingest import ingest
from pipeline.reextract import reextract
from pipeline.store import migrate, open_db, search_fold, store, totals
from pipeline.store import schema as store_schema
from pipeline.store.export import export_table
from pipeline.store.migrations import MIGRATIONS
from pipeline.store.records import document_row, text_hash
from schemas import CATEGORIES, CATEGORY_TYPES, Extraction
from schemas.facts import Dossier, DossierMetric, Reference, Role, Unit
from tests.conftest import REPO, shared_path


def dump(db) -> dict[str, list]:
    """Every row of every table and view, for before/after comparisons."""
    names = [n for n in db.table_names() if not n.startswith("documents_fts_")]
    return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"').fetchall()))
            for n in [*names, *db.view_names()]}


@pytest.fixture()
def seeds():
    return sorted(shared_path("seeds").glob("*.txt"))


@pytest.fixture()
def seed_db(tmp_path, seeds):
    """The seeds stored with what the extractors find in them."""
    db = open_db(tmp_path / "seeds.db")
    for seed in seeds:
        doc = convert_path(seed)
        store(db, doc, extract(doc))
    return db


@pytest.mark.parametrize(("text", "folded"), [
    ("Đắk Lắk", "dak lak"),
    ("Quyết định số 1009/QĐ-UBND", "quyet dinh so 1009/qd-ubnd"),
    ("hồ sơ trễ hạn", "ho so tre han"),
    ("ĐỒNG THÁP", "dong thap"),
    ("Hoà Bình, Thuỷ lợi", "hoa binh, thuy loi"),
    # marks typed as separate characters (NFD, as some PDFs give them) fold alike
    ("Quye\u0302\u0301t đi\u0323nh", "quyet dinh"),
    # lower case is applied to the whole text, as str.lower does it (final sigma)
    ("ΟΔΟΣ ΠΑΣ", "οδος πας"),
])
def test_search_fold(text, folded):
    assert search_fold(text) == folded


@pytest.mark.parametrize(("annotation", "stored"), [
    (int, int), (int | None, int), (bool, int), (float | None, float), (str, str),
    (list[str] | None, str), (tuple[int, int], str), (dict[str, str], str),
])
def test_sql_type(annotation, stored):
    assert store_schema.sql_type(annotation) is stored


def test_fact_tables_follow_the_models():
    tables = {t.name: t for t in store_schema.tables()}
    for category, model in CATEGORY_TYPES.items():
        cols = [c.name for c in tables[category].columns]
        fields = [f for f in model.model_fields if f not in ("span",)]
        assert set(fields) <= set(cols), category
        assert {"document_id", "start", "end", "quote", "rule"} <= set(cols)
        assert tables[category].foreign_keys == (("document_id", "documents", "id"),)


def test_every_column_is_described():
    for table in store_schema.tables():
        assert table.description, table.name
        for col in table.columns:
            assert col.description, f"{table.name}.{col.name}: add Field(description=…)"


def test_ingest_stores_documents_sources_and_extractor_facts(tmp_path, seeds):
    db = open_db(tmp_path / "c.db")
    report = ingest(seeds, db)
    assert report.ok and report.outcomes["stored"] == len(seeds)
    assert db["documents"].count == len(seeds) == db["sources"].count
    for seed in seeds:
        doc = convert_path(seed)
        row = db["documents"].get(doc.sha256)
        assert row["text"] == doc.text and row["extractor_version"] == EXTRACTOR_VERSION
        extraction = extract(doc)
        for category in CATEGORIES:
            rows = list(db[category].rows_where("document_id = ?", [doc.sha256],
                                                order_by="seq"))
            assert [r["quote"] for r in rows] == [f.quote for f in
                                                  getattr(extraction, category)]
    bad = db.execute(
        " UNION ALL ".join(
            f'SELECT f.quote FROM "{c}" f JOIN documents d ON d.id = f.document_id '
            'WHERE substr(d.text, f.start + 1, f."end" - f.start) != f.quote'
            for c in CATEGORIES)).fetchall()
    assert bad == []


def test_ingesting_twice_changes_nothing(tmp_path, seeds):
    db = open_db(tmp_path / "c.db")
    ingest(seeds, db)
    before = dump(db)
    report = ingest(seeds, db)
    assert report.outcomes == {"stored": 0, "reextracted": 0, "unchanged": len(seeds)}
    assert dump(db) == before


def test_a_changed_file_is_a_new_document_and_the_old_is_kept(tmp_path, seeds):
    path = tmp_path / "bao-cao.txt"
    shutil.copy(seeds[0], path)
    db = open_db(tmp_path / "c.db")
    ingest([path], db)
    old = convert_path(path).sha256
    path.write_text(path.read_text(encoding="utf-8") + "\nNơi nhận: Lưu VT.\n", "utf-8")
    assert ingest([path], db).outcomes["stored"] == 1
    new = convert_path(path).sha256
    assert {r["id"] for r in db["documents"].rows} == {old, new}
    assert [r["document_id"] for r in db["sources"].rows_where(
        "source = ?", [str(path)], order_by="id")] == [old, new]


def test_every_fact_row_keeps_its_provenance(seed_db):
    rows = [r for c in CATEGORIES for r in seed_db.query(
        f'SELECT f.quote, substr(d.text, f.start + 1, f."end" - f.start) AS at '
        f'FROM "{c}" f JOIN documents d ON d.id = f.document_id')]
    assert len(rows) >= 7 and all(r["quote"] == r["at"] for r in rows)


def test_views_answer_the_common_questions(seed_db):
    overdue = list(seed_db.query(
        "SELECT agency, year, \"count\" FROM dossier_figures WHERE metric = 'overdue'"))
    assert {"agency": "Sở Công Thương", "year": 2021, "count": 0} in overdue
    cites = list(seed_db.query(
        "SELECT citing_id, province FROM citations WHERE cited_number = '1009/QĐ-UBND'"))
    assert {"province": "Đắk Lắk"} in [{"province": c["province"]} for c in cites]
    scores = list(seed_db.query("SELECT unit, year, value FROM score_figures"))
    assert {"unit": "Sở Kế hoạch và Đầu tư", "year": 2018, "value": 8.75} in scores


def test_reextract_replaces_facts_of_older_versions(tmp_path, seeds):
    """Documents stored by an older extractor (here: one that found nothing) get exactly
    the current extractor's facts."""
    db = open_db(tmp_path / "c.db")
    for seed in seeds:
        doc = convert_path(seed)
        store(db, doc, Extraction(text=doc.text, extractor_version="old"))
    assert db.execute("SELECT count(*) FROM dossiers").fetchone()[0] == 0
    counts = reextract(db)
    assert counts == {"reextracted": len(seeds), "current": 0}
    for seed in seeds:
        doc, fresh = convert_path(seed), extract(convert_path(seed))
        for category in CATEGORIES:
            quotes = [r["quote"] for r in db[category].rows_where(
                "document_id = ?", [doc.sha256], order_by="seq")]
            assert quotes == [f.quote for f in getattr(fresh, category)], category
    versions = {r["extractor_version"] for r in db["documents"].rows}
    assert versions == {EXTRACTOR_VERSION}
    assert reextract(db) == {"reextracted": 0, "current": len(seeds)}


@pytest.mark.parametrize(("query", "phrase"), [
    ("dak lak", "Đắk Lắk"),
    ("quyet dinh", "Quyết định"),
    ("ho so tre hen", "hồ sơ trễ hẹn"),
    ("HO SO TRE HEN", "hồ sơ trễ hẹn"),
    ("Sở Công Thương", "Sở Công Thương"),
])
def test_accent_free_search_finds_the_seeds(tmp_path, seeds, query, phrase):
    db = open_db(tmp_path / "c.db")
    ingest(seeds, db)
    from pipeline.store import fts_query

    found = {r[0] for r in db.execute(
        "SELECT d.source FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid"
        " WHERE documents_fts MATCH ?", [fts_query(query)])}
    expected = {str(s) for s in seeds if phrase.lower() in s.read_text("utf-8").lower()}
    assert expected and expected <= found


def test_migrations_from_empty(tmp_path):
    db = open_db(tmp_path / "c.db", migrated=False)
    assert migrate(db) == [m.name for m in MIGRATIONS]
    assert migrate(db) == []
    assert {"documents", "sources", *CATEGORIES} <= set(db.table_names())
    assert {"dossier_figures", "citations"} <= set(db.view_names())
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrations_from_the_previous_schema(tmp_path, seeds):
    """A database made by the first migration (no search, no indexes, no views, and a
    ``rates`` table from before its ``label`` field) is brought up to date with its data."""
    db = open_db(tmp_path / "c.db", migrated=False)
    migrate(db, upto=MIGRATIONS[0].name)
    db["rates"].transform(drop={"label"})
    doc = convert_path(seeds[2])
    db["documents"].insert(document_row(doc, extract(doc)))
    ran = migrate(db)
    assert ran == [m.name for m in MIGRATIONS[1:]]
    assert "label" in db["rates"].columns_dict
    hits = db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?",
                      ['{title_folded text_folded} : ("dak" "lak")']).fetchall()
    assert len(hits) == 1
    assert "idx_dossiers_metric" in {i.name for i in db["dossiers"].indexes}


def test_migration_names_are_unique_and_ordered():
    names = [m.name for m in MIGRATIONS]
    assert names == sorted(set(names))


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export(seed_db, fmt):
    out = io.StringIO()
    n = export_table(seed_db, "dossier_figures", fmt, out)
    text = out.getvalue()
    assert n >= 3 and "Sở Công Thương" in text
    if fmt == "json":
        assert len(json.loads(text)) == n
    elif fmt == "jsonl":
        assert len(text.splitlines()) == n
    else:
        assert len(text.splitlines()) == n + 1


def run_cli(*args: str):
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_ingest_exit_codes_and_summary(tmp_path, seeds):
    db = str(tmp_path / "c.db")
    ok = run_cli("ingest", str(seeds[0].parent), "--db", db)
    assert ok.returncode == 0 and f"{len(seeds)} stored" in ok.stderr
    # the last connection closed at exit folded the WAL back: a single file is left
    assert sorted(p.name for p in tmp_path.glob("c.db*")) == ["c.db"]
    broken = tmp_path / "scan.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n")
    some = run_cli("ingest", str(seeds[0]), str(broken), "--db", db)
    assert some.returncode == 1
    assert "1 unchanged" in some.stderr and f"failed: {broken}" in some.stderr
    assert run_cli("ingest", str(tmp_path / "missing.txt"), "--db", db).returncode == 2
    exported = run_cli("export", "--db", db, "--format", "jsonl", "--table", "sources")
    assert exported.returncode == 0 and len(exported.stdout.splitlines()) == len(seeds)


def test_dossier_totals_follow_the_facts(seed_db):
    def recomputed():
        return sorted(seed_db.execute(
            "SELECT max(coalesce(agency, '')), coalesce(year, 0), metric, "
            "coalesce(province, ''), sum(\"count\"), count(*) FROM dossier_figures "
            "GROUP BY name_key(coalesce(agency, '')), 2, 3, 4").fetchall())

    def stored():
        return sorted(seed_db.execute(
            "SELECT agency, year, metric, province, dossiers, figures FROM dossier_totals"
        ).fetchall())

    assert ("Sở Công Thương", 2021, "overdue", "Đồng Tháp", 0) in [r[:5] for r in stored()]
    assert stored() == recomputed()
    reextract(seed_db, force=True)  # the hand-read facts go; the totals follow
    assert stored() == recomputed()


def test_dossier_totals_add_up_spellings_of_one_agency(seed_db):
    """"SỞ CÔNG THƯƠNG" and "Sở Công Thương" are one agency (``name_key``): one row."""
    query = "SELECT agency_key, year, metric, province, dossiers, figures FROM dossier_totals"
    before = sorted(seed_db.execute(query).fetchall())
    facts = seed_db.execute("SELECT id, agency FROM dossiers WHERE agency IS NOT NULL "
                            "ORDER BY id").fetchall()
    assert len(facts) >= 2
    for fact_id, agency in facts[::2]:
        seed_db.execute("UPDATE dossiers SET agency = ? WHERE id = ?", [agency.upper(), fact_id])
    spellings = seed_db.execute("SELECT count(DISTINCT agency), count(DISTINCT name_key(agency))"
                                " FROM dossiers").fetchone()
    assert spellings[0] > spellings[1]
    totals.rebuild(seed_db)
    assert sorted(seed_db.execute(query).fetchall()) == before


def test_dossier_totals_of_the_previous_schema_are_rebuilt_by_name(tmp_path, seeds):
    """A database whose totals were keyed by the agency's spelling (migration 0005 before
    0007) gets the table keyed by ``name_key``, with the same sums."""
    db = open_db(tmp_path / "c.db", migrated=False)
    migrate(db, upto="0006_crawl_fetches_runs_attachments")
    doc = convert_path(seeds[0])
    store(db, doc, extract(doc))
    db["dossier_totals"].drop()  # the table as 0005 made it before 0007
    db["dossier_totals"].create(
        {"agency": str, "agency_folded": str, "year": int, "metric": str, "province": str,
         "dossiers": int, "figures": int}, not_null={"agency", "year", "metric", "province"})
    db["dossier_totals"].create_index(["agency", "year", "metric", "province"], unique=True)
    db.execute("INSERT INTO dossier_totals SELECT coalesce(agency, ''), cchc_fold(agency), "
               "coalesce(year, 0), metric, coalesce(province, ''), sum(\"count\"), count(*) "
               "FROM dossier_figures GROUP BY 1, 3, 4, 5")
    assert migrate(db) == [m.name for m in MIGRATIONS if m.name >= "0007"]
    assert "agency_key" in db["dossier_totals"].columns_dict
    sums = db.execute("SELECT sum(dossiers), sum(figures) FROM dossier_totals").fetchone()
    assert sums == db.execute('SELECT sum("count"), count(*) FROM dossier_figures').fetchone()


@pytest.mark.parametrize(("fact", "row"), [
    (Reference(span=(100, 125), quote="Nghị định số 61/2018/NĐ-CP", rule="ref.kind_number",
               kind="Nghị định", number="61/2018/NĐ-CP"),
     {"document_id": "d", "seq": 3, "kind": "Nghị định", "number": "61/2018/NĐ-CP",
      "date": None, "issuer": None, "number_key": "61/2018/NDCP", "start": 100, "end": 125,
      "quote": "Nghị định số 61/2018/NĐ-CP", "rule": "ref.kind_number"}),
    (Dossier(span=(412, 433), quote="tiếp nhận 8.586 hồ sơ", rule="dossier.received",
             metric=DossierMetric.received, count=8586, agency="Sở Công Thương"),
     {"document_id": "d", "seq": 3, "metric": "received", "count": 8586,
      "agency": "Sở Công Thương", "level": None, "period_start": None, "period_end": None,
      "approx": False, "start": 412, "end": 433, "quote": "tiếp nhận 8.586 hồ sơ",
      "rule": "dossier.received"}),
    (Unit(span=(7, 17), quote="Sở Nội vụ", rule="unit.lead", name="Sở Nội vụ",
          role=[Role.lead], mentions=[(7, 17), (90, 99)]),
     {"document_id": "d", "seq": 3, "name": "Sở Nội vụ", "role": '["lead"]',
      "mentions": "[[7, 17], [90, 99]]", "start": 7, "end": 17, "quote": "Sở Nội vụ",
      "rule": "unit.lead"}),
])
def test_a_fact_row_holds_its_values_derived_keys_and_provenance(fact, row):
    """Enums as their values, lists as JSON, the number's key beside the number, the
    span as start and end; ``fact_values`` gives the same cells in the same order."""
    assert store_schema.fact_row(fact, "d", 3) == row
    columns, values = store_schema.fact_values([fact, fact], "d", first=3)
    assert columns == tuple(row) and values[0] == tuple(row.values())
    assert values[1][:2] == ("d", 4)
    category = next(c for c, model in CATEGORY_TYPES.items() if model is type(fact))
    table = {t.name: t for t in store_schema.tables()}[category]
    assert set(row) <= {c.name for c in table.columns}


@pytest.mark.parametrize("at_hand", [True, False])
def test_a_documents_rows_pickle_whole(seeds, at_hand: bool) -> None:
    """A worker's rows travel to the writer pickled, the text as the file's own UTF-8
    bytes where the conversion read them (``utf8_of``), else encoded: either way they
    come back whole, the text and its folded copies as their UTF-8 (which the writer
    stores as the same TEXT: ``test_rows_a_worker_sends_store_what_rows_made_here_store``)
    and the document's columns in their order."""
    import pickle

    from pipeline.store.records import rows_of
    from schemas.document import text_sha256, utf8_of

    doc = convert_path(seeds[1])
    rows = rows_of(doc, extract(doc))
    if not at_hand:
        text_sha256(doc.text + " ")  # another text hashed since
    assert (utf8_of(doc.text) is not None) is at_hand
    back = pickle.loads(pickle.dumps(rows))
    assert back.document["text"] == doc.text.encode("utf-8")
    assert back.search == tuple(text.encode("utf-8") for text in rows.search)
    assert {**back.document, "text": doc.text} == rows.document
    assert list(back.document) == list(rows.document)
    assert (back.id, back.facts, back.meta, back.source) == (
        rows.id, rows.facts, rows.meta, rows.source)


def test_the_document_key_is_the_hash_of_its_text(seeds):
    """Taken from the extraction when it read this very text, else hashed again: an
    extraction of another text (or one without a hash) never gives its key."""
    doc = convert_path(seeds[0])
    extraction = extract(doc)
    assert extraction.sha256 == doc.sha256
    assert text_hash(doc, extraction) == doc.sha256
    other = extract(doc.text + "\nQuyết định này có hiệu lực kể từ ngày ký.")
    assert text_hash(doc, other) == doc.sha256 != other.sha256
    assert text_hash(doc, Extraction(text=doc.text, extractor_version="x")) == doc.sha256


@pytest.mark.parametrize("query", ["dak lak", "ho so tre hen", "quyet dinh"])
def test_rows_a_worker_sends_store_what_rows_made_here_store(tmp_path, seeds, query):
    """An ingest's worker pickles each document's rows to the writer with the text and
    its folded copies as UTF-8 bytes (``DocumentRows.__getstate__``): stored, they are
    the same TEXT values, and a search finds the same documents, as rows never pickled."""
    from pipeline.store import fts_query
    from pipeline.store.records import rows_of, store_rows

    here, sent = open_db(tmp_path / "here.db"), open_db(tmp_path / "sent.db")
    for path in seeds:
        doc = convert_path(path)
        rows = rows_of(doc, extract(doc))
        assert isinstance(rows.document["text"], str)
        store_rows(here, rows)
        store_rows(sent, pickle.loads(pickle.dumps(rows)))
    documents = ("SELECT rowid, id, text, typeof(text), title, typeof(title) FROM documents"
                 " ORDER BY rowid")
    assert here.execute(documents).fetchall() == sent.execute(documents).fetchall()
    assert {r[3] for r in sent.execute(documents)} == {"text"}
    search = "SELECT rowid, rank FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rank"
    found = here.execute(search, [fts_query(query)]).fetchall()
    assert found and found == sent.execute(search, [fts_query(query)]).fetchall()
    for table in CATEGORIES:
        facts = f'SELECT * FROM "{table}" ORDER BY rowid'
        assert here.execute(facts).fetchall() == sent.execute(facts).fetchall()
