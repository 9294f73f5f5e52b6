"""The one place that opens the SQLite database.

``open_db("outputs/cchc.db")`` returns a ``sqlite_utils.Database`` with foreign keys on
and every migration applied. Reading tools (Datasette, exports) open it read-only.
"""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from extractors.lexicon.names import name_key
from extractors.references.keys import number_key
from pipeline.store.migrations import migrate
from pipeline.store.search import fts_query, search_fold, snippet

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
    """Open an existing database read-only (``mode=ro``): exports and checks."""
    import sqlite3

    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such database (run cchc ingest first)")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    register_functions(conn)
    return Database(conn)
