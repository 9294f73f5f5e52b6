"""Our Datasette plugin: accent-free SQL functions, safe search, the document page, and
cells that link to it.

``cchc serve`` registers it with Datasette's plugin manager. It is a package so that
Datasette finds its ``templates/`` (``cchc_document.html``) and ``static/``
(``document.css``), served at ``/-/static-plugins/pipeline.serve.plugin/``.

- SQL functions on every connection: ``cchc_fold(agency) like '%' ||
  cchc_fold(:agency) || '%'`` ("so cong thuong" finds "Sở Công Thương"), ``documents_fts
  match cchc_match(:q)`` ("dak lak" finds "Đắk Lắk"), ``cchc_snippet(text, :q)`` (the
  words found, with their accents). On a database with ``documents_fts``, Datasette's own
  ``escape_fts`` (the search box, ``?_search=``) is replaced by ``fts_terms``, so
  ``?_search="`` is an empty result, never an FTS5 syntax error.
- ``/-/cchc/document/<id>``: the document, every fact highlighted at its span
  (``document.py``); ``?quote=…`` sends the reader on to the fact with those words.
- ``render_cell``: document ids become links to that page (``cells.py``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response

from pipeline.serve import cells
from pipeline.serve.document import find_fact, read
from pipeline.serve.words import CATEGORIES
from pipeline.store.db import register_functions
from pipeline.store.search import fts_terms

#: This plugin's name for ``urls.static_plugins`` (Datasette names a plugin by module).
NAME = __name__


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """Register our SQL functions; after Datasette's, so our ``escape_fts`` wins where
    the folded search table exists."""
    register_functions(conn)
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_fts'").fetchone():
        conn.create_function("escape_fts", 1, fts_terms, deterministic=True)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Give every request its own cache of document labels (``cells.LABELS``); show
    the documents list without its long columns unless the reader chose columns."""
    def wrap(app: Any) -> Any:
        async def with_labels(scope: dict, receive: Any, send: Any) -> None:
            token = cells.LABELS.set({})
            try:
                await app(cells.narrow_documents(scope), receive, send)
            finally:
                cells.LABELS.reset(token)
        return with_labels
    return wrap


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                datasette: Any) -> Any:
    if cells.wants(column, table):
        return cells.render(row, value, column, table, database, datasette)
    return None


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    """Compact column descriptions on every table page (``static/tables.css``)."""
    return [datasette.urls.static_plugins(NAME, "tables.css")]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/cchc/document/(?P<id>[^/]+)$", document_view)]


async def _database(datasette: Any) -> Any:
    """The database that holds the documents (``cchc serve`` serves one)."""
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        if await db.table_exists("documents"):
            return db
    raise NotFound("Không có cơ sở dữ liệu văn bản")


async def document_view(datasette: Any, request: Any) -> Response:
    """The document page, or a redirect to the fact whose words ``?quote=`` gives."""
    document_id = request.url_vars["id"]
    db = await _database(datasette)
    quote = request.args.get("quote")
    if quote:
        within = request.args.get("in")
        fact = await db.execute_fn(lambda conn: find_fact(conn, document_id, quote, within))
        if fact:
            return Response.redirect(cells.document_url(datasette, document_id, fact=fact))
    page = await db.execute_fn(lambda conn: read(conn, document_id))
    if page is None:
        raise NotFound(f"Không có văn bản {document_id}")
    html = await datasette.render_template("cchc_document.html", {
        "page": page, "database": db.name, "categories": CATEGORIES, "plugin": NAME,
    }, request=request)
    return Response.html(html)
