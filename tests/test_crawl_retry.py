"""Failed URLs are tried again on later runs, then given up loudly; known items that
changed are noticed without ``--full``. Real loopback servers, bounded runs.

The probes of issue 17: an RSS lists ``[ok, flaky]`` and ``flaky`` answers 500 on the
first run; the second run used to stop at ``ok`` (known) and never ask for ``flaky``
again.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pipeline.fetch import Fetcher, FetchPolicy
from pipeline.harvest import crawl_site
from pipeline.raw import RawStore
from pipeline.sites.registry import Site
from pipeline.store import open_db
from tests.sitefixture import Answer, LocalSite
from tests.test_crawl import HTML, PDF, article, listing

RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


def rss(*items: tuple[str, str, str | None]) -> Answer:
    """An RSS feed of (path, title, pubDate or None) on the same server."""
    entries = "".join(
        f"<item><title>{t}</title><link>{u}</link>"
        + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>" for u, t, d in items)
    return Answer(200, (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                        f"<title>Cải cách hành chính</title>{entries}</channel></rss>").encode(),
                  RSS)


OK = ("/tin/ok-1.html", "Kết quả giải quyết hồ sơ thủ tục hành chính quý III",
      "Tue, 02 Apr 2024 08:00:00 +0700")
FLAKY = ("/tin/flaky-2.html", "Sơn La công bố kết quả Chỉ số CCHC năm 2024",
         "Mon, 01 Apr 2024 08:00:00 +0700")


class Run:
    """One site on a loopback server, crawled through the Python API with short limits."""

    def __init__(self, site: LocalSite, tmp: Path, **entry: object) -> None:
        self.site, self.db, self.raw = site, open_db(tmp / "cchc.db"), RawStore(tmp / "raw")
        self.entry = Site(**{
            "id": "loopback-snv", "province": "Lạng Sơn", "body": "Sở Nội vụ",
            "family": "generic", "base_url": site.url("/"), "start_urls": [site.url("/rss")],
            "delay_s": 0, "allow_private_addresses": True, "retry_backoff_h": 0, **entry})

    def __call__(self, policy: dict | None = None, **options: object):
        policy = {"delay_s": 0, "max_retries": 0, "read_timeout_s": 1,
                  "connect_timeout_s": 1, **(policy or {})}
        with Fetcher(FetchPolicy(**policy), sleep=lambda s: None,
                     rng=random.Random(1)) as fetcher:
            return crawl_site(self.entry, self.db, fetcher, self.raw, **options)

    def queue(self) -> dict[str, dict]:
        return {r["url"]: r for r in self.db["crawl_retries"].rows}

    def documents(self) -> set[str]:
        return {r[0] for r in self.db.execute("SELECT source FROM documents")}


@pytest.fixture()
def flaky(tmp_path: Path):
    routes = {"/rss": rss(OK, FLAKY),
              OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
              FLAKY[0]: [Answer(500), Answer(200, article("sonla_2025_par_index"), HTML)]}
    with LocalSite(routes) as site:
        yield Run(site, tmp_path)


def test_the_flaky_item_is_stored_on_the_second_run(flaky: Run) -> None:
    site = flaky.site
    first = flaky()
    assert (first.counts()["new"], first.by_reason(), first.queued) == (1, {"http 500": 1}, 1)
    second = flaky()
    assert second.ok and second.counts()["new"] == 1 and second.retried == 1
    assert second.stopped_at_known == site.url(OK[0])       # the listing still stops there
    assert site.url(FLAKY[0]) in flaky.documents() and flaky.queue() == {}
    assert site.hits(FLAKY[0]) == 2 and site.hits(OK[0]) == 1
    third = flaky()
    assert third.ok and third.retried == 0 and site.hits(FLAKY[0]) == 2


def test_a_failed_url_is_given_up_after_max_attempts_and_reported(tmp_path: Path) -> None:
    routes = {"/rss": rss(OK, FLAKY), OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
              FLAKY[0]: Answer(500)}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path, max_attempts=3)
        reports = [run() for _ in range(4)]
    assert [len(r.given_up) for r in reports] == [0, 0, 1, 0]
    [given_up] = reports[2].given_up
    assert (given_up.url, given_up.attempts, given_up.reason) == (site.url(FLAKY[0]), 3,
                                                                   "http 500")
    assert reports[3].ok and reports[3].given_up_before == 1    # still said, not tried
    assert site.hits(FLAKY[0]) == 3
    row = run.queue()[site.url(FLAKY[0])]
    assert row["attempts"] == 3 and row["given_up_at"] and row["next_try_at"] is None
    run_row = next(run.db["crawl_runs"].rows_where("id = ?", [reports[2].run_id]))
    assert run_row["given_up"] == 1 and site.url(FLAKY[0]) in run_row["failures"]


def test_retry_given_up_tries_once_more_and_a_success_clears_it(tmp_path: Path) -> None:
    routes = {"/rss": rss(OK, FLAKY), OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
              FLAKY[0]: [Answer(500), Answer(200, article("sonla_2025_par_index"), HTML)]}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path, max_attempts=1)
        assert len(run().given_up) == 1
        assert run().retried == 0 and site.hits(FLAKY[0]) == 1
        again = run(retry_only=True, retry_given_up=True)
    assert again.ok and again.counts()["new"] == 1 and run.queue() == {}


def test_backoff_waits_between_later_tries(tmp_path: Path) -> None:
    routes = {"/rss": rss(FLAKY), FLAKY[0]: Answer(503)}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path, retry_backoff_h=6)
        run(), run()                        # the first retry comes at the next run
        third = run()
    assert site.hits(FLAKY[0]) == 2 and third.ok and third.queued == 1
    row = run.queue()[site.url(FLAKY[0])]
    due = datetime.fromisoformat(row["next_try_at"]) - datetime.fromisoformat(
        row["last_failed_at"])
    assert row["attempts"] == 2 and due == timedelta(hours=6)


def test_retry_failed_tries_only_the_queue(flaky: Run) -> None:
    site = flaky.site
    flaky()
    site.set("/rss", rss(("/tin/new-3.html", "Tin mới về một cửa", None), OK, FLAKY))
    site.set("/tin/new-3.html", Answer(200, article("khanhhoa_2021_xep_hang_cchc"), HTML))
    rss_hits = site.hits("/rss")
    report = flaky(retry_only=True)
    assert report.ok and report.counts()["new"] == 1 and report.retried == 1
    assert site.hits("/rss") == rss_hits and site.hits("/tin/new-3.html") == 0


def test_a_failed_attachment_is_fetched_again_though_its_page_is_unchanged(
        tmp_path: Path) -> None:
    links = "<p><a href='/files/kh-101.pdf'>Kế hoạch (PDF)</a></p>"
    routes = {"/rss": rss(OK), OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc",
                                                           links=links), HTML),
              "/files/kh-101.pdf": [Answer(502), Answer(200, PDF, {
                  "Content-Type": "application/pdf"})]}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path)
        first, second = run(), run()
    assert first.by_reason() == {"http 502": 1} and sum(first.files.values()) == 0
    assert second.ok and second.files["new"] == 1 and site.hits(OK[0]) == 1
    assert site.url("/files/kh-101.pdf") in run.documents()


def test_a_failed_next_page_is_walked_again(tmp_path: Path) -> None:
    routes = {"/rss": Answer(200, listing(("/tin/a-1.html", "Kết quả giải quyết hồ sơ TTHC quý I"),
                                          next_url="/rss?page=2"), HTML),
              "/rss?page=2": [Answer(500), Answer(200, listing(
                  ("/tin/b-2.html", "Sơn La công bố kết quả Chỉ số CCHC năm 2024")), HTML)],
              "/tin/a-1.html": Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
              "/tin/b-2.html": Answer(200, article("sonla_2025_par_index"), HTML)}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path)
        first, second = run(), run()
    assert first.by_reason() == {"http 500": 1}
    assert run.queue() == {} and second.ok and second.counts()["new"] == 1
    assert site.url("/tin/b-2.html") in run.documents()


def test_a_new_listing_date_refetches_a_known_item_without_full(tmp_path: Path) -> None:
    first_page = listing(("/tin/a-1.html", "Kết quả giải quyết hồ sơ TTHC quý I", "01/03/2024"),
                         ("/tin/b-2.html", "Sơn La công bố Chỉ số CCHC năm 2024", "02/02/2024"))
    routes = {"/rss": Answer(200, first_page, HTML),
              "/tin/a-1.html": Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
              "/tin/b-2.html": Answer(200, article("sonla_2025_par_index"), HTML)}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path)
        run()
        assert run().stopped_at_known == site.url("/tin/a-1.html")   # nothing new
        site.set("/rss", Answer(200, listing(
            ("/tin/a-1.html", "Kết quả giải quyết hồ sơ TTHC quý I", "15/03/2024"),
            ("/tin/b-2.html", "Sơn La công bố Chỉ số CCHC năm 2024", "02/02/2024")), HTML))
        site.set("/tin/a-1.html", Answer(200, article(
            "vinhphuc_2021_q3_tthc", extra="<p>Cập nhật: bổ sung số liệu tháng 10.</p>"), HTML))
        third = run()
        fourth = run()
    assert third.outcomes["changed"] == 1 and third.stopped_at_known == site.url("/tin/b-2.html")
    assert site.hits("/tin/a-1.html") == 2 and site.hits("/tin/b-2.html") == 1
    assert fourth.stopped_at_known == site.url("/tin/a-1.html") and site.hits("/tin/a-1.html") == 2


def test_a_conditional_request_tells_whether_an_undated_item_changed(tmp_path: Path) -> None:
    a, b = ("/tin/a-1.html", "Kết quả giải quyết hồ sơ TTHC quý I", None), \
        ("/tin/b-2.html", "Sơn La công bố Chỉ số CCHC năm 2024", None)
    routes = {"/rss": rss(a, b),
              a[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), {**HTML, "ETag": '"a1"'}),
              b[0]: Answer(200, article("sonla_2025_par_index"), {**HTML, "ETag": '"b1"'})}
    with LocalSite(routes) as site:
        run = Run(site, tmp_path)
        run()
        unchanged = run()                               # a answers 304: stop there
        site.set(a[0], Answer(200, article("vinhphuc_2021_q3_tthc", extra="<p>Cập nhật.</p>"),
                              {**HTML, "ETag": '"a2"'}))
        changed = run()                                 # a changed: on to b (304)
    assert unchanged.outcomes == {"unchanged": 1} and site.hits(b[0]) == 2
    assert changed.outcomes == {"changed": 1, "unchanged": 1}
    assert [r.headers.get("If-None-Match") for r in site.requests if r.path == a[0]] == [
        None, '"a1"', '"a1"']


def test_retry_after_over_the_maximum_queues_the_item_for_later(flaky: Run) -> None:
    site = flaky.site
    site.set(FLAKY[0], Answer(503, b"", {"Retry-After": "86400"}))
    report = flaky({"retry_after_max_s": 5})
    assert report.by_reason() == {"retry later": 1} and site.hits(FLAKY[0]) == 1
    row = flaky.queue()[site.url(FLAKY[0])]
    wait = datetime.fromisoformat(row["next_try_at"]) - datetime.now(UTC)
    assert timedelta(hours=23) < wait <= timedelta(hours=24)
    assert flaky().ok and site.hits(FLAKY[0]) == 1     # not due at the next run


@pytest.mark.parametrize("module", ["pipeline.retryqueue", "pipeline.fetchguard",
                                    "pipeline.crawlreport", "pipeline.errors",
                                    "pipeline.sites.base", "pipeline.sites.registry"])
def test_docstring_examples(module: str) -> None:
    """The examples in the crawl's docstrings are true (pytest reads only tests/ and
    extractors/ for doctests)."""
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(("text", "shown"), [
    ("https://a.gov.vn/tin\nFAILED: 0", "https://a.gov.vn/tin\\nFAILED: 0"),
    ("Báo cáo\x1b[2J.pdf", "Báo cáo\\x1b[2J.pdf"),
    ("tin\r\n\t1", "tin\\r\\n\\t1"),
    ("x\x9b31m", "x\\x9b31m"),
    ("abc\u202edcp.pdf", "abc\\u202edcp.pdf"),
    ("Sở Nội vụ tỉnh Lạng Sơn", "Sở Nội vụ tỉnh Lạng Sơn"),
])
def test_one_line(text: str, shown: str) -> None:
    from pipeline.errors import one_line

    assert one_line(text) == shown


def test_the_prefect_artifact_lists_given_up_urls_on_one_line() -> None:
    from flows import _crawl_summary
    from pipeline.crawlreport import CrawlReport
    from pipeline.fetch import HttpStatusError

    report = CrawlReport("loopback-snv")
    url = "https://a.gov.vn/tin\n| forged | row |"
    report.give_up(report.fail(url, HttpStatusError(url, 500)), 5)
    text = _crawl_summary([report])
    assert "## Given up" in text and "tin\\n| forged | row | | 5 | HTTP 500 |" in text
    assert "\n| forged" not in text


NIGHT = datetime(2024, 4, 2, 2, 5, tzinfo=UTC)


@pytest.mark.parametrize(("attempts", "retry_after_s", "wait"), [
    (1, None, timedelta(0)),                    # the next run
    (2, None, timedelta(hours=6)),
    (3, None, timedelta(hours=12)),
    (4, None, timedelta(hours=24)),
    (1, 86400, timedelta(hours=24)),            # never before the server's Retry-After
    (3, 60, timedelta(hours=12)),
])
def test_schedule(attempts: int, retry_after_s: float | None, wait: timedelta) -> None:
    from pipeline.retryqueue import RetryPolicy, schedule

    nxt = schedule(attempts, NIGHT, RetryPolicy(5, 6.0), retry_after_s)
    assert not nxt.given_up and datetime.fromisoformat(nxt.next_try_at) == NIGHT + wait
    assert schedule(5, NIGHT, RetryPolicy(5, 6.0)).given_up


@pytest.mark.parametrize(("next_try", "due"), [
    (NIGHT + timedelta(days=1), True),          # tomorrow 02:05, the cron starts 02:00
    (NIGHT + timedelta(days=1, hours=2), False),
])
def test_a_nightly_run_a_few_minutes_early_still_finds_its_urls_due(next_try: datetime,
                                                                    due: bool) -> None:
    from pipeline.retryqueue import due_at, is_due, stamp

    tomorrow = due_at(NIGHT + timedelta(days=1) - timedelta(minutes=5))
    assert is_due({"next_try_at": stamp(next_try)}, tomorrow) is due
    assert is_due({"next_try_at": None, "given_up_at": stamp(NIGHT)}, tomorrow) is False
    assert is_due({"given_up_at": stamp(NIGHT)}, tomorrow, include_given_up=True)
