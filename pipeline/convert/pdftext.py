"""A PDF page's text layer in reading order, from pdfium's character boxes.

pdfium returns characters in content-stream order, which is not always reading order:
when a font lacks Vietnamese glyphs, Word and LibreOffice draw the missing letters later
from a fallback font, and the stream reads "UBND T NH Đ K L K Ỉ Ắ Ắ". Sorting every
character by position (what pdfplumber does) fixes the letters but merges the two
columns of an NĐ 30 header into one line ("UBND TỈNH ĐẮK LẮK CỘNG HÒA XÃ HỘI…").

So: characters are grouped into *segments*, runs on one baseline with no wide gap
between them; letters are ordered by x inside a segment, spaces come from the gaps, and
segments keep the order in which the stream first reaches them, so the left column of
the header is read before the right one, as its author typed it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium

#: A horizontal gap wider than this many character heights starts a new segment.
COLUMN_GAP = 2.0
#: A gap wider than this many character heights between two letters is a space.
SPACE_GAP = 0.12


@dataclass
class _Segment:
    first: int  # stream index of its first character
    y: float  # vertical centre
    height: float
    chars: list[tuple[float, float, str]] = field(default_factory=list)  # (x0, x1, ch)

    def text(self) -> str:
        self.chars.sort()
        out: list[str] = []
        last_x1: float | None = None
        for x0, x1, ch in self.chars:
            if last_x1 is not None and x0 - last_x1 > SPACE_GAP * self.height:
                out.append(" ")
            out.append(ch)
            last_x1 = x1 if last_x1 is None else max(last_x1, x1)
        return "".join(out)


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple[int, str, tuple[float, ...]]]:
    """(stream index, character, loose box) for every visible, non-space character."""
    text = textpage.get_text_range()
    n = min(textpage.count_chars(), len(text))
    out = []
    for i in range(n):
        ch = text[i]
        if ch.isspace() or ch == "\ufffe":
            continue
        box = textpage.get_charbox(i, loose=True)
        if box[2] > box[0] and box[3] > box[1]:
            out.append((i, ch, box))
    return out


def _segments(chars: list[tuple[int, str, tuple[float, ...]]]) -> list[_Segment]:
    """Group characters into baseline segments split at wide horizontal gaps."""
    lines: list[_Segment] = []
    for index, ch, (left, bottom, right, top) in sorted(chars, key=lambda c: -c[2][3]):
        y, height = (top + bottom) / 2, top - bottom
        line = lines[-1] if lines else None
        if line is None or abs(line.y - y) > 0.45 * max(line.height, height):
            line = _Segment(first=index, y=y, height=height)
            lines.append(line)
        line.first = min(line.first, index)
        line.chars.append((left, right, ch))
    segments: list[_Segment] = []
    for line in lines:
        line.chars.sort()
        current = _Segment(first=10**9, y=line.y, height=line.height)
        last_x1 = None
        for x0, x1, ch in line.chars:
            if last_x1 is not None and x0 - last_x1 > COLUMN_GAP * line.height:
                segments.append(current)
                current = _Segment(first=10**9, y=line.y, height=line.height)
            current.chars.append((x0, x1, ch))
            last_x1 = x1 if last_x1 is None else max(last_x1, x1)
        segments.append(current)
    return segments


def _first_indices(chars: list[tuple[int, str, tuple[float, ...]]],
                   segments: list[_Segment]) -> None:
    """Give each segment the smallest stream index of its characters."""
    where = {(box[0], box[2], ch): index for index, ch, box in chars}
    for seg in segments:
        seg.first = min(where.get(c, 10**9) for c in seg.chars)


def page_text(page: pdfium.PdfPage) -> str:
    """The page's text layer in reading order, one segment a line, blank line at gaps."""
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
    finally:
        textpage.close()
    if not chars:
        return ""
    segments = _segments(chars)
    _first_indices(chars, segments)
    segments.sort(key=lambda s: s.first)
    out: list[str] = []
    previous: _Segment | None = None
    for seg in segments:
        if previous is not None and previous.y - seg.y > 2.2 * seg.height:
            out.append("")
        out.append(seg.text())
        previous = seg
    return "\n".join(out)
