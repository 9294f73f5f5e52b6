"""The crawl loop: list a site's pages, fetch new items and their files, store them.

Three steps, each a plain function a scheduler (Prefect) can run as its own unit:

- ``list_page(ctx, url) -> Listing``: fetch one listing page (a category page, an RSS
  feed, a sitemap) and let the site's adapter read its items and next page;
- ``crawl_item(ctx, item) -> outcome``: fetch one item page; when its bytes changed,
  convert it (``convert_bytes``), extract, store, then fetch its attachments;
- ``crawl_attachment(ctx, page_url, url) -> outcome``: fetch, check and store one file.

``crawl_site`` walks a site's start URLs page by page and stops at the first item it
already knows (an accepted fetch of that URL), at items older than ``since``, or after
``max_items``; ``full=True`` walks every page. Every body goes to the raw store under
its sha256 and gets a ``fetches`` row; the run's summary becomes a ``crawl_runs`` row.

>>> report = crawl_site(site, db, Fetcher(), RawStore())        # doctest: +SKIP
>>> report.counts()                                              # doctest: +SKIP
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

from sqlite_utils import Database

from pipeline.attachments import CONVERTED_FORMATS, check_file, safe_filename
from pipeline.convert import convert_bytes
from pipeline.errors import CchcError, InternalError
from pipeline.fetch import CircuitOpen, Fetcher, Response
from pipeline.raw import RawStore
from pipeline.sites import adapter as adapter_of
from pipeline.sites.base import ListedItem, Listing
from pipeline.sites.registry import Site
from pipeline.store import crawlrecords as rec
from pipeline.store import search_fold, store
from schemas import Document

log = logging.getLogger(__name__)

#: A listing that never ends (a calendar, a broken "next" link) stops after this many pages.
MAX_PAGES = 500
Event = Callable[[str, str], None]


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str
    detail: str


@dataclass
class CrawlReport:
    """What one site's crawl did: counts by outcome and every failure with its reason."""

    site: str
    outcomes: Counter = field(default_factory=Counter)
    files: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    retries: int = 0
    requests: int = 0
    circuit_open: bool = False
    stopped_at_known: str | None = None
    run_id: int | None = None

    def fail(self, url: str, error: CchcError) -> None:
        self.failures.append(Failure(url, reason_of(error), error.problem))
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
    db: Database
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


def on_topic(topics: list[str], *texts: str | None) -> bool:
    """True when a text names one of the site's topics, accents and case aside
    ("Cải cách hành chính" matches "CAI CACH HANH CHINH" and "cải cách hành chính")."""
    folded = " ".join(search_fold(t) for t in texts if t)
    return any(re.search(rf"(?<!\w){re.escape(search_fold(t))}(?!\w)", folded)
               for t in topics)


# -- one request ---------------------------------------------------------------------------
def fetch(ctx: CrawlContext, url: str, kind: str,
          previous: dict | None = None) -> tuple[Response, int]:
    """GET ``url`` (conditionally when ``previous`` has validators); keep the body in the
    raw store and record a ``fetches`` row (not yet accepted: ``ok = 0``)."""
    prev = previous or {}
    try:
        response = ctx.fetcher.get(url, etag=prev.get("etag"),
                                   last_modified=prev.get("last_modified"),
                                   delay_s=ctx.site.delay_s)
    except CchcError as e:
        rec.record_fetch(ctx.db, _row(ctx, url, kind, status=getattr(e, "status", None),
                                      error=e.problem))
        raise
    ctx.report.requests += response.attempts
    sha = ctx.raw.put(response.body) if response.body is not None else prev.get("sha256")
    row = _row(ctx, url, kind, status=response.status, sha256=sha,
               final_url=response.final_url, headers=response.headers,
               fetched_at=response.fetched_at,
               etag=response.headers.get("etag") or prev.get("etag"),
               last_modified=response.headers.get("last-modified") or prev.get("last_modified"))
    return response, rec.record_fetch(ctx.db, row)


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
        rec.mark_fetch(ctx.db, fetch_id, ok=False, error=e.problem)
        raise
    rec.mark_fetch(ctx.db, fetch_id, ok=True)
    return listing


def crawl_item(ctx: CrawlContext, item: ListedItem) -> str:
    """Fetch one item page; convert, extract and store it only when its bytes changed.

    Returns "new", "changed", "unchanged" or "skipped" (off the site's topics)."""
    previous = rec.last_ok_fetch(ctx.db, item.url)
    response, fetch_id = fetch(ctx, item.url, "item", previous)
    if _unchanged(response, previous):
        rec.mark_fetch(ctx.db, fetch_id, ok=True)
        return "unchanged"
    try:
        page = ctx.adapter.parse_item(response.body, response.final_url)
        doc = convert_bytes(response.body, item.url)
    except CchcError as e:
        rec.mark_fetch(ctx.db, fetch_id, ok=False, error=e.problem)
        raise
    doc = _with_site(doc, ctx.site, title=page.title or item.title,
                     day=page.date or item.date)
    if ctx.site.topics and not on_topic(ctx.site.topics, item.title, page.title, doc.text):
        rec.mark_fetch(ctx.db, fetch_id, ok=True, error="off topic")
        return "skipped"
    stored = _store(ctx.db, doc)
    rec.mark_fetch(ctx.db, fetch_id, ok=True)
    for url in page.attachments:
        _attempt(ctx, url, lambda u=url: crawl_attachment(ctx, item.url, u),
                 ctx.report.files)
    if stored == "unchanged":
        return "unchanged"
    return "new" if previous is None else "changed"


def crawl_attachment(ctx: CrawlContext, page_url: str, url: str) -> str:
    """Fetch one attached file: check it is a file, keep it under its hash with a safe
    name, link it to its page, and store it as a document when it can be converted."""
    previous = rec.last_ok_fetch(ctx.db, url)
    response, fetch_id = fetch(ctx, url, "attachment", previous)
    if _unchanged(response, previous):
        rec.mark_fetch(ctx.db, fetch_id, ok=True)
        rec.relink_attachment(ctx.db, page_url, url)
        return "unchanged"
    try:
        fmt = check_file(response.body, response.content_type, url)
        name = safe_filename(response.headers.get("content-disposition"),
                             response.final_url, fmt)
        document_id = None
        if fmt in CONVERTED_FORMATS and not name.lower().endswith((".xls", ".xlsx")):
            doc = convert_bytes(response.body, url)
            doc = _with_site(doc, ctx.site, filename=name, page=page_url)
            _store(ctx.db, doc)
            document_id = doc.sha256
    except CchcError as e:
        rec.mark_fetch(ctx.db, fetch_id, ok=False, error=e.problem)
        raise
    rec.link_attachment(ctx.db, {
        "page_url": page_url, "url": url, "sha256": response.sha256, "filename": name,
        "content_type": response.content_type, "format": fmt, "bytes": len(response.body),
        "document_id": document_id, "site": ctx.site.id})
    rec.mark_fetch(ctx.db, fetch_id, ok=True)
    return "new" if previous is None else "changed"


def _with_site(doc: Document, site: Site, *, title: str | None = None,
               day: date | None = None, **more: str) -> Document:
    meta = dict(doc.metadata)
    if title and not meta.get("title"):
        meta["title"] = title
    if day and not meta.get("date"):
        meta["date"] = day.isoformat()
    meta.update(more)
    return doc.model_copy(update={"site": site.id, "metadata": meta})


def _store(db: Database, doc: Document) -> str:
    from extractors import extract

    return store(db, doc, extract(doc))


def _attempt(ctx: CrawlContext, url: str, step: Callable[[], str],
             counter: Counter | None = None) -> None:
    """Run one item or attachment step; count its outcome or its failure. A host whose
    circuit opened stops the site (``CircuitOpen`` goes up)."""
    try:
        outcome = step()
    except CircuitOpen:
        raise
    except Exception as e:  # broken input, or a bug on one page: report it, go on
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
        if not full and rec.is_known(ctx.db, item.url):
            ctx.report.stopped_at_known = item.url
            return False
        ctx.done_items.add(item.url)
        _attempt(ctx, item.url, lambda i=item: step(ctx, i))
    return not (dated and old == dated)


def crawl_site(site: Site, db: Database, fetcher: Fetcher, raw: RawStore, *,
               since: date | None = None, full: bool = False, max_items: int | None = None,
               on_event: Event | None = None, steps: Steps | None = None) -> CrawlReport:
    """Crawl one site (see the module docstring) and store the run's summary."""
    report = CrawlReport(site.id)
    run_id = rec.start_run(db, site.id, since=since.isoformat() if since else None,
                           full=full, max_items=max_items)
    ctx = CrawlContext(site, db, fetcher, raw, report, adapter_of(site.family), run_id,
                       on_event, steps)
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
    rec.finish_run(db, run_id, report.summary())
    return report


def crawl_sites(sites: list[Site], db: Database, fetcher: Fetcher, raw: RawStore,
                **options: object) -> list[CrawlReport]:
    """Crawl several sites one after the other (each host keeps its own pace)."""
    return [crawl_site(site, db, fetcher, raw, **options) for site in sites]
