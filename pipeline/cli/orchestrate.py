"""``cchc orchestrate up|down``: a local Prefect server, work pool, deployments and worker."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli import main

DEFAULT_HOME = Path("outputs/prefect")


@main.group()
def orchestrate() -> None:
    """Run cchc's Prefect deployments locally (server backed by SQLite on 127.0.0.1).

    \b
    Examples:
      cchc orchestrate up            # server, work pool 'cchc', deployments, worker
      prefect deployment run 'ingest/folder' -p paths='["corpus/texts"]'
      cchc orchestrate down
    """


@orchestrate.command()
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_HOME,
              show_default=True, help="PREFECT_HOME of the stack (its SQLite database, logs).")
@click.option("--port", default=4200, show_default=True)
@click.option("--no-worker", is_flag=True, help="Do not start a worker.")
def up(home: Path, port: int, no_worker: bool) -> None:
    """Start the server, create the work pool, deploy everything, start a worker.

    \b
    Example:
      cchc orchestrate up --port 4200
    """
    from pipeline import orchestrate as o

    stack = o.Stack(home.resolve(), port)
    pids = o.up(stack, worker=not no_worker)
    click.echo(f"Prefect UI and API: http://127.0.0.1:{port}  (pids {pids})")
    click.echo(f"Use it with: export PREFECT_API_URL={stack.api_url}")


@orchestrate.command()
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_HOME,
              show_default=True)
def down(home: Path) -> None:
    """Stop the processes `up` started (by their recorded process ids).

    \b
    Example:
      cchc orchestrate down
    """
    from pipeline import orchestrate as o

    stopped = o.down(o.Stack(home.resolve()))
    click.echo(f"stopped: {', '.join(stopped) or 'nothing was running'}")
