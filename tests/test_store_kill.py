"""Crash safety: SIGKILL ``cchc ingest`` at random points and check the database.

After every kill the database passes ``PRAGMA integrity_check`` and holds no half-written
document (each stored document has its search row, its source and exactly the facts an
uninterrupted run gives it); a final re-run completes with facts identical to an
uninterrupted run. A second test kills a writer at the one moment that matters most, in
the middle of a document's transaction with its uncommitted pages already on disk (in
the WAL, or in the database file with a hot rollback journal beside it): reopening rolls
them back, the document is absent, and a re-run stores it.

The documents are the real seeds, each copied with a varied last line so that there are
enough distinct texts to kill in the middle of (robustness only: these copies are never
corpus or gold).
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schemas import CATEGORIES
from tests.conftest import REPO, shared_path

pytestmark = pytest.mark.slow
KILLS = 10


def make_variants(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    for i in range(count):
        seed = seeds[i % len(seeds)]
        text = seed.read_text("utf-8") + f"\n\n(Bản sao số {i} cho kiểm thử độ bền.)\n"
        (folder / f"{i:04d}_{seed.name}").write_text(text, "utf-8")
    return folder


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db)]


def timed_run(folder: Path, db: Path) -> float:
    start = time.monotonic()
    done = subprocess.run(ingest_cmd(folder, db), cwd=REPO, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - start


def facts(db: Path) -> dict[str, list[tuple]]:
    """Every fact row (without its row id), by table, plus the documents' own columns."""
    con = sqlite3.connect(db)
    out = {"documents": con.execute(
        "SELECT id, kind, number, issued_date, issuer, title, extractor_version, text "
        "FROM documents ORDER BY id").fetchall()}
    for table in CATEGORIES:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] != "id"]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = con.execute(f'SELECT {select} FROM "{table}" ORDER BY 1, 2').fetchall()
    con.close()
    return out


def check_consistent(db: Path, reference: dict[str, list[tuple]]) -> int:
    """Integrity and no half-written document; return how many documents are stored."""
    if not db.exists():
        return 0
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "documents" not in tables or "documents_fts" not in tables:
        con.close()
        return 0  # killed before the migrations finished: nothing stored yet
    ids = [r[0] for r in con.execute("SELECT id FROM documents")]
    orphans = con.execute(
        "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sources s "
        "WHERE s.document_id = d.id) OR d.rowid NOT IN (SELECT rowid FROM documents_fts)"
    ).fetchone()[0]
    assert orphans == 0
    con.close()
    stored = facts(db)
    for table in CATEGORIES:
        want = [r for r in reference[table] if r[0] in set(ids)]
        assert stored[table] == want, table
    return len(ids)


def test_sigkill_at_random_points_never_leaves_half_a_document(tmp_path):
    calibrate = make_variants(tmp_path / "calibrate", 10)
    per_doc = max(timed_run(calibrate, tmp_path / "calibrate.db") / 10, 0.002)
    count = max(20, min(300, int(2.5 / per_doc)))
    folder = make_variants(tmp_path / "docs", count)
    reference_db = tmp_path / "reference.db"
    duration = timed_run(folder, reference_db)
    reference = facts(reference_db)
    assert len(reference["documents"]) == count

    rng = random.Random(20240724)
    db, kills, rounds = tmp_path / "killed-0.db", 0, 0
    while kills < KILLS:
        rounds += 1
        assert rounds < 60, f"only {kills} kills landed in {rounds} rounds"
        proc = subprocess.Popen(ingest_cmd(folder, db), cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration * 0.9))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
            check_consistent(db, reference)
        else:
            assert proc.returncode == 0
            assert check_consistent(db, reference) == count
            db = tmp_path / f"killed-{rounds}.db"  # finished: kill the next one afresh
    timed_run(folder, db)
    assert check_consistent(db, reference) == count
    assert facts(db) == reference


#: A writer that stores the files it is given, except that inside the transaction of the
#: last one it writes a marker file and waits to be killed. A five-page cache makes SQLite
#: spill the transaction's pages before the commit: uncommitted frames in the WAL, or
#: changed pages in the database file with the originals in a hot journal.
HALTING_WRITER = """
import sys, time
from pathlib import Path
from pipeline.ingest import ingest
from pipeline.store import open_db, records

db_path, mode, marker, *files = sys.argv[1:]
db = open_db(db_path)
if mode == "delete":
    db.conn.execute("PRAGMA journal_mode = DELETE")
db.conn.execute("PRAGMA cache_size = 5")
assert ingest(files[:-1], db).ok
real_add_source = records.add_source_of

def halt(db, *args):
    real_add_source(db, *args)  # the document is written: only the commit is missing
    Path(marker).write_text("in transaction")
    time.sleep(600)

records.add_source_of = halt
ingest(files[-1:], db)
"""


@pytest.mark.parametrize("mode", ["wal", "delete"])
def test_kill_inside_a_write_transaction_rolls_it_back(tmp_path, mode):
    folder = make_variants(tmp_path / "docs", 4)
    files = sorted(folder.glob("*.txt"))
    timed_run(folder, tmp_path / "reference.db")
    reference = facts(tmp_path / "reference.db")
    db, marker = tmp_path / "killed.db", tmp_path / "in-transaction"
    proc = subprocess.Popen([sys.executable, "-c", HALTING_WRITER, str(db), mode,
                             str(marker), *map(str, files)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "the writer never reached its transaction"
        time.sleep(0.05)
    journal = Path(f"{db}-wal" if mode == "wal" else f"{db}-journal")
    assert journal.exists() and journal.stat().st_size > 0  # uncommitted pages on disk
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    assert check_consistent(db, reference) == 3  # rolled back on reopening
    interrupted = document_of(tmp_path / "reference.db", files[-1])
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == 3
    for table in ("documents", "sources", *CATEGORIES):
        column = "id" if table == "documents" else "document_id"
        found = con.execute(f'SELECT count(*) FROM "{table}" WHERE {column} = ?',
                            [interrupted]).fetchone()[0]
        assert found == 0, table
    con.close()
    timed_run(folder, db)  # a re-run stores it
    assert check_consistent(db, reference) == 4
    assert facts(db) == reference


def document_of(db: Path, source: Path) -> str:
    """The id of the document stored from ``source``."""
    con = sqlite3.connect(db)
    row = con.execute("SELECT document_id FROM sources WHERE source = ?",
                      [str(source)]).fetchone()
    con.close()
    return row[0]
