"""``cchc sites check``: validate a registry, then see whether each site's adapter still
finds items on its listing pages (``pipeline.sitecheck``).

    $ cchc sites check dienbien-sct quangnam-portal
    site              verdict       http items  first item
    dienbien-sct      ok             200     1  ?          Kế hoạch Cải cách hành chính năm 2022
    quangnam-portal   no saved page    -     0  nothing under corpus/sites/generic/quangnam-…

(the site column is 22 wide in the real table)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli.crawl import REGISTRY_OPTION, _load, sites

#: Exit codes: every page checked was ok (or had no saved page); some page was not.
EXIT_OK, EXIT_PROBLEM = 0, 1


@sites.command("check")
@click.argument("site_ids", nargs=-1)
@click.option("--all", "all_sites", is_flag=True,
              help="Every site of the registry, enabled or not (default: the enabled ones).")
@click.option("--live", is_flag=True, help="Fetch the real sites' start URLs (needs network); "
              "without it, the saved pages under corpus/sites, served from 127.0.0.1.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a page, as a list.")
@click.option("--saved", "saved_root", type=click.Path(file_okay=False, exists=True,
                                                        path_type=Path), default=None,
              help="Folder of saved pages [corpus/sites].")
@click.option("--validate-only", is_flag=True, help="Only validate the registry; fetch nothing.")
@REGISTRY_OPTION
@click.pass_context
def sites_check(ctx: click.Context, site_ids: tuple[str, ...], all_sites: bool, live: bool,
                as_json: bool, saved_root: Path | None, validate_only: bool,
                registry_path: Path | None) -> None:
    """Validate a registry (fields, unique ids, known families and provinces, URLs,
    selectors), then check its sites: each listing page fetched once, politely (robots.txt,
    the site's hosts and delay, no retries), read by the site's adapter. Per page: HTTP
    status, items found, the first item's date and title, and a verdict: ok, no items,
    blocked, error (or "no saved page" offline).

    Exit code 0 when the registry is valid and no checked page was "no items", "blocked"
    or "error"; 1 otherwise.

    \b
    Examples:
      cchc sites check                          # the enabled sites, on their saved pages
      cchc sites check --all --json             # every site, on its saved pages
      cchc sites check dienbien-sct --live      # fetch the real site
      cchc sites check --registry my-sites.yaml --validate-only
    """
    from pipeline.sitecheck import SAVED_PAGES, as_rows, check_sites, table
    from pipeline.sites.registry import get

    registry = _load(registry_path or ctx.obj)
    enabled = sum(s.enabled for s in registry)
    click.echo(f"{len(registry)} sites, {enabled} enabled: OK", err=True)
    if validate_only:
        return
    if all_sites and site_ids:
        raise click.UsageError("name SITE_IDs or pass --all (not both)")
    try:
        chosen = (registry if all_sites else [get(i, registry) for i in site_ids] if site_ids
                  else [s for s in registry if s.enabled])
    except KeyError as e:
        raise click.UsageError(str(e.args[0])) from None
    if not chosen:
        click.echo("no enabled site to check (name SITE_IDs or pass --all)", err=True)
        return
    checks = check_sites(chosen, live=live, root=saved_root or SAVED_PAGES)
    if as_json:
        click.echo(json.dumps(as_rows(checks), ensure_ascii=False, indent=1))
    else:
        for line in table(checks):
            click.echo(line)
    bad = [c for c in checks if c.verdict in ("no items", "blocked", "error")]
    sys.exit(EXIT_PROBLEM if bad else EXIT_OK)
