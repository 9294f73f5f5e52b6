"""The store: the only code that talks to SQLite (through sqlite-utils).

Public API:

- ``open_db(path)``: the database, migrated (``DEFAULT_DB`` = outputs/cchc.db).
- ``ingest(paths, db)``: convert, extract and store files and folders → ``IngestReport``.
- ``store(db, document, extraction)``: one document and its facts, in one transaction.
- ``reextract(db)``: re-run the current extractors over stored text.
- ``migration(name)``, ``migrate(db)``: named schema migrations (see ``migrations.py``).
- ``search_fold(text)``, ``fts_query(q)``: the accent-free search ("dak lak" → Đắk Lắk).
- ``datasette_metadata(db_name)``: the Datasette metadata, from the schema models.
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
from pipeline.store.search import fts_query, search_fold


def datasette_metadata(db_name: str = "cchc") -> dict:
    """Datasette metadata for a database called ``db_name`` (see ``metadata.py``)."""
    from pipeline.store.metadata import build

    return build(db_name)


__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "IngestReport",
    "datasette_metadata",
    "expand",
    "fts_query",
    "ingest",
    "load_document",
    "migrate",
    "migration",
    "open_db",
    "open_readonly",
    "reextract",
    "replace_facts",
    "search_fold",
    "stale_documents",
    "store",
]
