"""Site registry validation and the generic adapter's parsing rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import ErrorPage
from pipeline.sites import adapters, generic
from pipeline.sites.base import SelectorsFoundNothing, attachment_links, parse_html
from pipeline.sites.registry import RegistryError, Site, check, load


def site(**kw) -> Site:
    base = {"id": "x-snv", "province": "Lạng Sơn", "body": "Sở Nội vụ", "family": "generic",
            "base_url": "https://snv.langson.gov.vn", "start_urls": ["https://snv.langson.gov.vn/rss"]}
    return Site.model_validate({**base, **kw})


def test_bundled_registry_is_valid() -> None:
    sites = load()
    assert sites and all(s.family in adapters() for s in sites)


@pytest.mark.parametrize(("changes", "problem"), [
    ({"family": "joomla"}, "unknown family"),
    ({"province": "Atlantis"}, "not in the gazetteer"),
    ({"delay_s": 0.1}, "below"),
    ({"start_urls": ["https://other.gov.vn/rss"]}, "is not on snv.langson.gov.vn"),
    ({"start_urls": ["/rss"]}, "not an absolute"),
])
def test_check_names_each_problem(changes: dict, problem: str) -> None:
    assert any(problem in p for p in check([site(**changes)]))


def test_duplicate_ids_and_bad_files_are_reported(tmp_path: Path) -> None:
    assert any("duplicate" in p for p in check([site(), site()]))
    bad = tmp_path / "r.yaml"
    bad.write_text("- id: BAD ID\n  province: Lạng Sơn\n", encoding="utf-8")
    with pytest.raises(RegistryError, match="BAD ID"):
        load(bad)


RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Cải cách hành chính</title>
<item><title>Kết quả giải quyết TTHC quý I/2024</title><link>https://snv.langson.gov.vn/tin/123.html</link>
<pubDate>Tue, 02 Apr 2024 08:00:00 +0700</pubDate></item>
<item><title>Thông báo lịch tiếp công dân</title><link>/tin/124.html</link></item>
</channel></rss>""".encode()

SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://snv.langson.gov.vn/sitemap-1.xml</loc></sitemap></sitemapindex>"""

LISTING = """<html><body><nav><a href="/gioi-thieu/co-cau-to-chuc-cua-so-123.html">Giới thiệu
cơ cấu tổ chức của Sở</a></nav><div class="list-news">
<div class="item"><a href="/tin-tuc/cai-cach-hanh-chinh/so-noi-vu-kiem-tra-cchc-456.html">Sở Nội vụ
kiểm tra công tác CCHC tại huyện Lộc Bình</a> <span>15/03/2024</span></div>
<div class="item"><a href="/tin-tuc/cai-cach-hanh-chinh/ket-qua-chi-so-par-457.html">Công bố kết quả
Chỉ số CCHC năm 2023</a> <span>10/03/2024</span></div></div>
<div class="pagination"><a href="/tin-tuc/cai-cach-hanh-chinh?page=2">2</a>
<a href="/tin-tuc/cai-cach-hanh-chinh?page=2">Trang sau</a></div></body></html>""".encode()


def test_rss_items_with_titles_and_dates() -> None:
    listing = generic.parse_listing(RSS, "https://snv.langson.gov.vn/rss")
    assert [i.url for i in listing.items] == ["https://snv.langson.gov.vn/tin/123.html",
                                              "https://snv.langson.gov.vn/tin/124.html"]
    assert listing.items[0].date == date(2024, 4, 2)
    assert listing.items[0].title == "Kết quả giải quyết TTHC quý I/2024"


def test_sitemap_index_is_followed() -> None:
    listing = generic.parse_listing(SITEMAP_INDEX, "https://snv.langson.gov.vn/sitemap.xml")
    assert listing.follow == ["https://snv.langson.gov.vn/sitemap-1.xml"] and not listing.items


def test_html_listing_skips_menus_and_finds_next_page() -> None:
    url = "https://snv.langson.gov.vn/tin-tuc/cai-cach-hanh-chinh"
    listing = generic.parse_listing(LISTING, url)
    assert [i.title for i in listing.items] == [
        "Sở Nội vụ kiểm tra công tác CCHC tại huyện Lộc Bình",
        "Công bố kết quả Chỉ số CCHC năm 2023"]
    assert listing.items[0].date == date(2024, 3, 15)
    assert listing.next_url == url + "?page=2"


def test_listing_without_items_fails_loudly() -> None:
    body = (b"<html><body><p>Trang chu</p><nav><a href='/a-1234.html'>Tin tuc moi nhat "
            b"hom nay</a></nav></body></html>")
    with pytest.raises(SelectorsFoundNothing, match="no article links"):
        generic.parse_listing(body, "https://snv.langson.gov.vn/tin-tuc")


@pytest.mark.parametrize("body", [
    "<html><head><title>Không tìm thấy trang</title></head><body>Xin lỗi</body></html>",
    "<html><body><h1>404 Not Found</h1></body></html>",
    "<html><body><form>Tên đăng nhập <input name=u> Mật khẩu <input type=password>"
    "</form></body></html>",
    "<html><body><p>Trang đang tải…</p></body></html>",
])
def test_error_pages_are_not_items(body: str) -> None:
    with pytest.raises(ErrorPage):
        generic.parse_item(body.encode(), "https://snv.langson.gov.vn/tin/1.html")


def test_item_page_attachments() -> None:
    text = "Sở Nội vụ tỉnh Lạng Sơn thông báo kết quả giải quyết thủ tục hành chính. " * 5
    body = (f"<html><head><meta property='og:title' content='Thông báo số 12/TB-SNV'>"
            f"</head><body><p>{text}</p><p>Ngày đăng: 05/01/2024</p>"
            "<a href='/files/tb12.pdf'>Tải về</a><a href='/files/tb12.pdf'>PDF</a>"
            "<a href='/Download.aspx?id=9' download>Văn bản</a></body></html>").encode()
    page = generic.parse_item(body, "https://snv.langson.gov.vn/tin/1.html")
    assert page.title == "Thông báo số 12/TB-SNV" and page.date == date(2024, 1, 5)
    assert page.attachments == ["https://snv.langson.gov.vn/files/tb12.pdf",
                                "https://snv.langson.gov.vn/Download.aspx?id=9"]


def test_attachment_links_ignore_ordinary_pages() -> None:
    tree = parse_html(b"<html><body><a href='/tin/2.html'>Tin</a></body></html>",
                      "https://a.gov.vn/")
    assert attachment_links(tree, "https://a.gov.vn/") == []


@pytest.mark.parametrize(("evidence", "problem"), [
    ({"kind": "scraper-selectors", "showed": "a[href*='van-ban']",
      "repo": "diepxuan/diepxuan.github.io"}, "needs path, commit"),
    ({"kind": "stored-page-text", "showed": "Drupal ?page=N paging"}, "needs url"),
    ({"kind": "rebuilt", "showed": "NukeViet viewcat_page.tpl"}, "needs path"),
    ({"kind": "scraper-selectors", "showed": "h4 > a", "code_search_id": "10083479184"},
     None),
    ({"kind": "source-url", "showed": "an item URL",
      "url": "https://snv.langson.gov.vn/tin/123.html"}, None),
])
def test_evidence_says_where_it_comes_from(evidence: dict, problem: str | None) -> None:
    if problem is None:
        assert site(evidence=[evidence]).evidence[0].kind == evidence["kind"]
    else:
        with pytest.raises(ValueError, match=problem):
            site(evidence=[evidence])


@pytest.mark.parametrize(("changes", "problem"), [
    ({"level": "national"}, "a national source has no province"),
    ({"level": "national", "province": None}, None),
    ({"selectors": {"listing": "//div[@class='x'"}}, "is not XPath"),
    ({"selectors": {"listing": "//h4/a", "date": "following::span[1]"}}, None),
])
def test_levels_and_selectors(changes: dict, problem: str | None) -> None:
    found = check([site(**changes)])
    assert any(problem in p for p in found) if problem else not found


def test_site_selectors_read_a_listing() -> None:
    from pipeline.sites import read_listing

    body = ("<html><body><div class='row'><h4><a href='/-/view-article/7'>9 tháng đầu năm, tỷ lệ "
            "giải quyết hồ sơ thủ tục hành chính đạt 96,6%</a></h4>"
            "<span class='post-ago'>(21/09/2022)</span></div></body></html>").encode()
    chosen = site(selectors={"listing": "//h4/a",
                             "date": "following::span[contains(@class,'post-ago')][1]"})
    [item] = read_listing(chosen, body, "https://snv.langson.gov.vn/tin").items
    assert (item.url, item.date) == ("https://snv.langson.gov.vn/-/view-article/7",
                                     date(2022, 9, 21))
    with pytest.raises(SelectorsFoundNothing, match="listing selector"):
        read_listing(site(selectors={"listing": "//h3/a"}), body, "https://snv.langson.gov.vn/")


def test_bundled_sites_are_enabled_only_on_a_saved_page() -> None:
    """A bundled site is enabled only when a page saved from it as served is under
    corpus/sites (tests/test_site_corpus.py runs it); rebuilt pages do not count."""
    from tests.conftest import REPO

    for s in load():
        saved = [e.path for e in s.evidence if e.kind == "saved-page"]
        assert not s.enabled or (saved and all((REPO / p).is_file() for p in saved)), s.id
        for e in s.evidence:
            if e.kind in ("rebuilt", "saved-page"):
                assert (REPO / e.path).is_file(), f"{s.id}: {e.path}"
