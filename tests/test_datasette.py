"""Datasette as a real process over the stored seeds: every canned query, the search box,
facets and foreign-key labels over the JSON API, the dashboard's charts, and pages in
headless Chromium.

The seeds are stored with their assessments' subject, index and stage filled from the gold
where extraction leaves them empty (``tests/answerfixture.py``), plus one short report that
disagrees with a seed, so that answers, rankings and a check are there to be shown."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from datasette_dashboards import replace_opts_in_query

from extractors import extract
from pipeline.convert import convert_path
from pipeline.serve.dashboard import SLUG, dashboard
from pipeline.store import open_db, store
from pipeline.store.queries import CANNED
from schemas import Document, DocumentMeta, Extraction, Score
from tests.answerfixture import seed_extractions
from tests.conftest import serving, shared_path

pytestmark = pytest.mark.slow
DB_NAME = "cchc"


@pytest.fixture(scope="module")
def seeds() -> list[Path]:
    return sorted(shared_path("seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeds):
    """``cchc serve`` on a free port over the seeds (see the module docstring)."""
    db_path = tmp_path_factory.mktemp("serve") / f"{DB_NAME}.db"
    db = open_db(db_path)
    for doc, extraction in seed_extractions(shared_path("seeds"),
                                            shared_path("contract", "gold")):
        store(db, doc, extraction)
    store(db, *disagreeing_report())
    db.close()
    with serving(db_path) as base:
        yield base


def disagreeing_report() -> tuple[Document, Extraction]:
    """An earlier report giving Sở Công Thương Lạng Sơn 77,5 points where seed 003 (the
    more recent, so the one shown on a tie) gives 77,4."""
    text = ("Năm 2023, Chỉ số CCHC của Sở Công Thương tỉnh Lạng Sơn sau thẩm định đạt "
            "77,5/89,5 điểm.")
    quote = "77,5/89,5 điểm"
    at = text.index(quote)
    score = Score(span=(at, at + len(quote)), quote=quote, rule="test", value=77.5,
                  max=89.5, subject="Sở Công Thương tỉnh Lạng Sơn", index="par_index",
                  year=2023, stage="appraised")
    doc = Document(source="test:disagreeing", format="txt", text=text)
    meta = DocumentMeta(province="Lạng Sơn", issued_date="2023-12-20")
    return doc, Extraction(text=text, document=meta, scores=[score], extractor_version="x")


def get_json(base: str, path: str, **params: str):
    query = urllib.parse.urlencode({**params, "_shape": "objects"})
    with urllib.request.urlopen(f"{base}/{DB_NAME}/{path}.json?{query}", timeout=30) as r:
        return json.load(r)


def sha(seeds: list[Path], prefix: str) -> str:
    return convert_path(next(s for s in seeds if s.name.startswith(prefix))).sha256


DOC = "Mã văn bản"
CASES = [
    ("results_by_subject", {"subject": "so cong thuong", "province": "lang son",
                            "index": "par_index", "year": "2023"},
     lambda rows, s: any(r["Giai đoạn"] == "sau thẩm định" and r["Điểm"] == 77.4
                         and r["Thứ hạng"] == 13 and r["Trên tổng số"] == 20
                         and r["Mâu thuẫn"] == "có" for r in rows)
     and any(r["Tiêu chí"] == "7.6" and r["Điểm"] == 1.1 for r in rows)),
    ("ranking_table", {"province": "", "index": "par_index", "year": "2023"},
     lambda rows, s: [(r["Thứ hạng"], r["Tỉnh"]) for r in rows if r["Thứ hạng"]]
     == [(13, "Lạng Sơn"), (1, "Thái Nguyên")]),
    ("dossiers_by_agency", {"agency": "so cong thuong", "province": "", "metric": "",
                            "year_from": "2021", "year_to": "2021"},
     lambda rows, s: {"Cơ quan": "Sở Công Thương", "Tỉnh": "Đồng Tháp", "Số hồ sơ": 8586,
                      "Từ ngày": "2021-01-01", "Đến ngày": "2021-08-31"}.items()
     <= next(r for r in rows if r["Chỉ tiêu"] == "tiếp nhận").items()),
    ("overdue_dossiers", {"year": "2021", "province": "dong thap", "agency": ""},
     lambda rows, s: any(r["Cơ quan"] == "Sở Công Thương" and r["Số hồ sơ"] == 0
                         and r["Chỉ tiêu"] == "quá hạn" and r["Tỉnh"] == "Đồng Tháp"
                         for r in rows)),
    ("data_checks", {"check": "disagreement", "province": "lang son"},
     lambda rows, s: len(rows) == 1 and "77.4" in rows[0]["Chi tiết"]
     and "77,5/89,5 điểm" in rows[0]["Trích dẫn"] and sha(s, "003") in rows[0][DOC]),
    ("documents_citing", {"number": "1009/QĐ-UBND"},
     lambda rows, s: sha(s, "002") in {r[DOC] for r in rows}),
    ("search", {"q": "dak lak"},
     lambda rows, s: sha(s, "002") in {r[DOC] for r in rows}),
    ("new_results", {"province": "lang son", "index": "par_index"},
     lambda rows, s: any(r["atom_title"].startswith("Lạng Sơn · Chỉ số CCHC (PAR INDEX) 2023: "
                                                    "Sở Công Thương (sau thẩm định)")
                         and "hạng 13/20, 77,4/89,5 điểm" in r["atom_title"]
                         and "77.5" in r["atom_content"] for r in rows)),
    ("new_documents", {"site": "", "province": "dak lak"},
     lambda rows, s: f"urn:cchc:document:{sha(s, '002')}" in {r["atom_id"] for r in rows}),
]


def test_every_canned_query_is_tested():
    assert {name for name, _, _ in CASES} == set(CANNED)


@pytest.mark.parametrize(("name", "params", "check"), CASES, ids=[c[0] for c in CASES])
def test_canned_query(server, seeds, name, params, check):
    data = get_json(server, name, **params)
    assert data["ok"], data
    assert check(data["rows"], seeds), data["rows"]


@pytest.mark.parametrize("query", ["dak lak", "Đắk Lắk", "quyet dinh", "ho so tre hen"])
def test_search_box_on_documents(server, seeds, query):
    rows = get_json(server, "documents", _search=query)["rows"]
    assert rows and all(r["id"] in {convert_path(s).sha256 for s in seeds} for r in rows)


def test_facets_and_foreign_key_labels(server):
    data = get_json(server, "documents")
    assert {"province", "year", "kind"} <= set(data["facet_results"])
    provinces = {f["value"] for f in data["facet_results"]["province"]["results"]}
    assert "Đắk Lắk" in provinces
    dossiers = get_json(server, "dossiers", _labels="on")["rows"]
    assert any(isinstance(r["document_id"], dict) and r["document_id"]["label"]
               for r in dossiers)


def test_served_read_only_with_a_dashboard(server):
    with urllib.request.urlopen(server + "/-/databases.json", timeout=10) as r:
        assert json.load(r)[0]["is_mutable"] is True  # live: follows ingests (read-only)
    with urllib.request.urlopen(server + f"/-/dashboards/{SLUG}", timeout=10) as r:
        page = r.read().decode()
    assert r.status == 200 and "Kết quả theo tỉnh và chỉ số" in page
    assert "Thứ hạng theo năm" in page and "Lạng Sơn" in page  # a chart, a filter option


#: What each chart shows for one province, through Datasette's SQL API as the page asks.
CHART_CASES = [
    ("scores", {"province": "Lạng Sơn", "index": "par_index"},
     lambda rows: [(r["Năm"], r["Điểm"]) for r in rows] == [(2023, 77.4)]),
    ("ranks", {"province": "Thái Nguyên"},
     lambda rows: [(r["Năm"], r["Thứ hạng"]) for r in rows] == [(2023, 1)]),
    ("dossiers", {"province": "Thái Nguyên", "metric": "pending"},
     lambda rows: [(r["Đến ngày"], r["Số hồ sơ"]) for r in rows] == [("2024-07-22", 13)]),
    ("overdue", {"province": "Đồng Tháp"},
     lambda rows: [(r["Cơ quan"], r["Số hồ sơ quá hạn"]) for r in rows]
     == [("Sở Công Thương", 0)]),
]


@pytest.mark.parametrize(("chart", "params", "check"), CHART_CASES,
                         ids=[c[0] for c in CHART_CASES])
def test_dashboard_chart_data(server, chart, params, check):
    query = dashboard(DB_NAME)[SLUG]["charts"][chart]["query"]
    sql = replace_opts_in_query(query, params)
    qs = urllib.parse.urlencode({"sql": sql, **params, "_shape": "objects"})
    with urllib.request.urlopen(f"{server}/{DB_NAME}.json?{qs}", timeout=30) as r:
        data = json.load(r)
    assert data["ok"] and check(data["rows"]), data


def test_citations_found_by_the_extractor(server, seeds):
    """Every number the references extractor finds in a seed leads back to that seed."""
    doc = convert_path(next(s for s in seeds if s.name.startswith("002")))
    found = extract(doc).references
    if not found:
        pytest.xfail("the references extractor finds nothing yet (branch not merged)")
    for ref in found:
        rows = get_json(server, "documents_citing", number=ref.number)["rows"]
        assert doc.sha256 in {r[DOC] for r in rows}, ref


@pytest.mark.parametrize("typed", ["1009/qđ-ubnd", "1009/QD-UBND", "1009/QĐUBND",
                                   "1009 / Q\u00d0 - UBND"])
def test_documents_citing_however_the_number_is_typed(server, seeds, typed):
    """The served query keys what a reader types as the store keys what documents wrote
    (``number_key``): the same rows as the number typed as seed 002 types it."""
    rows = get_json(server, "documents_citing", number=typed)["rows"]
    usual = get_json(server, "documents_citing", number="1009/QĐ-UBND")["rows"]
    assert rows == usual and sha(seeds, "002") in {r[DOC] for r in rows}


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("chromium is missing: `make system-deps` installs it")
    pytest.skip("chromium is not installed (make system-deps)")


def dump_dom(url: str, profile: Path) -> str:
    args = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--user-data-dir={profile}",
            "--virtual-time-budget=5000", "--dump-dom", url]
    done = subprocess.run(args, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_pages_render_rows_in_chromium(server, tmp_path):
    home = dump_dom(server + "/", tmp_path / "p1")
    assert "cchc: administrative reform" in home and f"/{DB_NAME}" in home
    page = dump_dom(server + f"/{DB_NAME}/overdue_dossiers?year=2021&province=&agency=",
                    tmp_path / "p2")
    assert "<td" in page and "Sở Công Thương" in page and "Đồng Tháp" in page
    assert "Hồ sơ quá hạn theo cơ quan và kỳ báo cáo" in page and ">Số hồ sơ<" in page


def test_dashboard_draws_its_charts_in_chromium(server, tmp_path):
    """The page fetches each chart's rows and Vega-Lite draws them: one drawing per chart,
    with the province's figures as marks a reader can point at."""
    page = dump_dom(server + f"/-/dashboards/{SLUG}?province=Th%C3%A1i+Nguy%C3%AAn"
                    "&metric=received", tmp_path / "p3")
    charts = dashboard(DB_NAME)[SLUG]["charts"]
    assert page.count('class="marks"') == len(charts), page[-3000:]
    for mark in ("Điểm: 90.35", "Thứ hạng: 1;", "Số hồ sơ: 19850", "Số hồ sơ quá hạn: 0"):
        assert mark in page, mark
