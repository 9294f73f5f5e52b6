"""PDF → text: pdfium for text layers, pdfplumber for ruled tables and fake bold, OCR for scans.

A provincial PDF is one of three things, often page by page within one file:
- a text layer from Word or LibreOffice: pdfium reads it fast, in content order, which
  keeps the two columns of an NĐ 30 header ("UBND TỈNH … / CỘNG HÒA XÃ HỘI …") apart;
- a scan, signed and stamped: no text, or a few characters from the stamp, so the page
  image goes to Tesseract (``ocr.py``);
- a text layer that lies: ``(cid:N)`` codes, or letters of a legacy font ("Céng hßa"),
  which viparse converts when it can and OCR reads when it cannot.
Pages with ruled tables (the scoring tables of a CCHC report) are read by pdfplumber,
which keeps each table row on one line; pages printed with fake bold (each letter drawn
twice, "CCỘỘNNGG") by pdfplumber with ``dedupe_chars``.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.convert import legacy, ocr, ocr_prep, pdftext
from pipeline.convert.clean import (
    assemble,
    join_broken_lines,
    join_broken_pages,
    table_text,
    unmark,
    unmarked,
)
from pipeline.convert.quality import assess, garbage_reason
from pipeline.convert.safety import MAX_OCR_PAGES, MAX_PAGES, MAX_PIXELS
from pipeline.errors import CorruptFile, EmptyFile, EncryptedFile, UnsafeFile
from schemas import Conversion, Document, PageQuality

log = logging.getLogger(__name__)

#: Resolution pages are rendered at for OCR (Tesseract reads body text best near 300);
#: a page too large for ``CCHC_MAX_PIXELS`` at this resolution is rendered at less.
OCR_DPI = int(os.environ.get("CCHC_OCR_DPI", 300))
#: Ruled lines on a page before it is treated as holding a table.
TABLE_PATHS = 6
_DOUBLED = re.compile(r"(\w)\1(\w)\2(\w)\3")


@dataclass
class _Pages:
    """Per-page results while a PDF is read."""

    texts: list[str]
    engines: set[str] = field(default_factory=set)
    encodings: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    to_ocr: list[int] = field(default_factory=list)
    records: list[PageQuality] = field(default_factory=list)


def open_pdf(data: bytes, source: str) -> pdfium.PdfDocument:
    """Open with pdfium; broken, encrypted and page-less files raise typed errors."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        message = str(e).lower()
        if "password" in message:
            raise EncryptedFile(source, "the PDF is encrypted (needs a password)") from e
        raise CorruptFile(source, f"not a readable PDF ({e})") from e
    if len(pdf) == 0:
        raise CorruptFile(source, "the PDF has no pages")
    limit = MAX_PAGES.value()
    if len(pdf) > limit:
        pages = len(pdf)
        pdf.close()
        raise UnsafeFile(source, f"{pages} pages is over the limit of {MAX_PAGES.shown(limit)}")
    return pdf


def _object_counts(page: pdfium.PdfPage) -> Counter[int]:
    """How many objects of each kind (path, image, …) the page draws, in one walk: the
    ruled-lines test counts paths and the OCR test images, and each walk wraps every
    object of the page in Python."""
    return Counter(obj.type for obj in page.get_objects(max_depth=2))


def _needs_plumber(text: str, counts: Counter[int]) -> str | None:
    """Why this page should be read by pdfplumber, or None for pdfium's text."""
    if _DOUBLED.search(text) and len(_DOUBLED.findall(text)) >= 3:
        return "fake bold"
    if counts[pdfium_c.FPDF_PAGEOBJ_PATH] >= TABLE_PATHS:
        return "ruled lines"
    return None


def _pdfium_text(page: pdfium.PdfPage) -> str:
    return pdftext.page_text(page)


def _plumber_page_text(page) -> str:
    """pdfplumber's reading of one page: tables as rows, text between them in order.

    pdfplumber's table finder gives each ruled cell with the lines of its wrapped text
    ("Sở Nông nghiệp và Môi\\ntrường"): ``table_text`` joins them into the cell and
    marks the table so the Document records where it is."""
    page = page.dedupe_chars()
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    if not tables:
        return page.extract_text() or ""
    parts: list[str] = []
    top = 0.0
    for table in tables:
        _x0, t_top, _x1, t_bottom = table.bbox
        if t_top > top:
            band = page.within_bbox((0, top, page.width, t_top))
            parts.append(band.extract_text() or "")
        parts.append(table_text(table.extract()))
        top = max(top, t_bottom)
    if top < page.height:
        parts.append(page.within_bbox((0, top, page.width, page.height)).extract_text() or "")
    return "\n".join(p for p in parts if p.strip())


class _Plumber:
    """pdfplumber opened once, lazily, for the pages that need it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf = None

    def page_text(self, index: int) -> str:
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        return _plumber_page_text(self.pdf.pages[index])

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def decide(text: str, has_images: bool) -> tuple[str, PageQuality, str | None]:
    """How to read a page whose text layer is ``text``: ``(text to keep, its record, the
    legacy encoding converted from)``.

    A layer that reads as Vietnamese is kept ("text"); one in a legacy font that reads as
    Vietnamese once converted is converted ("legacy", "Céng hßa" → "Cộng hòa"); any other
    layer that fails ``quality.garbage_reason`` goes to OCR ("ocr": "(cid:3)(cid:45)", a
    stamp's "ĐÓNG DẤU", a hidden OCR layer in the wrong encoding, "ceNG HoA"), and so
    does an image-only page. A page with neither text nor image stays empty ("text").
    ``page`` in the record is left 0 for the caller to set.
    """
    if not text.strip() and not has_images:
        return "", PageQuality(page=0, score=0.0, decision="text", reason="blank page"), None
    plain = unmarked(text)  # a table's marks are no letters of the page
    quality = assess(plain)
    reason = garbage_reason(plain, quality=quality)
    if reason is None:
        return text, PageQuality(page=0, score=quality.score, decision="text"), None
    if quality.legacy:
        converted = legacy.convert(text, quality.legacy)
        if garbage_reason(converted) is None:
            return converted, PageQuality(page=0, score=quality.score, decision="legacy",
                                          reason=reason), quality.legacy
        reason += "; still not Vietnamese once converted"
    return "", PageQuality(page=0, score=quality.score if text.strip() else 0.0,
                           decision="ocr", reason=reason), None


def _read_page(pdf: pdfium.PdfDocument, index: int, plumber: _Plumber, engine: str,
               pages: _Pages) -> None:
    """Read one page's text layer into ``pages``, or queue it for OCR (``decide``)."""
    page = pdf[index]
    text = _pdfium_text(page)
    counts = _object_counts(page)
    reason = "requested" if engine == "pdfplumber" else _needs_plumber(text, counts)
    if reason and engine != "pdfium":
        text = plumber.page_text(index)
        pages.engines.add("pdfplumber")
    else:
        pages.engines.add("pdfium")
    has_images = counts[pdfium_c.FPDF_PAGEOBJ_IMAGE] > 0
    layer = text
    text, record, encoding = decide(layer, has_images)
    record = record.model_copy(update={"page": index + 1})
    text = join_broken_lines(text)  # after a legacy reading: TCVN3 stores ư as a soft hyphen
    if encoding:
        pages.encodings.add(encoding)
    if record.decision == "ocr":
        if layer.strip():  # a scan is no news; a refused text layer is
            pages.warnings.append(f"page {index + 1}: text layer unusable ({record.reason}); "
                                  "OCR used")
        pages.to_ocr.append(index)
    pages.records.append(record)
    pages.texts.append(text)


def render_scale(width: float, height: float) -> float:
    """Pixels per point to render a page of ``width`` × ``height`` points for OCR:
    ``OCR_DPI``, or less when the page would pass ``CCHC_MAX_PIXELS`` (PDF allows pages
    of 200 × 200 inches: 3.6 G pixels at 300 dpi)."""
    scale = OCR_DPI / 72
    area = max(width * height, 1.0)
    return min(scale, math.sqrt(MAX_PIXELS.value() / area))


def _render(pdf: pdfium.PdfDocument, index: int, warnings: list[str]) -> bytes:
    page = pdf[index]
    width, height = page.get_size()
    scale = render_scale(width, height)
    if scale < OCR_DPI / 72:
        warnings.append(f"page {index + 1}: {width / 72:.0f} × {height / 72:.0f} inches, "
                        f"read by OCR at {scale * 72:.0f} dpi ({MAX_PIXELS.env})")
    # In colour: ocr_prep paints a red seal or a blue signature white before binarising.
    image = page.render(scale=scale).to_pil()
    if not ocr_prep.has_colour(image):
        image = image.convert("L")
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _ocr(pdf: pdfium.PdfDocument, pages: _Pages, source: str) -> list[ocr.OcrPage]:
    """OCR the queued pages, at most ``CCHC_MAX_OCR_PAGES`` of them (the rest are left
    out with a warning: a 2,000-page scan would take hours)."""
    limit = MAX_OCR_PAGES.value()
    queued, left = pages.to_ocr[:limit], pages.to_ocr[limit:]
    if left:
        pages.warnings.append(f"{len(left)} more scanned page(s) not read by OCR, from page "
                              f"{left[0] + 1}: over {MAX_OCR_PAGES.shown(limit)}")
        for index in left:  # the record says the page was meant for OCR and is empty
            record = pages.records[index]
            pages.records[index] = record.model_copy(update={
                "reason": f"{record.reason}; not read: over {MAX_OCR_PAGES.shown(limit)}"})
    result = ocr.read_pages(queued, lambda i: _render(pdf, i, pages.warnings), source)
    for index, page in zip(queued, result, strict=True):
        pages.texts[index] = page.text
    pages.warnings.extend(ocr.warnings(result))
    return result


def convert(data: bytes, source: str, *, engine: str = "auto", ocr_pages: bool = True
            ) -> Document:
    """A PDF's bytes → ``Document`` with a page map; scanned pages OCR'd in parallel.

    ``engine``: "auto" (pdfium, pdfplumber where tables or fake bold need it), or
    "pdfium"/"pdfplumber" for every page (the benchmark compares them).
    """
    pdf = open_pdf(data, source)
    plumber = _Plumber(data)
    pages = _Pages(texts=[])
    try:
        for index in range(len(pdf)):
            _read_page(pdf, index, plumber, engine, pages)
        ocr_result = _ocr(pdf, pages, source) if pages.to_ocr and ocr_pages else []
    finally:
        plumber.close()
        pdf.close()
    text, starts, tables = unmark(*assemble(join_broken_pages(pages.texts)))
    if not text.strip():
        raise EmptyFile(source, f"no text on any of its {len(starts)} page(s), even by OCR")
    used_ocr = bool(ocr_result)
    converter = "+".join(sorted(pages.engines | ({"tesseract"} if used_ocr else set())))
    return Document(
        source=source, format="pdf", text=text, pages=starts, tables=tables,
        conversion=Conversion(
            converter=converter, ocr=used_ocr,
            ocr_engine=f"tesseract {ocr.LANG}" if used_ocr else None,
            ocr_confidence=ocr.mean_confidence(ocr_result) if used_ocr else None,
            encoding="+".join(sorted(pages.encodings)) or None,
            warnings=pages.warnings, pages=pages.records,
        ),
    )
