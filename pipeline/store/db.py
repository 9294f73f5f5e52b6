"""The one place that opens the SQLite database.

``open_db("outputs/cchc.db")`` returns a ``sqlite_utils.Database`` with foreign keys on
and every migration applied. Reading tools (Datasette, exports) open it read-only.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from pipeline.store.migrations import migrate
from pipeline.store.search import fold, fts_query

#: Where ``cchc ingest``/``serve``/``export`` look by default.
DEFAULT_DB = Path("outputs/cchc.db")


def open_db(path: str | Path = DEFAULT_DB, *, migrated: bool = True) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    register_functions(db.conn)
    if migrated:
        migrate(db)
    return db


def register_functions(conn) -> None:
    """``cchc_fold`` and ``cchc_match`` (see ``search.py``), on any connection."""
    conn.create_function("cchc_fold", 1, fold, deterministic=True)
    conn.create_function("cchc_match", 1, fts_query, deterministic=True)


def open_readonly(path: str | Path = DEFAULT_DB) -> Database:
    """Open an existing database read-only (``mode=ro``): exports and checks."""
    import sqlite3

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such database (run cchc ingest first)")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    register_functions(conn)
    return Database(conn)
