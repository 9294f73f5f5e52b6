"""Polite HTTP for crawling government portals that are slow and sometimes misbehave.

What "polite" and "careful" mean here, in the order a request meets them:

1. every hop is checked before it is requested: an http(s) URL on one of the site's hosts,
   a public address unless the site allows others (``pipeline.fetchguard``), and robots.txt
   of that host, fetched once per host and honoured (Protego), including its Crawl-delay
   when that is longer than the site's own delay. Redirects are followed here, hop by
   hop (at most ``max_redirects``), never by the HTTP client, so a ``302`` into
   ``/private/`` or to another host meets the same checks as a first request;
2. one request at a time per host, and at least ``delay_s`` between two of them;
3. a User-Agent that names cchc and a contact URL;
4. a total deadline per request (``deadline_s``), not only per read: a server trickling a
   byte every few seconds is cut at the deadline (``OverDeadline``, not retried now);
5. retries with exponential back-off and full jitter, ONLY on time-outs, 408, 429 and
   5xx; a Retry-After is waited up to ``retry_after_max_s``, and a longer one is not
   waited at all: ``RetryLater`` says when to come back, the host rests for the rest of
   the run, and the crawl queues the URL for a later run; never retried on other 4xx;
6. a per-host circuit breaker: after ``breaker_threshold`` failed requests in a row the
   host is skipped for the rest of the run, and the crawl report says so.

Conditional GET (ETag / Last-Modified) is used when the caller knows them; whether a
page *changed* is still decided by the hash of its body, which the caller compares.

>>> policy = FetchPolicy(delay_s=0, allow_private=True)   # tests on 127.0.0.1
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from pipeline import fetchguard
from pipeline.errors import one_line
from pipeline.fetcherrors import (
    CircuitOpen,
    FetchError,
    FetchTimeout,
    HttpStatusError,
    OffSite,
    OverDeadline,
    PrivateAddress,
    RetryLater,
    RobotsDisallowed,
    TooLarge,
    TooManyRedirects,
)
from pipeline.fetchguard import Scope, guarded

log = logging.getLogger(__name__)

__all__ = ["CircuitOpen", "FetchError", "FetchPolicy", "FetchTimeout", "Fetcher",
           "HttpStatusError", "OffSite", "OverDeadline", "PrivateAddress", "Response",
           "RetryLater", "RobotsDisallowed", "TooLarge", "TooManyRedirects",
           "redirect_target", "retry_after_seconds", "user_agent"]

CONTACT_URL = "https://github.com/cchc-project/cchc"


def user_agent(contact: str | None = None) -> str:
    """Our User-Agent: names cchc and a contact URL (``CCHC_CONTACT_URL`` overrides the
    project's), so a portal's webmaster knows whom to ask before blocking us."""
    contact = contact or os.environ.get("CCHC_CONTACT_URL") or CONTACT_URL
    return f"cchc/0.1 (+{contact}; administrative-reform research crawler)"


USER_AGENT = user_agent(CONTACT_URL)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchPolicy:
    """How to behave towards one site (the registry sets ``delay_s`` per site)."""

    delay_s: float = 5.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    deadline_s: float = 120.0       # a whole request, headers to last byte
    max_retries: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 120.0
    retry_after_max_s: float = 120.0  # a longer Retry-After: RetryLater, a later run
    max_redirects: int = 5
    breaker_threshold: int = 5
    max_bytes: int = 64 * 1024 * 1024
    user_agent: str = field(default_factory=user_agent)
    respect_robots: bool = True
    allow_private: bool = False     # when the caller gives no Scope of its own


@dataclass(frozen=True)
class Response:
    """What one GET returned. ``body`` is None for a 304 Not Modified; ``final_url`` is
    the last hop of ``redirects`` (every hop after ``url``)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes | None
    fetched_at: str
    attempts: int = 1
    redirects: tuple[str, ...] = ()

    @property
    def sha256(self) -> str | None:
        return hashlib.sha256(self.body).hexdigest() if self.body is not None else None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass
class _Host:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_request: float = 0.0
    robots: Protego | None = None
    robots_loaded: bool = False
    failures_in_a_row: int = 0
    open_circuit: bool = False
    resting_until: float = 0.0  # time.monotonic() a long Retry-After asked for


@dataclass(frozen=True)
class _Hop:
    """One request of a redirect chain: the URL asked for and the hop under way."""

    source: str
    url: str

    @property
    def where(self) -> str:
        """How a problem of this hop starts: "redirect to …: " after the first hop."""
        return "" if self.url == self.source else f"redirect to {self.url}: "


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header ("120" or an HTTP date).

    >>> retry_after_seconds("7")
    7.0
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def redirect_target(response: Response, source: str | None = None) -> str | None:
    """Where a redirect points (absolute), or None when ``response`` is no redirect; a
    redirect without a Location is a ``FetchError`` of ``source`` (the URL asked for)."""
    if response.status not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("location")
    if not location:
        raise FetchError(source or response.url, f"HTTP {response.status} without a "
                                                 f"Location (at {response.url})")
    return urljoin(response.final_url, location.strip())


class Fetcher:
    """A polite HTTP client shared by every site of a crawl run (thread-safe per host)."""

    def __init__(self, policy: FetchPolicy | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.policy = policy or FetchPolicy()
        # Requests go straight to the transport: httpx's client would read (and choke
        # on) a Location it is not asked to follow; the client builds the requests
        # (User-Agent, time-outs, cookies) and fetches robots.txt.
        self.transport = fetchguard.GuardedTransport()
        self.client = httpx.Client(
            transport=self.transport, follow_redirects=False, trust_env=False,
            headers={"User-Agent": self.policy.user_agent},
            timeout=httpx.Timeout(self.policy.read_timeout_s,
                                  connect=self.policy.connect_timeout_s),
        )
        self.sleep = sleep
        self.rng = rng or random.Random()
        self._hosts: dict[str, _Host] = {}
        self._hosts_lock = threading.Lock()
        self.retries = 0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- state per host ----------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, _Host())

    def open_circuits(self) -> list[str]:
        """Hosts disabled for the rest of the run."""
        return sorted(h for h, s in self._hosts.items() if s.open_circuit)

    # -- public ------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            delay_s: float | None = None, scope: Scope | None = None) -> Response:
        """GET ``url`` politely, following redirects hop by hop, each hop checked; raise
        a ``FetchError`` naming ``url`` (and the hop) when it fails or is refused."""
        scope = scope or Scope(allow_private=self.policy.allow_private)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hops: list[str] = []
        attempts = 0
        while True:
            response = self._get_hop(_Hop(url, hops[-1] if hops else url), scope,
                                     headers, delay_s)
            attempts += response.attempts
            target = redirect_target(response, url)
            if target is None:
                return replace(response, url=url, attempts=attempts, redirects=tuple(hops))
            if len(hops) >= self.policy.max_redirects:
                raise TooManyRedirects(url, f"more than {self.policy.max_redirects} "
                                            f"redirects (the last to {target})")
            hops.append(target)

    # -- one hop -------------------------------------------------------------------------
    def _get_hop(self, hop: _Hop, scope: Scope, headers: dict[str, str],
                 delay_s: float | None) -> Response:
        """One request of a chain, after the checks every hop meets."""
        refusal = scope.refusal(hop.url)
        if refusal:
            raise OffSite(hop.source, hop.where + refusal)
        host = self._host(hop.url)
        if host.open_circuit:
            raise CircuitOpen(hop.source, hop.where + "host disabled for this run after "
                                                      "repeated failures")
        with host.lock:
            self._check_resting(hop, host)
            try:
                self._check_robots(hop, host, scope)
                response = self._get_with_retries(hop, host, headers, delay_s, scope)
            except fetchguard.AddressRefused as e:
                raise PrivateAddress(hop.source, f"{hop.where}{e}") from e
            except (FetchTimeout, OverDeadline, HttpStatusError) as e:
                if not isinstance(e, HttpStatusError) or e.status >= 500 or e.status == 429:
                    self._failed(host, hop.url)
                raise
            host.failures_in_a_row = 0
            return response

    def _check_resting(self, hop: _Hop, host: _Host) -> None:
        left = host.resting_until - time.monotonic()
        if left > 0:
            raise RetryLater(hop.source, f"{hop.where}the host asked to be left alone "
                                         f"{left:.0f} s more (Retry-After)", left)

    def _failed(self, host: _Host, url: str) -> None:
        host.failures_in_a_row += 1
        if host.failures_in_a_row >= self.policy.breaker_threshold:
            host.open_circuit = True
            log.warning("circuit open for %s after %d failures",
                        one_line(urlsplit(url).netloc), host.failures_in_a_row)

    def _wait_turn(self, host: _Host, delay_s: float) -> None:
        wait = host.last_request + delay_s - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        host.last_request = time.monotonic()

    def _delay(self, host: _Host, delay_s: float | None) -> float:
        delay = self.policy.delay_s if delay_s is None else delay_s
        if host.robots is not None:
            crawl_delay = host.robots.crawl_delay(self.policy.user_agent)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        return delay

    def _check_robots(self, hop: _Hop, host: _Host, scope: Scope) -> None:
        if not self.policy.respect_robots:
            return
        if not host.robots_loaded:
            host.robots_loaded = True
            self._load_robots(hop.url, host, scope)
        if host.robots is not None and not host.robots.can_fetch(hop.url,
                                                                 self.policy.user_agent):
            raise RobotsDisallowed(hop.source, hop.where + "disallowed by robots.txt")

    def _load_robots(self, url: str, host: _Host, scope: Scope) -> None:
        """robots.txt of ``url``'s host, under the same deadline and address rule (its
        own redirects are followed by the client: only its rules come back)."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self._wait_turn(host, self.policy.delay_s)
        try:
            with guarded(self.policy.deadline_s, scope.allow_private):
                r = self.client.get(robots_url, follow_redirects=True)
            if r.status_code == 200:
                host.robots = Protego.parse(r.text)
            elif r.status_code >= 500:
                # RFC 9309: an unreachable robots.txt means "assume disallowed".
                host.robots = Protego.parse("User-agent: *\nDisallow: /")
        except (httpx.HTTPError, fetchguard.AddressRefused, fetchguard.DeadlineExceeded) as e:
            log.info("robots.txt of %s not read (%s); assuming allowed",
                     one_line(parts.netloc), one_line(e))

    def _backoff(self, attempt: int) -> float:
        cap = min(self.policy.backoff_max_s, self.policy.backoff_base_s * 2 ** attempt)
        return self.rng.uniform(0, cap)  # full jitter

    def _get_with_retries(self, hop: _Hop, host: _Host, headers: dict[str, str],
                          delay_s: float | None, scope: Scope) -> Response:
        attempt = 0
        while True:
            self._wait_turn(host, self._delay(host, delay_s))
            attempt += 1
            try:
                with guarded(self.policy.deadline_s, scope.allow_private):
                    response = self._send(hop, headers)
            except fetchguard.DeadlineExceeded as e:
                raise OverDeadline(hop.source, f"{hop.where}no complete answer within the "
                                               f"{self.policy.deadline_s:g} s deadline") from e
            except httpx.TimeoutException as e:
                if attempt > self.policy.max_retries:
                    raise FetchTimeout(hop.source, f"{hop.where}timed out after {attempt} "
                                                   f"attempts ({e})") from e
                self.retries += 1
                self.sleep(self._backoff(attempt))
                continue
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                raise FetchError(hop.source, f"{hop.where}request failed: {e}") from e
            status = response.status
            if status in RETRY_STATUSES:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                if wait is not None and wait > self.policy.retry_after_max_s:
                    host.resting_until = time.monotonic() + wait
                    raise RetryLater(hop.source, (
                        f"{hop.where}HTTP {status} with Retry-After {wait:.0f} s, over the "
                        f"{self.policy.retry_after_max_s:g} s a run waits"), wait)
                if attempt <= self.policy.max_retries:
                    self.retries += 1
                    self.sleep(wait if wait is not None else self._backoff(attempt))
                    continue
            if status >= 400:
                raise HttpStatusError(hop.source, status, hop.where)
            return replace(response, attempts=attempt)

    def _send(self, hop: _Hop, headers: dict[str, str]) -> Response:
        request = self.client.build_request("GET", hop.url, headers=headers)
        r = self.transport.handle_request(request)
        r.request = request
        try:
            self.client.cookies.extract_cookies(r)
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise TooLarge(hop.source, f"{hop.where}body over "
                                               f"{self.policy.max_bytes} bytes")
                chunks.append(chunk)
        finally:
            r.close()
        body = b"".join(chunks) if r.status_code != 304 else None
        return Response(url=hop.url, final_url=str(r.url), status=r.status_code,
                        headers={k.lower(): v for k, v in r.headers.items()}, body=body,
                        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
