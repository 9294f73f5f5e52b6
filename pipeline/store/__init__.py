"""The store: the only code that talks to SQLite (through sqlite-utils).

It keeps the database and nothing else: the schema (derived from ``schemas``), named
migrations, idempotent writes, the crawler's rows, exports, the answers merged from the
facts (``answers``, ``subjects``, ``periods``, ``checks``, kept in step by
``answer_tables``), and the SQL it owns (views, canned queries, Atom feed queries,
running totals, accent-free search, ``number_key`` columns for citations). What fills
it (``pipeline.ingest``, ``pipeline.reextract``, ``pipeline.harvest``) and what serves
it (``pipeline.serve``) live beside it.

Public API:

- ``open_db(path)``: the database, migrated (``DEFAULT_DB`` = outputs/cchc.db);
  ``open_readonly(path)`` for readers.
- ``store(db, document, extraction)``: one document, its facts and the answers they
  change, in one transaction.
- ``stored_version(db, id)``, ``add_source(db, document)``: what ingest asks and adds.
- ``stale_documents(db, version)``, ``load_document(db, id)``, ``replace_facts(...)``:
  what re-extraction reads and writes.
- ``migration(name)``, ``migrate(db)``: named schema migrations (see ``migrations.py``).
- ``search_fold(text)``, ``fts_query(q)``: the accent-free search ("dak lak" → Đắk Lắk).
- ``answer_tables.rebuild(db)``: recompute ``assessment_results``, ``dossier_stats`` and
  ``checks`` from every fact (``answers.assessment_results(rows)`` and
  ``answers.dossier_stats(rows)`` are the same merge as pure functions).
"""

from pipeline.store.db import DEFAULT_DB, open_db, open_readonly
from pipeline.store.migrations import MIGRATIONS, migrate, migration
from pipeline.store.records import (
    Outcome,
    add_source,
    load_document,
    replace_facts,
    stale_documents,
    store,
    stored_version,
)
from pipeline.store.search import fts_query, search_fold

__all__ = [
    "DEFAULT_DB",
    "MIGRATIONS",
    "Outcome",
    "add_source",
    "fts_query",
    "load_document",
    "migrate",
    "migration",
    "open_db",
    "open_readonly",
    "replace_facts",
    "search_fold",
    "stale_documents",
    "store",
    "stored_version",
]
