"""``cchc sites check``: each site's listing fetched once through the crawler's fetcher and
read by its adapter, with a verdict a page. The pages are the saved (rebuilt, see
corpus/sites/README.md) pages under corpus/sites, served from 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sitecheck import check_sites, saved_listings
from pipeline.sites.registry import Site, load
from tests.conftest import REPO
from tests.sitefixture import Answer, LocalSite

SAVED = REPO / "corpus" / "sites"
NUKEVIET_LISTING = (SAVED / "nukeviet" / "dienbien-sct-listing.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


# Offline, on the bundled registry: what each saved (rebuilt) listing shows, read by eye.
@pytest.mark.parametrize(("site_id", "verdict", "items", "first_title", "first_date"), [
    ("dienbien-sct", "ok", 1, "Kế hoạch Cải cách hành chính năm 2022", None),
    ("quangbinh-stttt", "ok", 1, "Sở Thông tin và Truyền thông dẫn đầu Chỉ số cải cách "
     "hành chính năm 2022 của các sở, ban, ngành cấp tỉnh", "2023-02-23"),
    ("damha-portal", "ok", 1, "Quý I/2020 không có hồ sơ giải quyết thủ tục hành chính "
     "quá hạn", None),
    ("vinhphuc-thongbao", "ok", 2, None, "2021-09-29"),
    # read by the site's own selectors (h4 links, span.post-ago dates), not its adapter
    ("hoabinh-portal", "ok", 1, "9 tháng đầu năm, tỷ lệ giải quyết hồ sơ thủ tục hành "
     "chính đạt 96,6%", "2022-09-21"),
    ("congbao", "no saved page", 0, None, None),
    ("vbpl", "no saved page", 0, None, None),
])
def test_saved_pages_of_the_bundled_sites(site_id: str, verdict: str, items: int,
                                           first_title: str | None,
                                           first_date: str | None) -> None:
    site = next(s for s in load() if s.id == site_id)
    [check] = check_sites([site], live=False)
    assert (check.verdict, check.items, check.first_date) == (verdict, items, first_date)
    if first_title:
        assert check.first_title == first_title
    if verdict == "ok":
        assert check.status == 200 and check.source == "saved page"


def test_saved_listings_are_found_by_site_id() -> None:
    site = next(s for s in load() if s.id == "dienbien-sct")
    [(url, page)] = saved_listings(site)
    assert url == "http://socongthuong.dienbien.gov.vn/vi/news/Tin-Cai-cach-hanh-chinh/"
    assert page.name == "dienbien-sct-listing.html"


def loopback(site_id: str, base: str, **extra: object) -> Site:
    return Site.model_validate({
        "id": site_id, "province": "Điện Biên", "body": "Sở Công Thương",
        "family": "nukeviet", "base_url": base, "start_urls": [base + "vi/news/cchc/"],
        "delay_s": 1, "allow_private_addresses": True, **extra})


def test_live_verdicts_on_loopback_sites() -> None:
    """The saved NukeViet listing read by its adapter (ok) and by selectors that match
    nothing on it (no items); a site whose robots.txt says no (blocked); a 404 (error)."""
    with LocalSite({"/vi/news/cchc/": Answer(200, NUKEVIET_LISTING, HTML)}) as open_site, \
            LocalSite({"/robots.txt": Answer(200, b"User-agent: *\nDisallow: /vi/\n"),
                       "/vi/news/cchc/": Answer(200, NUKEVIET_LISTING, HTML)}) as closed:
        sites = [
            loopback("adapter-finds", open_site.url("/")),
            loopback("selector-misses", open_site.url("/"),
                     selectors={"listing": "//div[contains(@class,'list-items')]//a"}),
            loopback("robots-says-no", closed.url("/")),
            loopback("gone", open_site.url("/"), start_urls=[open_site.url("/vi/cu/")]),
        ]
        checks = check_sites(sites, live=True)
        assert closed.hits("/vi/news/cchc/") == 0
        assert open_site.hits("/vi/news/cchc/") == 2  # once per site, never retried
    got = [(c.site, c.verdict, c.status, c.items) for c in checks]
    assert got == [("adapter-finds", "ok", 200, 1), ("selector-misses", "no items", 200, 0),
                   ("robots-says-no", "blocked", None, 0), ("gone", "error", 404, 0)]
    assert "list-items" in checks[1].detail and "robots.txt" in checks[2].detail


def test_cli_checks_every_site_offline_as_json() -> None:
    out = cchc("sites", "check", "--all", "--json")
    assert out.returncode == 0, out.stderr
    rows = {r["site"]: r for r in json.loads(out.stdout)}
    assert rows["dienbien-sct"]["verdict"] == "ok"
    assert rows["travinh-portal"]["verdict"] == "no saved page"
    assert len(rows) == len(load())


def test_cli_table_and_exit_code_when_a_selector_finds_nothing(tmp_path: Path) -> None:
    with LocalSite({"/vi/news/cchc/": Answer(200, NUKEVIET_LISTING, HTML)}) as local:
        base = local.url("/")
        reg = tmp_path / "sites.yaml"
        reg.write_text(f"""- id: selector-misses
  province: Điện Biên
  body: Sở Công Thương
  family: nukeviet
  base_url: {base}
  start_urls: [{base}vi/news/cchc/]
  selectors:
    listing: "//ul[@class='no-such-list']//a"
  delay_s: 1
  allow_private_addresses: true
""", encoding="utf-8")
        out = cchc("sites", "check", "--all", "--live", "--registry", str(reg))
    assert out.returncode == 1, out.stderr
    [header, line] = out.stdout.splitlines()
    assert header.split()[:5] == ["site", "verdict", "http", "items", "first"]
    assert line.split()[:5] == ["selector-misses", "no", "items", "200", "0"]


def test_validate_only_and_bad_selectors(tmp_path: Path) -> None:
    reg = tmp_path / "sites.yaml"
    reg.write_text("""- id: bad-xpath
  province: Điện Biên
  body: Sở Công Thương
  family: nukeviet
  base_url: http://socongthuong.dienbien.gov.vn
  start_urls: [http://socongthuong.dienbien.gov.vn/vi/news/]
  selectors:
    listing: "//div[@class='x'"
""", encoding="utf-8")
    out = cchc("sites", "check", "--validate-only", "--registry", str(reg))
    assert out.returncode == 1 and "selectors.listing" in out.stderr
    assert cchc("sites", "check", "--validate-only").returncode == 0


def walkthrough_commands() -> list[list[str]]:
    """The ``cchc`` commands of the README's "Adding a site", as written (``--live`` ones
    left out: they need the network)."""
    import re
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a site", 1)[1].split("\n## ", 1)[0]
    out = []
    for block in re.findall(r"```sh\n(.*?)```", section, re.S):
        for line in block.splitlines():
            words = shlex.split(line.strip(), comments=True)
            if words and words[0] == "cchc" and "--live" not in words:
                out.append(words[1:])
    return out


def test_readme_walkthrough_commands_run_on_a_fresh_clone() -> None:
    commands = walkthrough_commands()
    assert ["sites", "check", "damha-portal"] in commands and len(commands) >= 3
    for args in commands:
        out = cchc(*args)
        assert out.returncode == 0, (args, out.stdout[-1000:], out.stderr[-1000:])
    assert "damha-portal" in cchc("sites", "check", "damha-portal").stdout


@pytest.mark.parametrize(("error", "verdict"), [
    ("SelectorsFoundNothing", "no items"),
    ("RobotsDisallowed", "blocked"),
    ("OffSite", "blocked"),
    ("PrivateAddress", "blocked"),
    (403, "blocked"),
    (429, "blocked"),
    (404, "error"),
    (503, "error"),
    ("FetchTimeout", "error"),
])
def test_verdict_of_each_failure(error: str | int, verdict: str) -> None:
    from pipeline import fetcherrors
    from pipeline.sitecheck import verdict_of
    from pipeline.sites.base import SelectorsFoundNothing

    url = "https://snv.langson.gov.vn/tin-tuc/"
    if isinstance(error, int):
        failure = fetcherrors.HttpStatusError(url, error, "")
    elif error == "SelectorsFoundNothing":
        failure = SelectorsFoundNothing(url, "no items")
    else:
        failure = getattr(fetcherrors, error)(url, "refused")
    assert verdict_of(failure) == verdict
