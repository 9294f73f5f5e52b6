"""A PDF page's text layer in reading order, from pdfium's character boxes.

pdfium returns characters in content-stream order, which is not always reading order:
when a font lacks Vietnamese glyphs, Word and LibreOffice draw the missing letters later
from a fallback font, and the stream reads "UBND T NH Đ K L K Ỉ Ắ Ắ"; a header typed
with tab stops rather than a table streams its two columns line by line ("UBND TỈNH LÂM
ĐỒNG", "CỘNG HÒA XÃ HỘI…", "SỞ NỘI VỤ", "Độc lập - Tự do - Hạnh phúc"). Sorting every
character by position (what pdfplumber does) fixes the letters but merges the two
columns of an NĐ 30 header into one line ("UBND TỈNH LÂM ĐỒNG CỘNG HÒA XÃ HỘI…").

So the page is read by position, in three steps:

1. characters are grouped into lines by their baseline (pdfium's origin: a capital with
   two diacritics, "Ế", rises above its font's box, and a fallback font has a box of its
   own), letters ordered by x inside a line, spaces coming from the gaps;
2. *column blocks* are found from the x-projection of consecutive lines: a vertical
   gutter that no line of the block crosses, with text on both sides in at least two
   lines (the two cells of a header, the two columns of a newsletter page, the "Nơi
   nhận" and signature cells). However narrow the gutter between "UBND TỈNH LÂM ĐỒNG"
   and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", no line crosses it, while the word spaces of
   one line are covered by the words of the others. A block is read left column first,
   top to bottom, then the right one. A block whose columns split again (three
   columns or more: a table without rules, "STT | Đơn vị | Điểm | Xếp hạng") is no
   block: its rows stay rows. A justified line stretches its spaces alike, so a row
   whose gap across the gutter is no wider than its other spaces proves nothing: no
   block starts or ends on one (two body lines whose spaces happen to line up are not
   columns), though it may sit inside a block, or head it when its halves end and
   start at the columns' edges;
3. outside blocks, a line is split where a gap is wider than ``COLUMN_GAP`` (a lone
   "Số: 12/SNV … Lâm Đồng, ngày …" line), and blocks and segments keep the order in which
   the stream first reaches them, as their author typed them.

pdfium marks a hyphen or soft hyphen that ends a line inside a word or a number as
U+FFFE ("2775/SNV\\ufffe" at the end of a line, "CCHC&VTLT" on the next); the mark is
kept at the end of its line, and ``clean.join_broken_lines`` rejoins the two halves.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: A horizontal gap wider than this many character heights starts a new segment.
COLUMN_GAP = 2.0
#: A gap wider than this many character heights between two letters is a space.
SPACE_GAP = 0.12
#: A gutter between two columns is at least this many character heights wide: more than
#: a word space (about 0.22 of a loose box's height), less than a header's narrow gutter
#: (8 points beside 11-point letters, about 0.6, in ``002….narrow-header.pdf``; Word's
#: table cells keep their contents 0.38 cm, about 0.7, apart).
MIN_GUTTER = 0.3
#: Each column of a block spans at least this share of the block's width (a table's
#: narrow column of scores is no column of text).
MIN_COLUMN_SHARE = 0.2
#: Lines looked at together to find a gutter.
WINDOW = 4

Char = tuple[float, float, str, int]  # (x0, x1, character, stream index)


@dataclass
class _Line:
    """Characters on one baseline."""

    y: float  # vertical centre of its highest box
    base: float  # baseline
    height: float  # height of its highest box
    top: float
    chars: list[Char] = field(default_factory=list)


@dataclass
class _Segment:
    first: int  # stream index of its first character
    y: float  # vertical centre
    height: float
    chars: list[Char] = field(default_factory=list)

    def text(self) -> str:
        self.chars.sort()
        out: list[str] = []
        last_x1: float | None = None
        for x0, x1, ch, _ in self.chars:
            if last_x1 is not None and x0 - last_x1 > SPACE_GAP * self.height:
                out.append(" ")
            out.append(ch)
            last_x1 = x1 if last_x1 is None else max(last_x1, x1)
        return "".join(out)


@dataclass
class _Block:
    """Lines ``start``..``end`` (exclusive) read as two columns split at ``gutter``."""

    start: int
    end: int
    gutter: float  # x of the column boundary


def _chars(textpage: pdfium.PdfTextPage) -> list[tuple[int, str, tuple[float, ...], float]]:
    """(stream index, character, loose box, baseline) for every visible, non-space
    character, the line-end hyphen mark (U+FFFE) included."""
    text = textpage.get_text_range()
    n = min(textpage.count_chars(), len(text))
    raw, rect = textpage.raw, pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    loose_box, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    out = []
    for i in range(n):
        ch = text[i]
        if ch.isspace() or not loose_box(raw, i, rect):
            continue
        box = (rect.left, rect.bottom, rect.right, rect.top)
        if box[2] > box[0] and box[3] > box[1]:
            origin(raw, i, x, y)
            out.append((i, ch, box, y.value))
    return out


def _lines(chars: list[tuple[int, str, tuple[float, ...], float]]) -> list[_Line]:
    """Characters grouped by baseline, top to bottom, each line's letters left to right.

    By the baseline, not the box: a capital with two diacritics ("Ế", "Ể", "Ầ") rises
    above its font's ascent, and the letters Word draws from a fallback font have
    another ascent and descent, but all sit on the line's baseline."""
    lines: list[_Line] = []
    for index, ch, (left, bottom, right, top), base in sorted(chars, key=lambda c: -c[3]):
        height = top - bottom
        line = lines[-1] if lines else None
        if line is None or abs(line.base - base) > 0.3 * min(line.height, height):
            line = _Line(y=(top + bottom) / 2, base=base, height=height, top=top)
            lines.append(line)
        elif top > line.top:  # the highest box gives the line's centre and size
            line.y, line.height, line.top = (top + bottom) / 2, height, top
        line.chars.append((left, right, ch, index))
    for line in lines:
        line.chars.sort()
    return lines


def _free(line: _Line, a: float, b: float) -> tuple[float, float] | None:
    """The widest part of (a, b) no character of ``line`` covers."""
    best: tuple[float, float] | None = None
    cursor = a
    for x0, x1, _, _ in line.chars:
        if x1 <= cursor:
            continue
        if x0 >= b:
            break
        if x0 > cursor and (best is None or x0 - cursor > best[1] - best[0]):
            best = (cursor, x0)
        cursor = max(cursor, x1)
    if cursor < b and (best is None or b - cursor > best[1] - best[0]):
        best = (cursor, b)
    return best


def _runs(line: _Line, min_width: float) -> list[tuple[float, float]]:
    """The line's x extent in runs of text no ``min_width`` gap interrupts (a justified
    body line is one run; a header row, two)."""
    runs: list[list[float]] = []
    for x0, x1, _, _ in line.chars:
        if runs and x0 - runs[-1][1] < min_width:
            runs[-1][1] = max(runs[-1][1], x1)
        else:
            runs.append([x0, x1])
    return [(a, b) for a, b in runs]


def _gaps(runs: list[list[tuple[float, float]]], min_width: float) -> list[tuple[float, float]]:
    """Gaps at least ``min_width`` wide in the x-projection of lines given by their
    ``_runs``, with text on both sides."""
    spans = sorted(span for line in runs for span in line)
    out = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width:
            out.append((reach, x0))
        reach = max(reach, x1)
    return out


def _grow(lines: list[_Line], start: int, gap: tuple[float, float], min_width: float
          ) -> _Block | None:
    """The block of lines from ``start`` down that no line crosses at ``gap``, if it has
    two columns of text (two lines or more on each side, each a fair share wide, neither
    split again)."""
    a, b = gap
    gaps: list[tuple[float, float]] = []  # the gutter, narrowed by each line in turn
    sides: list[tuple[bool, bool]] = []
    doubtful: set[int] = set()  # lines whose gap across may be a stretched word space
    for n, line in enumerate(lines[start:]):
        free = _free(line, a, b)
        if free is None or free[1] - free[0] < min_width:
            break
        side = (line.chars[0][1] <= free[0], line.chars[-1][0] >= free[1])
        if all(side) and not _clear(line, *free):
            if n == 0:
                return None  # justified lines whose spaces happen to line up
            doubtful.add(n)
        a, b = free
        gaps.append(free)
        sides.append(side)
    # Once one column has ended, the block keeps the lines that follow closely (a
    # "V/v" subject still running under "Số:"), not those after a blank line; a
    # doubtful line is kept only between lines that make the columns sure.
    sure = [s if i not in doubtful else (False, False) for i, s in enumerate(sides)]
    if not any(s[0] for s in sure) or not any(s[1] for s in sure):
        return None
    end = start + 1 + min(max(i for i, s in enumerate(sure) if s[0]),
                          max(i for i, s in enumerate(sure) if s[1]))
    while (end < start + len(sides) and end - start not in doubtful
           and not _blank_between(lines[end - 1], lines[end])):
        end += 1
    block, sides = lines[start:end], sides[:end - start]
    a, b = gaps[end - start - 1]
    if sum(s[0] for s in sides) < 2 or sum(s[1] for s in sides) < 2:
        return None
    left = [[c for c in line.chars if c[1] <= a] for line in block]
    right = [[c for c in line.chars if c[0] >= b] for line in block]
    x_min = min(chars[0][0] for chars in left if chars)
    x_max = max(chars[-1][1] for chars in right if chars)
    width = x_max - x_min
    if a - x_min < MIN_COLUMN_SHARE * width or x_max - b < MIN_COLUMN_SHARE * width:
        return None
    if _split_again(left, min_width) or _split_again(right, min_width):
        return None  # three columns or more: a table without rules, read row by row
    return _Block(start, end, (a + b) / 2)


def _clear(line: _Line, a: float, b: float) -> bool:
    """Whether a line's gap across the gutter (a, b) is not just one of its word spaces.
    A justified line stretches all its spaces alike, so two body lines whose stretched
    spaces happen to line up are no columns; "UBND TỈNH LÂM ĐỒNG" sits 8 points from
    "CỘNG HÒA XÃ HỘI…" with its words 3 apart, and two justified columns each stretch
    their own spaces, which the gutter between them does not match."""
    spaces = [y[0] - x[1] for x, y in pairwise(line.chars)
              if y[0] - x[1] > SPACE_GAP * line.height and not (x[1] <= a and y[0] >= b)]
    if not spaces:
        return False  # "SKHĐT ngày": a justified line of two words says nothing
    across = min(c[0] for c in line.chars if c[0] >= b) - max(
        c[1] for c in line.chars if c[1] <= a)
    usual = median(spaces)
    return abs(across - usual) > 0.15 * usual + 0.5


def _split_again(sides: list[list[Char]], min_width: float) -> bool:
    """Whether one side of a block has a gutter of its own, with two lines or more of
    text on each side of it ("12 | Sở Nội vụ" left of "89,50 | 3 | Tốt")."""
    spans = sorted((c[0], c[1]) for chars in sides for c in chars)
    if not spans:
        return False
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_width:
            before = sum(any(c[1] <= reach for c in chars) for chars in sides)
            after = sum(any(c[0] >= x0 for c in chars) for chars in sides)
            if before >= 2 and after >= 2:
                return True
        reach = max(reach, x1)
    return False


def _blank_between(upper: _Line, lower: _Line) -> bool:
    """Whether a blank line's worth of space separates two lines."""
    return upper.y - lower.y > 2.2 * max(upper.height, lower.height)


def _blocks(lines: list[_Line]) -> list[_Block]:
    """The two-column blocks of a page, top to bottom."""
    blocks: list[_Block] = []
    if not lines:
        return blocks
    min_width = MIN_GUTTER * median(line.height for line in lines)
    runs = [_runs(line, min_width) for line in lines]
    i = 0
    while i < len(lines):
        window = runs[i:i + WINDOW]
        found = None
        if len(window) >= 2:
            for gap in _gaps(window, min_width):
                block = _grow(lines, i, gap, min_width)
                if block and (found is None or block.end > found.end):
                    found = block
        if found:
            floor = blocks[-1].end if blocks else 0
            while found.start > floor and _continues_up(lines[found.start - 1],
                                                        lines[found.start:found.end], found):
                found.start -= 1
            blocks.append(found)
            i = found.end
        else:
            i += 1
    return blocks


def _continues_up(line: _Line, block: list[_Line], found: _Block) -> bool:
    """Whether the line right above a block is its first row after all: a justified
    row whose gap across the gutter looked like its word spaces (so no block could start
    there), but whose halves end and start at the columns' edges, to the point."""
    left = [c for c in line.chars if c[1] <= found.gutter]
    right = [c for c in line.chars if c[1] > found.gutter]
    if not left or not right or not left[-1][1] < found.gutter < right[0][0]:
        return False
    if _blank_between(line, block[0]):
        return False
    left_edge = max((c[1] for row in block for c in row.chars if c[1] <= found.gutter),
                    default=0.0)
    right_edge = min((c[0] for row in block for c in row.chars if c[1] > found.gutter),
                     default=0.0)
    return abs(left[-1][1] - left_edge) < 1.0 and abs(right[0][0] - right_edge) < 1.0


def _split(line: _Line) -> list[_Segment]:
    """A line outside any block, split where a gap is wider than ``COLUMN_GAP``."""
    segments: list[_Segment] = []
    current = _Segment(first=10**9, y=line.y, height=line.height)
    last_x1 = None
    for c in line.chars:
        if last_x1 is not None and c[0] - last_x1 > COLUMN_GAP * line.height:
            segments.append(current)
            current = _Segment(first=10**9, y=line.y, height=line.height)
        current.chars.append(c)
        last_x1 = c[1] if last_x1 is None else max(last_x1, c[1])
    segments.append(current)
    for seg in segments:
        seg.first = min(c[3] for c in seg.chars)
    return segments


def _columns(lines: list[_Line], block: _Block) -> list[_Segment]:
    """A block's lines, the left column's top to bottom, then the right column's."""
    left: list[_Segment] = []
    right: list[_Segment] = []
    for line in lines[block.start:block.end]:
        for side, keep in ((left, lambda c: c[1] <= block.gutter),
                           (right, lambda c: c[1] > block.gutter)):
            chars = [c for c in line.chars if keep(c)]
            if chars:
                side.append(_Segment(first=min(c[3] for c in chars), y=line.y,
                                     height=line.height, chars=chars))
    return left + right


def page_text(page: pdfium.PdfPage) -> str:
    """The page's text layer in reading order, one segment a line, blank line at gaps."""
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage)
    finally:
        textpage.close()
    if not chars:
        return ""
    lines = _lines(chars)
    units: list[tuple[int, list[_Segment]]] = []  # (first stream index, segments in order)
    covered: set[int] = set()
    for block in _blocks(lines):
        segments = _columns(lines, block)
        units.append((min(s.first for s in segments), segments))
        covered.update(range(block.start, block.end))
    for i, line in enumerate(lines):
        if i not in covered:
            units.extend((seg.first, [seg]) for seg in _split(line))
    units.sort(key=lambda u: u[0])
    out: list[str] = []
    previous: _Segment | None = None
    for _, segments in units:
        for seg in segments:
            if previous is not None and previous.y - seg.y > 2.2 * seg.height:
                out.append("")
            out.append(seg.text())
            previous = seg
    return "\n".join(out)
