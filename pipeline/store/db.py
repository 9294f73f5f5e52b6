"""The one place that opens the SQLite database.

``open_db("outputs/cchc.db")`` returns a ``sqlite_utils.Database`` with foreign keys on,
in WAL mode, and every migration applied. Reading tools (Datasette, exports) open it
read-only.

Several processes may write at once (see ``locking.py``): WAL lets readers and one writer
work side by side, and every transaction of a database opened here takes the write lock
up front (``BEGIN IMMEDIATE``), waiting for it with a busy timeout and jittered retries.
That includes code outside the store that writes through ``db.atomic()`` (the crawler's
records): ``Store.atomic`` is the same immediate transaction.

``synchronous = NORMAL`` in WAL mode: a killed process never loses a commit or corrupts
the file; a power cut may lose the last commits, never half of one.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlite_utils import Database

from extractors.lexicon.names import name_key
from extractors.references.keys import number_key
from pipeline.store.locking import BUSY_TIMEOUT_S, retry_busy, write_transaction
from pipeline.store.migrations import migrate
from pipeline.store.search import fts_query, search_fold, snippet

log = logging.getLogger(__name__)

#: Where ``cchc ingest``/``serve``/``export`` look by default.
DEFAULT_DB = Path("outputs/cchc.db")


class Store(Database):
    """A ``sqlite_utils.Database`` whose outermost ``atomic()`` is ``BEGIN IMMEDIATE``
    with waiting and retries (``locking.write_transaction``); nested ones are savepoints,
    as before."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        with write_transaction(self) as db:
            yield db


def open_db(path: str | Path = DEFAULT_DB, *, migrated: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Safe to call from many processes at once on a fresh file: one applies the
    migrations, the others wait for the lock and find them applied.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S)
    db = Store(conn)
    if str(path) != ":memory:":
        retry_busy(lambda: use_wal(conn), str(path))
    db.execute("PRAGMA foreign_keys = ON")
    register_functions(db.conn)
    if migrated:
        migrate(db)
    return db


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL (persistent: once per file, a no-op after) and relax fsync
    to what WAL makes safe. Changing the journal mode needs a moment's exclusive lock
    ("database is locked" while another process opens the same fresh file: the caller
    retries). A file system without the shared memory WAL needs (a network share) keeps
    its rollback journal: writers still take turns, readers wait for commits."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() == "wal":
        conn.execute("PRAGMA synchronous = NORMAL")
    else:
        log.warning("journal_mode stays %s (no WAL here): readers will wait for writers",
                    mode)


def register_functions(conn) -> None:
    """``cchc_fold``, ``cchc_match`` and ``cchc_snippet`` (see ``search.py``), ``name_key``
    (the extractors' one key for names, so SQL groups names as Python compares them) and
    ``number_key`` (the one key for document numbers, so what a reader types is keyed as
    the stored ``number_key`` columns are: ``number_key('61/2018/ND-CP')``), on any
    connection."""
    conn.create_function("cchc_fold", 1, search_fold, deterministic=True)
    conn.create_function("cchc_match", 1, fts_query, deterministic=True)
    conn.create_function("cchc_snippet", 2, snippet, deterministic=True)
    conn.create_function("name_key", 1, sql_name_key, deterministic=True)
    conn.create_function("number_key", 1, sql_number_key, deterministic=True)


def sql_name_key(name: str | None) -> str | None:
    """:func:`~extractors.lexicon.names.name_key` for SQL, where a name may be NULL:
    ``name_key('SỞ NỘI VỤ') = name_key('Sở Nội vụ')``."""
    return None if name is None else name_key(name)


def sql_number_key(number: str | None) -> str | None:
    """:func:`~extractors.references.number_key` for SQL, where a number may be NULL:
    ``number_key('61/2018/NĐCP') = number_key('61/2018/nd-cp')``."""
    return None if number is None else number_key(str(number))


def open_readonly(path: str | Path = DEFAULT_DB) -> Database:
    """Open an existing database read-only (``mode=ro``): exports and checks. In WAL mode
    it reads the last committed state while writers go on."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such database (run cchc ingest first)")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    register_functions(conn)
    return Database(conn)
