"""Many writers, one database: take SQLite's write lock up front, wait for it, give up
clearly.

Several ``cchc ingest`` processes, Prefect batches or a manual ingest during the nightly
crawl may write to one file at once. SQLite lets one writer in at a time; what goes wrong
is not the waiting but *how* a writer asks. A plain ``BEGIN`` (deferred) reads first and
asks for the write lock only at its first write: if another process committed meanwhile,
SQLite answers "database is locked" at once, without waiting, because the reader's
snapshot is stale. So every write transaction here starts with ``BEGIN IMMEDIATE``, which
takes the write lock before reading anything; the connection's busy timeout makes it wait
for the lock, and when even that runs out (a long rebuild elsewhere) it tries again after
a jittered pause, until ``CCHC_DB_WAIT`` seconds (default 300) have passed. Then it raises
``DatabaseBusy`` naming the file: one document fails with a one-line reason, the batch
goes on.

In WAL mode (``db.open_db``) readers never wait for the writer and the writer never waits
for readers: Datasette keeps answering while documents are stored.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from sqlite_utils import Database

from pipeline.errors import CchcError

#: How long one attempt waits inside SQLite for the lock (the connection's busy timeout).
BUSY_TIMEOUT_S = 5.0
#: Pauses between attempts grow from this, doubling, up to ``MAX_PAUSE_S``, jittered.
FIRST_PAUSE_S = 0.05
MAX_PAUSE_S = 2.0

T = TypeVar("T")


class DatabaseBusy(CchcError):
    """Another process held the database's write lock for longer than we agreed to wait
    (``CCHC_DB_WAIT``): the write was not made, nothing was lost, a re-run makes it."""


def max_wait() -> float:
    """Seconds a writer waits for the lock in all (``CCHC_DB_WAIT``, default 300)."""
    return float(os.environ.get("CCHC_DB_WAIT", "300"))


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's "database is locked" / "busy" (worth waiting for),
    rather than a real failure (a full disk, a broken file)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(error)
    return "database is locked" in text or "database is busy" in text


def pause(attempt: int) -> float:
    """A jittered pause before attempt ``attempt + 1`` ("full jitter": uniform in [0, cap]),
    so that writers who lost the lock together do not all come back together."""
    return random.uniform(0, min(MAX_PAUSE_S, FIRST_PAUSE_S * 2 ** attempt))


def retry_busy(action: Callable[[], T], name: str, wait: float | None = None) -> T:
    """``action()``, tried again while SQLite says busy, for at most ``wait`` seconds
    (``max_wait()``); then ``DatabaseBusy(name, …)``. ``action`` must be safe to repeat
    (it failed without doing anything)."""
    wait = max_wait() if wait is None else wait
    start, attempt = time.monotonic(), 0
    while True:
        try:
            return action()
        except sqlite3.OperationalError as e:
            waited = time.monotonic() - start
            if not is_busy(e):
                raise
            if waited >= wait:
                raise DatabaseBusy(name, f"database still locked by another writer after "
                                   f"{waited:.0f} s ({e})") from e
            time.sleep(min(pause(attempt), max(0.0, wait - waited)))
            attempt += 1


def database_name(db: Database) -> str:
    """The file behind ``db`` (what ``DatabaseBusy`` names)."""
    for _, name, path in db.conn.execute("PRAGMA database_list"):
        if name == "main":
            return path or ":memory:"
    return "database"


def begin(db: Database) -> None:
    """``BEGIN IMMEDIATE``: the write lock taken before anything is read, waited for
    and tried again (``retry_busy``); ``DatabaseBusy`` when it never came."""
    retry_busy(lambda: db.conn.execute("BEGIN IMMEDIATE"), database_name(db))


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One write transaction holding the write lock from its first statement.

    Outermost: ``BEGIN IMMEDIATE`` (retried, see the module docstring), ``COMMIT`` at the
    end, ``ROLLBACK`` on any error. Nested inside an open transaction: a savepoint, as
    ``sqlite_utils.Database.atomic`` does, so a function that writes can be called both
    on its own and as part of a bigger transaction. Inside ``unsaved`` no savepoint.
    """
    if db.conn.in_transaction:
        if _BATCH.get() is db.conn:  # the batch's owner rolls back the whole on an error
            yield db
            return
        with _savepoint(db):
            yield db
        return
    begin(db)
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise


#: One name for every nested savepoint: the innermost of a name is the one released or
#: rolled back to, and SQLite prepares the statements once (``sqlite_utils`` names each
#: savepoint afresh, two new statements a document of an ingest's batch).
_SAVEPOINT = "cchc_write"


@contextlib.contextmanager
def _savepoint(db: Database) -> Iterator[Database]:
    """A savepoint inside the open transaction: released at the end, rolled back to on
    any error (unless the error ended the whole transaction, as some SQLite errors do)."""
    db.conn.execute(f"SAVEPOINT {_SAVEPOINT}")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute(f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")
            db.conn.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")
        raise
    db.conn.execute(f"RELEASE SAVEPOINT {_SAVEPOINT}")


#: The connection whose writes go on in its open transaction without savepoints
#: (``unsaved``).
_BATCH: ContextVar[sqlite3.Connection | None] = ContextVar("cchc_unsaved", default=None)


@contextlib.contextmanager
def unsaved(db: Database) -> Iterator[Database]:
    """Writes nested in ``db``'s open transaction take no savepoint of their own: the
    caller rolls the whole transaction back on an error (an ingest's batch, which then
    writes its other documents again). A savepoint is not free: FTS5 writes its pending
    index at each one (a segment a document, merged again and again), and SQLite
    journals what the savepoint may undo."""
    token = _BATCH.set(db.conn)
    try:
        yield db
    finally:
        _BATCH.reset(token)
