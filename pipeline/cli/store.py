"""``cchc ingest``, ``reextract``, ``serve`` and ``export``: the store's commands."""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path

import click

from pipeline.cli import main
from pipeline.cli.limits import jobs_option, limit_options
from pipeline.cli.progress import Progress, quiet_option
from pipeline.errors import safe_text

DB_OPTION = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("outputs/cchc.db"), show_default=True, help="SQLite database file.")


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@DB_OPTION
@jobs_option
@quiet_option
@limit_options
def ingest(paths: tuple[Path, ...], db_path: Path, jobs: int | None, quiet: bool) -> None:
    """Convert, extract and store files and folders in the database.

    Storing the same file twice changes nothing; an edited file becomes a new document
    (the old one is kept). Files are converted and extracted on --jobs worker processes
    (one a core by default); this process alone writes, one transaction a document.
    Exit code 0 when every file was stored, 1 when some failed (the others are stored),
    2 on usage errors.

    \b
    Examples:
      cchc ingest corpus/texts
      cchc ingest bao-cao.pdf thong-bao.docx --db outputs/cchc.db --jobs 2 -q
    """
    from rich.console import Console

    from pipeline.ingest import expand, ingest
    from pipeline.store import open_db

    console = Console(stderr=True)
    files = list(expand(paths))
    # What the command imported lives until it exits: out of the collector's sight, so
    # that a full collection does not walk it (~0.1 ms a page of this process's CPU).
    # Not the database: collected at exit, its connection closes and, the last one,
    # folds the WAL back into the file.
    gc.freeze()
    db = open_db(db_path)
    with Progress("ingest", total=len(files), quiet=quiet) as progress:
        report = ingest(files, db, jobs=jobs, on_file=lambda p, outcome: progress.advance(
            p.name, failed=outcome == "failed"))
    done = ", ".join(f"{n} {k}" for k, n in report.outcomes.items())
    console.print(f"{db_path}: {done}, {len(report.failures)} failed", soft_wrap=True)
    for path, reason in report.failures:
        console.print(f"  failed: {safe_text(str(path))}: {safe_text(reason)}", markup=False,
                      highlight=False,
                      soft_wrap=True)
    sys.exit(0 if report.ok else 1)


@main.command()
@DB_OPTION
def migrate(db_path: Path) -> None:
    """Create the database, or bring its schema up to date (named migrations).

    \b
    Example:
      cchc migrate --db outputs/cchc.db
    """
    from pipeline.store import open_db
    from pipeline.store.migrations import applied

    db = open_db(db_path)
    click.echo(f"{db_path}: {len(applied(db))} migrations applied", err=True)


@main.command()
@DB_OPTION
@click.option("--all", "force", is_flag=True, help="Re-extract every document.")
@jobs_option
@quiet_option
def reextract(db_path: Path, force: bool, jobs: int, quiet: bool) -> None:
    """Re-run the current extractors over stored text (no re-conversion).

    Documents read by another extractor version get their facts replaced, one
    transaction per document, extracted on --jobs worker processes. A document whose
    extraction fails keeps its old facts and is listed; the exit code is then 1.

    \b
    Example:
      cchc reextract --db outputs/cchc.db --jobs 2
    """
    from pipeline.process import Failure
    from pipeline.reextract import reextract as run
    from pipeline.store import open_db

    if not db_path.exists():
        raise click.UsageError(f"{db_path}: no such database (run cchc ingest first)")
    failures: list[Failure] = []
    with contextlib.ExitStack() as stack:
        progress: list[Progress] = []

        def start(total: int) -> None:
            progress.append(stack.enter_context(
                Progress("reextract", total=total, quiet=quiet, unit="documents")))

        def done(_: str) -> None:  # after on_failure, when the document failed
            progress[0].advance(failed=len(failures) > counted[0])
            counted[0] = len(failures)

        counted = [0]
        counts = run(open_db(db_path), force=force, jobs=jobs, on_start=start,
                     on_failure=failures.append, on_document=done)
    failed_n = f", {len(failures)} failed" if failures else ""
    click.echo(f"{db_path}: {counts['reextracted']} re-extracted, "
               f"{counts['current']} already current{failed_n}", err=True)
    for failure in failures:
        click.echo(f"  failed: {failure}", err=True)
    sys.exit(1 if failures else 0)


@main.command()
@DB_OPTION
@click.option("--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep 127.0.0.1 behind a reverse proxy.")
@click.option("--base-url", default="/", show_default=True,
              help="Path prefix the reverse proxy serves this under, e.g. /cchc-data/.")
@click.option("--immutable", is_flag=True,
              help="Serve a published snapshot nobody writes to (faster counts).")
@click.option("--allow-sql", is_flag=True,
              help="Allow arbitrary SQL (?sql=), with a 1 s time limit per query.")
@click.option("--memory-mb", default=2048, show_default=True,
              help="Memory the server may use (0: no limit); a bigger answer fails alone.")
def serve(db_path: Path, port: int, host: str, base_url: str, immutable: bool,
          allow_sql: bool, memory_mb: int) -> None:
    """Serve the database with Datasette, read-only, live while ingests write to it.

    Safe to publish by default: tables, canned queries, the dashboard and the JSON API;
    no arbitrary SQL (--allow-sql), no download of the file, 1000 rows a page, 2 s a
    query, POST refused (405). Writes the metadata (outputs/metadata.yml) first.

    \b
    Examples:
      cchc serve --db outputs/cchc.db --port 8001
      cchc serve --db published.db --immutable --base-url /cchc-data/
    """
    from pipeline.serve import ServeOptions
    from pipeline.serve import serve as run

    if not db_path.exists():
        raise click.UsageError(f"{db_path}: no such database (run cchc ingest first)")
    options = ServeOptions(host=host, port=port, immutable=immutable, allow_sql=allow_sql,
                           base_url=base_url, memory_mb=memory_mb)
    prefix = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    mode = "immutable snapshot" if immutable else "live"
    sql = "SQL allowed" if allow_sql else "no arbitrary SQL"
    click.echo(f"Serving {db_path} ({mode}, {sql}) at http://{host}:{port}{prefix} "
               "(Ctrl-C to stop)", err=True)
    try:
        run(db_path, options)
    except ValueError as e:
        raise click.UsageError(str(e)) from e


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "jsonl"]),
              default="jsonl", show_default=True)
@click.option("--table", help="One table or view, printed to stdout (or -o FILE).")
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="File (with --table) or folder (default outputs/export).")
def export(db_path: Path, fmt: str, table: str | None, out: Path | None) -> None:
    """Export tables as CSV, JSON or JSON lines.

    \b
    Examples:
      cchc export --format csv --table dossier_figures > dossiers.csv
      cchc export --format jsonl            # every table into outputs/export/
    """
    from pipeline.store import open_readonly
    from pipeline.store.export import export_all, export_table

    if not db_path.exists():
        raise click.UsageError(f"{db_path}: no such database (run cchc ingest first)")
    db = open_readonly(db_path)
    if table:
        try:
            if out:
                with out.open("w", encoding="utf-8", newline="") as fh:
                    n = export_table(db, table, fmt, fh)
            else:
                n = export_table(db, table, fmt, sys.stdout)
        except ValueError as e:
            raise click.UsageError(str(e)) from e
        click.echo(f"{n} rows from {table}", err=True)
        return
    counts = export_all(db, fmt, out or Path("outputs/export"))
    click.echo(", ".join(f"{t}: {n}" for t, n in counts.items()), err=True)
