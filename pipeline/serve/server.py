"""Serve the database with Datasette: live while ingests write, safe to publish.

``serve("outputs/cchc.db", ServeOptions(port=8001))`` writes ``outputs/metadata.yml``
(generated from the schema models, ``metadata.py``), registers our plugin
(``plugin.py``: the SQL functions for accent-free matching) and this module's guard
hooks, and runs ``datasette serve outputs/cchc.db -m outputs/metadata.yml --host
127.0.0.1`` with the settings of ``settings()``.

Live by default: Datasette opens the file as a normal database (its reads ``mode=ro``),
so counts and searches follow the ingests writing into it (WAL: readers never wait for
the writer). ``immutable=True`` (``cchc serve --immutable``) is for a published snapshot
nobody writes to any more; it refuses a file whose WAL still holds writes.

Public by default: no arbitrary SQL (``?sql=``) except the dashboard's own queries, no
download of the whole file, at most 1000 rows per page, 2 s per query, SQLite's own
limits on the size of one value and on its memory, and 2 GiB of memory for the whole
server; ``allow_sql=True`` turns SQL on with 1 s per query. Only GET and HEAD are
answered: POST to a table or canned query is 405, not a 500.
"""

from __future__ import annotations

import sqlite3
import sys
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Request

from pipeline.serve import metadata

#: Datasette settings (``--setting``), for a public instance and with ``--allow-sql``.
PUBLIC_SETTINGS: dict[str, str] = {
    "default_allow_sql": "off",  # canned queries, tables and the JSON API stay
    "allow_download": "off",  # no /cchc.db: the file is not the product
    "max_returned_rows": "1000",
    "sql_time_limit_ms": "2000",  # canned queries answer in ~100 ms (make bench)
}
ALLOW_SQL_SETTINGS: dict[str, str] = {
    **PUBLIC_SETTINGS, "default_allow_sql": "on", "sql_time_limit_ms": "1000"}
#: SQLite's heap for the whole server process: a query that wants more fails alone
#: ("out of memory") instead of taking the machine.
HEAP_LIMIT_BYTES = 512 * 2**20
#: The longest string or blob a served query may make or read ("string or blob too big"
#: past it): far above any stored text (a 500-page report is ~2 MB), far below memory.
MAX_VALUE_BYTES = 16 * 2**20
READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class ServeOptions:
    """How ``cchc serve`` runs: where it listens, under which path behind a reverse
    proxy (``base_url``), the two switches away from the safe defaults, and how much
    memory the server may take (``memory_mb``, 0 for no limit)."""

    host: str = "127.0.0.1"
    port: int = 8001
    immutable: bool = False
    allow_sql: bool = False
    base_url: str = "/"
    memory_mb: int = 2048


def settings(options: ServeOptions) -> dict[str, str]:
    """The Datasette settings of ``options``."""
    chosen = dict(ALLOW_SQL_SETTINGS if options.allow_sql else PUBLIC_SETTINGS)
    if options.base_url != "/":
        chosen["base_url"] = "/" + options.base_url.strip("/") + "/"
    return chosen


def datasette_args(db_path: Path, metadata_path: Path, options: ServeOptions) -> list[str]:
    """The ``datasette serve`` command-line arguments."""
    args = ["serve", *(["-i"] if options.immutable else []), str(db_path),
            "-m", str(metadata_path), "--host", options.host, "--port", str(options.port)]
    for name, value in settings(options).items():
        args += ["--setting", name, value]
    return args


def check_snapshot(db_path: Path) -> None:
    """Refuse to serve ``db_path`` immutable while its WAL holds writes the main file
    lacks: Datasette would read the file without them ("no such table", a malformed
    page). A clean close of the last writer folds the WAL back in."""
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ValueError(
            f"{wal} holds writes not yet in {db_path.name} (an ingest is running, or was "
            f"killed): serve it live (without --immutable), or fold them in first: "
            f"sqlite3 {db_path} 'PRAGMA wal_checkpoint(TRUNCATE)'")


def limit_memory(megabytes: int) -> None:
    """Cap this process's data memory (``RLIMIT_DATA``): a request whose answer would not
    fit (``select zeroblob(15000000) from documents`` rendered as JSON took 18 GB and
    two minutes) fails with a 500 while the server and the machine go on. The time limit
    stops SQLite, not the rendering of what it returned."""
    import resource

    if megabytes > 0:
        limit = megabytes * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def limit_sqlite_heap(limit: int = HEAP_LIMIT_BYTES) -> None:
    """Cap SQLite's memory in this process (``PRAGMA hard_heap_limit`` is process-wide,
    so any connection can set it)."""
    con = sqlite3.connect(":memory:")
    con.execute(f"PRAGMA hard_heap_limit = {int(limit)}")
    con.close()


def quiet_client_errors() -> None:
    """Stop Datasette printing every error as a rich traceback with locals when ``rich``
    is installed (it is, for the CLI): that runs on the event loop, 2-4 s for one 403 or
    one query stopped by the time limit, during which no other request is answered (part
    of the 6.4 s a ``select 1`` waited behind three slow queries). Errors then print as
    Datasette prints them without rich: nothing for 4xx, the plain traceback for a 500."""
    import datasette.handle_exception

    datasette.handle_exception.rich = None


def serve(db_path: str | Path, options: ServeOptions | None = None, *,
          port: int | None = None, metadata_path: str | Path | None = None) -> None:
    """Run Datasette over ``db_path`` until interrupted (blocks)."""
    from datasette import cli
    from datasette.plugins import pm

    from pipeline.serve import plugin

    options = options or ServeOptions()
    if port is not None:
        options = replace(options, port=port)
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path}: no such database (run cchc ingest first)")
    if options.immutable:
        check_snapshot(db_path)
    meta = Path(metadata_path or db_path.parent / "metadata.yml")
    metadata.write(meta, db_path.stem)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="cchc")
    guard = sys.modules[__name__]  # this module's hooks, below
    if not pm.is_registered(guard):
        pm.register(guard, name="cchc-guard")
    limit_sqlite_heap()
    limit_memory(options.memory_mb)
    quiet_client_errors()
    cli.cli.main(datasette_args(db_path, meta, options), prog_name="datasette")


# -- the guard: this module is also a Datasette plugin, registered by ``serve`` ---------------
# Hooks that keep a public instance safe (kept apart from ``plugin.py``, which adds
# features): reads only, SQL only for the dashboard's own queries when arbitrary SQL is
# off, and SQLite's value-size limit.

#: The request being answered, for ``permission_allowed`` (which is not given it).
_REQUEST: ContextVar[Request | None] = ContextVar("cchc_request", default=None)


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Answer anything but GET/HEAD with 405 (Datasette's canned-query view answers a
    POST with a 500), and remember the request for ``permission_allowed``."""
    def wrap(app: Any) -> Any:
        async def guarded(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
            elif scope["method"] not in READ_METHODS:
                await method_not_allowed(send)
            else:
                token = _REQUEST.set(Request(scope, receive))
                try:
                    await app(scope, receive, send)
                finally:
                    _REQUEST.reset(token)
        return guarded
    return wrap


@hookimpl
def permission_allowed(datasette: Any, action: str, resource: Any) -> bool | None:
    """``execute-sql`` for the dashboard: its pages, and ``?sql=`` that is exactly one of
    its chart queries with the request's filters (what its script asks for). Anything
    else is left to the ``default_allow_sql`` setting."""
    request = _REQUEST.get()
    if action != "execute-sql" or request is None:
        return None
    return True if dashboard_request(datasette, request, resource) else None


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    """No value longer than ``MAX_VALUE_BYTES`` (``randomblob(2e9)`` fails alone)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)


async def method_not_allowed(send: Any) -> None:
    body = b"405 Method Not Allowed: this server only reads (GET, HEAD)\n"
    await send({"type": "http.response.start", "status": 405, "headers": [
        (b"allow", b"GET, HEAD"), (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def dashboard_request(datasette: Any, request: Request, database: str | None) -> bool:
    """Whether ``request`` is the dashboard's: one of its pages, or one of its chart
    queries on ``database`` (``[[ … :province ]]`` kept or dropped as the request's
    filters say, as datasette-dashboards does before its script fetches the rows)."""
    from datasette_dashboards import replace_opts_in_query

    base = datasette.setting("base_url").rstrip("/")
    path = request.path[len(base):] if base and request.path.startswith(base) else request.path
    if path == "/-/dashboards" or path.startswith("/-/dashboards/"):
        return True
    sql = request.args.get("sql")
    if not sql:
        return False
    params = {key: request.args.get(key) for key in request.args}
    config = datasette.plugin_config("datasette-dashboards") or {}
    return any(chart.get("db") == database and chart.get("query")
               and replace_opts_in_query(chart["query"], params) == sql
               for board in config.values() for chart in board.get("charts", {}).values())
