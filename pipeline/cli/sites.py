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


@sites.command("service-index")
@click.argument("responses", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(min=2022), required=True,
              help="The year the responses were asked for (p_nam).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=None, help="Also merge the service_index facts of this database's "
              "documents (a province's own report of its place or points).")
@click.option("--json", "as_json", is_flag=True,
              help="The answer rows, the checks and every fact with its provenance.")
def service_index(responses: tuple[Path, ...], year: int, db_path: Path | None,
                  as_json: bool) -> None:
    """Read saved responses of the national service index (Bộ chỉ số phục vụ người dân,
    doanh nghiệp, Quyết định 766/QĐ-TTg; dichvucong.gov.vn, report_tinh_766_service, every
    province, a whole year) into answer rows of index service_index: each province's
    total and groups of indicators, and its place by total. Where another response or a
    stored document gives another figure for the same province and year, a disagreement
    check says so. Nothing is written to the database.

    \b
    Examples:
      cchc sites service-index dvc-766-2024.json --year 2024
      cchc sites service-index dvc-766-2024.json --year 2024 --db outputs/cchc.db --json
    """
    from pipeline.sites.serviceindex import INDEX, facts, request
    from pipeline.store import answer_tables, answers, checks

    rows = []
    for path in responses:
        try:
            rows.extend(facts(path.read_bytes(), request(year), saved=str(path)))
        except (ValueError, KeyError) as e:
            raise click.ClickException(f"{path}: {e}") from None
    if db_path:
        from pipeline.store import open_db

        db = open_db(db_path)
        sql = answer_tables.facts_sql(answer_tables.ASSESSMENTS, answer_tables.ALL)
        cursor = db.conn.execute(sql)
        names = [d[0] for d in cursor.description]
        rows.extend(r for r in (dict(zip(names, v, strict=True)) for v in cursor)
                    if r["index"] == INDEX and r["year"] == year)
    merged = answers.merge_assessments(rows)
    results = [a.row for a in merged]
    found = checks.disagreements(merged, answer_tables.ASSESSMENTS)
    if as_json:
        click.echo(json.dumps({"results": results, "checks": found, "facts": rows},
                              ensure_ascii=False, indent=1, default=str))
        return
    click.echo(f"{'province':22} {'criterion':24} {'score':>7} {'place':>7} {'docs':>4}  conflict")
    for r in results:
        place = f"{r['rank']}/{r['of']}" if r["rank"] else ""
        score = f"{r['score']:g}" if r["score"] is not None else ""
        click.echo(f"{r['subject']:22} {r['criterion'] or '(tổng)':24} {score:>7} {place:>7} "
                   f"{r['documents']:>4}  {'yes' if r['conflict'] else ''}")
    for c in found:
        click.echo(f"CHECK {c['title']}: {c['about']}: {c['detail']}")
