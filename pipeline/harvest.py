"""Harvest sites: crawl them, process each changed body, store what comes out.

``crawl_site(site, db, fetcher, raw)`` is what ``cchc crawl`` and the Prefect flows run:
``pipeline.crawl`` walks the site and fetches its new items and files; every changed body
goes through ``pipeline.process`` (converted with the site's hints, screened for the
site's topics, extracted) and into ``pipeline.store``. A body that cannot be processed
comes back from ``process`` as a ``Failure``; the keeper raises it as its typed error, so
the crawl records it on that URL's fetch and counts it by reason ("error page").

An orchestrator: it ties the crawl, the process step and the store together, so it may
import all three; the crawl itself imports neither the extractors nor the store.

>>> report = crawl_site(site, open_db("outputs/cchc.db"), Fetcher(), RawStore())  # doctest: +SKIP
>>> report.counts()                                                                # doctest: +SKIP
{'new': 12, 'changed': 1, 'unchanged': 0, 'skipped': 3, 'failed': 1, 'files': 4,
 'given_up': 0}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from pipeline.crawl import CrawlReport, Event, Kept, Steps
from pipeline.fetch import Fetcher
from pipeline.process import Failure, Fetched, Result, Screen, Skipped, process
from pipeline.raw import RawStore
from pipeline.sites.base import ItemPage, ListedItem
from pipeline.sites.registry import Site
from pipeline.store import search_fold, store
from pipeline.store.crawlrecords import CrawlRecords
from pipeline.walk import walk_site
from schemas import Document


def on_topic(topics: list[str], *texts: str | None) -> bool:
    """True when a text names one of the site's topics, accents and case aside
    ("Cải cách hành chính" matches "CAI CACH HANH CHINH" and "cải cách hành chính")."""
    folded = " ".join(search_fold(t) for t in texts if t)
    return any(re.search(rf"(?<!\w){re.escape(search_fold(t))}(?!\w)", folded) for t in topics)


def topic_screen(site: Site, item: ListedItem, page: ItemPage) -> Screen:
    """A screen for ``process``: "off topic" when neither the listing's title, the page's
    title nor the converted text names one of the site's topics (nothing is extracted)."""
    def screen(doc: Document) -> str | None:
        if on_topic(site.topics, item.title, page.title, doc.text):
            return None
        return "off topic"

    return screen


@dataclass(frozen=True)
class StoreKeeper:
    """The crawl's keeper: each changed body through ``process``, then into the store."""

    db: Database

    def keep_page(self, site: Site, item: ListedItem, page: ItemPage, body: bytes) -> Kept:
        """An item page, with the listing's or page's title and date where the text has
        none; off-topic pages are left out before extraction."""
        day = page.date or item.date
        source = Fetched(body, item.url, site=site.id, defaults={
            "title": page.title or item.title or "", "date": day.isoformat() if day else ""})
        screen = topic_screen(site, item, page) if site.topics else None
        return self.keep(process(source, screen=screen))

    def keep_file(self, site: Site, page_url: str, url: str, body: bytes,
                  filename: str) -> Kept:
        """An attached file, with its name and the page it hangs from."""
        source = Fetched(body, url, site=site.id,
                         metadata={"filename": filename, "page": page_url})
        return self.keep(process(source))

    def keep(self, result: Result) -> Kept:
        """Store a processed body; a failure goes back to the crawl as its typed error."""
        if isinstance(result, Failure):
            raise result.error()
        if isinstance(result, Skipped):
            return Kept("skipped", why=result.reason)
        outcome = store(self.db, result.document, result.extraction)
        return Kept(outcome, document_id=result.document.sha256)


def crawl_site(site: Site, db: Database, fetcher: Fetcher, raw: RawStore, *,
               since: date | None = None, full: bool = False, max_items: int | None = None,
               on_event: Event | None = None, steps: Steps | None = None,
               retry_only: bool = False, retry_given_up: bool = False) -> CrawlReport:
    """Crawl one site into ``db`` (see the module docstring); the run is recorded there.
    ``retry_only``: only the failed URLs that are due (``cchc crawl --retry-failed``)."""
    return walk_site(site, CrawlRecords(db), StoreKeeper(db), fetcher, raw, since=since,
                     full=full, max_items=max_items, on_event=on_event, steps=steps,
                     retry_only=retry_only, retry_given_up=retry_given_up)


def crawl_sites(sites: list[Site], db: Database, fetcher: Fetcher, raw: RawStore,
                **options: object) -> list[CrawlReport]:
    """Crawl several sites one after the other (each host keeps its own pace)."""
    return [crawl_site(site, db, fetcher, raw, **options) for site in sites]
