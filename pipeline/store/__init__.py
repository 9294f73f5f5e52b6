"""The store: the only code that talks to SQLite (through sqlite-utils).

Public API:

- ``open_db(path)``: the database, migrated (``DEFAULT_DB`` = outputs/cchc.db).
- ``ingest(paths, db)``: convert, extract and store files and folders → ``IngestReport``.
- ``store(db, document, extraction)``: one document and its facts, in one transaction.
- ``reextract(db)``: re-run the current extractors over stored text.
- ``migration(name)``, ``migrate(db)``: named schema migrations (see ``migrations.py``).
- ``fold(text)``, ``fts_query(q)``: the accent-free search ("dak lak" → Đắk Lắk).

Serving it (Datasette, its plugin and metadata) is ``pipeline.serve``.
"""

from pipeline.store.db import DEFAULT_DB, open_db, open_readonly
from pipeline.store.ingest import IngestReport, expand, ingest
from pipeline.store.migrations import MIGRATIONS, migrate, migration
from pipeline.store.records import (
    load_document,
    reextract,
    replace_facts,
    stale_documents,
    store,
)
from pipeline.store.search import fold, fts_query


__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "IngestReport",
    "expand",
    "fold",
    "fts_query",
    "ingest",
    "load_document",
    "migrate",
    "migration",
    "open_db",
    "open_readonly",
    "reextract",
    "replace_facts",
    "stale_documents",
    "store",
]
