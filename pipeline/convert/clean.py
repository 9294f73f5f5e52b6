"""Shared last step of every converter: NFC, line ends, blank lines, and the page map.

Every engine hands back text in its own shape: pdfium ends lines with ``\\r\\n``, Word
paragraphs carry no-break spaces and soft hyphens, Tesseract adds form feeds, and
Windows-1258 files decompose "hòa" into h-o-◌̀-a. The extractors only ever see one
shape: NFC, ``\\n`` line ends, paragraphs separated by one blank line, no control
characters. ``assemble`` joins pages and records where each starts, so a fact found at
offset 5230 can be shown as "trang 3".

Tables come out one row a line, cells joined by " | " on the table's grid ("1 | Sở Nội
vụ | 95,39 | 3"; an empty or merged cell stays an empty cell), wrapped cell text joined
into its cell. A converter writes them with ``table_text``, whose marks ``unmark`` turns
into the Document's ``tables`` once the text is final.
"""

from __future__ import annotations

import re

from extractors.text.view import nfc
from schemas.document import TableSpan

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


#: pdfium's mark for a hyphen or soft hyphen that ends a line inside a word or a number.
LINE_END_HYPHEN = "\ufffe"
#: A line broken inside a word or a number: a letter or digit right before a hyphen, a
#: soft hyphen or pdfium's mark ("2775/SNV-", "02/PA-BCA-"; never a dash list item
#: "Độc lập - Tự do -" nor a rule "-------").
_BROKEN = re.compile("(?<=[^\\W_])[-\u00ad\ufffe]$")
#: What a broken word or number goes on with: a letter or a digit ("CCHC&VTLT", "C04"),
#: never a list item ("- Sở Nội vụ").
_CONTINUES = re.compile(r"[^\W_]")


def join_broken_lines(text: str) -> str:
    """Rejoin a word or document number a line end cut after a hyphen.

    A text layer has one line per printed line, and Word breaks a line after the hyphen
    of a long number: "Công văn số 2775/SNV-" then "CCHC&VTLT ngày …", read as the
    number "2775/SNV". The continuation goes back up to its line; a hyphen stays (it was
    typed: "2775/SNV-CCHC&VTLT", "Covid-19"), a soft hyphen goes ("20\\xad" + "24" is
    2024), and pdfium's mark (U+FFFE), which stands for either, stays a hyphen: Word
    hyphenates no Vietnamese word, so a hyphen at a line end is one the author typed.

    >>> join_broken_lines("số 02/PA-BCA-\\nC04 ngày 12/6/2024\\n- Sở Nội vụ;\\n- UBND tỉnh")
    'số 02/PA-BCA-C04\\nngày 12/6/2024\\n- Sở Nội vụ;\\n- UBND tỉnh'
    """
    out: list[str] = []
    for line in text.split("\n"):
        previous = out[-1].rstrip() if out else ""
        if _BROKEN.search(previous) and _CONTINUES.match(line):
            head, _, rest = line.partition(" ")
            mark = previous[-1]
            out[-1] = previous[:-1] + ("" if mark == "\u00ad" else "-") + head
            if not rest.strip():
                continue
            line = rest.lstrip()
        out.append(line)
    return "\n".join(out).replace(LINE_END_HYPHEN, "-")


def join_broken_pages(pages: list[str]) -> list[str]:
    """``join_broken_lines`` across page breaks: a number cut at the foot of a page
    ("Quyết định 20/2019/QĐ-", then "UBND ngày 29/8/2019" atop the next) goes back to
    the page it started on.

    >>> join_broken_pages(["Quyết định 20/2019/QĐ-", "UBND ngày 29/8/2019\\nNội dung"])
    ['Quyết định 20/2019/QĐ-UBND', 'ngày 29/8/2019\\nNội dung']
    """
    out = list(pages)
    for k in range(len(out) - 1):
        body, _, tail = out[k].rstrip("\n").rpartition("\n")
        first, _, rest = out[k + 1].lstrip("\n").partition("\n")
        if not (_BROKEN.search(tail.rstrip()) and _CONTINUES.match(first)):
            continue
        joined = join_broken_lines(tail + "\n" + first).split("\n")
        out[k] = (body + "\n" if body else "") + joined[0]
        out[k + 1] = "\n".join([*joined[1:], rest] if rest else joined[1:])
    return out


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


#: Marks a converter puts around a table's rows (``table_text``) so that ``unmark`` can
#: record where the table ended up once the text is cleaned and joined: "\ue000" + header
#: rows + "\ue002" before the first row, "\ue001" after the last. Private-use code points
#: carry no text; stray ones in a source are dropped with the marks.
_OPEN, _META, _CLOSE = "\ue000", "\ue002", "\ue001"
_MARKED = re.compile(f"{_OPEN}(\\d+){_META}(.*?){_CLOSE}", re.S)
_STRAY = re.compile(f"[{_OPEN}{_META}{_CLOSE}]")
_NUMBER_CELL = re.compile(r"[(\[]?[-+]?\d[\d.,]*\s*%?[)\]]?|\d[\d.,]*\s*/\s*\d[\d.,]*")
_MAX_HEADER_ROWS = 4
#: A cell ending in these is cut short: the next line goes on with it ("Sở Thông tin và").
_OPEN_END = re.compile(r"(?:\b(?:và|của|các|về|cho|thuộc)|[,\-–&])$")


def _cell(text: str | None) -> str:
    """A cell's text on one line: "Sở Nông nghiệp và Môi\ntrường" is one name."""
    return _SPACES.sub(" ", (text or "").replace("\n", " ")).strip()


def _is_number(cell: str) -> bool:
    return bool(_NUMBER_CELL.fullmatch(cell))


def _column_numbers(cells: list[str]) -> bool:
    """"(1) | (2) | (3)" or "1 | 2 | 3=1+2": the row that numbers a table's columns."""
    found = [c for c in cells if c]
    nums = [re.match(r"\(?(\d{1,2})\)?(?:\s*=.*)?$", c) for c in found]
    return len(found) >= 3 and all(nums) and [int(m.group(1)) for m in nums if m] == list(
        range(int(nums[0].group(1)), int(nums[0].group(1)) + len(found)))


def _header_rows(rows: list[list[str]]) -> int:
    """Rows before the first that holds a figure: the header, one or two levels ("Số hồ
    sơ đã giải quyết" over "Trước hạn | Đúng hạn | Quá hạn"), and the row numbering the
    columns ("(1) | (2) | (3)")."""
    for i, row in enumerate(rows[:_MAX_HEADER_ROWS + 1]):
        if _column_numbers(row):
            continue
        if any(_is_number(c) for c in row) or (i and row[0]):
            return i  # a figure, or a group row ("I | Sở, ban, ngành"): the body begins
    return 0


def _continues(row: list[str], previous: list[str]) -> bool:
    """A line of wrapped text set as a row of its own: its first cell (the number) is
    empty, it holds no figure, the row before it holds figures, and its text goes on
    from that row's ("1 | Sở Nông nghiệp và Môi | 89,5" then " | trường | "; "Sở Thông
    tin và" then "Truyền thông"), where a group heading starts anew ("UBND các huyện")."""
    filled = [c for c in row if c]
    if (row[0] or not filled or any(_is_number(c) for c in filled)
            or len(filled) > max(1, len(row) // 2)
            or not any(_is_number(c) for c in previous)):
        return False
    return all(c[0].islower() or _OPEN_END.search(p)
               for c, p in zip(row, previous, strict=True) if c)


def table_rows(rows: list[list[str | None]]) -> tuple[list[list[str]], int]:
    """A table's grid as clean cells, wrapped rows merged, and its number of header rows.

    Every row keeps the table's width (a merged or empty cell is an empty string), so a
    column is the same index in every row.
    """
    width = max((len(r) for r in rows), default=0)
    grid = [[_cell(c) for c in r] + [""] * (width - len(r)) for r in rows]
    grid = [r for r in grid if any(r)]
    head = _header_rows(grid)
    out: list[list[str]] = grid[:head]
    for row in grid[head:]:
        if len(out) > head and _continues(row, out[-1]):
            out[-1] = [f"{a} {b}".strip() for a, b in zip(out[-1], row, strict=True)]
        else:
            out.append(row)
    return out, head


def row_line(cells: list[str]) -> str:
    """One row as one line, cells joined by `` | ``; a row whose first or last cell is
    empty is framed by pipes ("| | Trước hạn | Đúng hạn | Quá hạn |") so that no reader
    takes its empty edge for a Markdown frame."""
    line = " | ".join(cells)
    if cells and (not cells[0] or not cells[-1]):
        line = f"| {line} |"
    return _SPACES.sub(" ", line).strip()


def rows_text(rows: list[list[str | None]]) -> str:
    """A table as text, one row a line, cells joined by `` | ``; empty rows dropped.

    Why rows: "Sở Nội vụ | 89,5 | 3" keeps a unit's score and rank on the line that
    names it, which is what the score and ranking rules read.
    """
    grid, _head = table_rows(rows)
    return "\n".join(row_line(r) for r in grid)


def table_text(rows: list[list[str | None]]) -> str:
    """``rows_text`` between the marks ``unmark`` turns into the Document's table record."""
    grid, head = table_rows(rows)
    if not grid:
        return ""
    return f"{_OPEN}{head}{_META}" + "\n".join(row_line(r) for r in grid) + _CLOSE


def unmark(text: str, starts: list[int] | None = None
           ) -> tuple[str, list[int], list[TableSpan]]:
    """Remove the table marks from a finished text; return the text, the page starts
    moved by what was removed, and where each table is (start, end, page, size).

    >>> text, pages, tables = unmark("Bảng 1\\n\\n" + table_text([["Đơn vị", "Điểm"],
    ...                                                     ["Sở Tư pháp", "92,5"]]))
    >>> text[tables[0].start:tables[0].end], tables[0].header_rows, tables[0].n_cols
    ('Đơn vị | Điểm\\nSở Tư pháp | 92,5', 1, 2)
    """
    cuts: list[tuple[int, int]] = []  # [a, b) of the marked text that goes
    found: list[tuple[int, int, int]] = []  # body start, body end, header rows
    for m in _MARKED.finditer(text):
        cuts += [(m.start(), m.start(2)), (m.end(2), m.end())]
        found.append((m.start(2), m.end(2), int(m.group(1))))
    inside = {i for a, b in cuts for i in range(a, b)}
    cuts += [(m.start(), m.end()) for m in _STRAY.finditer(text) if m.start() not in inside]
    cuts.sort()
    if not cuts:
        return text, list(starts or []), []

    def moved(offset: int) -> int:
        return offset - sum(min(b, offset) - a for a, b in cuts if a < offset)

    pieces, pos = [], 0
    for a, b in cuts:
        pieces.append(text[pos:a])
        pos = b
    pieces.append(text[pos:])
    clean = "".join(pieces)
    new_starts = [moved(s) for s in starts or []]
    tables = []
    for a, b, head in found:
        start, end = moved(a), moved(b)
        lines = clean[start:end].split("\n")
        cols = max(len(row_cells(line)) for line in lines)
        page = sum(1 for s in new_starts if s <= start) or None
        tables.append(TableSpan(start=start, end=end, page=page, n_rows=len(lines),
                                n_cols=cols, header_rows=head))
    return clean, new_starts, tables


def unmarked(text: str) -> str:
    """The text without table marks, for checks that judge its letters."""
    return _STRAY.sub("", text)


_MD_ROW = re.compile(r"^\|.*\|$")
_MD_RULE = re.compile(r"^[|:\- ]*-[|:\- ]*$")


def markdown_tables(text: str) -> list[TableSpan]:
    """Where the Markdown tables of a text are (trafilatura writes a page's tables so):
    runs of two or more "| … |" lines, the lines above the "|---|" rule the header.

    >>> [t] = markdown_tables("Bảng:\\n| Đơn vị | Điểm |\\n|---|---|\\n| Sở Nội vụ | 95,39 |")
    >>> t.start, t.end, t.n_rows, t.n_cols, t.header_rows
    (6, 55, 2, 2, 1)
    """
    out: list[TableSpan] = []
    run: list[tuple[int, str]] = []
    at = 0
    for line in [*text.split("\n"), ""]:
        if _MD_ROW.match(line):
            run.append((at, line))
        else:
            rows = [r for r in run if not _MD_RULE.match(r[1])]
            if len(rows) >= 2:
                rule = next((k for k, (_a, r) in enumerate(run) if _MD_RULE.match(r)), 0)
                out.append(TableSpan(start=run[0][0], end=run[-1][0] + len(run[-1][1]),
                                     n_rows=len(rows), header_rows=rule,
                                     n_cols=max(len(row_cells(r)) for _a, r in rows)))
            run = []
        at += len(line) + 1
    return out


def row_cells(line: str) -> list[str]:
    """The cells of one ``row_line``, a framed row's frame taken off:
    ``row_cells("| | Trước hạn | Quá hạn |") == ["", "Trước hạn", "Quá hạn"]``."""
    if line.startswith("|"):
        line = line[1:-1] if line.endswith("|") and len(line) > 1 else line[1:]
    return [c.strip() for c in re.split(r"\|", line)]
