"""The crawl: list a site's pages, fetch new items and their attached files.

Three steps, each a plain function a scheduler (Prefect) can run as its own unit:

- ``list_page(ctx, url) -> Listing``: fetch one listing page (a category page, an RSS
  feed, a sitemap) and let the site's adapter read its items and next page;
- ``crawl_item(ctx, item) -> outcome``: fetch one item page; when its bytes changed, hand
  them to the keeper, then fetch its attachments;
- ``crawl_attachment(ctx, page_url, url) -> outcome``: fetch and check one file, hand it
  to the keeper when it is a format the converters read, link it to its page.

``walk_site`` walks a site's start URLs page by page and stops at the first item it
already knows (an accepted fetch of that URL), at items older than ``since``, or after
``max_items``; ``full=True`` walks every page. Every body goes to the raw store under
its sha256 and gets a ``fetches`` row; the run's summary becomes a ``crawl_runs`` row.

The crawl converts, extracts and stores nothing itself, and imports neither the
extractors nor the store: it is given ``records`` (what was fetched before, where each
fetch is written: the store's ``CrawlRecords``) and a ``keeper`` (what becomes of a
changed body). ``pipeline.harvest`` gives it both, the keeper being ``pipeline.process``
then the store:

>>> report = walk_site(site, records, keeper, Fetcher(), RawStore())  # doctest: +SKIP
>>> report.counts()                                                    # doctest: +SKIP
{'new': 12, 'changed': 1, 'unchanged': 0, 'skipped': 3, 'failed': 1}
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any, Protocol

from pipeline.attachments import CONVERTED_FORMATS, check_file, safe_filename
from pipeline.errors import CchcError, InternalError
from pipeline.fetch import CircuitOpen, Fetcher, Response
from pipeline.fetchguard import Scope
from pipeline.raw import RawStore
from pipeline.sites import adapter as adapter_of
from pipeline.sites.base import ItemPage, ListedItem, Listing
from pipeline.sites.registry import Site

log = logging.getLogger(__name__)

#: A listing that never ends (a calendar, a broken "next" link) stops after this many pages.
MAX_PAGES = 500
Event = Callable[[str, str], None]


class Records(Protocol):
    """What the crawl remembers between runs: fetches, runs and attachment links (the
    store's ``CrawlRecords`` over one database)."""

    def last_ok_fetch(self, url: str) -> dict[str, Any] | None: ...
    def is_known(self, url: str) -> bool: ...
    def record_fetch(self, row: dict[str, Any]) -> int: ...
    def mark_fetch(self, fetch_id: int, *, ok: bool, error: str | None = None) -> None: ...
    def link_attachment(self, row: dict[str, Any]) -> None: ...
    def relink_attachment(self, page_url: str, url: str) -> None: ...
    def start_run(self, site: str, *, since: str | None, full: bool,
                  max_items: int | None) -> int: ...
    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None: ...


@dataclass(frozen=True)
class Kept:
    """What the keeper did with a changed body: ``outcome`` is "stored", "reextracted" or
    "unchanged" (the same text was stored before), or "skipped" with ``why`` ("off
    topic"); ``document_id`` names the stored text."""

    outcome: str
    document_id: str | None = None
    why: str | None = None


class Keeper(Protocol):
    """What becomes of a changed body. Broken input raises a ``CchcError`` naming the URL
    (the crawl records it on the fetch and counts the URL as failed)."""

    def keep_page(self, site: Site, item: ListedItem, page: ItemPage, body: bytes
                  ) -> Kept: ...
    def keep_file(self, site: Site, page_url: str, url: str, body: bytes,
                  filename: str) -> Kept: ...


@dataclass(frozen=True)
class CrawlFailure:
    """One URL that failed: its reason to count by ("timeout", "error page") and detail."""

    url: str
    reason: str
    detail: str


@dataclass
class CrawlReport:
    """What one site's crawl did: counts by outcome and every failure with its reason."""

    site: str
    outcomes: Counter = field(default_factory=Counter)
    files: Counter = field(default_factory=Counter)
    failures: list[CrawlFailure] = field(default_factory=list)
    retries: int = 0
    requests: int = 0
    circuit_open: bool = False
    stopped_at_known: str | None = None
    run_id: int | None = None

    def fail(self, url: str, error: CchcError) -> None:
        self.failures.append(CrawlFailure(url, reason_of(error), error.problem))
        log.warning("%s: %s", self.site, error)

    def by_reason(self) -> dict[str, int]:
        return dict(Counter(f.reason for f in self.failures))

    def counts(self) -> dict[str, int]:
        keys = ("new", "changed", "unchanged", "skipped")
        return {**{k: self.outcomes[k] for k in keys}, "failed": len(self.failures),
                "files": sum(self.files.values())}

    @property
    def ok(self) -> bool:
        return not self.failures and not self.circuit_open

    def summary(self) -> dict:
        """The ``crawl_runs`` columns of this report."""
        return {**self.counts(), "failures": {
            "by_reason": self.by_reason(),
            "items": [f.__dict__ for f in self.failures]},
            "retries": self.retries, "requests": self.requests,
            "circuit_open": int(self.circuit_open)}


def reason_of(error: CchcError) -> str:
    """A short failure reason to count by: "timeout", "http 503", "error page" …"""
    if getattr(error, "reason", None):
        return error.reason
    status = getattr(error, "status", None)
    if status is not None:
        return f"http {status}"
    words = re.sub(r"(?<!^)([A-Z])", r" \1", type(error).__name__).lower()
    return {"fetch timeout": "timeout", "robots disallowed": "robots.txt",
            "circuit open": "circuit open", "too large": "too large",
            "selectors found nothing": "selectors found nothing"}.get(words, words)


@dataclass
class CrawlContext:
    """Everything the steps share for one site's run."""

    site: Site
    records: Records
    keeper: Keeper
    fetcher: Fetcher
    raw: RawStore
    report: CrawlReport
    adapter: ModuleType
    run_id: int | None = None
    on_event: Event | None = None
    steps: Steps | None = None
    seen_pages: set[str] = field(default_factory=set)
    done_items: set[str] = field(default_factory=set)

    def event(self, url: str, what: str) -> None:
        if self.on_event:
            self.on_event(url, what)


# -- one request ---------------------------------------------------------------------------
def fetch(ctx: CrawlContext, url: str, kind: str,
          previous: dict | None = None) -> tuple[Response, int]:
    """GET ``url`` (conditionally when ``previous`` has validators); keep the body in the
    raw store and record a ``fetches`` row (not yet accepted: ``ok = 0``)."""
    prev = previous or {}
    try:
        response = ctx.fetcher.get(url, etag=prev.get("etag"),
                                   last_modified=prev.get("last_modified"),
                                   delay_s=ctx.site.delay_s, scope=scope_of(ctx.site, kind))
    except CchcError as e:
        ctx.records.record_fetch(_row(ctx, url, kind, status=getattr(e, "status", None),
                                      error=e.problem))
        raise
    ctx.report.requests += response.attempts
    sha = ctx.raw.put(response.body) if response.body is not None else prev.get("sha256")
    row = _row(ctx, url, kind, status=response.status, sha256=sha,
               final_url=response.final_url, headers=response.headers,
               fetched_at=response.fetched_at,
               etag=response.headers.get("etag") or prev.get("etag"),
               last_modified=response.headers.get("last-modified") or prev.get("last_modified"))
    return response, ctx.records.record_fetch(row)


def scope_of(site: Site, kind: str) -> Scope:
    """Where a request of ``kind`` for ``site`` may go, every redirect hop included."""
    return Scope(site.hosts_for(kind), site.allow_private_addresses)


def _row(ctx: CrawlContext, url: str, kind: str, **values: object) -> dict:
    return {"url": url, "kind": kind, "site": ctx.site.id, "adapter": ctx.adapter.FAMILY,
            "adapter_version": ctx.adapter.VERSION, "run_id": ctx.run_id, "ok": 0, **values}


def _unchanged(response: Response, previous: dict | None) -> bool:
    return previous is not None and (response.status == 304
                                     or response.sha256 == previous["sha256"])


# -- the three steps -----------------------------------------------------------------------
def list_page(ctx: CrawlContext, url: str) -> Listing:
    """Fetch one listing page and read its items with the site's adapter."""
    response, fetch_id = fetch(ctx, url, "listing")
    try:
        listing = ctx.adapter.parse_listing(response.body or b"", response.final_url)
    except CchcError as e:
        ctx.records.mark_fetch(fetch_id, ok=False, error=e.problem)
        raise
    ctx.records.mark_fetch(fetch_id, ok=True)
    return listing


def crawl_item(ctx: CrawlContext, item: ListedItem) -> str:
    """Fetch one item page; hand it to the keeper only when its bytes changed.

    Returns "new", "changed", "unchanged" or "skipped" (the keeper left it out: off the
    site's topics)."""
    previous = ctx.records.last_ok_fetch(item.url)
    response, fetch_id = fetch(ctx, item.url, "item", previous)
    if _unchanged(response, previous):
        ctx.records.mark_fetch(fetch_id, ok=True)
        return "unchanged"
    try:
        page = ctx.adapter.parse_item(response.body, response.final_url)
        kept = ctx.keeper.keep_page(ctx.site, item, page, response.body)
    except CchcError as e:
        ctx.records.mark_fetch(fetch_id, ok=False, error=e.problem)
        raise
    if kept.outcome == "skipped":
        ctx.records.mark_fetch(fetch_id, ok=True, error=kept.why)
        return "skipped"
    ctx.records.mark_fetch(fetch_id, ok=True)
    for url in page.attachments:
        _attempt(ctx, url, lambda u=url: crawl_attachment(ctx, item.url, u),
                 ctx.report.files)
    if kept.outcome == "unchanged":
        return "unchanged"
    return "new" if previous is None else "changed"


def crawl_attachment(ctx: CrawlContext, page_url: str, url: str) -> str:
    """Fetch one attached file: check it is a file, keep it under its hash with a safe
    name, link it to its page, and hand it to the keeper when it can be converted."""
    previous = ctx.records.last_ok_fetch(url)
    response, fetch_id = fetch(ctx, url, "attachment", previous)
    if _unchanged(response, previous):
        ctx.records.mark_fetch(fetch_id, ok=True)
        ctx.records.relink_attachment(page_url, url)
        return "unchanged"
    try:
        fmt = check_file(response.body, response.content_type, url)
        name = safe_filename(response.headers.get("content-disposition"),
                             response.final_url, fmt)
        document_id = None
        if fmt in CONVERTED_FORMATS and not name.lower().endswith((".xls", ".xlsx")):
            kept = ctx.keeper.keep_file(ctx.site, page_url, url, response.body, name)
            document_id = kept.document_id
    except CchcError as e:
        ctx.records.mark_fetch(fetch_id, ok=False, error=e.problem)
        raise
    ctx.records.link_attachment({
        "page_url": page_url, "url": url, "sha256": response.sha256, "filename": name,
        "content_type": response.content_type, "format": fmt, "bytes": len(response.body),
        "document_id": document_id, "site": ctx.site.id})
    ctx.records.mark_fetch(fetch_id, ok=True)
    return "new" if previous is None else "changed"


def _attempt(ctx: CrawlContext, url: str, step: Callable[[], str],
             counter: Counter | None = None) -> None:
    """Run one item or attachment step; count its outcome or its failure. A host whose
    circuit opened stops the site (``CircuitOpen`` goes up).

    This is the crawl's boundary per URL, for what only the crawl does (fetching, the
    adapter reading a page); a document's own conversion and extraction already answered
    through the keeper, which turns their failures into a typed error."""
    try:
        outcome = step()
    except CircuitOpen:
        raise
    except Exception as e:  # a fetch or an adapter failed on one URL: report it, go on
        _failed(ctx, url, e)
        return
    (ctx.report.outcomes if counter is None else counter)[outcome] += 1
    ctx.event(url, outcome)


def _failed(ctx: CrawlContext, url: str, error: Exception) -> None:
    """Count one URL's failure (a bug becomes an internal error naming the URL)."""
    ctx.report.fail(url, error if isinstance(error, CchcError)
                    else InternalError.wrap(url, error))
    ctx.event(url, "failed")


@dataclass(frozen=True)
class Steps:
    """The two units of work of a crawl. A scheduler swaps in its own wrappers (Prefect
    tasks with retries, see ``flows.py``) without the walk changing."""

    list_page: Callable[[CrawlContext, str], Listing]
    crawl_item: Callable[[CrawlContext, ListedItem], str]


DEFAULT_STEPS = Steps(list_page, crawl_item)


# -- walking a site ------------------------------------------------------------------------
def walk_listing(ctx: CrawlContext, start: str) -> Iterator[Listing]:
    """The pages of one listing, following "next" links; a page that fails is reported
    and ends this listing (the site's other start URLs still run)."""
    url: str | None = start
    pages = 0
    while url and url not in ctx.seen_pages and pages < MAX_PAGES:
        ctx.seen_pages.add(url)
        pages += 1
        try:
            listing = (ctx.steps or DEFAULT_STEPS).list_page(ctx, url)
        except CircuitOpen:
            raise
        except Exception as e:  # this listing ends; the site's other start URLs still run
            _failed(ctx, url, e)
            return
        yield listing
        url = listing.next_url


def take_items(ctx: CrawlContext, listing: Listing, *, since: date | None, full: bool,
               max_items: int | None) -> bool:
    """Crawl a listing page's items in order; False when the listing should stop (a known
    item, every dated item older than ``since``, or ``max_items`` reached)."""
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
        if not full and ctx.records.is_known(item.url):
            ctx.report.stopped_at_known = item.url
            return False
        ctx.done_items.add(item.url)
        _attempt(ctx, item.url, lambda i=item: step(ctx, i))
    return not (dated and old == dated)


def walk_site(site: Site, records: Records, keeper: Keeper, fetcher: Fetcher,
              raw: RawStore, *, since: date | None = None, full: bool = False,
              max_items: int | None = None, on_event: Event | None = None,
              steps: Steps | None = None) -> CrawlReport:
    """Crawl one site (see the module docstring) and record the run's summary."""
    report = CrawlReport(site.id)
    run_id = records.start_run(site.id, since=since.isoformat() if since else None,
                               full=full, max_items=max_items)
    ctx = CrawlContext(site, records, keeper, fetcher, raw, report, adapter_of(site.family),
                       run_id, on_event, steps)
    report.run_id = run_id
    retries_before = fetcher.retries
    queue = list(site.start_urls)
    try:
        while queue:
            for listing in walk_listing(ctx, queue.pop(0)):
                queue.extend(u for u in listing.follow if u not in ctx.seen_pages)
                if not take_items(ctx, listing, since=since, full=full,
                                  max_items=max_items):
                    break
    except CircuitOpen as e:
        report.circuit_open = True
        report.fail(e.source, e)
    report.retries = fetcher.retries - retries_before
    records.finish_run(run_id, report.summary())
    return report
