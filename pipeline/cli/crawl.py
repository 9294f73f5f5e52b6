"""``cchc crawl`` and ``cchc sites``: the crawler's commands (``cchc sites check`` is
in ``pipeline.cli.sites``).

After a run, ``cchc crawl`` prints one summary a site, one line a fact, every URL and
detail escaped to one line (a server cannot start a line of its own in it)::

    langson-snv: 1 new, 0 changed, 0 unchanged, 0 skipped, 1 failed, 0 files, 0 given up, 2 retries
      retried 1 failed URL(s); 1 wait(s) for a later run (cchc crawl langson-snv --retry-failed)
      failed (http 500): 1
        https://snv.langson.gov.vn/tin/124.html: HTTP 500
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.cli import main
from pipeline.cli.progress import quiet_option
from pipeline.errors import one_line

if TYPE_CHECKING:
    from pipeline.crawlreport import CrawlReport

REGISTRY_OPTION = click.option(
    "--registry", "registry_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None, help="Your own site registry (YAML); the bundled one by default.")


def _load(registry_path: Path | None):
    from pipeline.sites.registry import RegistryError, load

    try:
        return load(registry_path)
    except RegistryError as e:
        for problem in e.problems:
            click.echo(f"{e.path}: {problem}", err=True)
        sys.exit(1)


@main.group(invoke_without_command=True)
@REGISTRY_OPTION
@click.pass_context
def sites(ctx: click.Context, registry_path: Path | None) -> None:
    """List the sites of the registry (id, province, body, family, enabled).

    \b
    Examples:
      cchc sites
      cchc sites --registry my-sites.yaml
      cchc sites check --registry my-sites.yaml
    """
    ctx.obj = registry_path
    if ctx.invoked_subcommand is None:
        for s in _load(registry_path):
            flag = "on " if s.enabled else "off"
            click.echo(f"{s.id:28} {flag} {s.family:10} {s.province or 'toàn quốc'} · {s.body} · "
                       f"{s.base_url}")


#: Exit codes of ``cchc crawl``: nothing failed; something failed (and waits in the
#: retry queue); some URL was given up this run (a person must look at it).
EXIT_OK, EXIT_FAILED, EXIT_GIVEN_UP = 0, 1, 3


@main.command()
@click.argument("site_ids", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Every enabled site of the registry.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Skip items published before this date (YYYY-MM-DD).")
@click.option("--max-items", type=click.IntRange(min=1), default=None,
              help="At most this many items per site.")
@click.option("--full", is_flag=True, help="Backfill: walk every listing page, past known items.")
@click.option("--retry-failed", is_flag=True,
              help="Only try again the failed URLs that are due (no listing).")
@click.option("--retry-given-up", is_flag=True,
              help="Also try the URLs given up on earlier runs (once more each).")
@click.option("--max-attempts", type=click.IntRange(min=1), default=None,
              help="Give a failed URL up after this many runs [registry: max_attempts, 5].")
@click.option("--retries", "max_retries", type=click.IntRange(min=0), default=None,
              help="HTTP retries within a run on time-outs, 408, 429 and 5xx [4].")
@click.option("--deadline", "deadline_s", type=click.FloatRange(min=0.1), default=None,
              help="Seconds one request may take in all, headers to last byte [120].")
@click.option("--retry-after-max", "retry_after_max_s", type=click.FloatRange(min=0),
              default=None, help="Longest Retry-After waited within a run, in seconds; a "
              "longer one leaves the URL for a later run [120].")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("outputs/cchc.db"), show_default=True, help="SQLite database file.")
@click.option("--raw", "raw_path", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs/raw"), show_default=True, help="Raw store folder.")
@REGISTRY_OPTION
@quiet_option
def crawl(site_ids: tuple[str, ...], all_sites: bool, since, max_items: int | None,
          full: bool, retry_failed: bool, retry_given_up: bool, max_attempts: int | None,
          max_retries: int | None, deadline_s: float | None,
          retry_after_max_s: float | None, db_path: Path, raw_path: Path,
          registry_path: Path | None, quiet: bool) -> None:
    """Crawl sites: fetch new and changed items and attachments, convert, extract and
    store them; try again what failed on earlier runs.

    Polite (robots.txt, one request at a time per host, the site's delay, retries only on
    time-outs/408/429/5xx) and careful (redirects followed hop by hop, each hop on the
    site's hosts, allowed by robots.txt, at a public address; a deadline per request).
    Incremental: stops at the first known item that shows no change; unchanged bodies
    are never converted again. A failed URL is tried again on later runs and given up
    after max_attempts. Exit code 0 when nothing failed, 1 when something failed (it
    waits for a later run), 3 when a URL was given up this run.

    \b
    Examples:
      cchc crawl --all --since 2024-01-01
      cchc crawl dienbien-sct --max-items 20 --db outputs/cchc.db
      cchc crawl vinhphuc-portal --full --registry my-sites.yaml
      cchc crawl dienbien-sct --retry-failed
    """
    from pipeline.sites.registry import get

    registry = _load(registry_path)
    if all_sites == bool(site_ids):
        raise click.UsageError("name SITE_IDs or pass --all (not both)")
    if retry_failed and (full or since or max_items):
        raise click.UsageError("--retry-failed tries the queue only: no --full, --since "
                               "or --max-items")
    try:
        chosen = [s for s in registry if s.enabled] if all_sites else [
            get(i, registry) for i in site_ids]
    except KeyError as e:
        raise click.UsageError(str(e.args[0])) from None
    if max_attempts:
        chosen = [s.model_copy(update={"max_attempts": max_attempts}) for s in chosen]
    policy = {k: v for k, v in {"max_retries": max_retries, "deadline_s": deadline_s,
                                "retry_after_max_s": retry_after_max_s}.items()
              if v is not None}
    reports = _run(chosen, db_path, raw_path, policy, since=since.date() if since else None,
                   full=full, max_items=max_items, retry_only=retry_failed,
                   retry_given_up=retry_given_up, quiet=quiet)
    sys.exit(exit_code(reports))


def exit_code(reports: list) -> int:
    """3 when a URL was given up this run, 1 when anything failed, else 0."""
    if any(r.given_up for r in reports):
        return EXIT_GIVEN_UP
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FAILED


def _run(chosen, db_path: Path, raw_path: Path, policy: dict, quiet: bool = False,
         **options) -> list:
    from rich.console import Console

    from pipeline.cli.progress import Progress
    from pipeline.fetch import Fetcher, FetchPolicy
    from pipeline.harvest import crawl_site
    from pipeline.raw import RawStore
    from pipeline.store import open_db

    console = Console(stderr=True)
    db, raw, reports = open_db(db_path), RawStore(raw_path), []
    with Fetcher(FetchPolicy(**policy)) as fetcher:
        for site in chosen:
            with Progress(site.id, total=None, quiet=quiet, unit="URLs") as bar:
                reports.append(crawl_site(
                    site, db, fetcher, raw, **options, on_event=lambda url, what, b=bar:
                    b.advance(f"{what}: {url}", failed=what == "failed")))
    for r in reports:
        print_summary(console, r)
    return reports


def summary_lines(report: CrawlReport) -> list[str]:
    """The summary of one site's run, line by line."""
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.counts().items())
    lines = [f"{report.site}: {counts}, {report.retries} retries"]
    if report.circuit_open:
        lines.append(f"  {report.site}: disabled for this run after repeated failures")
    if report.retried or report.queued:
        lines.append(f"  retried {report.retried} failed URL(s); {report.queued} wait(s) "
                     f"for a later run (cchc crawl {report.site} --retry-failed)")
    for reason, n in sorted(report.by_reason().items()):
        lines.append(f"  failed ({reason}): {n}")
        lines += [f"    {one_line(f.url)}: {one_line(f.detail)}"
                  for f in report.failures if f.reason == reason]
    for f in report.given_up:
        lines.append(f"  GIVEN UP after {f.attempts} attempts: {one_line(f.url)}: "
                     f"{one_line(f.detail)}")
    if report.given_up_before:
        lines.append(f"  {report.given_up_before} URL(s) given up on earlier runs "
                     "(table crawl_retries; --retry-given-up tries them again)")
    return lines


def print_summary(console, report: CrawlReport) -> None:
    for line in summary_lines(report):
        console.print(line, markup=False, highlight=False, soft_wrap=True)
