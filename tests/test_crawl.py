"""The crawler end to end against a small misbehaving site on 127.0.0.1.

The site serves real texts (corpus/texts, a PDF rendering of a seed) behind the troubles
provincial portals really give: robots.txt forbidding a folder, 503 then success, 429
with Retry-After, a page that hangs past the read time-out, a 200 that says "Không tìm
thấy trang", an attachment link answering a web page, and pages that change between runs.
"""

from __future__ import annotations

import html
import json
import random
from datetime import date
from pathlib import Path

import pytest

from pipeline.fetch import Fetcher, FetchPolicy
from pipeline.harvest import crawl_site, on_topic
from pipeline.raw import RawStore
from pipeline.sites.registry import Site
from pipeline.store import open_db
from pipeline.store.crawlrecords import attachments_of
from tests.conftest import REPO
from tests.sitefixture import Answer, LocalSite

TEXTS = REPO / "corpus" / "texts"
PDF = (REPO / "corpus" / "fixtures" / "pdf" / "003_3f0e39a7207b2158.pdf").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def article(name: str, extra: str = "", links: str = "") -> bytes:
    """A news page around a real corpus text (its first line is the headline)."""
    text = (TEXTS / f"{name}.txt").read_text(encoding="utf-8")
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{name}</title></head>"
            f"<body><nav><a href='/'>Trang chủ</a></nav><article class='news-content'>"
            f"{paras}{extra}{links}</article><footer>Sở Nội vụ</footer></body></html>"
            ).encode()


def listing(*items: tuple[str, ...], next_url: str | None = None) -> bytes:
    """A news list; an item is (url, title) dated by its place, or (url, title, date)."""
    rows = "".join(f"<li><a href='{u}'>{html.escape(t)}</a> "
                   f"<span>{rest[0] if rest else f'0{i + 1}/03/2024'}</span></li>"
                   for i, (u, t, *rest) in enumerate(items))
    more = f"<div class='paging'><a href='{next_url}'>Trang sau</a></div>" if next_url else ""
    return (f"<html><body><nav><a href='/gioi-thieu-chung-ve-so-noi-vu-1.html'>Giới thiệu "
            f"chung về Sở Nội vụ</a></nav><ul class='list-news'>{rows}</ul>{more}"
            "</body></html>").encode()


PAGE1 = [("/tin-tuc/a-101.html", "Kết quả giải quyết hồ sơ thủ tục hành chính quý III",
          "01/03/2024"),
         ("/private/c-103.html", "Tài liệu nội bộ không công khai của Sở", "02/03/2024"),
         ("/tin-tuc/b-102.html", "Hà Nội tiếp tục xếp thứ 3 về chỉ số CCHC", "03/03/2024")]
PAGE2 = [("/tin-tuc/d-104.html", "Sơn La công bố kết quả Chỉ số CCHC năm 2024", "01/03/2024"),
         ("/tin-tuc/e-105.html", "Bài viết đã bị gỡ khỏi cổng thông tin", "02/03/2024"),
         ("/tin-tuc/f-106.html", "Trang này trả lời rất chậm quá thời gian chờ", "03/03/2024")]
ERROR_PAGE = ("<html><head><title>Không tìm thấy trang</title></head><body><p>Xin lỗi, "
              "trang không tồn tại.</p></body></html>").encode()
PLAN_LINKS = ("<p>Văn bản đính kèm: <a href='/files/kh-101.pdf'>Kế hoạch (PDF)</a> "
              "<a href='/files/mat.pdf'>Bản cũ</a></p>")


def routes() -> dict:
    return {
        "/robots.txt": Answer(200, b"User-agent: *\nDisallow: /private/\n"),
        "/tin-tuc/": Answer(200, listing(*PAGE1, next_url="/tin-tuc/?page=2"), HTML),
        "/tin-tuc/?page=2": [Answer(503), Answer(200, listing(*PAGE2), HTML)],
        "/tin-tuc/a-101.html": Answer(200, article("vinhphuc_2021_q3_tthc", links=PLAN_LINKS),
                                      HTML),
        "/tin-tuc/b-102.html": [Answer(429, b"", {"Retry-After": "3"}),
                                Answer(200, article("hanoi_2024_par_index"), HTML)],
        "/tin-tuc/d-104.html": Answer(200, article("sonla_2025_par_index"),
                                      {**HTML, "ETag": '"d1"'}),
        "/tin-tuc/e-105.html": Answer(200, ERROR_PAGE, HTML),
        "/tin-tuc/f-106.html": Answer(200, article("sonla_2018_hcc_hoso"), HTML, delay_s=1.2),
        "/private/c-103.html": Answer(200, article("quangnam_2018_hcc_hoso"), HTML),
        "/files/kh-101.pdf": Answer(200, PDF, {
            "Content-Type": "application/pdf",
            "Content-Disposition": 'attachment; filename="../../ke-hoach 101.pdf"'}),
        "/files/mat.pdf": Answer(200, ERROR_PAGE, HTML),
    }


@pytest.fixture()
def env(tmp_path: Path):
    sleeps = Sleeps()
    policy = FetchPolicy(delay_s=0, read_timeout_s=0.4, connect_timeout_s=0.5,
                         max_retries=1, backoff_base_s=0.01)
    with LocalSite(routes()) as site, Fetcher(policy, sleep=sleeps,
                                              rng=random.Random(3)) as fetcher:
        entry = Site(id="test-snv", province="Vĩnh Phúc", body="Sở Nội vụ", family="generic",
                     base_url=site.url("/"), start_urls=[site.url("/tin-tuc/")], delay_s=0,
                     allow_private_addresses=True)
        db = open_db(tmp_path / "cchc.db")
        yield {"site": site, "entry": entry, "db": db, "fetcher": fetcher,
               "raw": RawStore(tmp_path / "raw"), "sleeps": sleeps}


def crawl(env: dict, **kw):
    return crawl_site(env["entry"], env["db"], env["fetcher"], env["raw"], **kw)


def test_crawl_stores_new_items_retries_and_reports(env: dict) -> None:
    site, db = env["site"], env["db"]
    report = crawl(env)
    assert report.counts() == {"new": 3, "changed": 0, "unchanged": 0, "skipped": 0,
                               "failed": 4, "files": 1, "given_up": 0}
    assert report.by_reason() == {"robots.txt": 1, "error page": 1, "timeout": 1,
                                  "not a file": 1}
    assert site.hits("/private/c-103.html") == 0
    assert site.hits("/tin-tuc/?page=2") == 2 and site.hits("/tin-tuc/b-102.html") == 2
    assert site.hits("/tin-tuc/f-106.html") == 2      # one retry after the time-out
    assert 3 in env["sleeps"] and report.retries == 3
    # 3 item pages and the PDF are documents; the error page is not.
    sources = {r[0] for r in db.execute("SELECT source FROM documents")}
    assert sources == {site.url(p) for p in ("/tin-tuc/a-101.html", "/tin-tuc/b-102.html",
                                             "/tin-tuc/d-104.html", "/files/kh-101.pdf")}
    pdf_doc = db.execute("SELECT format, site, metadata FROM documents WHERE source = ?",
                         [site.url("/files/kh-101.pdf")]).fetchone()
    assert pdf_doc[:2] == ("pdf", "test-snv") and "ke-hoach 101.pdf" in pdf_doc[2]
    [link] = attachments_of(db, site.url("/tin-tuc/a-101.html"))
    assert link["filename"] == "ke-hoach 101.pdf" and link["format"] == "pdf"
    assert env["raw"].get(link["sha256"]) == PDF
    run = next(db["crawl_runs"].rows_where("id = ?", [report.run_id]))
    assert (run["new"], run["failed"], run["files"]) == (3, 4, 1)
    assert json.loads(run["failures"])["by_reason"]["timeout"] == 1
    fetched = {r["url"]: r for r in db["fetches"].rows_where("kind = 'item'")}
    error_row = fetched[site.url("/tin-tuc/e-105.html")]
    assert error_row["status"] == 200 and error_row["ok"] == 0 and error_row["sha256"]
    # Each failed URL waits in the retry queue, due at the next run.
    queue = {r["url"]: r for r in db["crawl_retries"].rows}
    assert {u: (r["kind"], r["reason"], r["attempts"]) for u, r in queue.items()} == {
        site.url("/private/c-103.html"): ("item", "robots.txt", 1),
        site.url("/tin-tuc/e-105.html"): ("item", "error page", 1),
        site.url("/tin-tuc/f-106.html"): ("item", "timeout", 1),
        site.url("/files/mat.pdf"): ("attachment", "not a file", 1)}
    assert queue[site.url("/files/mat.pdf")]["page_url"] == site.url("/tin-tuc/a-101.html")
    assert queue[site.url("/tin-tuc/f-106.html")]["listed_date"] == "2024-03-03"
    assert all(r["next_try_at"] == r["last_failed_at"] for r in queue.values())


def test_second_crawl_fetches_only_what_is_new_and_full_only_what_changed(env: dict) -> None:
    site, db = env["site"], env["db"]
    crawl(env)
    hits_before = {p: site.hits(p) for p in site.routes}
    documents_before = db["documents"].count
    # A new notice appears on top of the first page.
    site.set("/tin-tuc/", Answer(200, listing(
        ("/tin-tuc/g-107.html", "Khánh Hòa khắc phục hạn chế trong kết quả CCHC",
         "04/03/2024"), *PAGE1, next_url="/tin-tuc/?page=2"), HTML))
    site.set("/tin-tuc/g-107.html", Answer(200, article("khanhhoa_2021_xep_hang_cchc"), HTML))
    second = crawl(env)
    assert second.counts()["new"] == 1
    assert second.stopped_at_known == site.url("/tin-tuc/a-101.html")
    for path in ("/tin-tuc/a-101.html", "/tin-tuc/b-102.html", "/tin-tuc/?page=2"):
        assert site.hits(path) == hits_before[path]          # not asked again
    # What failed on the first run is tried again (and fails again), not forgotten.
    assert second.retried == 4 and second.queued == 4 and not second.given_up
    assert {f.url for f in second.failures} == {site.url(p) for p in (
        "/private/c-103.html", "/tin-tuc/e-105.html", "/tin-tuc/f-106.html", "/files/mat.pdf")}
    assert site.hits("/tin-tuc/e-105.html") == hits_before["/tin-tuc/e-105.html"] + 1
    # Backfill: a is edited, d answers 304 to its ETag, b comes back byte for byte.
    site.set("/tin-tuc/a-101.html", Answer(200, article(
        "vinhphuc_2021_q3_tthc", extra="<p>Cập nhật: bổ sung số liệu tháng 10.</p>",
        links=PLAN_LINKS), HTML))
    third = crawl(env, full=True)
    counts = third.counts()
    assert (counts["changed"], counts["unchanged"], counts["new"]) == (1, 3, 0)
    d_request = [r for r in site.requests if r.path == "/tin-tuc/d-104.html"][-1]
    assert d_request.headers.get("If-None-Match") == '"d1"'
    assert db["documents"].count == documents_before + 2      # g, and a's new text
    last_b = list(db["fetches"].rows_where("url = ?", [site.url("/tin-tuc/b-102.html")],
                                           order_by="id"))
    assert last_b[-1]["sha256"] == last_b[-2]["sha256"] and last_b[-1]["ok"] == 1


def test_since_and_max_items_bound_the_crawl(env: dict) -> None:
    report = crawl(env, since=date(2024, 3, 3), max_items=5)
    # Only the third item of each page is dated on or after 03/03/2024 (b and f).
    assert report.outcomes["new"] == 1 and report.counts()["skipped"] == 0
    assert report.by_reason() == {"timeout": 1}
    assert env["site"].hits("/tin-tuc/a-101.html") == 0
    assert crawl(env, max_items=1, full=True).counts()["new"] == 1


def test_topics_keep_only_items_on_administrative_reform(env: dict) -> None:
    env["entry"] = env["entry"].model_copy(update={"topics": ["chỉ số CCHC"]})
    report = crawl(env)
    assert report.outcomes["new"] == 2 and report.outcomes["skipped"] == 1


def test_circuit_breaker_stops_the_site_and_says_so(tmp_path: Path) -> None:
    policy = FetchPolicy(delay_s=0, max_retries=0, breaker_threshold=2)
    with LocalSite({"/a": Answer(500), "/b": Answer(502), "/c": Answer(200, b"x")}) as site, \
            Fetcher(policy, sleep=Sleeps()) as fetcher:
        entry = Site(id="down", province="Hà Nội", body="UBND", family="generic",
                     base_url=site.url("/"), start_urls=[site.url(p) for p in ["/a", "/b", "/c"]],
                     delay_s=0, allow_private_addresses=True)
        report = crawl_site(entry, open_db(tmp_path / "db"), fetcher, RawStore(tmp_path))
    assert report.circuit_open and not report.ok and site.hits("/c") == 0
    assert report.by_reason() == {"http 500": 1, "http 502": 1, "circuit open": 1}


def test_listing_whose_selectors_find_nothing_fails_loudly(env: dict) -> None:
    env["site"].set("/tin-tuc/", Answer(200, b"<html><body><p>Trang chu</p></body></html>",
                                        HTML))
    report = crawl(env)
    assert report.by_reason() == {"selectors found nothing": 1} and not report.ok


@pytest.mark.parametrize(("topics", "text", "expected"), [
    (["cải cách hành chính"], "KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2023", True),
    (["TTHC"], "giải quyết tthc đúng hạn", True),
    (["một cửa"], "Bộ phận Một Cửa huyện", True),
    (["một cửa"], "mở cửa hàng lúc 7 giờ", False),
    (["chỉ số CCHC"], "chỉ số giá tiêu dùng", False),
])
def test_on_topic(topics: list[str], text: str, expected: bool) -> None:
    assert on_topic(topics, text) is expected
