"""``cchc crawl``, ``cchc sites`` and ``cchc sites check``: the crawler's commands."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from pipeline.cli import main

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
            click.echo(f"{s.id:28} {flag} {s.family:10} {s.province} · {s.body} · "
                       f"{s.base_url}")


@sites.command("check")
@REGISTRY_OPTION
@click.pass_context
def sites_check(ctx: click.Context, registry_path: Path | None) -> None:
    """Validate a registry: fields, unique ids, known families and provinces, URLs.

    Exit code 0 when valid, 1 with every problem listed otherwise.

    \b
    Example:
      cchc sites check --registry my-sites.yaml
    """
    found = _load(registry_path or ctx.obj)
    enabled = sum(s.enabled for s in found)
    click.echo(f"{len(found)} sites, {enabled} enabled: OK", err=True)


@main.command()
@click.argument("site_ids", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Every enabled site of the registry.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Skip items published before this date (YYYY-MM-DD).")
@click.option("--max-items", type=click.IntRange(min=1), default=None,
              help="At most this many items per site.")
@click.option("--full", is_flag=True, help="Backfill: walk every listing page, past known items.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("outputs/cchc.db"), show_default=True, help="SQLite database file.")
@click.option("--raw", "raw_path", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs/raw"), show_default=True, help="Raw store folder.")
@REGISTRY_OPTION
def crawl(site_ids: tuple[str, ...], all_sites: bool, since, max_items: int | None,
          full: bool, db_path: Path, raw_path: Path, registry_path: Path | None) -> None:
    """Crawl sites: fetch new items and attachments, convert, extract and store them.

    Polite (robots.txt, one request at a time per host, the site's delay, retries only on
    time-outs/408/429/5xx) and incremental (stops at known items; unchanged bodies are
    never converted again). Exit code 0 when nothing failed, 1 otherwise.

    \b
    Examples:
      cchc crawl --all --since 2024-01-01
      cchc crawl dienbien-sct --max-items 20 --db outputs/cchc.db
      cchc crawl vinhphuc-portal --full --registry my-sites.yaml
    """
    from pipeline.sites.registry import get

    registry = _load(registry_path)
    if all_sites == bool(site_ids):
        raise click.UsageError("name SITE_IDs or pass --all (not both)")
    try:
        chosen = [s for s in registry if s.enabled] if all_sites else [
            get(i, registry) for i in site_ids]
    except KeyError as e:
        raise click.UsageError(str(e.args[0])) from None
    reports = _run(chosen, db_path, raw_path, since.date() if since else None, full,
                   max_items)
    sys.exit(0 if all(r.ok for r in reports) else 1)


def _run(chosen, db_path: Path, raw_path: Path, since: date | None, full: bool,
         max_items: int | None) -> list:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from pipeline.fetch import Fetcher
    from pipeline.harvest import crawl_site
    from pipeline.raw import RawStore
    from pipeline.store import open_db

    console = Console(stderr=True)
    db, raw, reports = open_db(db_path), RawStore(raw_path), []
    columns = (SpinnerColumn(), TextColumn("{task.description}"),
               TextColumn("{task.fields[last]}"))
    with Fetcher() as fetcher, Progress(*columns, console=console, transient=True) as bar:
        for site in chosen:
            task = bar.add_task(site.id, last="")
            reports.append(crawl_site(
                site, db, fetcher, raw, since=since, full=full, max_items=max_items,
                on_event=lambda url, what, t=task: bar.update(t, last=f"{what}: {url}")))
            bar.remove_task(task)
    for r in reports:
        _summary(console, r)
    return reports


def _summary(console, report) -> None:
    counts = ", ".join(f"{n} {k}" for k, n in report.counts().items())
    console.print(f"{report.site}: {counts}, {report.retries} retries", markup=False,
                  highlight=False, soft_wrap=True)
    if report.circuit_open:
        console.print(f"  {report.site}: disabled for this run after repeated failures",
                      markup=False)
    for reason, n in sorted(report.by_reason().items()):
        console.print(f"  failed ({reason}): {n}", markup=False, highlight=False)
    for f in report.failures:
        console.print(f"    {f.url}: {f.detail}", markup=False, highlight=False,
                      soft_wrap=True)
