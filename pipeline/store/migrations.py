"""Named schema migrations: every change to the database goes through one.

A migration is a function of the ``sqlite_utils.Database``, registered under a name that
sorts after the previous one. ``migrate(db)`` applies the ones not yet recorded in
``_migrations``, each in its own transaction, in order. Each transaction takes the write
lock first (``BEGIN IMMEDIATE``) and only then reads ``_migrations``: two processes
opening a fresh file at once never both apply a migration; one applies it, the other
waits for the lock and finds it recorded. Adding a table is one more
function at the end of this file, named to sort after the last one::

    @migration("0011_publishers")
    def publishers(db: Database) -> None:
        \"\"\"Provincial newspapers and portals, for the province of a news page.\"\"\"
        db["publishers"].create({"host": str, "province": str}, pk="host")

Never edit a migration that has shipped: add a new one. Fact-table columns are the one
exception that needs no migration: they are derived from the pydantic models, and
``sync_columns`` adds a new model field's column (additively) after the migrations run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from extractors.references.keys import number_key
from pipeline.store import answer_tables, schema, totals
from pipeline.store.locking import write_transaction
from pipeline.store.search import search_fold
from pipeline.store.views import create_views

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[Database], None]


MIGRATIONS: list[Migration] = []


def migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Register ``fn`` as the migration ``name`` (names unique and in increasing order)."""

    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        if MIGRATIONS and name <= MIGRATIONS[-1].name:
            raise ValueError(f"migration {name!r} must sort after {MIGRATIONS[-1].name!r}")
        MIGRATIONS.append(Migration(name, fn))
        return fn

    return register


def create_table(db: Database, table: schema.Table) -> None:
    """Create one derived table with its keys (indexes come in their own migration)."""
    db[table.name].create(
        table.column_types(), pk=table.pk, foreign_keys=list(table.foreign_keys),
        if_not_exists=True,
    )
    for cols in table.unique:
        db[table.name].create_index(list(cols), unique=True, if_not_exists=True)


@migration("0001_documents_sources_facts")
def core_tables(db: Database) -> None:
    """documents, sources and one table per fact category."""
    for table in schema.tables():
        create_table(db, table)


FTS_COLUMNS = ("title", "text", "title_folded", "text_folded")
#: The columns as declared since ``0012_search_folded_only``: only the folded ones indexed.
FTS_DECLARED = "title UNINDEXED, text UNINDEXED, title_folded, text_folded"


@migration("0002_documents_fts")
def documents_fts(db: Database) -> None:
    """Full-text search over title and text, plain and folded (đ → d), rowid = documents'."""
    columns = ", ".join(FTS_COLUMNS)
    db.execute(
        f"CREATE VIRTUAL TABLE documents_fts USING fts5({columns}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    rows = db.execute("SELECT rowid, title, text FROM documents").fetchall()
    db.conn.executemany(
        f"INSERT INTO documents_fts (rowid, {columns}) VALUES (?, ?, ?, ?, ?)",
        [(rid, title, text, search_fold(title), search_fold(text)) for rid, title, text in rows],
    )


@migration("0003_facet_indexes")
def facet_indexes(db: Database) -> None:
    """Indexes on every column Datasette facets on and every document_id."""
    for table in schema.tables():
        for cols in table.indexes:
            db[table.name].create_index(list(cols), if_not_exists=True)


@migration("0004_views")
def views(db: Database) -> None:
    """Views for dossier figures, scores, rankings and the citation graph."""
    create_views(db)


@migration("0005_dossier_totals")
def dossier_totals(db: Database) -> None:
    """Dossier counts summed by agency, year, metric and province (fast canned queries)."""
    totals.create(db)


def applied(db: Database) -> list[str]:
    """Names of the migrations already applied, in order."""
    if not db["_migrations"].exists():
        return []
    return [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")]


def migrate(db: Database, upto: str | None = None) -> list[str]:
    """Apply pending migrations (up to and including ``upto``); return their names.

    After a full migration, ``sync_columns`` adds columns of new model fields. An
    up-to-date database is recognised without taking the write lock, so opening the
    database never makes a writer wait for another.
    """
    done = set(applied(db))
    ran: list[str] = []
    for m in MIGRATIONS:
        if m.name in done or (upto is not None and m.name > upto):
            continue
        with write_transaction(db):
            db["_migrations"].create({"name": str, "applied_at": str}, pk="name",
                                     if_not_exists=True)
            if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [m.name]).fetchone():
                continue  # another process applied it while this one waited
            m.apply(db)
            db["_migrations"].insert(
                {"name": m.name, "applied_at": datetime.now(UTC).isoformat(timespec="seconds")}
            )
        log.info("applied migration %s", m.name)
        ran.append(m.name)
    if upto is None:
        sync_columns(db)
    return ran


def missing_columns(db: Database) -> list[tuple[str, schema.Column]]:
    """(table, column) of every model field whose column the database lacks."""
    missing = []
    for table in schema.tables():
        have = set(db[table.name].columns_dict)
        missing += [(table.name, col) for col in table.columns if col.name not in have]
    return missing


def sync_columns(db: Database) -> list[str]:
    """Add the column of every model field the database lacks (additive only).

    Looks first without the write lock (nothing missing: nothing to lock), then again
    under it, since another process may have added them meanwhile."""
    if not missing_columns(db):
        return []
    added = []
    with write_transaction(db):
        for table, col in missing_columns(db):
            db[table].add_column(col.name, col.type)
            added.append(f"{table}.{col.name}")
    return added


@migration("0006_crawl_fetches_runs_attachments")
def crawl_tables(db: Database) -> None:
    """The crawler's memory: every response (``fetches``), every run (``crawl_runs``) and
    which attachment hangs off which page (``attachments``)."""
    db["fetches"].create({
        "id": int, "url": str, "final_url": str, "status": int, "headers": str,
        "sha256": str, "etag": str, "last_modified": str, "fetched_at": str, "site": str,
        "kind": str, "adapter": str, "adapter_version": str, "ok": int, "error": str,
        "run_id": int,
    }, pk="id")
    db["fetches"].create_index(["url", "id"])
    db["fetches"].create_index(["site"])
    db["crawl_runs"].create({
        "id": int, "site": str, "started_at": str, "finished_at": str, "since": str,
        "full": int, "max_items": int, "new": int, "changed": int, "unchanged": int,
        "skipped": int, "failed": int, "files": int, "failures": str, "retries": int,
        "circuit_open": int, "requests": int,
    }, pk="id")
    db["attachments"].create({
        "id": int, "page_url": str, "url": str, "sha256": str, "filename": str,
        "content_type": str, "format": str, "bytes": int, "document_id": str,
        "site": str, "fetched_at": str,
    }, pk="id")
    db["attachments"].create_index(["page_url", "url"], unique=True)
    db["attachments"].create_index(["sha256"])


@migration("0007_dossier_totals_by_name_key")
def dossier_totals_by_name_key(db: Database) -> None:
    """``dossier_totals`` keyed by the agency's name (``name_key``), not its spelling:
    "SỞ NỘI VỤ" and "Sở Nội vụ" are one row. Derived data: dropped and rebuilt."""
    db["dossier_totals"].drop(ignore=True)
    totals.create(db)


@migration("0008_answers_and_checks")
def answers_and_checks(db: Database) -> None:
    """The answers a user asks for: ``assessment_results`` (one row per subject, province,
    index, year, criterion and stage), ``dossier_stats`` (one row per province, agency,
    level, period and metric, restatements counted once) and ``checks`` (figures that
    cannot all be true), with ``answer_sources`` (which documents state which answer).
    Derived data, built from the facts stored so far; the facts' newer columns (subject,
    index, stage, level) are added first, since the rebuild reads them."""
    sync_columns(db)
    answer_tables.create(db)


@migration("0009_number_keys")
def number_keys(db: Database) -> None:
    """``number_key`` on ``references`` and ``documents`` (``extractors.references.
    number_key``), filled for every row stored so far and indexed, and the views again:
    ``citations`` matches cited and stored numbers by it, so "61/2018/NĐCP" cited by one
    report and "61/2018/NĐ-CP" by another are one cited document, and that document is
    found however its own number is typed. New rows get the key as they are written."""
    for table in ("references", "documents"):
        if "number_key" not in db[table].columns_dict:
            db[table].add_column("number_key", str)
        rows = db.execute(f'SELECT rowid, number FROM "{table}" WHERE number IS NOT NULL')
        db.conn.executemany(f'UPDATE "{table}" SET number_key = ? WHERE rowid = ?',
                            [(number_key(number), rowid) for rowid, number in rows])
    db["references"].create_index(["number_key"], if_not_exists=True)
    # cited_id is the first stored document of a key: the index serves both the lookup
    # and the order, so no plan walks every document by date (news have no number, and
    # a column mostly NULL makes SQLite's statistics call a one-column index useless)
    db["documents"].create_index(["number_key", "ingested_at"], if_not_exists=True)
    create_views(db)


@migration("0010_documents_ingested_at")
def documents_ingested_at(db: Database) -> None:
    """An index on ``documents.ingested_at``: the Atom feed of new documents
    (``feeds.py``) reads the newest first and stops after a page, instead of sorting every
    document each time a feed reader asks."""
    db["documents"].create_index(["ingested_at"], if_not_exists=True)


@migration("0011_crawl_retries")
def crawl_retries(db: Database) -> None:
    """The crawler's queue of failed URLs (``crawl_retries``): one row per site and URL
    that failed and was not fetched since, with what a later run needs to try it again
    (its kind, its page, the listing's title and date), why it failed, how often, when
    first and last, and when it is due again; a URL tried ``max_attempts`` times is
    ``given_up_at`` instead of due. ``fetches.listed_date`` keeps the date a listing
    showed for an item, so a later listing showing another date re-fetches it; the runs
    count what was retried, given up and left queued."""
    db["crawl_retries"].create({
        "site": str, "url": str, "kind": str, "page_url": str, "title": str,
        "listed_date": str, "reason": str, "error": str, "status": int, "attempts": int,
        "first_failed_at": str, "last_failed_at": str, "next_try_at": str,
        "given_up_at": str, "run_id": int,
    }, pk=("site", "url"))
    db["crawl_retries"].create_index(["site", "given_up_at", "next_try_at"])
    db["fetches"].add_column("listed_date", str)
    for column in ("retried", "given_up", "queued"):
        db["crawl_runs"].add_column(column, int)


@migration("0012_search_folded_only")
def search_folded_only(db: Database) -> None:
    """``documents_fts`` indexes the folded title and text only; the plain ones stay in
    its rows, ``UNINDEXED``. Every search asks the folded columns ("dak lak" finds "Đắk
    Lắk": ``cchc_match``, and Datasette's search box through ``fts_terms``, whose folded
    words are in the folded columns whenever they are in the plain ones), so the plain
    columns' index was never read, yet FTS5 wrote it for every document stored (a third
    of an ingest's writing). The table is made anew with the same rows."""
    columns = ", ".join(FTS_COLUMNS)
    db.execute("DROP TABLE IF EXISTS documents_fts_new")
    db.execute(f"CREATE VIRTUAL TABLE documents_fts_new USING fts5({FTS_DECLARED}, "
               "tokenize = 'unicode61 remove_diacritics 2')")
    db.execute(f"INSERT INTO documents_fts_new (rowid, {columns}) "
               f"SELECT rowid, {columns} FROM documents_fts")
    db.execute("DROP TABLE documents_fts")
    db.execute("ALTER TABLE documents_fts_new RENAME TO documents_fts")


#: ``documents_fts`` since ``0013_search_contentless``: the index alone, no copy of the
#: rows (``content=''``); only the folded columns are ever given (``SEARCH_COLUMNS``).
FTS_CONTENTLESS = (f"{FTS_DECLARED}, content='', "
                   "tokenize = 'unicode61 remove_diacritics 2'")
SEARCH_COLUMNS = ("title_folded", "text_folded")


@migration("0013_search_contentless")
def search_contentless(db: Database) -> None:
    """``documents_fts`` keeps its index and no copy of the rows (a contentless FTS5
    table): its rows held each text twice more (as written, ``UNINDEXED``, and folded),
    about half the file, written again for every document stored, yet no search reads
    them. A search asks the index (``rowid``, ``MATCH``, ``rank``: ``cchc_match``,
    Datasette's search box) and quotes the text from ``documents`` (``cchc_snippet(d.text,
    :q)``). The columns keep their names (the plain ones read as NULL); the index is
    made anew from the folded copies the old table held, so searches find what they
    found. The file's freed pages are reused by the next documents (``VACUUM`` gives
    them back)."""
    columns = ", ".join(SEARCH_COLUMNS)
    db.execute("DROP TABLE IF EXISTS documents_fts_new")
    db.execute(f"CREATE VIRTUAL TABLE documents_fts_new USING fts5({FTS_CONTENTLESS})")
    db.execute(f"INSERT INTO documents_fts_new (rowid, {columns}) "
               f"SELECT rowid, {columns} FROM documents_fts")
    db.execute("DROP TABLE documents_fts")
    db.execute("ALTER TABLE documents_fts_new RENAME TO documents_fts")
