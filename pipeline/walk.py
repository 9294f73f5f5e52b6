"""Walking a site: its listings page by page, then the failed URLs that are due.

``walk_site`` walks a site's start URLs page by page and stops at the first item it
already knows (an accepted fetch of that URL) that shows no sign of change, at items
older than ``since``, or after ``max_items``; ``full=True`` walks every page. A known
item shows a change when the listing gives it another date than when it was fetched, or,
when the listing gives no date, when a conditional request (the ETag / Last-Modified of
its last fetch) answers with new bytes. Then every failed URL of the site that is due is
tried again (``pipeline.retryqueue``: backing off across runs, given up after
``max_attempts``); ``retry_only=True`` does only that. The steps themselves are
``pipeline.crawl``'s; the run's summary becomes a ``crawl_runs`` row.

>>> report = walk_site(site, records, keeper, Fetcher(), RawStore())  # doctest: +SKIP
>>> report.counts()                                                    # doctest: +SKIP
{'new': 12, 'changed': 1, 'unchanged': 0, 'skipped': 3, 'failed': 1, 'files': 4,
 'given_up': 0}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from pipeline import retryqueue
from pipeline.crawl import (
    DEFAULT_STEPS,
    CrawlContext,
    CrawlReport,
    Event,
    Keeper,
    Records,
    Steps,
    Target,
    attempt,
    crawl_attachment,
    fail,
    queue_failure,
)
from pipeline.fetch import CircuitOpen, Fetcher
from pipeline.raw import RawStore
from pipeline.sites import adapter as adapter_of
from pipeline.sites.base import ListedItem, Listing
from pipeline.sites.registry import Site

#: A listing that never ends (a calendar, a broken "next" link) stops after this many pages.
MAX_PAGES = 500


def walk_listing(ctx: CrawlContext, start: str) -> Iterator[Listing]:
    """The pages of one listing, following "next" links; a page that fails is reported
    (and queued, unless it is a start URL) and ends this listing (the site's other start
    URLs still run)."""
    url: str | None = start
    pages = 0
    while url and url not in ctx.seen_pages and pages < MAX_PAGES:
        ctx.seen_pages.add(url)
        pages += 1
        target = Target(url, "listing")
        try:
            listing = (ctx.steps or DEFAULT_STEPS).list_page(ctx, url)
        except CircuitOpen as e:
            if url not in ctx.site.start_urls:
                queue_failure(ctx, target, e, counts=False)
            raise
        except Exception as e:  # this listing ends; the site's other start URLs still run
            fail(ctx, target, e)
            return
        ctx.records.unqueue(ctx.site.id, url)
        yield listing
        url = listing.next_url


def known_change(previous: dict[str, Any], item: ListedItem) -> str | None:
    """How the listing can tell whether an item it already knows changed: "date" when
    it shows another date than when the item was fetched (Cổng TTĐT lists "Cập nhật
    15/04/2024"), "ask" when the listing shows no date to compare but the last fetch left
    an ETag or Last-Modified for a conditional request, None when nothing tells."""
    shown, then = (item.date.isoformat() if item.date else None), previous.get("listed_date")
    if shown and then:
        return "date" if shown != then else None
    return "ask" if previous.get("etag") or previous.get("last_modified") else None


def take_items(ctx: CrawlContext, listing: Listing, *, since: date | None, full: bool,
               max_items: int | None) -> bool:
    """Crawl a listing page's items in order; False when the listing should stop (a known
    item that did not change, every dated item older than ``since``, or ``max_items``
    reached). Items waiting in the retry queue are left to their turn."""
    dated = old = 0
    step = (ctx.steps or DEFAULT_STEPS).crawl_item
    for item in listing.items:
        if item.url in ctx.done_items:
            continue
        if max_items is not None and len(ctx.done_items) >= max_items:
            return False
        if since and item.date:
            dated += 1
            if item.date < since:
                old += 1
                continue
        queued = ctx.records.queued(ctx.site.id, item.url)
        if queued and not retryqueue.is_due(queued, ctx.due_at, ctx.retry_given_up):
            continue
        previous = None if full or queued else ctx.records.last_ok_fetch(item.url)
        change = known_change(previous, item) if previous else None
        if previous and change is None:
            ctx.report.stopped_at_known = item.url
            return False
        ctx.done_items.add(item.url)
        target = Target(item.url, "item", title=item.title, listed_date=item.date)
        outcome = attempt(ctx, target, lambda i=item: step(ctx, i))
        if change == "ask" and outcome != "changed":
            ctx.report.stopped_at_known = item.url
            return False
    return not (dated and old == dated)


def walk_from(ctx: CrawlContext, start: str, *, since: date | None = None,
              full: bool = False, max_items: int | None = None) -> None:
    """Walk one listing and the listings it points to (a sitemap index's sitemaps)."""
    pending = [start]
    while pending:
        for listing in walk_listing(ctx, pending.pop(0)):
            pending.extend(u for u in listing.follow if u not in ctx.seen_pages)
            if not take_items(ctx, listing, since=since, full=full, max_items=max_items):
                break


def retry_queued(ctx: CrawlContext) -> None:
    """Try again every failed URL of the site that is due (given-up ones too when
    ``ctx.retry_given_up``); what this run already tried is not asked twice."""
    step = (ctx.steps or DEFAULT_STEPS).crawl_item
    for row in ctx.records.due(ctx.site.id, ctx.due_at,
                               include_given_up=ctx.retry_given_up):
        target = retryqueue.target_of(row)
        if target.url in ctx.tried or target.url in ctx.seen_pages:
            continue
        ctx.report.retried += 1
        if target.kind == "listing":
            walk_from(ctx, target.url)
            continue
        ctx.done_items.add(target.url)
        if target.kind == "attachment":
            attempt(ctx, target, lambda t=target: crawl_attachment(ctx, t.page_url, t.url),
                     ctx.report.files)
        else:
            item = ListedItem(target.url, target.title, target.listed_date)
            attempt(ctx, target, lambda i=item: step(ctx, i))


def walk_site(site: Site, records: Records, keeper: Keeper, fetcher: Fetcher,
              raw: RawStore, *, since: date | None = None, full: bool = False,
              max_items: int | None = None, on_event: Event | None = None,
              steps: Steps | None = None, retry_only: bool = False,
              retry_given_up: bool = False) -> CrawlReport:
    """Crawl one site (see the module docstring) and record the run's summary."""
    report = CrawlReport(site.id)
    run_id = records.start_run(site.id, since=since.isoformat() if since else None,
                               full=full, max_items=max_items)
    ctx = CrawlContext(site, records, keeper, fetcher, raw, report, adapter_of(site.family),
                       run_id, on_event, steps, retry_given_up=retry_given_up)
    report.run_id = run_id
    retries_before = fetcher.retries
    try:
        if not retry_only:
            for start in site.start_urls:
                walk_from(ctx, start, since=since, full=full, max_items=max_items)
        retry_queued(ctx)
    except CircuitOpen as e:
        report.circuit_open = True
        report.fail(e.source, e)
    report.retries = fetcher.retries - retries_before
    counts = records.queue_counts(site.id)
    report.queued = counts["queued"]
    report.given_up_before = counts["given_up"] - len(report.given_up)
    records.finish_run(run_id, report.summary())
    return report
