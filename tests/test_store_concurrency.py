"""Many writers, one database: concurrent ``cchc ingest`` processes (and threads, the way
Prefect batches call the store) over overlapping sets of files into one fresh database.

Every file is stored exactly once (the ``stored`` counts of all processes add up to the
number of texts; the rest say ``unchanged``), nobody prints a traceback or fails, and the
facts, sources and answers are those of one sequential ingest of the same files. The
documents are the seeds' robustness copies of ``test_store_kill`` (never corpus or gold).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.ingest import ingest
from pipeline.store import open_db
from pipeline.store.migrations import MIGRATIONS
from schemas import CATEGORIES
from tests.conftest import REPO
from tests.test_store_kill import make_variants

pytestmark = pytest.mark.slow
DOCS = 24
SUMMARY = re.compile(r"(\d+) stored, (\d+) reextracted, (\d+) unchanged, (\d+) failed")
#: Columns that say when, not what: they differ between any two runs.
WHEN = {"id", "ingested_at", "extracted_at", "seen_at", "fact_id"}


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> list[Path]:
    return sorted(make_variants(tmp_path_factory.mktemp("docs"), DOCS).glob("*.txt"))


@pytest.fixture(scope="module")
def sequential(tmp_path_factory, docs) -> dict[str, list]:
    """What one ``cchc ingest`` of every file stores."""
    db = tmp_path_factory.mktemp("seq") / "seq.db"
    done = subprocess.run(ingest_cmd(docs, db), cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    return snapshot(db)


def ingest_cmd(files: list[Path], db: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "ingest", *map(str, files), "--db", str(db)]


def share(files: list[Path], workers: int, k: int) -> list[Path]:
    """Worker ``k``'s files: two of every ``workers`` consecutive ones, so each file goes
    to two workers, and in an order of its own, so that they meet on the same files."""
    mine = [f for j, f in enumerate(files) if j % workers in (k, (k + 1) % workers)]
    return mine if k % 2 else mine[::-1]


def snapshot(db: Path) -> dict[str, list]:
    """Every row of the documents, sources, facts and answers, without row ids or times,
    sorted (insertion order is the one thing concurrent writers may change)."""
    con = sqlite3.connect(db)
    out = {}
    tables = ["documents", "sources", *CATEGORIES, "assessment_results", "dossier_stats",
              "checks", "dossier_totals"]
    for table in tables:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')
                if r[1] not in WHEN]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(con.execute(f'SELECT {select} FROM "{table}"').fetchall(),
                            key=repr)
    out["_migrations"] = [r[0] for r in con.execute("SELECT name FROM _migrations")]
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    return out


@pytest.mark.parametrize("workers", [2, 4, 8])
def test_concurrent_ingests_store_every_file_once(tmp_path, docs, sequential, workers):
    db = tmp_path / "shared.db"
    start = time.monotonic()
    procs = [subprocess.Popen(ingest_cmd(share(docs, workers, k), db), cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for k in range(workers)]
    outputs = [p.communicate(timeout=900) for p in procs]
    elapsed = time.monotonic() - start
    stored = 0
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err + out and "locked" not in err, err
        counts = [int(n) for n in SUMMARY.search(err).groups()]
        assert counts[3] == 0, err  # nothing failed
        stored += counts[0]
    assert stored == DOCS  # each text stored by exactly one process
    assert snapshot(db) == sequential
    print(f"{workers} processes, {DOCS} files twice each: {elapsed:.1f} s")


def test_threads_share_one_database(tmp_path, docs, sequential):
    """Prefect runs batches on threads, each with its own connection (``store_batch``
    opens the database per batch): the same locking, one process."""
    db = tmp_path / "threads.db"
    reports, errors = [], []

    def run(k: int) -> None:
        try:
            conn = open_db(db)
            reports.append(ingest(share(docs, 4, k), conn))
            conn.close()
        except BaseException as e:  # collected and failed below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    assert not errors, errors
    assert all(r.ok for r in reports), [r.failures for r in reports]
    assert sum(r.outcomes["stored"] for r in reports) == DOCS
    assert snapshot(db) == sequential


def test_fresh_database_migrated_once_by_racing_processes(tmp_path):
    """Eight processes open one fresh file at once: one applies each migration, the
    others wait and find it applied; none fails."""
    db = tmp_path / "fresh.db"
    cmd = [sys.executable, "-m", "pipeline", "migrate", "--db", str(db)]
    procs = [subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(8)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    con = sqlite3.connect(db)
    assert [r[0] for r in con.execute("SELECT name FROM _migrations ORDER BY name")] == [
        m.name for m in MIGRATIONS]
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
