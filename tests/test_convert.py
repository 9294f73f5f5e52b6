"""Converters on real-looking files made from the seeds (corpus/fixtures/README.md)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from extractors.text.view import nfc
from pipeline.convert import convert_bytes, convert_path, detect_format, legacy
from pipeline.convert.ocr import fix_ocr_confusions
from pipeline.convert.quality import garbage_reason
from pipeline.convert.text import decode
from pipeline.errors import (
    CorruptFile,
    DecodeError,
    EmptyFile,
    EncryptedFile,
    ErrorPage,
    FileTooLarge,
    UnsafeFile,
    UnsupportedFormat,
)
from tests.conftest import REPO, shared_path

FIX = REPO / "corpus" / "fixtures"
REPORT, LETTER, PLAN = "000_92b1fd73d68b9474", "002_d5467ff125b81b44", "003_3f0e39a7207b2158"


def squash(text: str) -> str:
    return " ".join(nfc(text).split())


def need_tool(name: str) -> None:
    """A test that needs a system tool fails in CI when it is missing, else skips."""
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: `make system-deps` must install it")
        pytest.skip(f"{name} not installed (make system-deps)")


@pytest.mark.parametrize(("data", "fmt"), [
    (b"%PDF-1.7\n", "pdf"),
    (b"\n%PDF-1.4\n", "pdf"),
    (b"PK\x03\x04....word/document.xml", "docx"),
    (b"PK\x03\x04....xl/workbook.xml", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"),
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff\xe0", "image"),
    (b"<!DOCTYPE html><html>", "html"),
    ("\ufeff<html lang='vi'>".encode(), "html"),
    ("Sở Nội vụ".encode(), "txt"),
])
def test_detect_format_by_magic_bytes(data: bytes, fmt: str) -> None:
    assert detect_format(data) == fmt


@pytest.mark.parametrize(("name", "encoding"), [
    ("tcvn3", "tcvn3"), ("vni", "vni"), ("viscii", "viscii"),
    ("cp1258", "windows-1258"), ("utf16", "utf-16"),
])
def test_text_encodings_decode_to_the_seed(name: str, encoding: str) -> None:
    seed = shared_path("seeds", f"{REPORT}.txt").read_text(encoding="utf-8")
    doc = convert_path(FIX / "txt" / f"{REPORT}.{name}.txt")
    assert doc.conversion.encoding == encoding
    if name == "tcvn3":  # TCVN3 has no capital accented letters (.VnTimeH draws them)
        assert squash(doc.text).lower() == squash(seed).lower()
    else:
        assert squash(doc.text) == squash(seed)


def _variants(name: str) -> list[tuple[str, bytes]]:
    """A seed's UTF-8 bytes as written, and as the bytes of other files of that text
    (Windows line ends, a byte-order mark, decomposed marks, the fixtures' encodings)."""
    data = shared_path("seeds", f"{name}.txt").read_bytes()
    text = data.decode("utf-8")
    return [("utf-8", data), ("crlf", text.replace("\n", "\r\n").encode()),
            ("bom", b"\xef\xbb\xbf" + data),
            ("nfd", unicodedata.normalize("NFD", text).encode()),
            *[(enc, (FIX / "txt" / f"{REPORT}.{enc}.txt").read_bytes())
              for enc in ("tcvn3", "vni", "viscii", "cp1258", "utf16") if name == REPORT]]


@pytest.mark.parametrize(("kind", "data"),
                         [v for name in (REPORT, LETTER, PLAN) for v in _variants(name)])
def test_a_text_file_is_keyed_by_its_texts_hash_and_its_bytes_hash(kind: str,
                                                                   data: bytes) -> None:
    """The converter hands its text's key on when the file's bytes are that text's
    UTF-8 (``text_sha256``); whichever way the file was written, the document's key is
    the hash of its NFC text and ``raw_sha256`` the hash of the file's bytes."""
    doc = convert_bytes(data, f"{kind}.txt")
    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.raw_sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.sha256 == doc.raw_sha256) == (kind == "utf-8")


@pytest.mark.parametrize(("name", "line", "encoding", "expected"), [
    # Short files: the Windows-1258 reading shows no foreign letter either ("¤", "¸" are
    # symbols), so the reading whose words are Vietnamese syllables wins.
    ("tcvn3", 2, "tcvn3", "THÔNG BáO"),  # TCVN3 capitals fall back to lower-case codes
    ("tcvn3", 18, "tcvn3", "2.1 Về cải cách thể chế"),
    ("tcvn3", 90, "tcvn3", "- Lưu: VT, VP."),
    ("viscii", 66, "viscii", "II. NHẬN XÉT, ĐÁNH GIÁ"),
    ("viscii", 88, "viscii", "- Lãnh đạo Sở;"),
])
def test_a_single_line_file_reads_in_its_own_encoding(name: str, line: int, encoding: str,
                                                      expected: str) -> None:
    data = (FIX / "txt" / f"{REPORT}.{name}.txt").read_bytes().splitlines()[line]
    text, found = decode(data, f"{name}.txt")
    assert (text, found) == (expected, encoding)


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", "Độc lập - Tự do - Hạnh phúc"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "vni", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
    ("Sở Nội vụ tỉnh Đắk Lắk", None, "Sở Nội vụ tỉnh Đắk Lắk"),
    ("Kế hoạch số 04/KH-SCT", None, "Kế hoạch số 04/KH-SCT"),
])
def test_legacy_repair(text: str, encoding: str | None, expected: str) -> None:
    assert legacy.repair(text) == (expected, encoding)


@pytest.mark.parametrize(("text", "expected"), [
    ("Quyết định số 1O/QÐ-UBND", "Quyết định số 10/QĐ-UBND"),
    ("ngày 2l/5/2024", "ngày 21/5/2024"),
    ("Nghị định 30/2020/NÐ-CP", "Nghị định 30/2020/NĐ-CP"),
    ("Công văn số 15/SNV", "Công văn số 15/SNV"),
])
def test_ocr_confusions(text: str, expected: str) -> None:
    assert fix_ocr_confusions(text) == expected


@pytest.mark.parametrize(("text", "garbage"), [
    ("Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư", False),
    ("(cid:3)(cid:45)(cid:12)(cid:88) (cid:3)(cid:45)(cid:12)(cid:88) (cid:3)(cid:45)", True),
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc µ¸¶·¹", True),
    ("ĐÓNG DẤU", True),
])
def test_garbage_text_layers(text: str, garbage: bool) -> None:
    assert (garbage_reason(text) is not None) is garbage


def test_docx_reads_nd30_header_columns_and_body() -> None:
    doc = convert_path(FIX / "docx" / f"{LETTER}.docx")
    text = doc.text
    assert text.index("UBND TỈNH ĐẮK LẮK") < text.index("Số: 1688 /SKHĐT-VP") < text.index(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < text.index("Đăk Lăk, ngày 17 tháng 7 năm 2019")
    assert doc.pages == [0] and doc.conversion.converter == "python-docx"


def test_docx_legacy_font_runs_and_soft_hyphen_u() -> None:
    doc = convert_path(FIX / "docx" / f"{REPORT}.vntime.docx")
    assert doc.conversion.encoding == "tcvn3"
    assert "Sở Công Thương về Kiểm tra" in doc.text  # ư stored as <w:softHyphen/>


def test_docx_tables_as_rows_and_page_breaks(tmp_path: Path) -> None:
    from docx import Document as new_docx
    from docx.enum.text import WD_BREAK

    d = new_docx()
    d.add_paragraph("Kết quả Chỉ số cải cách hành chính năm 2023")
    table = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["Đơn vị", "Điểm", "Xếp hạng"], ["Sở Công Thương", "90,35", "1"],
                             ["Sở Nội vụ", "89,12", "2"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Nơi nhận: - UBND tỉnh;")
    d.sections[0].header.paragraphs[0].text = "Số: 102/QĐ-UBND"
    path = tmp_path / "bang.docx"
    d.save(path)
    doc = convert_path(path)
    assert "Sở Công Thương | 90,35 | 1\nSở Nội vụ | 89,12 | 2" in doc.text
    assert doc.text.startswith("Số: 102/QĐ-UBND")
    assert len(doc.pages) == 2 and doc.page_of(doc.text.index("Nơi nhận")) == 2


@pytest.mark.parametrize("name", [LETTER, PLAN])
def test_text_pdf_fast_path_in_reading_order(name: str) -> None:
    doc = convert_path(FIX / "pdf" / f"{name}.pdf")
    seed = shared_path("seeds", f"{name}.txt").read_text(encoding="utf-8")
    assert doc.conversion.converter == "pdfium" and not doc.conversion.ocr
    assert len(doc.pages) >= 4 and doc.pages[0] == 0
    first = next(line for line in seed.split("\n") if line.strip())
    assert doc.text.startswith(first.split(" ")[0])
    # Every word of the seed is in the PDF text, in the same order.
    assert squash(doc.text).split() == squash(seed).split()


def test_pdfplumber_path_matches_pdfium() -> None:
    from pipeline.convert import pdf

    data = (FIX / "pdf" / f"{PLAN}.pdf").read_bytes()
    fast = pdf.convert(data, "a.pdf", engine="pdfium")
    plumber = pdf.convert(data, "a.pdf", engine="pdfplumber")
    assert plumber.conversion.converter == "pdfplumber"
    assert sorted(squash(plumber.text).split()) == sorted(squash(fast.text).split())


def test_legacy_font_pdf_text_layer_is_converted() -> None:
    doc = convert_path(FIX / "pdf" / f"{REPORT}.vntime.pdf")
    assert doc.conversion.encoding == "tcvn3" and not doc.conversion.ocr
    assert "Sở Công Thương về Kiểm tra" in squash(doc.text)


@pytest.mark.slow
def test_scanned_pdf_is_ocred_page_by_page() -> None:
    need_tool("tesseract")
    from benchmarks.bench_convert import cer

    scan = convert_path(FIX / "pdf" / f"{LETTER}.scan.pdf")
    ref = convert_path(FIX / "pdf" / f"{LETTER}.pdf")
    assert scan.conversion.ocr and scan.conversion.ocr_engine == "tesseract vie"
    assert scan.conversion.ocr_confidence > 80
    assert len(scan.pages) == 2
    assert cer(scan.text[scan.pages[1]:], ref.text[ref.pages[1]:ref.pages[2]]) < 0.03
    head = scan.text[:400]
    assert head.index("UBND TỈNH ĐẮK LẮK") < head.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")


def without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.convert.doc as doc_module

    real = shutil.which
    monkeypatch.setattr(doc_module.shutil, "which",
                        lambda name: None if name in ("soffice", "libreoffice") else real(name))


def test_doc_through_antiword(monkeypatch: pytest.MonkeyPatch) -> None:
    need_tool("antiword")
    without_libreoffice(monkeypatch)
    doc = convert_path(FIX / "doc" / f"{LETTER}.doc")
    assert doc.format == "doc" and doc.conversion.converter == "antiword"
    assert "UBND TỈNH ĐẮK LẮK | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.text
    assert "Quyết định số 1009/QĐ-UBND ngày 04/5/2019" in squash(doc.text)


def test_tcvn3_doc_through_antiword_warns_about_u(monkeypatch: pytest.MonkeyPatch) -> None:
    need_tool("antiword")
    without_libreoffice(monkeypatch)
    doc = convert_path(FIX / "doc" / f"{REPORT}.vntime.doc")
    assert doc.conversion.encoding == "tcvn3"
    assert "Kết quả kiểm tra cải cách hành chính" in doc.text
    assert any("ư" in w for w in doc.conversion.warnings)


def test_nukeviet_page_keeps_body_and_drops_furniture() -> None:
    name = "004_ed9f0645d537b244"
    doc = convert_path(FIX / "html" / f"{name}.html")
    body = (FIX / "html" / f"{name}.body.txt").read_text(encoding="utf-8")
    meta = json.loads((FIX / "html" / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert doc.conversion.converter == "html:nukeviet"
    assert squash(body).endswith(squash(doc.text)[-200:])
    assert squash(doc.text) == squash(body)
    for furniture in ("Tổng số điểm của bài viết", "Lượt truy cập", "Hôm nay", "Trang chủ",
                      "Tăng tương phản", "cookie", "Những tin cũ hơn", "Giấy phép", "Tweet"):
        assert furniture not in doc.text, furniture
    assert doc.metadata == {k: squash(v) for k, v in meta.items()}


def test_unknown_site_falls_back_to_trafilatura() -> None:
    name = "001_cd0c8ec09d399e4a"
    doc = convert_path(FIX / "html" / f"{name}.html")
    meta = json.loads((FIX / "html" / f"{name}.meta.json").read_text(encoding="utf-8"))
    assert doc.conversion.converter in ("trafilatura", "html:generic")
    assert "Với 90,35 điểm, Sở Công Thương đứng đầu" in doc.text
    for furniture in ("Tin khác", "Lượt truy cập", "Đang online", "Giấy phép số 297"):
        assert furniture not in doc.text, furniture
    assert {k: doc.metadata.get(k) for k in meta} == {k: squash(v) for k, v in meta.items()}


BROKEN = [
    ("broken/empty.pdf", EmptyFile, "no bytes"),
    ("broken/truncated.pdf", CorruptFile, "not a readable PDF"),
    ("broken/encrypted.pdf", EncryptedFile, "encrypted"),
    ("broken/no-pages.pdf", CorruptFile, "PDF"),
    ("broken/not-a-zip.docx", CorruptFile, "zip"),
    ("broken/zip-bomb.docx", UnsafeFile, "zip bomb"),
    ("broken/unknown.bin", UnsupportedFormat, "binary"),
    ("html/error-404.html", ErrorPage, "error page"),
]


@pytest.mark.parametrize(("name", "error", "words"), BROKEN)
def test_bad_input_raises_a_typed_error_naming_the_file(name: str, error: type,
                                                         words: str) -> None:
    with pytest.raises(error) as caught:
        convert_path(FIX / name)
    assert str(caught.value).startswith(str(FIX / name)) and words in str(caught.value)


@pytest.mark.parametrize(("data", "error"), [
    (b"<html><head><title>Dang nhap</title></head><body><form><input type='password'>"
     b"</form></body></html>", ErrorPage),
    ("<html><body><div>Trang không tồn tại</div></body></html>".encode(), ErrorPage),
    (bytes(range(128, 256)) * 4, DecodeError),
])
def test_bad_bytes(data: bytes, error: type) -> None:
    with pytest.raises(error):
        convert_bytes(data, "x")


def test_size_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_BYTES", "1000")
    with pytest.raises(FileTooLarge, match="over the limit of 1000"):
        convert_path(FIX / "pdf" / f"{PLAN}.pdf")


def test_cli_convert_prints_text_and_json() -> None:
    run = [sys.executable, "-m", "pipeline", "convert"]
    out = subprocess.run([*run, str(FIX / "txt" / f"{REPORT}.vni.txt")], capture_output=True,
                         text=True, cwd=REPO, timeout=120)
    assert out.returncode == 0 and "Kết quả kiểm tra cải cách hành chính" in out.stdout
    out = subprocess.run([*run, "--json", str(FIX / "docx" / f"{PLAN}.docx"),
                          str(FIX / "broken" / "zip-bomb.docx")], capture_output=True,
                         text=True, cwd=REPO, timeout=120)
    assert out.returncode == 1 and "zip-bomb.docx" in out.stderr
    data = json.loads(out.stdout.splitlines()[0])
    assert data["format"] == "docx" and data["conversion"]["converter"] == "python-docx"
