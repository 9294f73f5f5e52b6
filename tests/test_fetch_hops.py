"""Every hop checked, every request bounded: redirects, hosts, addresses, deadlines and
Retry-After, against a real server on 127.0.0.1 (no other network)."""

from __future__ import annotations

import time

import pytest

from pipeline.fetch import (
    Fetcher,
    FetchPolicy,
    OffSite,
    OverDeadline,
    PrivateAddress,
    RetryLater,
    RobotsDisallowed,
    TooManyRedirects,
)
from pipeline.fetchguard import AddressRefused, Scope, checked_addresses
from pipeline.sites.registry import host_name
from tests.sitefixture import Answer, LocalSite

PAGE = b"<html><body><h1>Tin CCHC</h1></body></html>"
ROBOTS = Answer(200, b"User-agent: *\nDisallow: /private/\n")
LOOPBACK = Scope(frozenset({"127.0.0.1"}), allow_private=True)


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetcher(sleeps: Sleeps | None = None, **kw) -> Fetcher:
    policy = FetchPolicy(**{"delay_s": 0, "read_timeout_s": 0.5, "connect_timeout_s": 0.5,
                            "max_retries": 1, "backoff_base_s": 0.01, **kw})
    return Fetcher(policy, sleep=sleeps if sleeps is not None else Sleeps())


def moved(to: str, status: int = 302) -> Answer:
    return Answer(status, b"", {"Location": to})


def test_redirects_are_followed_hop_by_hop() -> None:
    routes = {"/robots.txt": ROBOTS, "/a": moved("/b", 301), "/b": moved("c"), "/c": PAGE}
    with LocalSite(routes) as site, fetcher() as f:
        r = f.get(site.url("/a"), scope=LOOPBACK)
    assert (r.status, r.body, r.url) == (200, PAGE, site.url("/a"))
    assert r.final_url == site.url("/c") and r.redirects == (site.url("/b"), site.url("/c"))


def test_redirect_into_a_disallowed_folder_is_refused() -> None:
    routes = {"/robots.txt": ROBOTS, "/tin/1.html": moved("/private/secret.html"),
              "/private/secret.html": PAGE}
    with LocalSite(routes) as site, fetcher() as f:
        with pytest.raises(RobotsDisallowed) as e:
            f.get(site.url("/tin/1.html"), scope=LOOPBACK)
    assert e.value.source == site.url("/tin/1.html")
    assert "redirect to " + site.url("/private/secret.html") in e.value.problem
    assert site.hits("/private/secret.html") == 0


def test_redirect_to_another_host_is_refused_before_any_request() -> None:
    with LocalSite({"/a": PAGE}) as site, fetcher() as f:
        site.set("/tin/1.html", moved(site.url("/a", host="localhost")))
        with pytest.raises(OffSite, match="host localhost is not one of the site's"):
            f.get(site.url("/tin/1.html"), scope=LOOPBACK)
    assert site.hits("/a") == 0
    assert not [r for r in site.requests if r.headers.get("Host", "").startswith("localhost")]


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/a.pdf",
                                    "javascript:alert(1)"])
def test_redirect_to_another_scheme_is_refused(target: str) -> None:
    with LocalSite({"/a": moved(target)}) as site, fetcher() as f, \
            pytest.raises(OffSite, match="is not http"):
        f.get(site.url("/a"), scope=LOOPBACK)


def test_redirects_are_capped() -> None:
    with LocalSite({"/loop": moved("/loop")}) as site, fetcher(max_redirects=3) as f, \
            pytest.raises(TooManyRedirects, match="more than 3 redirects"):
        f.get(site.url("/loop"), scope=LOOPBACK)
    assert site.hits("/loop") == 4


def test_loopback_is_refused_unless_allowed() -> None:
    with LocalSite({"/robots.txt": ROBOTS, "/a": PAGE}) as site, \
            Fetcher(FetchPolicy(delay_s=0)) as f:
        with pytest.raises(PrivateAddress, match="non-public address"):
            f.get(site.url("/a"))
        with pytest.raises(PrivateAddress):
            f.get(site.url("/a"), scope=Scope(frozenset({"127.0.0.1"})))
        assert site.requests == []              # not even robots.txt
        assert f.get(site.url("/a"), scope=LOOPBACK).body == PAGE


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1",
                                     "169.254.169.254", "0.0.0.0", "::1", "fe80::1",
                                     "fc00::1", "::ffff:10.0.0.1", "100.64.0.1"])
def test_non_public_addresses_are_refused(address: str) -> None:
    with pytest.raises(AddressRefused):
        checked_addresses(address, 80, allow_private=False)
    assert checked_addresses(address, 80, allow_private=True)


@pytest.mark.parametrize("address", ["8.8.8.8", "203.162.4.191", "2001:4860:4860::8888"])
def test_public_addresses_pass(address: str) -> None:
    assert checked_addresses(address, 443, allow_private=False) == [address]


@pytest.mark.parametrize(("url", "host"), [
    ("https://SNV.LangSon.gov.vn.:443/tin", "snv.langson.gov.vn"),
    ("http://127.0.0.1:8080/a", "127.0.0.1"), ("http://[::1]/a", "::1"), ("/tin", ""),
])
def test_host_name(url: str, host: str) -> None:
    assert host_name(url) == host


def test_a_trickle_is_cut_at_the_deadline() -> None:
    trickle = Answer(200, b"x" * 200, {"Content-Type": "text/html"}, trickle_s=0.05)
    with LocalSite({"/slow": trickle}) as site, fetcher(deadline_s=0.6) as f:
        began = time.monotonic()
        with pytest.raises(OverDeadline, match=r"0\.6 s deadline"):
            f.get(site.url("/slow"), scope=LOOPBACK)
        took = time.monotonic() - began
    assert took < 1.5 and site.hits("/slow") == 1   # cut, and not asked again this run


def test_retry_after_within_the_maximum_is_waited() -> None:
    sleeps = Sleeps()
    answers = [Answer(503, b"", {"Retry-After": "30"}), Answer(200, PAGE)]
    with LocalSite({"/a": answers}) as site, fetcher(sleeps, retry_after_max_s=60) as f:
        assert f.get(site.url("/a"), scope=LOOPBACK).body == PAGE
    assert 30 in sleeps


def test_retry_after_over_the_maximum_is_left_for_a_later_run() -> None:
    sleeps = Sleeps()
    routes = {"/a": Answer(503, b"", {"Retry-After": "86400"}), "/b": PAGE}
    with LocalSite(routes) as site, fetcher(sleeps, retry_after_max_s=60) as f:
        with pytest.raises(RetryLater, match="Retry-After 86400 s") as e:
            f.get(site.url("/a"), scope=LOOPBACK)
        assert e.value.retry_after_s == 86400 and not [s for s in sleeps if s >= 60]
        with pytest.raises(RetryLater, match="left alone"):   # the host rests this run
            f.get(site.url("/b"), scope=LOOPBACK)
    assert site.hits("/a") == 1 and site.hits("/b") == 0
