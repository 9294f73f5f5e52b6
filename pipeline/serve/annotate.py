"""Put every fact back at its own words: the stored text as HTML, facts as nested marks.

A fact is shown at its span, never found again by searching its quote: "Quyết định số
102/QĐ-UBND ngày 16/01/2024" (a reference) holds "16/01/2024" (a date), and both are
marked, the date inside the reference. The text is cut at every span boundary (the way
eyecite's ``annotate`` puts markup back into a text); spans that nest become nested
``<mark>`` elements, and a span that crosses another's end is closed there and reopened
as a continuation piece, so every fact stays visible however the spans overlap.

Lines are kept as lines; paragraphs are runs of lines between blank lines; runs of
flattened table rows ("Sở Nội vụ | 89,5 | 3", as the converters write a table) become an
HTML table. A span that crosses a line or a cell is split at it, like any other boundary.
Every piece of text and every attribute goes through ``markupsafe.escape``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

#: Cells of a flattened table row: "a | b | c" (converters), or "|a |b |" (antiword).
_CELL_SEPARATOR = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Span:
    """One fact to mark: where it is, its anchor key ("dates-12") and what it says."""

    start: int
    end: int
    key: str
    category: str
    tip: str


@dataclass(frozen=True)
class Block:
    """A paragraph (its lines) or a table (its rows of cells), as text offsets."""

    kind: Literal["p", "table"]
    rows: tuple[tuple[tuple[int, int], ...], ...]


def is_table_row(line: str) -> bool:
    """A flattened table row: cells joined by " | ", or a row drawn "|a |b |".

    >>> is_table_row("Sở Nội vụ | 89,5 | 3"), is_table_row("|"), is_table_row("a|b")
    (True, False, False)
    """
    stripped = line.strip()
    if " | " in stripped:
        return True
    return len(stripped) > 2 and stripped.startswith("|") and stripped.endswith("|") \
        and stripped.count("|") >= 3


def cells(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """The cells of the row ``text[start:end]`` as offsets, separators and edges dropped.

    >>> row = "Sở Nội vụ | 89,5 | 3"
    >>> [row[a:b] for a, b in cells(row, 0, len(row))]
    ['Sở Nội vụ', '89,5', '3']
    >>> row = "| | Trước hạn | Quá hạn |"
    >>> [row[a:b] for a, b in cells(row, 0, len(row))]
    ['', 'Trước hạn', 'Quá hạn']
    """
    out, at = [], start
    for sep in _CELL_SEPARATOR.finditer(text, start, end):
        out.append((at, sep.start()))
        at = sep.end()
    out.append((at, end))
    # an empty cell inside the row keeps its column ("Cấp xã | 264.610 | | 5.685"); the
    # empty edges of a row drawn "| a | b |" are its frame
    if len(out) > 1 and out[0][0] == out[0][1]:
        out = out[1:]
    if len(out) > 1 and out[-1][0] == out[-1][1]:
        out = out[:-1]
    return tuple(out)


def _lines(text: str) -> Iterator[tuple[int, int]]:
    at = 0
    for line in text.split("\n"):
        yield at, at + len(line)
        at += len(line) + 1


def blocks(text: str) -> list[Block]:
    """Paragraphs and tables of ``text``: blank lines end a paragraph, a run of table
    rows is one table.

    >>> [(b.kind, len(b.rows)) for b in blocks("Kết quả:\\nSở A | 1\\nSở B | 2\\n\\nHết.")]
    [('p', 1), ('table', 2), ('p', 1)]
    """
    out: list[Block] = []
    lines: list[tuple[int, int]] = []
    rows: list[tuple[tuple[int, int], ...]] = []

    def flush() -> None:
        if lines:
            out.append(Block("p", (tuple(lines),)))
            lines.clear()
        if rows:
            out.append(Block("table", tuple(rows)))
            rows.clear()

    for start, end in _lines(text):
        line = text[start:end]
        if not line.strip():
            flush()
        elif is_table_row(line):
            if lines:
                flush()
            rows.append(cells(text, start, end))
        else:
            if rows:
                flush()
            lines.append((start, end))
    flush()
    return out


@dataclass
class _Marker:
    """Marks spans into ranges of the text, one range after another, remembering which
    facts already have their anchor (only a fact's first piece carries its id)."""

    text: str
    spans: list[Span]
    anchored: set[str] = field(default_factory=set)
    _next: int = 0
    _active: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.spans = sorted(self.spans, key=lambda s: (s.start, -s.end, s.key))

    def _within(self, start: int, end: int) -> list[Span]:
        """Spans that touch ``[start, end)`` (ranges come in text order)."""
        while self._next < len(self.spans) and self.spans[self._next].start < end:
            self._active.append(self.spans[self._next])
            self._next += 1
        self._active = [s for s in self._active if s.end > start or s.start == s.end >= start]
        return [s for s in self._active if s.start < end or s.start == s.end == end]

    def render(self, start: int, end: int) -> str:
        """``text[start:end]`` as escaped HTML with its spans' marks, nested."""
        spans = self._within(start, end)
        cuts = sorted({start, end, *(max(s.start, start) for s in spans),
                       *(min(s.end, end) for s in spans)})
        out: list[str] = []
        stack: list[Span] = []
        pos, i = start, 0
        for cut in cuts:
            out.append(str(escape(self.text[pos:cut])))
            pos = cut
            self._close(cut, stack, out)
            while i < len(spans) and max(spans[i].start, start) <= cut:
                span = spans[i]
                i += 1
                if span.start == span.end:
                    out.append(self._empty(span))
                elif min(span.end, end) > cut:
                    out.append(self._open(span, len(stack)))
                    stack.append(span)
        self._close(end, stack, out, everything=True)
        return "".join(out)

    def _close(self, cut: int, stack: list[Span], out: list[str], *,
               everything: bool = False) -> None:
        """Close the marks ending at ``cut``; marks above them in the stack (crossing
        spans) are closed too and reopened as continuation pieces."""
        if not any(s.end <= cut for s in stack) and not everything:
            return
        reopen = []
        while stack and (everything or any(s.end <= cut for s in stack)):
            span = stack.pop()
            out.append(_back_link(span) if span.end == cut else "")
            out.append("</mark>")
            if span.end > cut:
                reopen.append(span)
        if everything:
            return
        for span in reversed(reopen):
            out.append(self._open(span, len(stack)))
            stack.append(span)

    def _open(self, span: Span, depth: int) -> str:
        attrs = {"class": f"fact c-{span.category} d{min(depth, 3)}", "data-fact": span.key,
                 "title": span.tip}
        if span.key not in self.anchored:
            self.anchored.add(span.key)
            attrs = {"id": f"fact-{span.key}", "tabindex": "0", **attrs}
        else:
            attrs["class"] += " cont"
        return "<mark" + "".join(f' {k}="{escape(v)}"' for k, v in attrs.items()) + ">"

    def _empty(self, span: Span) -> str:
        """A fact with no words (an empty span) still has its anchor."""
        if span.key in self.anchored:
            return ""
        self.anchored.add(span.key)
        return f'<span id="fact-{escape(span.key)}" class="fact-empty"></span>'


def _back_link(span: Span) -> str:
    """The link from a fact's last piece back to its entry in the facts panel; empty
    text (CSS draws it), so a mark's text stays exactly the fact's words."""
    return (f'<a class="to-panel" href="#item-{escape(span.key)}" '
            'aria-label="Xem dữ kiện này trong danh sách"></a>')


def annotate(text: str, spans: Iterable[Span]) -> Markup:
    """The whole text as HTML: paragraphs (``<p>``, lines split by ``<br>``) and tables,
    each fact marked at its span.

    >>> text = "Quyết định số 102/QĐ-UBND ngày 16/01/2024 của UBND tỉnh"
    >>> ref = Span(0, 41, "references-1", "references", "Văn bản được dẫn")
    >>> date = Span(31, 41, "dates-7", "dates", "Ngày: 2024-01-16")
    >>> html = annotate(text, [ref, date])
    >>> html.count("<mark"), html.index('id="fact-references-1"') < html.index('id="fact-dates-7"')
    (2, True)
    """
    marker = _Marker(text, list(spans))
    out: list[str] = []
    for block in blocks(text):
        if block.kind == "p":
            lines = [marker.render(a, b) for a, b in block.rows[0]]
            out.append("<p>" + "<br>\n".join(lines) + "</p>")
        else:
            rows = ("<tr>" + "".join(f"<td>{marker.render(a, b)}</td>" for a, b in row)
                    + "</tr>" for row in block.rows)
            out.append('<table class="flat-table">' + "".join(rows) + "</table>")
    return Markup("\n".join(out))
