"""``cchc sites check``: does each site's adapter still find items on its listing pages?

For each site, each listing page is fetched ONCE with the crawler's own ``Fetcher`` (robots.txt,
the site's hosts and public addresses only, redirects hop by hop, the site's delay) and
read by the site's adapter (or the site's own ``selectors:``); nothing is stored. One
``PageCheck`` a page says what happened, with a verdict:

- ``ok``: the listing selector found items (their number, the first one's title and date);
- ``no items``: the page came but the selectors found nothing (the site changed its
  markup, or the registry's selectors are wrong): the adapter needs fixing;
- ``blocked``: robots.txt, the site's hosts or address rules refused the request, or the
  server said no (401, 403, 429, 451, a Retry-After longer than a run waits);
- ``error``: anything else (a 404 or 5xx, a time-out, an error page served as 200);
- ``no saved page``: offline, the site has no saved listing under ``corpus/sites``.

Live (``live=True``) the site's start URLs are fetched. Offline (CI, no network) the
site's saved listing pages under ``corpus/sites/<family>/<site id>-*.html`` are served
from a mirror on 127.0.0.1 and fetched through the same ``Fetcher``, each read as the page
of its real URL (the ``url`` of its ``.expected.json``)::

    >>> [c.verdict for c in check_site(load()[0], fetcher, mirror)]   # doctest: +SKIP
    ['ok']
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

from pipeline.errors import CchcError, ErrorPage, one_line
from pipeline.fetch import Fetcher, FetchPolicy
from pipeline.fetcherrors import (
    HttpStatusError,
    OffSite,
    PrivateAddress,
    RetryLater,
    RobotsDisallowed,
)
from pipeline.sites import read_listing
from pipeline.sites.base import SelectorsFoundNothing
from pipeline.sites.registry import Site

SAVED_PAGES = Path(__file__).resolve().parents[1] / "corpus" / "sites"
VERDICTS = ("ok", "no items", "blocked", "error", "no saved page")
#: HTTP answers that mean "not you": a check that meets them is blocked, not broken.
REFUSING_STATUSES = frozenset({401, 403, 429, 451})


@dataclass(frozen=True)
class PageCheck:
    """What one listing page of one site gave."""

    site: str
    family: str
    url: str
    verdict: str
    status: int | None = None
    items: int = 0
    first_title: str | None = None
    first_date: str | None = None
    detail: str | None = None
    source: str = "live"  # "live" or "saved page" (with the file's path in ``page``)
    page: str | None = None


def saved_listings(site: Site, root: Path = SAVED_PAGES) -> list[tuple[str, Path]]:
    """The saved listing pages of ``site``: (the real URL it was served at, the file), from
    ``<root>/<family>/<site id>-*.expected.json`` of kind "listing"."""
    found = []
    for expected in sorted((root / site.family).glob(f"{site.id}-*.expected.json")):
        meta = json.loads(expected.read_text(encoding="utf-8"))
        if meta.get("kind") != "listing":
            continue
        stem = expected.name.removesuffix(".expected.json")
        pages = [p for p in expected.parent.glob(f"{stem}.*") if p != expected]
        if pages:
            found.append((meta["url"], pages[0]))
    return found


class Mirror:
    """Saved pages served on 127.0.0.1, each at ``/<host><path>?<query>`` of its real URL,
    with a robots.txt that allows everything (the real site's is not known offline)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str]] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, (body, kind) = 200, pages.get(self.path, (b"", ""))
                if not kind and self.path == "/robots.txt":
                    body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
                elif not kind:
                    status, kind = 404, "text/plain"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def root(self) -> str:
        address, port = self.server.server_address[:2]
        return f"http://{address}:{port}"

    def add(self, real_url: str, page: Path) -> str:
        """Serve ``page`` as ``real_url``; the local URL it answers at."""
        parts = urlsplit(real_url)
        path = quote(f"/{parts.hostname}{parts.path or '/'}", safe="/%")
        if parts.query:
            path += f"?{parts.query}"
        kind = "application/xml" if page.suffix == ".xml" else "text/html; charset=utf-8"
        self.pages[path] = (page.read_bytes(), kind)
        return self.root + path

    def __enter__(self) -> Mirror:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def verdict_of(error: Exception) -> str:
    """The verdict a failed fetch or parse gives: "no items", "blocked" or "error"."""
    if isinstance(error, SelectorsFoundNothing):
        return "no items"
    if isinstance(error, RobotsDisallowed | OffSite | PrivateAddress | RetryLater):
        return "blocked"
    if isinstance(error, HttpStatusError) and error.status in REFUSING_STATUSES:
        return "blocked"
    if isinstance(error, ErrorPage) and any(w in str(error.problem) for w in
                                            ("login", "captcha", "access denied")):
        return "blocked"
    return "error"


def check_page(site: Site, fetcher: Fetcher, url: str, *, read_as: str | None = None,
               source: str = "live", page: str | None = None) -> PageCheck:
    """Fetch one listing page of ``site`` once and read it with its adapter; ``read_as``:
    the real URL a mirrored page is read as."""
    from pipeline.crawl import scope_of

    base = {"site": site.id, "family": site.family, "url": read_as or url,
            "source": source, "page": page}
    try:
        response = fetcher.get(url, delay_s=site.delay_s, scope=scope_of(site, "listing"))
    except CchcError as e:
        return PageCheck(**base, verdict=verdict_of(e), status=getattr(e, "status", None),
                         detail=one_line(e.problem))
    body = response.body or b""
    try:
        listing = read_listing(site, body, read_as or response.final_url)
    except CchcError as e:
        return PageCheck(**base, verdict=verdict_of(e), status=response.status,
                         detail=one_line(e.problem))
    except Exception as e:  # an adapter bug on a page is this site's error, not the run's
        return PageCheck(**base, verdict="error", status=response.status,
                         detail=one_line(f"{type(e).__name__}: {e}"))
    first = listing.items[0] if listing.items else None
    if first is None:  # a feed or sitemap with no entries
        return PageCheck(**base, verdict="no items", status=response.status,
                         detail="the listing has no items")
    return PageCheck(**base, verdict="ok", status=response.status, items=len(listing.items),
                     first_title=first.title,
                     first_date=first.date.isoformat() if first.date else None)


def check_live(site: Site, fetcher: Fetcher) -> list[PageCheck]:
    """Every start URL of ``site``, fetched from the site itself."""
    return [check_page(site, fetcher, url) for url in site.start_urls]


def check_saved(site: Site, fetcher: Fetcher, mirror: Mirror,
                root: Path = SAVED_PAGES) -> list[PageCheck]:
    """Every saved listing page of ``site``, fetched from the mirror on 127.0.0.1 as if it
    were the site (the site's hosts become the mirror's, at no delay)."""
    saved = saved_listings(site, root)
    if not saved:
        return [PageCheck(site=site.id, family=site.family, url=site.start_urls[0],
                          verdict="no saved page", source="saved page",
                          detail=f"nothing under {_shown(root)}/{site.family}/{site.id}-*")]
    local = site.model_copy(update={"base_url": mirror.root, "hosts": [],
                                    "allow_private_addresses": True, "delay_s": 0.0})
    return [check_page(local, fetcher, mirror.add(real, page), read_as=real,
                       source="saved page", page=str(_shown(page)))
            for real, page in saved]


def _shown(path: Path) -> Path:
    try:
        return path.relative_to(SAVED_PAGES.parents[1])
    except ValueError:
        return path


@contextmanager
def checker(live: bool, policy: FetchPolicy | None = None
            ) -> Iterator[tuple[Fetcher, Mirror | None]]:
    """A fetcher for a check run (no retries: each page is asked for once) and, offline,
    the mirror of saved pages."""
    policy = policy or FetchPolicy(max_retries=0, breaker_threshold=1_000)
    with Fetcher(policy) as fetcher:
        if live:
            yield fetcher, None
        else:
            with Mirror() as mirror:
                yield fetcher, mirror


def check_sites(sites: list[Site], *, live: bool, root: Path = SAVED_PAGES,
                policy: FetchPolicy | None = None) -> list[PageCheck]:
    """Check every site of ``sites``, live or on its saved pages, one after the other."""
    out: list[PageCheck] = []
    with checker(live, policy) as (fetcher, mirror):
        for site in sites:
            out.extend(check_live(site, fetcher) if mirror is None
                       else check_saved(site, fetcher, mirror, root))
    return out


def as_rows(checks: list[PageCheck]) -> list[dict]:
    return [asdict(c) for c in checks]


def table(checks: list[PageCheck]) -> list[str]:
    """One line a page: site, verdict, HTTP status, items, first item's date and title."""
    lines = [f"{'site':22} {'verdict':13} {'http':>4} {'items':>5}  {'first item':10}"]
    for c in checks:
        first = f"{c.first_date or '?':10} {one_line(c.first_title or '')}" if c.items else (
            one_line(c.detail or ""))
        first = first if len(first) <= 100 else first[:99] + "…"
        lines.append(f"{c.site:22} {c.verdict:13} {c.status or '-':>4} {c.items:>5}  {first}")
    return lines
