"""Bounded work per document, format by format (issue 17, item 4): the probes of
``tests/probes.py``, made at test time, are refused early, by name, with the limit to
raise; the limits are read from the environment each time they are used."""

from __future__ import annotations

import io
import shutil
import struct
import time
import zlib
from pathlib import Path

import pytest
from PIL import Image

from pipeline.convert import convert_bytes, convert_path, legacy, ocr, safety
from pipeline.convert import image as image_format
from pipeline.convert import pdf as pdf_format
from pipeline.convert.safety import LIMITS, MAX_MEMORY, MAX_PIXELS, Limit
from pipeline.errors import (
    CchcError,
    CorruptFile,
    EmptyFile,
    FileTooLarge,
    UnsafeFile,
    UnsupportedFormat,
)
from tests import probes

FIX = Path(__file__).resolve().parent.parent / "corpus" / "fixtures"
REPORT = "000_92b1fd73d68b9474"


def refused(data: bytes, kind: type[CchcError], words: str, seconds: float = 5) -> str:
    """Convert ``data``: it must raise ``kind`` saying ``words``, within ``seconds``."""
    start = time.monotonic()
    with pytest.raises(kind) as caught:
        convert_bytes(data, "bomb.docx")
    assert time.monotonic() - start < seconds
    message = str(caught.value)
    assert message.startswith("bomb.docx: ") and words in message, message
    return message


def test_a_lying_zip_header_is_caught_by_what_inflates() -> None:
    """2 MB whose header claims 1,000 bytes and which inflates to 2.2 GB: caught after
    the first megabyte, never held in memory."""
    data = probes.lying_docx()
    assert len(data) < 3 << 20
    refused(data, UnsafeFile, "word/document.xml unpacks to more than the 1000 bytes its "
                              "header claims (a zip bomb)")


def test_a_deflate_bomb_stops_at_a_limit() -> None:
    refused(probes.bomb_docx(), UnsafeFile, "is more than 32 MB of XML (CCHC_MAX_XML_BYTES)")


def test_the_ratio_limit_catches_a_bomb_below_the_size_limits() -> None:
    refused((FIX / "broken" / "zip-bomb.docx").read_bytes(), UnsafeFile,
            "expands more than 200-fold (a zip bomb; CCHC_MAX_RATIO)")


def test_the_total_limit_counts_every_member(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bomb in a part nobody reads (word/media) still counts."""
    monkeypatch.setenv("CCHC_MAX_UNPACKED", "3M")
    data = probes.zip_bytes([
        probes.honest("[Content_Types].xml", probes.CONTENT_TYPES),
        probes.honest("word/document.xml", b"<w:document/>"),
        probes.honest("word/media/image1.png", bytes(range(256)) * (16 << 10))])
    refused(data, UnsafeFile, "unpacks to more than 3 MB (CCHC_MAX_UNPACKED)")


def test_huge_real_xml_is_refused_in_a_second() -> None:
    """100 MB of paragraph XML compressing like a real document's (no ratio alarm)."""
    refused(probes.huge_xml_docx(100), UnsafeFile,
            "word/document.xml is more than 32 MB of XML (CCHC_MAX_XML_BYTES)", seconds=3)


def test_the_xml_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_XML_BYTES", "1M")
    refused(probes.huge_xml_docx(2), UnsafeFile, "more than 1 MB of XML (CCHC_MAX_XML_BYTES)")


@pytest.mark.parametrize("padding", [0, 100_000])
def test_entities_are_refused_before_parsing(padding: int) -> None:
    refused(probes.entity_docx(padding), UnsafeFile, "declares a DTD (entities)")


def test_python_docx_parses_without_entities_or_huge_trees() -> None:
    """The parser behind python-docx: entities stay references, a text node over
    lxml's 10 MB limit is an error (``huge_tree`` off)."""
    from docx.oxml.parser import parse_xml
    from lxml import etree

    root = parse_xml(b'<!DOCTYPE a [<!ENTITY e "xyz">]><a>&e;</a>')
    assert root.text is None
    with pytest.raises(etree.XMLSyntaxError, match="Text node too long"):
        parse_xml(b"<a>" + b"x" * 10_000_001 + b"</a>")


def test_a_zip_that_is_not_word_is_never_inflated() -> None:
    """An XLSX-shaped zip holding a bomb is refused by its member list alone."""
    piece = b"\0" * (1 << 20)
    data = probes.zip_bytes([
        probes.honest("[Content_Types].xml", probes.CONTENT_TYPES),
        ("xl/worksheets/sheet1.xml", probes.deflate_repeated(piece, 2000), 1000,
         zlib.crc32(piece[:1000]))])
    start = time.monotonic()
    with pytest.raises(UnsupportedFormat, match="not a Word document"):
        convert_bytes(data, "bang.xlsx")
    assert time.monotonic() - start < 1


def test_a_truncated_member_is_corrupt_not_a_crash() -> None:
    data = bytearray(probes.docx_with(probes.honest("word/document.xml", b"<w:document/>")))
    cut = data.index(b"word/document.xml") + len("word/document.xml")
    data[cut:cut + 4] = b"\xff\xff\xff\xff"  # the member's deflate data is garbage now
    with pytest.raises(CorruptFile):
        convert_bytes(bytes(data), "hong.docx")


def test_a_50_mb_text_is_refused_in_seconds(tmp_path: Path) -> None:
    path = probes.large_text(tmp_path / "lon.txt", megabytes=50)
    start = time.monotonic()
    with pytest.raises(FileTooLarge, match=r"characters of text is over the limit of "
                                           r"1500000 characters \(CCHC_MAX_CHARS\)"):
        convert_path(path)
    assert time.monotonic() - start < 5


def test_a_long_legacy_text_is_judged_by_a_sample() -> None:
    """A TCVN3 text 20 times the sample is still found TCVN3, in well under a second."""
    tcvn3 = (FIX / "txt" / f"{REPORT}.tcvn3.txt").read_bytes().decode("latin-1")
    long = "\n".join([tcvn3] * (1 + 20 * legacy.SAMPLE // len(tcvn3)))
    start = time.monotonic()
    assert legacy.detect(long) == "tcvn3"
    assert time.monotonic() - start < 3
    assert legacy.sample(tcvn3) == tcvn3


@pytest.mark.parametrize(("raw", "value"), [("", 1 << 30), ("512M", 512 << 20),
                                            ("2G", 2 << 30), ("1000", 1000)])
def test_sizes_read_with_units(raw: str, value: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_MEMORY", raw)
    assert MAX_MEMORY.value() == value


def test_a_bad_setting_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_PAGES", "lots")
    with pytest.raises(CchcError, match="CCHC_MAX_PAGES: 'lots' is not a number of pages"):
        Limit("CCHC_MAX_PAGES", 1, "pages", "").value()



def test_a_200_inch_page_renders_within_the_pixel_limit() -> None:
    assert pdf_format.render_scale(612, 792) == pdf_format.OCR_DPI / 72  # US letter as ever
    scale = pdf_format.render_scale(14400, 14400)
    assert (14400 * scale) ** 2 <= MAX_PIXELS.value()


@pytest.mark.skipif(not shutil.which("tesseract"), reason="needs tesseract")
def test_a_200_inch_page_is_read_in_seconds() -> None:
    """663 bytes that took 3.6 GB and 30 s: the page is rendered at 25 dpi now."""
    start = time.monotonic()
    with pytest.raises(EmptyFile, match="no text on any of its 1 page"):
        convert_bytes(probes.big_page_pdf(), "to.pdf")
    assert time.monotonic() - start < 15


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """Tesseract replaced: records (page, image bytes) and reads "Trang N"."""
    seen: list[tuple[int, int]] = []

    def read(png: bytes, source: str, page: int = 1) -> ocr.OcrPage:
        seen.append((page, len(png)))
        return ocr.OcrPage(text=f"Trang {page}: kết quả giải quyết hồ sơ", confidence=90.0,
                           words=6)

    monkeypatch.setattr(ocr, "ocr_image", read)
    monkeypatch.setattr(ocr, "tesseract_path", lambda source: "tesseract")
    return seen


def test_pages_past_the_ocr_limit_are_left_out_with_a_warning(
        fake_ocr, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_OCR_PAGES", "1")
    asked: list[float] = []
    safety.on_more_time(asked.append)
    try:
        doc = convert_path(FIX / "pdf" / "002_d5467ff125b81b44.scan.pdf")
    finally:
        safety.on_more_time(None)
    assert [page for page, _ in fake_ocr] == [1] and "Trang 1" in doc.text
    assert doc.conversion.warnings[-1] == (
        "1 more scanned page(s) not read by OCR, from page 2: over 1 pages (CCHC_MAX_OCR_PAGES)")
    assert [(p.decision, p.reason) for p in doc.conversion.pages] == [
        ("ocr", "no text layer (a scan)"),
        ("ocr", "no text layer (a scan); not read: over 1 pages (CCHC_MAX_OCR_PAGES)")]
    assert asked == [safety.OCR_SECONDS.value()]


def test_an_image_frame_is_shrunk_to_the_pixel_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_PIXELS", "500000")
    png = image_format.frame_png(Image.new("RGB", (2000, 1000), "white"), "anh.png", 1)
    with Image.open(io.BytesIO(png)) as small:
        assert small.size == (1000, 500) and small.mode == "L"


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels (its data is one row)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * (width + 1))) + chunk(b"IEND", b""))


def test_a_huge_image_is_refused_before_it_is_decoded(fake_ocr) -> None:
    """144 megapixels: under Pillow's own bomb limit, over four times ours."""
    start = time.monotonic()
    with pytest.warns(Image.DecompressionBombWarning), \
            pytest.raises(UnsafeFile, match=r"frame 1 is 12000 × 12000 pixels"):
        convert_bytes(png_header(12000, 12000), "anh.png")
    assert time.monotonic() - start < 2 and not fake_ocr


def test_every_limit_is_in_the_readme() -> None:
    readme = (FIX.parent.parent / "README.md").read_text(encoding="utf-8")
    convert = readme[readme.index("## Convert"):readme.index("## Evaluate")]
    missing = [limit.env for limit in LIMITS if limit.env not in convert]
    assert not missing, f"README's Convert section does not name {missing}"
