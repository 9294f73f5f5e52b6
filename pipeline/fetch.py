"""Polite HTTP for crawling government portals that are slow and sometimes misbehave.

What "polite" means here, in the order a request meets it:

1. robots.txt is fetched once per host and honoured (Protego), including its
   Crawl-delay when that is longer than the site's own delay;
2. one request at a time per host, and at least ``delay_s`` between two of them;
3. a User-Agent that names cchc and a contact URL;
4. retries with exponential back-off and full jitter, ONLY on time-outs, 408, 429 and
   5xx (a 429 or 503 with Retry-After waits what the server asked); never on other 4xx;
5. a per-host circuit breaker: after ``breaker_threshold`` failed requests in a row the
   host is skipped for the rest of the run, and the crawl report says so.

Conditional GET (ETag / Last-Modified) is used when the caller knows them; whether a
page *changed* is still decided by the hash of its body, which the caller compares.

>>> policy = FetchPolicy(delay_s=0)   # tests on 127.0.0.1; real sites default to 5 s
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
from urllib.parse import urlsplit

import httpx
from protego import Protego

from pipeline.errors import CchcError

log = logging.getLogger(__name__)

CONTACT_URL = "https://github.com/cchc-project/cchc"


def user_agent(contact: str | None = None) -> str:
    """Our User-Agent: names cchc and a contact URL (``CCHC_CONTACT_URL`` overrides the
    project's), so a portal's webmaster knows whom to ask before blocking us."""
    contact = contact or os.environ.get("CCHC_CONTACT_URL") or CONTACT_URL
    return f"cchc/0.1 (+{contact}; administrative-reform research crawler)"


USER_AGENT = user_agent(CONTACT_URL)
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


class FetchError(CchcError):
    """A URL that could not be fetched (after any retries), naming the URL and why."""


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, f"HTTP {status}")
        self.status = status


class FetchTimeout(FetchError):
    """Connect or read time-out, after retries."""


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL to our User-Agent."""


class CircuitOpen(FetchError):
    """The host failed too often in a row; it is skipped for the rest of the run."""


class TooLarge(FetchError):
    """The body is over the size limit."""


@dataclass(frozen=True)
class FetchPolicy:
    """How to behave towards one site (the registry sets ``delay_s`` per site)."""

    delay_s: float = 5.0
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    max_retries: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 120.0
    breaker_threshold: int = 5
    max_bytes: int = 64 * 1024 * 1024
    user_agent: str = field(default_factory=user_agent)
    respect_robots: bool = True


@dataclass(frozen=True)
class Response:
    """What one GET returned. ``body`` is None for a 304 Not Modified."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes | None
    fetched_at: str
    attempts: int = 1

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


class Fetcher:
    """A polite HTTP client shared by every site of a crawl run (thread-safe per host)."""

    def __init__(self, policy: FetchPolicy | None = None, *,
                 client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.client = client or httpx.Client(
            follow_redirects=True,
            timeout=httpx.Timeout(self.policy.read_timeout_s,
                                  connect=self.policy.connect_timeout_s),
            headers={"User-Agent": self.policy.user_agent},
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
            delay_s: float | None = None) -> Response:
        """GET ``url`` politely; raise a ``FetchError`` naming the URL when it fails."""
        host = self._host(url)
        if host.open_circuit:
            raise CircuitOpen(url, "host disabled for this run after repeated failures")
        with host.lock:
            self._check_robots(url, host)
            headers = {}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            try:
                response = self._get_with_retries(url, host, headers, delay_s)
            except (FetchTimeout, HttpStatusError) as e:
                if not isinstance(e, HttpStatusError) or e.status >= 500 or e.status == 429:
                    self._failed(host, url)
                raise
            host.failures_in_a_row = 0
            return response

    # -- internals ---------------------------------------------------------------------
    def _failed(self, host: _Host, url: str) -> None:
        host.failures_in_a_row += 1
        if host.failures_in_a_row >= self.policy.breaker_threshold:
            host.open_circuit = True
            log.warning("circuit open for %s after %d failures", urlsplit(url).netloc,
                        host.failures_in_a_row)

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

    def _check_robots(self, url: str, host: _Host) -> None:
        if not self.policy.respect_robots:
            return
        if not host.robots_loaded:
            host.robots_loaded = True
            parts = urlsplit(url)
            robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
            self._wait_turn(host, self.policy.delay_s)
            try:
                r = self.client.get(robots_url)
                if r.status_code == 200:
                    host.robots = Protego.parse(r.text)
                elif r.status_code >= 500:
                    # RFC 9309: an unreachable robots.txt means "assume disallowed".
                    host.robots = Protego.parse("User-agent: *\nDisallow: /")
            except httpx.HTTPError as e:
                log.info("robots.txt of %s not read (%s); assuming allowed", parts.netloc, e)
        if host.robots is not None and not host.robots.can_fetch(url, self.policy.user_agent):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _backoff(self, attempt: int) -> float:
        cap = min(self.policy.backoff_max_s, self.policy.backoff_base_s * 2 ** attempt)
        return self.rng.uniform(0, cap)  # full jitter

    def _get_with_retries(self, url: str, host: _Host, headers: dict[str, str],
                          delay_s: float | None) -> Response:
        attempt = 0
        while True:
            self._wait_turn(host, self._delay(host, delay_s))
            attempt += 1
            try:
                response = self._send(url, headers)
            except httpx.TimeoutException as e:
                if attempt > self.policy.max_retries:
                    raise FetchTimeout(url, f"timed out after {attempt} attempts ({e})") from e
                self.retries += 1
                self.sleep(self._backoff(attempt))
                continue
            except httpx.HTTPError as e:
                raise FetchError(url, f"request failed: {e}") from e
            status = response.status
            if status in RETRY_STATUSES and attempt <= self.policy.max_retries:
                wait = retry_after_seconds(response.headers.get("retry-after"))
                self.retries += 1
                self.sleep(min(wait, self.policy.backoff_max_s) if wait is not None
                           else self._backoff(attempt))
                continue
            if status >= 400:
                raise HttpStatusError(url, status)
            return replace(response, attempts=attempt)

    def _send(self, url: str, headers: dict[str, str]) -> Response:
        with self.client.stream("GET", url, headers=headers) as r:
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > self.policy.max_bytes:
                    raise TooLarge(url, f"body over {self.policy.max_bytes} bytes")
                chunks.append(chunk)
            body = b"".join(chunks) if r.status_code != 304 else None
            return Response(url=url, final_url=str(r.url), status=r.status_code,
                            headers={k.lower(): v for k, v in r.headers.items()}, body=body,
                            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))
