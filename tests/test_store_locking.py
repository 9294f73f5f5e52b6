"""Waiting for the write lock, and giving up on one document only (``locking.py``).

A writer waits while another holds the lock and writes when it is released; one that
waits longer than ``CCHC_DB_WAIT`` fails that document with a one-line reason
(``DatabaseBusy``), leaves the database as it was, and the batch goes on.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from pipeline.ingest import ingest
from pipeline.store import open_db
from pipeline.store.locking import DatabaseBusy, is_busy, pause, retry_busy
from tests.test_store_kill import make_variants


@pytest.fixture
def two_docs(tmp_path):
    return make_variants(tmp_path / "docs", 2)


def hold_lock(path, seconds: float) -> threading.Thread:
    """Another writer: takes the write lock and keeps it ``seconds``."""
    taken = threading.Event()

    def run() -> None:
        con = sqlite3.connect(path)
        con.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        con.rollback()
        con.close()

    thread = threading.Thread(target=run)
    thread.start()
    taken.wait(5)
    return thread


def short_waits(db, monkeypatch, wait: float) -> None:
    db.conn.execute("PRAGMA busy_timeout = 100")
    monkeypatch.setenv("CCHC_DB_WAIT", str(wait))


def test_a_writer_waits_for_the_lock_and_then_writes(tmp_path, two_docs, monkeypatch):
    db = open_db(tmp_path / "c.db")
    short_waits(db, monkeypatch, 30)
    holder = hold_lock(tmp_path / "c.db", 1.0)
    start = time.monotonic()
    report = ingest([two_docs], db)
    holder.join()
    assert report.ok and report.outcomes["stored"] == 2
    assert time.monotonic() - start >= 0.9  # it did wait (retries over short timeouts)


def test_a_lock_held_too_long_fails_each_document_alone(tmp_path, two_docs, monkeypatch):
    db = open_db(tmp_path / "c.db")
    short_waits(db, monkeypatch, 0.5)
    holder = hold_lock(tmp_path / "c.db", 3.0)
    report = ingest([two_docs], db)
    holder.join()
    assert report.outcomes["stored"] == 0 and len(report.failures) == 2
    for source, problem in report.failures:
        assert source.endswith(".txt") and "still locked by another writer" in problem
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert not db.conn.in_transaction
    again = ingest([two_docs], db)  # the lock is free: a re-run stores them
    assert again.ok and again.outcomes["stored"] == 2


def test_retry_busy_is_bounded_and_only_for_busy():
    calls = []

    def locked() -> None:
        calls.append(1)
        raise sqlite3.OperationalError("database is locked")

    start = time.monotonic()
    with pytest.raises(DatabaseBusy, match=r"x\.db: database still locked"):
        retry_busy(locked, "x.db", wait=0.3)
    assert 0.3 <= time.monotonic() - start < 1.5 and len(calls) >= 2

    def broken() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        retry_busy(broken, "x.db", wait=5)
    assert is_busy(sqlite3.OperationalError("database is locked"))
    assert not is_busy(ValueError("database is locked"))
    assert all(0 <= pause(n) <= 2.0 for n in range(20))
