"""The crawl's steps: list a page, fetch an item, fetch a file; and the queue of failures.

Three steps, each a plain function a scheduler (Prefect) can run as its own unit:

- ``list_page(ctx, url) -> Listing``: fetch one listing page (a category page, an RSS
  feed, a sitemap) and let the site's adapter read its items and next page;
- ``crawl_item(ctx, item) -> outcome``: fetch one item page; when its bytes changed, hand
  them to the keeper, then fetch its attachments;
- ``crawl_attachment(ctx, page_url, url) -> outcome``: fetch and check one file, hand it
  to the keeper when it is a format the converters read, link it to its page.

Each step runs under ``attempt``, the boundary per URL: an outcome is counted and the
URL leaves the retry queue; a failure is counted, reported and queued for a later run
(``pipeline.retryqueue``). ``pipeline.walk`` walks a site with these steps. Every body
goes to the raw store under its sha256 and gets a ``fetches`` row.

The crawl converts, extracts and stores nothing itself, and imports neither the
extractors nor the store: it is given ``records`` (what was fetched before, where each
fetch is written: the store's ``CrawlRecords``) and a ``keeper`` (what becomes of a
changed body). ``pipeline.harvest`` gives it both, the keeper being ``pipeline.process``
then the store:

>>> crawl_item(ctx, ListedItem("https://snv.langson.gov.vn/tin/123.html"))  # doctest: +SKIP
'new'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import ModuleType
from typing import Any, Protocol

from pipeline import retryqueue
from pipeline.attachments import CONVERTED_FORMATS, check_file, safe_filename
from pipeline.crawlreport import CrawlFailure, CrawlReport, reason_of
from pipeline.errors import CchcError, InternalError, one_line
from pipeline.fetch import CircuitOpen, Fetcher, Response
from pipeline.fetchguard import Scope
from pipeline.raw import RawStore
from pipeline.retryqueue import RetryPolicy, Target
from pipeline.sites import read_listing
from pipeline.sites.base import ItemPage, ListedItem, Listing
from pipeline.sites.registry import Site

__all__ = ["DEFAULT_STEPS", "CrawlContext", "CrawlFailure", "CrawlReport", "Event",
           "Keeper", "Kept", "Records", "Steps", "Target", "attempt", "crawl_attachment",
           "crawl_item", "fail", "list_page", "queue_failure", "reason_of", "scope_of"]

Event = Callable[[str, str], None]


class Records(Protocol):
    """What the crawl remembers between runs: fetches, runs, attachment links and the
    queue of failed URLs (the store's ``CrawlRecords`` over one database)."""

    def last_ok_fetch(self, url: str) -> dict[str, Any] | None: ...
    def record_fetch(self, row: dict[str, Any]) -> int: ...
    def mark_fetch(self, fetch_id: int, *, ok: bool, error: str | None = None) -> None: ...
    def link_attachment(self, row: dict[str, Any]) -> None: ...
    def relink_attachment(self, page_url: str, url: str) -> None: ...
    def start_run(self, site: str, *, since: str | None, full: bool,
                  max_items: int | None) -> int: ...
    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None: ...
    def queued(self, site: str, url: str) -> dict[str, Any] | None: ...
    def queue(self, row: dict[str, Any]) -> None: ...
    def unqueue(self, site: str, url: str) -> None: ...
    def due(self, site: str, at: str, *, include_given_up: bool = False
            ) -> list[dict[str, Any]]: ...
    def queue_counts(self, site: str) -> dict[str, int]: ...


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
    tried: set[str] = field(default_factory=set)  # every URL attempted this run
    due_at: str = field(default_factory=lambda: retryqueue.due_at(datetime.now(UTC)))
    retry_given_up: bool = False

    def event(self, url: str, what: str) -> None:
        if self.on_event:
            self.on_event(one_line(url), what)


# -- one request ---------------------------------------------------------------------------
def scope_of(site: Site, kind: str) -> Scope:
    """Where a request of ``kind`` for ``site`` may go, every redirect hop included."""
    return Scope(site.hosts_for(kind), site.allow_private_addresses)


def fetch(ctx: CrawlContext, url: str, kind: str, previous: dict | None = None,
          listed_date: str | None = None) -> tuple[Response, int]:
    """GET ``url`` (conditionally when ``previous`` has validators); keep the body in the
    raw store and record a ``fetches`` row (not yet accepted: ``ok = 0``)."""
    prev = previous or {}
    try:
        response = ctx.fetcher.get(url, etag=prev.get("etag"),
                                   last_modified=prev.get("last_modified"),
                                   delay_s=ctx.site.delay_s, scope=scope_of(ctx.site, kind))
    except CchcError as e:
        ctx.records.record_fetch(_row(ctx, url, kind, status=getattr(e, "status", None),
                                      error=one_line(e.problem), listed_date=listed_date))
        raise
    ctx.report.requests += response.attempts
    sha = ctx.raw.put(response.body) if response.body is not None else prev.get("sha256")
    row = _row(ctx, url, kind, status=response.status, sha256=sha,
               final_url=response.final_url, headers=response.headers,
               fetched_at=response.fetched_at, listed_date=listed_date,
               etag=response.headers.get("etag") or prev.get("etag"),
               last_modified=response.headers.get("last-modified") or prev.get("last_modified"))
    return response, ctx.records.record_fetch(row)


def _row(ctx: CrawlContext, url: str, kind: str, **values: object) -> dict:
    return {"url": url, "kind": kind, "site": ctx.site.id, "adapter": ctx.adapter.FAMILY,
            "adapter_version": ctx.adapter.VERSION, "run_id": ctx.run_id, "ok": 0, **values}


def _unchanged(response: Response, previous: dict | None) -> bool:
    return previous is not None and (response.status == 304
                                     or response.sha256 == previous["sha256"])


def _refused(ctx: CrawlContext, fetch_id: int, error: CchcError) -> None:
    ctx.records.mark_fetch(fetch_id, ok=False, error=one_line(error.problem))


# -- the three steps -----------------------------------------------------------------------
def list_page(ctx: CrawlContext, url: str) -> Listing:
    """Fetch one listing page and read its items with the site's adapter."""
    response, fetch_id = fetch(ctx, url, "listing")
    try:
        listing = read_listing(ctx.site, response.body or b"", response.final_url,
                               ctx.adapter)
    except CchcError as e:
        _refused(ctx, fetch_id, e)
        raise
    ctx.records.mark_fetch(fetch_id, ok=True)
    return listing


def crawl_item(ctx: CrawlContext, item: ListedItem) -> str:
    """Fetch one item page; hand it to the keeper only when its bytes changed.

    Returns "new", "changed", "unchanged" or "skipped" (the keeper left it out: off the
    site's topics)."""
    previous = ctx.records.last_ok_fetch(item.url)
    listed = item.date.isoformat() if item.date else (previous or {}).get("listed_date")
    response, fetch_id = fetch(ctx, item.url, "item", previous, listed)
    if _unchanged(response, previous):
        ctx.records.mark_fetch(fetch_id, ok=True)
        return "unchanged"
    try:
        page = ctx.adapter.parse_item(response.body, response.final_url)
        kept = ctx.keeper.keep_page(ctx.site, item, page, response.body)
    except CchcError as e:
        _refused(ctx, fetch_id, e)
        raise
    if kept.outcome == "skipped":
        ctx.records.mark_fetch(fetch_id, ok=True, error=kept.why)
        return "skipped"
    ctx.records.mark_fetch(fetch_id, ok=True)
    for url in page.attachments:
        attempt(ctx, Target(url, "attachment", page_url=item.url),
                 lambda u=url: crawl_attachment(ctx, item.url, u), ctx.report.files)
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
        _refused(ctx, fetch_id, e)
        raise
    ctx.records.link_attachment({
        "page_url": page_url, "url": url, "sha256": response.sha256, "filename": name,
        "content_type": response.content_type, "format": fmt, "bytes": len(response.body),
        "document_id": document_id, "site": ctx.site.id})
    ctx.records.mark_fetch(fetch_id, ok=True)
    return "new" if previous is None else "changed"


# -- one URL's outcome, and the queue of those that failed -------------------------------
def attempt(ctx: CrawlContext, target: Target, step: Callable[[], str],
            counter: Counter | None = None) -> str | None:
    """Run one item or attachment step; count its outcome (and take the URL out of the
    retry queue) or its failure (and queue the URL). A host whose circuit opened stops
    the site (``CircuitOpen`` goes up).

    This is the crawl's boundary per URL, for what only the crawl does (fetching, the
    adapter reading a page); a document's own conversion and extraction already answered
    through the keeper, which turns their failures into a typed error."""
    ctx.tried.add(target.url)
    try:
        outcome = step()
    except CircuitOpen as e:
        queue_failure(ctx, target, e, counts=False)
        raise
    except Exception as e:  # a fetch or an adapter failed on one URL: report it, go on
        fail(ctx, target, e)
        return None
    ctx.records.unqueue(ctx.site.id, target.url)
    (ctx.report.outcomes if counter is None else counter)[outcome] += 1
    ctx.event(target.url, outcome)
    return outcome


def fail(ctx: CrawlContext, target: Target, error: Exception) -> None:
    """Count one URL's failure (a bug becomes an internal error naming the URL) and queue
    it for a later run; a start URL is not queued: every run asks for it anyway."""
    error = error if isinstance(error, CchcError) else InternalError.wrap(target.url, error)
    failure = ctx.report.fail(target.url, error)
    ctx.event(target.url, "failed")
    if not (target.kind == "listing" and target.url in ctx.site.start_urls):
        queue_failure(ctx, target, error, failure=failure)


def queue_failure(ctx: CrawlContext, target: Target, error: CchcError, *,
                  failure: CrawlFailure | None = None, counts: bool = True) -> None:
    """Write ``target``'s row in the retry queue after this failure; report it given up
    when that was its last attempt (``counts=False``: not really tried, see
    ``retryqueue.queue_row``)."""
    previous = ctx.records.queued(ctx.site.id, target.url)
    row = retryqueue.queue_row(
        ctx.site.id, target, reason=reason_of(error), error=one_line(error.problem),
        status=getattr(error, "status", None), previous=previous, now=datetime.now(UTC),
        policy=RetryPolicy.of(ctx.site), retry_after_s=getattr(error, "retry_after_s", None),
        counts=counts, run_id=ctx.run_id)
    ctx.records.queue(row)
    if failure is not None and row["given_up_at"]:
        ctx.report.give_up(failure, row["attempts"])


@dataclass(frozen=True)
class Steps:
    """The two units of work of a crawl. A scheduler swaps in its own wrappers (Prefect
    tasks with retries, see ``flows.py``) without the walk changing."""

    list_page: Callable[[CrawlContext, str], Listing]
    crawl_item: Callable[[CrawlContext, ListedItem], str]


DEFAULT_STEPS = Steps(list_page, crawl_item)
