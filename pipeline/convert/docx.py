"""DOCX → text with python-docx: paragraphs and tables in document order, page map.

Word files from provincial offices keep the NĐ 30 header in a borderless two-column
table ("UBND TỈNH … | CỘNG HÒA XÃ HỘI …"), score sheets in ruled tables, and sometimes
the document number in the page header. Older files converted from .doc still carry
runs in ".VnTime"/"VNI-Times" fonts whose text reads "Céng hßa": each run is converted
by its font's encoding (through ``legacy``), and a ".VnTimeH" run is upper-cased, since
TCVN3 has no capital accented letters. Pages follow Word's own page breaks (hard breaks
and the ``lastRenderedPageBreak`` marks Word leaves where it last paginated).

A .docx is a zip: every member is inflated and counted (``archive``) before python-docx
opens it, so a zip bomb is refused whatever its headers claim.
"""

from __future__ import annotations

import io
import re
from typing import Any
from weakref import WeakKeyDictionary

from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from pipeline.convert import legacy
from pipeline.convert.archive import open_zip
from pipeline.convert.clean import assemble, table_text, unmark
from pipeline.errors import CorruptFile, EmptyFile
from schemas import Conversion, Document

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# A header/footer line worth keeping: it carries a number or a date.
_NUMBER_OR_DATE = re.compile(r"\bSố\b|\d+/\d{4}|\d+/[A-ZĐ]|ngày\s+\d|\d{1,2}/\d{1,2}/\d{2,4}")


#: The font each paragraph style names, per open document part: python-docx finds a
#: paragraph's style by scanning every style of the file (the default style on each call),
#: which was most of a DOCX's conversion time when asked once per run.
_STYLE_FONTS: WeakKeyDictionary[Any, dict[str | None, str | None]] = WeakKeyDictionary()


def _style_font(paragraph: Paragraph) -> str | None:
    """The font of the paragraph's style, or of the nearest style it is based on."""
    fonts = _STYLE_FONTS.setdefault(paragraph.part, {})
    style_id = paragraph._p.style
    if style_id not in fonts:
        font = None
        style = paragraph.style
        while style is not None:
            if style.font.name:
                font = style.font.name
                break
            style = style.base_style
        fonts[style_id] = font
    return fonts[style_id]


def _run_font(run, paragraph: Paragraph) -> str | None:
    return run.font.name or _style_font(paragraph)


def _legacy_run_text(run) -> str:
    """A legacy-font run's text, soft hyphens included.

    TCVN3 stores "ư" at 0xAD, the soft-hyphen slot: Word saves it as ``<w:softHyphen/>``,
    which python-docx's ``run.text`` drops ("Th−¬ng" would become "Th¬ng"). Read the
    run's XML instead.
    """
    parts = []
    for el in run._r.iterchildren():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "softHyphen":
            parts.append("\u00ad")
        elif tag == "tab":
            parts.append("\t")
        elif tag in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def _paragraph_text(paragraph: Paragraph, encodings: set[str]) -> str:
    """A paragraph's text, each legacy-font run converted by its font's encoding."""
    parts: list[str] = []
    for run in paragraph.runs:
        font = _run_font(run, paragraph)
        encoding = legacy.encoding_of_font(font)
        text = _legacy_run_text(run) if encoding else run.text
        if encoding and text and not text.isascii():
            text = legacy.convert(text, encoding)
            encodings.add(encoding)
        if legacy.upper_font(font):
            text = text.upper()
        parts.append(text)
    text = "".join(parts)
    return text if parts else paragraph.text


def _breaks_page(paragraph: Paragraph) -> tuple[bool, bool]:
    """(page starts before, page starts after) this paragraph, from Word's break marks."""
    before = after = False
    seen_text = False
    for el in paragraph._p.iter():
        if el.tag == f"{_W}t" and (el.text or "").strip():
            seen_text = True
        is_break = el.tag == f"{_W}lastRenderedPageBreak" or (
            el.tag == f"{_W}br" and el.get(f"{_W}type") == "page")
        if is_break:
            if seen_text:
                after = True
            else:
                before = True
    return before, after


def _table_text(table: Table, encodings: set[str]) -> str:
    """A table as marked rows (``clean.table_text``), one cell per grid column: a cell
    merged across columns or down rows gives its text once, at its top left, and empty
    cells after it, so "Số hồ sơ đã giải quyết" stays above "Trước hạn | Đúng hạn"."""
    rows: list[list[str]] = []
    seen: list = []  # the <w:tc> of each cell already given (kept, so identity holds)
    for row in table.rows:
        cells = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell repeats where it spans
                cells.append("")
                continue
            seen.append(cell._tc)
            cells.append("\n".join(_paragraph_text(p, encodings) for p in cell.paragraphs))
        rows.append(cells)
    # A layout table (NĐ 30 header) reads column by column; a data table row by row.
    if len(table.rows) <= 3 and len(table.columns) == 2 and not _looks_numeric(rows):
        return "\n\n".join(
            "\n".join(r[i] for r in rows if i < len(r) and r[i].strip()) for i in range(2))
    return table_text(rows)


def _looks_numeric(rows: list[list[str]]) -> bool:
    cells = [c for r in rows for c in r if c.strip()]
    return sum(bool(re.fullmatch(r"[\d.,%/ ]+", c.strip())) for c in cells) >= 2


def _header_footer_lines(doc, encodings: set[str]) -> tuple[list[str], list[str]]:
    heads: list[str] = []
    feet: list[str] = []
    for section in doc.sections:
        for part, out in ((section.header, heads), (section.footer, feet)):
            for p in part.paragraphs:
                text = _paragraph_text(p, encodings).strip()
                if text and _NUMBER_OR_DATE.search(text) and text not in out:
                    out.append(text)
    return heads, feet


def body_pages(doc, encodings: set[str]) -> list[str]:
    """The body as page texts, blocks in document order."""
    pages: list[list[str]] = [[]]
    for el in doc.element.body.iterchildren():
        if el.tag == f"{_W}p":
            paragraph = Paragraph(el, doc)
            before, after = _breaks_page(paragraph)
            if before and any(b.strip() for b in pages[-1]):
                pages.append([])
            pages[-1].append(_paragraph_text(paragraph, encodings))
            if after:
                pages.append([])
        elif el.tag == f"{_W}tbl":
            pages[-1].append(_table_text(Table(el, doc), encodings))
    return ["\n\n".join(b for b in blocks if b.strip()) for blocks in pages]


def convert(data: bytes, source: str) -> Document:
    """A DOCX's bytes → ``Document`` (paragraphs, tables as rows, page map)."""
    open_zip(data, source)
    try:
        doc = open_docx(io.BytesIO(data))
    except MemoryError:
        raise  # the memory limit's, not the file's, to report
    except Exception as e:  # python-docx raises KeyError/ValueError/lxml errors alike
        raise CorruptFile(source, f"not a readable DOCX ({type(e).__name__}: {e})") from e
    encodings: set[str] = set()
    pages = body_pages(doc, encodings)
    heads, feet = _header_footer_lines(doc, encodings)
    if heads:
        pages[0] = "\n".join(heads) + "\n\n" + pages[0]
    if feet:
        pages[-1] = pages[-1] + "\n\n" + "\n".join(feet)
    text, starts = assemble(pages)
    if not encodings:  # no legacy font named, but the letters may still be TCVN3/VNI
        found = legacy.detect(text)
        if found:
            text, starts = assemble([legacy.convert(p, found) for p in pages])
            encodings.add(found)
    text, starts, tables = unmark(text, starts)
    if not text.strip():
        raise EmptyFile(source, "the Word document has no text")
    props = doc.core_properties
    metadata = {k: v for k, v in (("title", props.title), ("author", props.author)) if v}
    return Document(source=source, format="docx", text=text, pages=starts, metadata=metadata,
                    tables=tables,
                    conversion=Conversion(converter="python-docx",
                                          encoding="+".join(sorted(encodings)) or None))
