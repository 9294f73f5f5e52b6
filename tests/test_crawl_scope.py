"""The registry says where a site's crawl may go: its hosts, its attachment hosts, and
whether non-public addresses are allowed (never by default)."""

from __future__ import annotations

import pytest

from pipeline.crawl import scope_of
from pipeline.sites.registry import Site, check


def site(**kw) -> Site:
    base = {"id": "x-snv", "province": "Lạng Sơn", "body": "Sở Nội vụ", "family": "generic",
            "base_url": "https://snv.langson.gov.vn",
            "start_urls": ["https://snv.langson.gov.vn/rss"]}
    return Site.model_validate({**base, **kw})


def test_defaults_refuse_private_addresses_and_other_hosts() -> None:
    s = site()
    assert not s.allow_private_addresses and (s.max_attempts, s.retry_backoff_h) == (5, 6.0)
    scope = scope_of(s, "item")
    assert scope.hosts == {"snv.langson.gov.vn"} and not scope.allow_private
    assert scope.refusal("https://snv.langson.gov.vn/tin/1.html") is None
    assert "not one of the site's" in scope.refusal("https://evil.example/tin/1.html")


def test_attachment_hosts_are_for_attachments_only() -> None:
    s = site(hosts=["www.snv.langson.gov.vn"], attachment_hosts=["vanban.langson.gov.vn"])
    assert scope_of(s, "item").hosts == {"snv.langson.gov.vn", "www.snv.langson.gov.vn"}
    assert scope_of(s, "attachment").hosts == {
        "snv.langson.gov.vn", "www.snv.langson.gov.vn", "vanban.langson.gov.vn"}
    assert scope_of(s, "item").refusal("https://vanban.langson.gov.vn/a.pdf")
    assert scope_of(s, "attachment").refusal("https://vanban.langson.gov.vn/a.pdf") is None


@pytest.mark.parametrize(("changes", "problem"), [
    ({"hosts": ["https://www.snv.langson.gov.vn"]}, "hosts: 'https://www.snv.langson.gov.vn' "
                                                    "is not a bare"),
    ({"attachment_hosts": ["VanBan.langson.gov.vn"]}, "is not a bare, lower-case host"),
    ({"hosts": ["www.snv.langson.gov.vn:8080"]}, "no scheme, port or path"),
    ({"start_urls": ["https://rss.langson.gov.vn/snv"]}, "is not on snv.langson.gov.vn"),
])
def test_check_names_host_problems(changes: dict, problem: str) -> None:
    assert any(problem in p for p in check([site(**changes)])), check([site(**changes)])


def test_a_start_url_may_be_on_another_of_the_site_hosts() -> None:
    ok = site(hosts=["www.snv.langson.gov.vn"],
              start_urls=["https://www.snv.langson.gov.vn/rss"])
    assert check([ok]) == []


@pytest.mark.parametrize("changes", [{"max_attempts": 0}, {"retry_backoff_h": -1}])
def test_retry_settings_are_validated(changes: dict) -> None:
    with pytest.raises(ValueError):
        site(**changes)
