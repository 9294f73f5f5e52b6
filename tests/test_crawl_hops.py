"""A crawl never fetches what a redirect, a foreign host or a slow server would push on
it: refused hops are reported and queued, never stored. Real loopback servers."""

from __future__ import annotations

import time
from pathlib import Path

from tests.sitefixture import Answer, LocalSite
from tests.test_crawl import HTML, PDF, article
from tests.test_crawl_retry import OK, Run, rss

ROBOTS = Answer(200, b"User-agent: *\nDisallow: /private/\n")
ITEM = ("/tin/item-2.html", "Thông báo kết quả giải quyết TTHC quý I/2024",
        "Mon, 01 Apr 2024 08:00:00 +0700")
SECRET = article("quangnam_2018_hcc_hoso")


def routes(**more: Answer) -> dict:
    return {"/robots.txt": ROBOTS, "/rss": rss(OK, ITEM),
            OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
            "/private/secret.html": Answer(200, SECRET, HTML), **more}


def test_a_redirect_into_a_disallowed_folder_is_refused_and_not_stored(tmp_path: Path) -> None:
    moved = Answer(302, b"", {"Location": "/private/secret.html"})
    with LocalSite(routes(**{ITEM[0]: moved})) as site:
        run = Run(site, tmp_path)
        report = run()
    assert report.by_reason() == {"robots.txt": 1} and report.counts()["new"] == 1
    [failure] = report.failures
    assert failure.url == site.url(ITEM[0])
    assert failure.detail == (f"redirect to {site.url('/private/secret.html')}: "
                              "disallowed by robots.txt")
    assert site.hits("/private/secret.html") == 0
    assert run.documents() == {site.url(OK[0])}
    assert run.queue()[site.url(ITEM[0])]["reason"] == "robots.txt"


def test_a_redirect_to_another_host_is_refused(tmp_path: Path) -> None:
    with LocalSite(routes()) as site:
        site.set(ITEM[0], Answer(301, b"", {"Location": site.url("/private/secret.html",
                                                                  host="localhost")}))
        run = Run(site, tmp_path)
        report = run()
    assert report.by_reason() == {"off site": 1}
    assert "host localhost is not one of the site's (127.0.0.1)" in report.failures[0].detail
    assert not [r for r in site.requests if r.headers.get("Host", "").startswith("localhost")]
    assert run.documents() == {site.url(OK[0])}


def test_a_registered_attachment_host_is_followed_for_files_only(tmp_path: Path) -> None:
    links = "<p><a href='/files/kh.pdf'>Kế hoạch (PDF)</a></p>"
    with LocalSite(routes()) as site:
        pdf_elsewhere = site.url("/cdn/kh.pdf", host="localhost")
        site.set(ITEM[0], Answer(200, article("sonla_2025_par_index", links=links), HTML))
        site.set("/files/kh.pdf", Answer(302, b"", {"Location": pdf_elsewhere}))
        site.set("/cdn/kh.pdf", Answer(200, PDF, {"Content-Type": "application/pdf"}))
        run = Run(site, tmp_path, attachment_hosts=["localhost"])
        report = run()
    assert report.ok and report.files["new"] == 1 and site.hits("/cdn/kh.pdf") == 1


def test_a_loopback_site_is_refused_unless_the_registry_allows_it(tmp_path: Path) -> None:
    with LocalSite(routes()) as site:
        run = Run(site, tmp_path, allow_private_addresses=False)
        report = run()
    assert report.by_reason() == {"private address": 1} and not report.ok
    assert "non-public address (127.0.0.1)" in report.failures[0].detail
    assert site.requests == []


def test_a_trickling_item_is_cut_at_the_deadline_and_queued(tmp_path: Path) -> None:
    trickle = Answer(200, article("sonla_2025_par_index"), HTML, trickle_s=0.05)
    with LocalSite(routes(**{ITEM[0]: trickle})) as site:
        run = Run(site, tmp_path)
        began = time.monotonic()
        report = run({"deadline_s": 0.8, "read_timeout_s": 0.5})
        took = time.monotonic() - began
    assert report.by_reason() == {"deadline": 1} and site.hits(ITEM[0]) == 1
    assert took < 8       # the page alone would trickle for minutes
    assert run.queue()[site.url(ITEM[0])]["reason"] == "deadline"
