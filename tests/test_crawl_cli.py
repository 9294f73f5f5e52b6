"""``cchc crawl`` and ``cchc sites`` as a user runs them (real process, loopback site),
and the attachment checks (file or not, safe names)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.attachments import NotAFile, check_file, safe_filename
from tests.conftest import REPO
from tests.sitefixture import Answer, LocalSite
from tests.test_crawl import ERROR_PAGE, HTML, PDF, article, listing


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def registry(path: Path, base: str, delay: float = 1) -> Path:
    path.write_text(f"""- id: loopback-snv
  province: Lạng Sơn
  body: Sở Nội vụ
  family: generic
  base_url: {base}
  start_urls: [{base}tin-tuc/]
  delay_s: {delay}
  allow_private_addresses: true
""", encoding="utf-8")
    return path


def one_article_and_an_error_page() -> dict[str, Answer]:
    """A loopback news list with one real article and one 200 that is an error page."""
    return {
        "/tin-tuc/": Answer(200, listing(
            ("/tin-tuc/a-101.html", "Kết quả giải quyết hồ sơ thủ tục hành chính quý III"),
            ("/tin-tuc/e-105.html", "Bài viết đã bị gỡ khỏi cổng thông tin")), HTML),
        "/tin-tuc/a-101.html": Answer(200, article("vinhphuc_2021_q3_tthc"), HTML),
        "/tin-tuc/e-105.html": Answer(200, ERROR_PAGE, HTML),
    }


def test_sites_lists_and_checks_the_bundled_registry() -> None:
    out = cchc("sites")
    assert out.returncode == 0 and "dienbien-sct" in out.stdout and "nukeviet" in out.stdout
    assert cchc("sites", "check").returncode == 0


def test_sites_check_names_every_problem(tmp_path: Path) -> None:
    bad = registry(tmp_path / "r.yaml", "https://snv.langson.gov.vn/", delay=0.2)
    out = cchc("sites", "check", "--registry", str(bad))
    assert out.returncode == 1 and "delay_s 0.2 is below" in out.stderr


def test_crawl_command_stores_reports_and_exits_1_on_failure(tmp_path: Path) -> None:
    routes = one_article_and_an_error_page()
    with LocalSite(routes) as site:
        reg = registry(tmp_path / "sites.yaml", site.url("/"))
        db = tmp_path / "cchc.db"
        out = cchc("crawl", "loopback-snv", "--registry", str(reg), "--db", str(db),
                   "--raw", str(tmp_path / "raw"))
    assert out.returncode == 1, out.stderr
    assert "loopback-snv: 1 new, 0 changed, 0 unchanged, 0 skipped, 1 failed" in out.stderr
    assert "failed (error page): 1" in out.stderr
    con = sqlite3.connect(db)
    assert con.execute("SELECT new, failed FROM crawl_runs").fetchall() == [(1, 1)]
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    ua = site.requests[-1].headers["User-Agent"]
    assert ua.startswith("cchc/") and "http" in ua


def test_crawl_needs_sites_or_all() -> None:
    assert cchc("crawl").returncode == 2
    assert cchc("crawl", "no-such-site").returncode == 2


@pytest.mark.parametrize(("header", "url", "expected"), [
    ('attachment; filename="../../etc/passwd"', "https://a.gov.vn/f?id=1", "passwd.pdf"),
    ("attachment; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20qu%C3%BD%20I.pdf",
     "https://a.gov.vn/f", "Báo cáo quý I.pdf"),
    ('attachment; filename="..\\\\..\\\\windows\\\\kh.docx"', "https://a.gov.vn/f", "kh.docx"),
    (None, "https://a.gov.vn/files/TB%2012-SNV.pdf", "TB 12-SNV.pdf"),
    (None, "https://a.gov.vn/Download.aspx", "Download.aspx"),
    ('attachment; filename=".."', "https://a.gov.vn/", "attachment.pdf"),
])
def test_safe_filename(header: str | None, url: str, expected: str) -> None:
    assert safe_filename(header, url, "pdf") == expected


@pytest.mark.parametrize(("data", "content_type", "fmt"), [
    (PDF, "application/pdf", "pdf"),
    (PDF, "application/octet-stream", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "application/msword", "doc"),
    (b"PK\x03\x04" + b"\0" * 100, "application/zip", "zip"),
])
def test_files_are_recognised_by_their_bytes(data: bytes, content_type: str, fmt: str) -> None:
    assert check_file(data, content_type, "https://a.gov.vn/f") == fmt


@pytest.mark.parametrize(("data", "content_type"), [
    (ERROR_PAGE, "text/html"),
    (b"plain words, not a PDF", "application/pdf"),
])
def test_non_files_are_refused(data: bytes, content_type: str) -> None:
    with pytest.raises(NotAFile):
        check_file(data, content_type, "https://a.gov.vn/f.pdf")
