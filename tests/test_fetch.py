"""The polite fetcher against a real (misbehaving) HTTP server on 127.0.0.1."""

from __future__ import annotations

import random

import pytest

from pipeline.fetch import (
    CircuitOpen,
    Fetcher,
    FetchPolicy,
    FetchTimeout,
    HttpStatusError,
    RobotsDisallowed,
    TooLarge,
    retry_after_seconds,
)
from tests.sitefixture import Answer, LocalSite

PAGE = b"<html><body><h1>Tin CCHC</h1></body></html>"


class Sleeps(list):
    """Records the waits the fetcher asks for instead of sleeping them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(sleeps: Sleeps | None = None, **kw) -> Fetcher:
    kw = {"allow_private": True, **kw}   # the test server is on 127.0.0.1
    policy = FetchPolicy(delay_s=0, backoff_base_s=0.5, read_timeout_s=0.5,
                         connect_timeout_s=0.5, **kw)
    return Fetcher(policy, sleep=sleeps if sleeps is not None else Sleeps(),
                   rng=random.Random(1))


def test_user_agent_names_cchc_and_contact() -> None:
    with LocalSite({"/a": PAGE}) as site, fetcher() as f:
        r = f.get(site.url("/a"))
    assert r.status == 200 and r.body == PAGE and r.sha256
    ua = site.requests[-1].headers["User-Agent"]
    assert ua.startswith("cchc/") and "http" in ua


def test_robots_disallow_is_honoured_and_never_requested() -> None:
    robots = Answer(200, b"User-agent: *\nDisallow: /private/\n")
    with LocalSite({"/robots.txt": robots, "/private/x": PAGE}) as site, fetcher() as f:
        with pytest.raises(RobotsDisallowed, match="/private/x"):
            f.get(site.url("/private/x"))
    assert site.hits("/private/x") == 0 and site.hits("/robots.txt") == 1


def test_429_waits_what_retry_after_says() -> None:
    sleeps = Sleeps()
    answers = [Answer(429, b"slow down", {"Retry-After": "7"}), Answer(200, PAGE)]
    with LocalSite({"/a": answers}) as site, fetcher(sleeps) as f:
        r = f.get(site.url("/a"))
    assert r.status == 200 and r.attempts == 2
    assert 7 in sleeps


def test_503_then_success_is_retried_with_backoff() -> None:
    sleeps = Sleeps()
    with LocalSite({"/a": [Answer(503), Answer(503), Answer(200, PAGE)]}) as site, \
            fetcher(sleeps) as f:
        r = f.get(site.url("/a"))
    assert r.attempts == 3 and site.hits("/a") == 3
    assert len([s for s in sleeps if s > 0]) == 2


@pytest.mark.parametrize("status", [400, 403, 404, 410])
def test_other_4xx_are_never_retried(status: int) -> None:
    with LocalSite({"/a": Answer(status)}) as site, fetcher() as f:
        with pytest.raises(HttpStatusError, match=str(status)):
            f.get(site.url("/a"))
    assert site.hits("/a") == 1


def test_hang_past_timeout_is_retried_then_reported() -> None:
    with LocalSite({"/slow": Answer(200, PAGE, delay_s=1.5)}) as site, \
            fetcher(max_retries=1) as f, pytest.raises(FetchTimeout, match="/slow"):
        f.get(site.url("/slow"))
    assert site.hits("/slow") == 2


def test_circuit_breaker_disables_host_after_repeated_failures() -> None:
    with LocalSite({"/a": Answer(500), "/b": Answer(502), "/c": PAGE}) as site, \
            fetcher(max_retries=0, breaker_threshold=2) as f:
        for path in ("/a", "/b"):
            with pytest.raises(HttpStatusError):
                f.get(site.url(path))
        with pytest.raises(CircuitOpen):
            f.get(site.url("/c"))
        assert f.open_circuits() == [site.url("/")[7:-1]]
    assert site.hits("/c") == 0


def test_delay_between_requests_to_one_host() -> None:
    with LocalSite({"/a": PAGE, "/b": PAGE}) as site, \
            Fetcher(FetchPolicy(delay_s=0.3, allow_private=True)) as f:
        f.get(site.url("/a"))
        f.get(site.url("/b"))
    times = [r.at for r in site.requests if r.path in ("/a", "/b")]
    assert times[1] - times[0] >= 0.29


def test_conditional_get_returns_not_modified() -> None:
    answers = Answer(304, b"", {"ETag": '"v1"'})
    with LocalSite({"/a": answers}) as site, fetcher() as f:
        r = f.get(site.url("/a"), etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert r.status == 304 and r.body is None
    assert site.requests[-1].headers["If-None-Match"] == '"v1"'


def test_body_over_limit_is_refused() -> None:
    with LocalSite({"/big": Answer(200, b"x" * 5000)}) as site, fetcher(max_bytes=1000) as f:
        with pytest.raises(TooLarge):
            f.get(site.url("/big"))


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0), (None, None), ("soon", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: no wait
])
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert retry_after_seconds(value) == expected
