"""Serving a live database, safely: a real ``cchc serve`` while another process ingests
into the same file, and the public defaults (no arbitrary SQL, no download, reads only),
``--allow-sql`` with its limits, ``--immutable`` for a snapshot, ``--base-url`` behind a
reverse proxy.

The documents are the seeds' robustness copies of ``test_store_kill``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from datasette_dashboards import replace_opts_in_query

from pipeline.ingest import ingest
from pipeline.serve.dashboard import SLUG, dashboard
from pipeline.store import open_db
from tests.conftest import REPO
from tests.servefixture import Served, serving
from tests.test_store_kill import make_variants

pytestmark = pytest.mark.slow
COUNT = "/cchc/documents.json?_size=1&_shape=objects"
#: What a reader asks while documents arrive: the count, the search box, the canned
#: search, an answer table and the documents page itself.
PROBES = [COUNT, "/cchc/documents.json?_search=ho+so&_size=5",
          "/cchc/search.json?q=ho+so&_shape=array", "/cchc/dossier_stats.json?_size=3",
          "/cchc/documents"]
RUNAWAY = ("with recursive c(x) as (select 1 union all select x + 1 from c) "
           "select count(*) from c")


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    """A database of five documents, served by the tests that only read."""
    folder = tmp_path_factory.mktemp("small")
    db = open_db(folder / "cchc.db")
    assert ingest([make_variants(folder / "docs", 5)], db).ok
    db.close()
    return folder / "cchc.db"


def sql_url(sql: str, **params: str) -> str:
    return "/cchc.json?" + urllib.parse.urlencode({"sql": sql, **params, "_shape": "array"})


#: Documents the other process stores: enough for several of its batches (32 documents
#: or 0.1 s each) while the reader asks, now that 35 small ones were stored in ~0.05 s
#: after the workers' start-up, between two of the reader's rounds of probes.
WRITTEN = 100


def test_serve_while_another_process_ingests(tmp_path):
    docs = make_variants(tmp_path / "docs", WRITTEN + 5)
    db_path = tmp_path / "cchc.db"
    db = open_db(db_path)
    assert ingest(sorted(docs.glob("*.txt"))[:5], db).ok
    db.close()
    with serving(db_path) as served:
        writer = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "ingest", str(docs), "--db", str(db_path)],
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        counts, requests, start = [], 0, time.monotonic()
        while True:
            finished = writer.poll() is not None
            for path in PROBES:
                status, body = served.get(path)
                requests += 1
                assert status == 200, (path, status, body[:500])
                assert "malformed" not in body and "Traceback" not in body, path
                counts.append(served.json(COUNT)["filtered_table_rows_count"])
            if finished:
                break
        elapsed = time.monotonic() - start
        assert writer.returncode == 0, writer.stderr.read()
        con = sqlite3.connect(db_path)
        stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
    assert stored == WRITTEN + 5 and counts[-1] == stored
    assert counts == sorted(counts)  # a reader never sees documents disappear
    assert len(set(counts)) > 2, counts  # it did read while the ingest was writing
    print(f"{requests} requests in {elapsed:.1f} s while {WRITTEN} documents were stored, "
          f"counts seen: {sorted(set(counts))}")


def test_public_defaults(small_db):
    with serving(small_db) as served:
        settings = served.json("/-/settings.json")
        assert settings["default_allow_sql"] is False and settings["allow_download"] is False
        assert settings["max_returned_rows"] == 1000 and settings["sql_time_limit_ms"] == 2000
        assert served.get(sql_url("select 1"))[0] == 403
        assert served.get("/cchc?sql=select+1")[0] == 403
        assert served.get("/cchc.db")[0] in (403, 404)
        assert served.json("/cchc/documents.json?_shape=array")  # tables and the JSON API
        assert served.get("/cchc/search.json?q=ho+so")[0] == 200  # canned queries
        for path in ("/cchc/search?q=ho+so", "/cchc/documents", "/cchc", "/cchc.json"):
            status, body = served.get(path, method="POST")
            assert status == 405 and "only reads" in body, (path, status)
        assert_dashboard_works(served)


def assert_dashboard_works(served: Served) -> None:
    """The dashboard page, and its charts' rows through ``?sql=`` as its script asks for
    them; the same query changed by one character is refused when SQL is off."""
    params = {"province": "", "metric": "received"}
    status, page = served.get(f"/-/dashboards/{SLUG}?" + urllib.parse.urlencode(params))
    assert status == 200 and "Kết quả theo tỉnh và chỉ số" in page
    for chart in dashboard("cchc")[SLUG]["charts"].values():
        sql = replace_opts_in_query(chart["query"], params)
        assert served.get(sql_url(sql, **params))[0] == 200, chart["title"]
    if not served.json("/-/settings.json")["default_allow_sql"]:
        assert served.get(sql_url(sql + " ", **params))[0] == 403


def test_allow_sql_with_a_time_limit_and_bounded_memory(small_db):
    with serving(small_db, "--allow-sql", "--memory-mb", "1024") as served:
        settings = served.json("/-/settings.json")
        assert settings["default_allow_sql"] is True and settings["sql_time_limit_ms"] == 1000
        assert served.json(sql_url("select 1 as one")) == [{"one": 1}]
        start = time.monotonic()
        status, body = served.get(sql_url(RUNAWAY))
        assert status == 400 and "too long" in body and time.monotonic() - start < 3
        status, body = served.get(sql_url("select length(randomblob(200000000)) as n"))
        assert status == 400 and "too big" in body
        assert served.get("/cchc.db")[0] in (403, 404)

        # three runaway queries take every SQL thread; select 1 waits at most ~1 s
        runaways = [threading.Thread(target=served.get, args=(sql_url(RUNAWAY),))
                    for _ in range(3)]
        for t in runaways:
            t.start()
        time.sleep(0.2)
        start = time.monotonic()
        assert served.json(sql_url("select 1 as one")) == [{"one": 1}]
        waited = time.monotonic() - start
        for t in runaways:
            t.join()
        assert waited < 2.5, waited

        # an answer too big to render (2 GB of JSON) fails alone; the server goes on
        start = time.monotonic()
        status, _ = served.get(sql_url("select zeroblob(15000000) from documents a, "
                                       "documents b"), timeout=120)
        bomb = time.monotonic() - start
        assert status == 500
        assert served.json(sql_url("select 1 as one")) == [{"one": 1}]
        peak = served.memory_mb("VmHWM")
        assert peak < 1100, peak
        print(f"select 1 behind three runaway queries: {waited:.2f} s; a 2 GB answer "
              f"refused in {bomb:.1f} s, server peak {peak:.0f} MB")


def test_immutable_snapshot(small_db, tmp_path):
    writer = sqlite3.connect(small_db)  # an open writer: its commits sit in the WAL
    writer.execute("UPDATE documents SET ingested_at = ingested_at || ' '")
    writer.commit()
    refused = subprocess.run(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(small_db), "--immutable"],
        cwd=REPO, capture_output=True, text=True, timeout=60)
    writer.close()  # the last connection folds the WAL back into the file
    assert refused.returncode == 2 and "-wal holds writes" in refused.stderr
    with serving(small_db, "--immutable") as served:
        assert served.json("/-/databases.json")[0]["is_mutable"] is False
        assert served.json(COUNT)["filtered_table_rows_count"] == 5
        assert served.get("/cchc.db")[0] in (403, 404)
        assert served.get(sql_url("select 1"))[0] == 403


def test_behind_a_reverse_proxy(small_db):
    with serving(small_db, "--base-url", "/cchc-data/", base_url="/cchc-data/") as served:
        assert served.json(COUNT)["filtered_table_rows_count"] == 5
        status, page = served.get("/cchc/documents")
        assert status == 200 and 'href="/cchc-data/cchc/' in page
        assert_dashboard_works(served)
