"""Options every command that converts documents shares: the per-document limits, and
how many worker processes convert and extract side by side (``--jobs``).

They set the environment variables of ``pipeline.convert.safety`` for this run (the
worker processes read them with each document), so an option and its variable can
never disagree.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from pipeline.convert.safety import MAX_MEMORY, MAX_SECONDS, Limit
from pipeline.errors import CchcError


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--max-seconds`` and ``--max-memory`` on ``command``."""
    command = click.option(
        "--max-memory", metavar="SIZE", callback=_to_env(MAX_MEMORY), expose_value=False,
        help=f"Memory one document may use, e.g. 2G (default 1G; {MAX_MEMORY.env}).")(command)
    return click.option(
        "--max-seconds", type=click.IntRange(min=1), callback=_to_env(MAX_SECONDS),
        expose_value=False,
        help=f"Seconds one document may take (default 120; {MAX_SECONDS.env}).")(command)


def _to_env(limit: Limit) -> Callable[[click.Context, click.Parameter, Any], None]:
    def set_env(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        if value is None:
            return
        os.environ[limit.env] = str(value)
        try:
            limit.value()
        except CchcError as e:
            raise click.BadParameter(e.problem) from e
    return set_env


def _jobs(ctx: click.Context, param: click.Parameter, value: int | None) -> int:
    from pipeline.process.many import default_jobs

    return default_jobs() if value is None else value


#: ``--jobs N``: worker processes converting and extracting at once (default: the cores).
jobs_option = click.option(
    "-j", "--jobs", type=click.IntRange(min=1), callback=_jobs,
    help="Worker processes converting and extracting at once (default: one a core).")
