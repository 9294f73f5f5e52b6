"""Shared last step of every converter: NFC, line ends, blank lines, and the page map.

Every engine hands back text in its own shape: pdfium ends lines with ``\\r\\n``, Word
paragraphs carry no-break spaces and soft hyphens, Tesseract adds form feeds, and
Windows-1258 files decompose "hòa" into h-o-◌̀-a. The extractors only ever see one
shape: NFC, ``\\n`` line ends, paragraphs separated by one blank line, no control
characters. ``assemble`` joins pages and records where each starts, so a fact found at
offset 5230 can be shown as "trang 3".
"""

from __future__ import annotations

import re

from extractors.text.view import nfc

#: Control characters that carry no text (form feed, NUL, soft hyphen, zero-width marks).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise one converted text: NFC, ``\\n`` line ends, single spaces, ≤1 blank line.

    >>> clean_text("Sở Nội vụ\\r\\n\\r\\n\\r\\n  Số:\\u00a0 12/SNV ")
    'Sở Nội vụ\\n\\nSố: 12/SNV'
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


def assemble(pages: list[str]) -> tuple[str, list[int]]:
    """Join cleaned page texts with a blank line and return ``(text, page_starts)``.

    An empty page (a blank back side of a scan) still gets an entry, so page numbers
    stay those of the file: ``assemble(["Trang 1", "", "Trang 3"])`` starts page 3 at 9.
    """
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        body = clean_text(page)
        if parts and body:
            parts.append("\n\n")
            offset += 2
        starts.append(offset)
        parts.append(body)
        offset += len(body)
    return "".join(parts), starts


def rows_text(rows: list[list[str | None]]) -> str:
    """A table as text, one row a line, cells joined by `` | ``; empty rows dropped.

    Why rows: "Sở Nội vụ | 89,5 | 3" keeps a unit's score and rank on the line that
    names it, which is what the score and ranking rules read.
    """
    lines = []
    for row in rows:
        cells = [_SPACES.sub(" ", (c or "").replace("\n", " ")).strip() for c in row]
        if any(cells):
            lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines)
