"""The ``cchc`` command: thin commands over the pipeline's functions.

One module per command (or group of commands); each registers itself on ``main``.
"""

from __future__ import annotations

import logging

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cchc")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """cchc: Vietnamese administrative-reform texts → structured, queryable data.

    \b
    Example:
      cchc extract thong-bao.txt --json
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# Commands register themselves on import.
from pipeline.cli import convert as _convert  # noqa: E402,F401
from pipeline.cli import crawl as _crawl  # noqa: E402,F401
from pipeline.cli import eval as _eval  # noqa: E402,F401
from pipeline.cli import extract as _extract  # noqa: E402,F401
from pipeline.cli import orchestrate as _orchestrate  # noqa: E402,F401
from pipeline.cli import schema as _schema  # noqa: E402,F401
from pipeline.cli import sites as _sites  # noqa: E402,F401
from pipeline.cli import store as _store  # noqa: E402,F401

__all__ = ["main"]
