"""The probes of issue 17, as a user runs them: ``cchc crawl`` in a real process against
a loopback site, twice or more, reading its summary, its exit code and the database.

- (a) an RSS lists ``[ok, flaky]``; ``flaky`` answers 500 on the first run: the second
  run stores it; one that keeps failing is given up after ``max_attempts``, said so in
  the summary and by exit code 3;
- (b) redirects into ``/private/`` or to another host are refused and reported;
- (c) a Retry-After of a day is not waited: the item waits in the queue instead;
- a URL with a newline or an ESC in it never breaks the summary over lines.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.sitefixture import Answer, LocalSite
from tests.test_crawl import HTML, article
from tests.test_crawl_cli import cchc
from tests.test_crawl_retry import FLAKY, OK, rss

pytestmark = pytest.mark.slow  # each run is a new process (a few seconds of imports)

ROBOTS = Answer(200, b"User-agent: *\nDisallow: /private/\n")


def registry(path: Path, base: str, **extra: object) -> Path:
    lines = "".join(f"  {k}: {v}\n" for k, v in extra.items())
    path.write_text(f"""- id: loopback-snv
  province: Lạng Sơn
  body: Sở Nội vụ
  family: generic
  base_url: {base}
  start_urls: [{base}rss]
  delay_s: 1
  allow_private_addresses: true
  retry_backoff_h: 0
{lines}""", encoding="utf-8")
    return path


def crawl(tmp: Path, site: LocalSite, *args: str, **extra: object):
    reg = registry(tmp / "sites.yaml", site.url("/"), **extra)
    return cchc("crawl", "loopback-snv", "--registry", str(reg), "--db", str(tmp / "cchc.db"),
                "--raw", str(tmp / "raw"), "--retries", "0", *args)


def routes(flaky: list[Answer] | Answer) -> dict:
    return {"/robots.txt": ROBOTS, "/rss": rss(OK, FLAKY),
            OK[0]: Answer(200, article("vinhphuc_2021_q3_tthc"), HTML), FLAKY[0]: flaky}


def test_probe_a_the_flaky_item_is_stored_by_a_later_run(tmp_path: Path) -> None:
    """Run 1 lists [ok, flaky] and flaky fails; ``--retry-failed`` asks only for flaky
    (still failing), not for the feed; the next plain run stops at ok, as before, and
    still stores flaky."""
    flaky = [Answer(500), Answer(500), Answer(200, article("sonla_2025_par_index"), HTML)]
    with LocalSite(routes(flaky)) as site:
        first = crawl(tmp_path, site)
        rss_hits = site.hits("/rss")
        only_queue = crawl(tmp_path, site, "--retry-failed")
        assert site.hits("/rss") == rss_hits and site.hits(OK[0]) == 1
        second = crawl(tmp_path, site)
        refused = crawl(tmp_path, site, "--retry-failed", "--full")
    assert first.returncode == 1, first.stderr
    assert "1 new, 0 changed, 0 unchanged, 0 skipped, 1 failed" in first.stderr
    assert "1 wait(s) for a later run" in first.stderr
    assert only_queue.returncode == 1 and "retried 1 failed URL(s)" in only_queue.stderr
    assert second.returncode == 0, second.stderr
    assert "1 new, 0 changed, 0 unchanged, 0 skipped, 0 failed" in second.stderr
    assert site.hits(FLAKY[0]) == 3 and site.hits(OK[0]) == 1
    assert refused.returncode == 2 and "no --full" in refused.stderr
    con = sqlite3.connect(tmp_path / "cchc.db")
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (2,)
    assert con.execute("SELECT count(*) FROM crawl_retries").fetchone() == (0,)


def test_probe_a_an_item_failing_on_every_run_is_given_up_with_exit_3(tmp_path: Path) -> None:
    with LocalSite(routes(Answer(500))) as site:
        runs = [crawl(tmp_path, site, "--max-attempts", "1") for _ in range(2)]
    assert [r.returncode for r in runs] == [3, 0], [r.stderr for r in runs]
    assert f"GIVEN UP after 1 attempts: {site.url(FLAKY[0])}: HTTP 500" in runs[0].stderr
    assert "1 URL(s) given up on earlier runs" in runs[1].stderr
    assert site.hits(FLAKY[0]) == 1
    con = sqlite3.connect(tmp_path / "cchc.db")
    assert con.execute("SELECT given_up FROM crawl_runs ORDER BY id").fetchall() == [
        (1,), (0,)]


def test_probe_b_redirects_off_the_site_are_refused_and_reported(tmp_path: Path) -> None:
    with LocalSite(routes(Answer(302, b"", {"Location": "/private/secret.html"}))) as site:
        site.set("/tin/ok-1.html", Answer(302, b"", {
            "Location": site.url("/tin/ok-1.html", host="localhost")}))
        out = crawl(tmp_path, site)
    assert out.returncode == 1
    assert "failed (robots.txt): 1" in out.stderr and "failed (off site): 1" in out.stderr
    assert f"redirect to {site.url('/private/secret.html')}: disallowed by robots.txt" \
        in out.stderr
    assert site.hits("/private/secret.html") == 0
    assert sqlite3.connect(tmp_path / "cchc.db").execute(
        "SELECT count(*) FROM documents").fetchone() == (0,)


def test_probe_c_a_day_long_retry_after_is_queued_not_waited(tmp_path: Path) -> None:
    with LocalSite(routes(Answer(503, b"", {"Retry-After": "86400"}))) as site:
        site.set(OK[0], Answer(404))            # nothing to store: a quicker process
        out = crawl(tmp_path, site, "--retry-after-max", "5")
    assert out.returncode == 1 and "failed (retry later): 1" in out.stderr
    assert site.hits(FLAKY[0]) == 1
    assert "Retry-After 86400 s, over the 5 s a run waits" in out.stderr
    later = sqlite3.connect(tmp_path / "cchc.db").execute(
        "SELECT julianday(next_try_at) - julianday('now') FROM crawl_retries WHERE url = ?",
        [site.url(FLAKY[0])]).fetchone()[0]
    assert 23 / 24 < later <= 1


def test_control_characters_in_urls_stay_escaped_on_one_line(tmp_path: Path) -> None:
    """An href with ESC sequences is percent-encoded like a browser does; a Location with
    a C1 control (CSI, 0x9b: a terminal escape too) is escaped in every message."""
    evil = "/tin/x\x1b[2J\x1b[31mFAKE-1.html"
    feed = ("<html><body><ul class='list-news'><li><a href='/tin/ok-1.html'>Kết quả giải "
            "quyết hồ sơ thủ tục hành chính quý III</a> <span>01/03/2024</span></li><li><a href="
            f"'{evil}'>Thông báo kết quả giải quyết TTHC quý I năm 2024</a> "
            "<span>02/03/2024</span></li></ul></body></html>").encode()
    with LocalSite(routes(Answer(404))) as site:
        site.set("/rss", Answer(200, feed, HTML))
        site.set("/tin/ok-1.html", Answer(302, b"", {"Location": "/private/\x9b2Jsecret"}))
        out = crawl(tmp_path, site)
    assert out.returncode == 1
    assert not any(c in out.stderr for c in "\x1b\x9b"), out.stderr
    assert "/private/\\x9b2Jsecret: disallowed by robots.txt" in out.stderr
    assert "/tin/x%1B[2J%1B[31mFAKE-1.html: HTTP 404" in out.stderr
    failures = [line for line in out.stderr.splitlines() if line.startswith("    ")]
    assert len(failures) == 2, out.stderr
    con = sqlite3.connect(tmp_path / "cchc.db")
    stored = [e for (e,) in con.execute("SELECT error FROM crawl_retries UNION ALL "
                                        "SELECT failures FROM crawl_runs UNION ALL "
                                        "SELECT error FROM fetches WHERE error IS NOT NULL")]
    assert len(stored) == 5 and not any(c in e for e in stored for c in "\x1b\x9b")
