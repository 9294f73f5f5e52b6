"""Scores and ranks read from tables, one row at a time with its header.

Converters write a table one row a line, cells joined by " | " (an empty cell stays
empty, so a column is the same index in every row; a row whose first or last cell is
empty is framed by pipes); Markdown pipes and tabs read the same. Two kinds of tables
carry points:

- a PAR-index decision's annex, one row per body: "STT | Đơn vị | Điểm tự đánh giá |
  Điểm thẩm định | Điểm điều tra XHH | Tổng điểm | Chỉ số (%) | Xếp hạng". Each row gives
  its unit's result (the total, else the appraised points, else the only points column)
  with the index percent and the rank, and the points the unit gave itself as a score
  of stage ``self``; the survey and appraisal parts of a total are not results;
- a criteria table, one row per criterion: "TT | Tiêu chí | Điểm tối đa | Điểm tự chấm
  | Điểm thẩm định"; a row's first numeric-code cell is its criterion ("1.1"; a bare
  "1" is a list number), its first cell with words its label.

The header may take two lines (a group cell spans the empty cells to its right: "Điểm"
over "Tự đánh giá | Thẩm định"). A cell "8.00/8.00" is points over a maximum. Row
numbers, ranks, totals ("Tổng cộng", "Trung bình") and any value over its maximum (or
over 100 where the table gives none) are never scores; "Xếp loại" (Tốt, Khá) is no rank.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from extractors.assessment.years import year_at
from extractors.lexicon.gazetteer import standard_name
from extractors.text.numbers import parse_vn_number
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import Condition, holds, key
from extractors.text.view import TextView, squash
from schemas.facts import AssessmentStage, Score

_P = patterns("scores")
_HEADER = _P["score.table_header"].regex
_MAX_COL = _P["score.column.max"].regex
_VALUE_COL = _P["score.column.value"].regex
_RANK_COL = _P["score.column.rank"].regex
_PCT_COL = _P["score.column.percent"].regex
_PCT_ONLY = _P["score.column.percent_only"].regex
_SELF_COL = _P["score.column.self"].regex
_APPRAISED_COL = _P["score.column.appraised"].regex
_SURVEY_COL = _P["score.column.survey"].regex
_TOTAL_COL = _P["score.column.total"].regex
_UNIT_COL = _P["score.column.unit"].regex
_PROVINCE_COL = _P["score.column.province"].regex
_PROVINCE_LEAD = regex.compile(r"^(?:tỉnh|thành\s+phố|TP\.?)\s+", regex.I)
_TOTAL_ROW = _P["score.row.total"].regex
_UNIT_NAME = _P["score.unit_name"].regex
_CODE = regex.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}\.?")
_NUM = regex.compile(r"\d{1,3}(?:[.,]\d{1,3})?\s*%?")
_FRACTION = regex.compile(r"(?P<v>\d{1,3}(?:[.,]\d{1,3})?)\s*/\s*(?P<m>\d{1,3}(?:[.,]\d{1,3})?)")
_FIGURE = regex.compile(r"[(\[]?\d[\d.,]*\s*%?[)\]]?|\d[\d.,]*\s*/\s*\d[\d.,]*")
_GROUP_MARK = regex.compile(r"(?:[IVX]{1,4}|[A-DĐ]|)\.?")
_ACHIEVED = regex.compile(r"(?<!\w)đạt(?!\w)", regex.I)
_SUM = regex.compile(r"(?<!\w)tổng(?!\w)", regex.I)
_RULE_LINE = regex.compile(r"[\s|:+=]*-[\s|:+\-=]*")
_PIPE = regex.compile(r"\|")
_TAB = regex.compile(r"\t+")
_GAP = regex.compile(r" {3,}")
RULE = "score.table_row"
UNIT_RULE = "score.table_unit"
#: Points are out of 100 where a table gives no maximum (a PAR index, a criterion).
TOP = 100
#: A place in a ranking of bodies (a province ranks up to a few hundred communes).
MAX_RANK = 700

Cell = tuple[int, int, str]
#: Compiled once: ``regex.match(source, …)`` looks its cache up at every call (~10 µs).
_COLUMN_NUMBER = regex.compile(r"\(?(\d{1,2})\)?(?:\s*=.*)?$")
_TWO_LETTERS = regex.compile(r"\p{L}{2}")
_THOUSANDS = regex.compile(r"\d{1,3}\.\d{3}")
_RANK = regex.compile(r"\d{1,3}")


@dataclass
class ScoreTable:
    """One points table: a label per column (the header's lines joined), its data rows
    (cells with offsets) and the role of each column."""

    labels: list[str]
    rows: list[list[Cell]]
    units: bool  # rows are bodies (a PAR-index annex), not criteria
    provinces: bool  # rows are provinces (the national PAR Index, SIPAS)
    start: int  # where its header starts
    end: int  # where its last row ends

    def column(self, role: str) -> int | None:
        return next((k for k, c in enumerate(self.labels) if column_role(c) == role), None)


def column_role(label: str) -> str | None:
    """What a column holds, by its header: rank, percent, max, self, survey, appraised,
    total (the result), or None. "Điểm tự đánh giá" is self before it is "đánh giá";
    "Chỉ số (%)" is a percent; "Xếp loại" is none of them."""
    if not label:
        return None
    valued = any(p.search(label) for p in (_ACHIEVED, _SELF_COL, _APPRAISED_COL))
    if _RANK_COL.search(label):
        return "rank"
    if _PCT_ONLY.search(label) or (_PCT_COL.search(label) and not _VALUE_COL.search(label)):
        return "percent"
    if _MAX_COL.search(label) and not valued:
        return "max"  # "Điểm đạt/Điểm tối đa" holds points over their maximum
    if _SELF_COL.search(label):
        return "self"
    if _SUM.search(label):
        return "total"  # "Tổng điểm thẩm định và điều tra XHH" is the whole result
    for role, pat in (("survey", _SURVEY_COL), ("appraised", _APPRAISED_COL),
                      ("total", _TOTAL_COL)):
        if pat.search(label):
            return role
    return "total" if _VALUE_COL.search(label) else None


def _split(line: str, offset: int) -> list[Cell] | None:
    """(start, end, text) of every cell of a table line, empty ones too; None when the
    line is no table row. Cells are split on " | ", on tabs, or (a text layer's columns)
    on runs of three spaces; a Markdown frame ("| a | b |") is not a cell."""
    for sep in (_PIPE, _TAB, _GAP):
        gaps = list(sep.finditer(line))
        if len(gaps) >= 2:
            break
    else:
        return None
    cells: list[Cell] = []
    pos = 0
    for m in [*gaps, None]:
        stop = m.start() if m else len(line)
        part = line[pos:stop]
        lead = len(part) - len(part.lstrip())
        text = part.strip()
        cells.append((offset + pos + lead, offset + pos + lead + len(text), text))
        pos = m.end() if m else len(line)
    if sep is _PIPE and line.lstrip().startswith("|"):
        cells = cells[1:]
    if sep is _PIPE and line.rstrip().endswith("|"):
        cells = cells[:-1]
    if sep is _GAP:
        cells = [c for c in cells if c[2]]
    return cells


def _is_figure_row(cells: list[Cell]) -> bool:
    return any(_FIGURE.fullmatch(c[2]) for c in cells[1:]) and not _column_numbers(cells)


def _column_numbers(cells: list[Cell]) -> bool:
    found = [c[2] for c in cells if c[2]]
    nums = [_COLUMN_NUMBER.match(c) for c in found]
    return len(found) >= 3 and all(nums) and [int(m.group(1)) for m in nums if m] == list(
        range(int(nums[0].group(1)), int(nums[0].group(1)) + len(found)))


def _group_row(block: list[list[Cell]], k: int) -> bool:
    """A row that heads a group of the rows after it ("II | UBND các huyện, thành phố"),
    or an empty one: the table goes on after it."""
    filled = [c for c in block[k] if c[2]]
    if not filled:
        return True
    return (len(filled) <= 2 and bool(_GROUP_MARK.fullmatch(block[k][0][2]))
            and k + 1 < len(block) and _is_figure_row(block[k + 1]))


def _labels(heads: list[list[Cell]], width: int) -> list[str]:
    """One label per column from one or more header lines: a cell of an upper line
    spans the empty cells to its right ("Điểm" over "Tự đánh giá | Thẩm định")."""
    labels = [""] * width
    for i, row in enumerate(heads):
        texts = [c[2] for c in row] + [""] * (width - len(row))
        upper = i < len(heads) - 1
        carry = ""
        for k in range(width):
            if texts[k]:
                carry = texts[k]
            part = texts[k] or (carry if upper and k else "")
            labels[k] = f"{labels[k]} {part}".strip()
        if not upper:
            break
    return labels


def _loose(condition: Condition) -> Condition:
    """``condition`` with each phrase as its words, each alone: a label joins the cells of
    up to four header lines ("Điểm" over "tối đa" is "Điểm tối đa"), so a phrase of a
    label need not stand on the page as one, but each of its words does."""
    if isinstance(condition, str):
        words = tuple(condition.split())
        return words[0] if len(words) == 1 else ("and", words)
    op, items = condition
    return op, tuple(_loose(item) for item in items)


def _needs(pattern: Pattern) -> Condition | None:
    return None if pattern.required is None else _loose(pattern.required)


#: What a page needs before any of its tables can be a points table: a header naming
#: points (``score.table_header``), or a rank column beside a unit column (``_ranks_units``).
_HEADER_WORDS = _needs(_P["score.table_header"])
_RANK_WORDS = _needs(_P["score.column.rank"])
_UNIT_WORDS = _needs(_P["score.column.unit"])
#: A table line has two of one separator; a line without any cannot be one.
_SEPARATORS = ("|", "\t", "   ")


def _may_hold_table(view: TextView) -> bool:
    """Whether the page has table lines and the words of a points table's header: most
    pages lack one or the other ("Điểm tối đa", "Xếp hạng" beside "Đơn vị")."""
    text = view.text
    if not any(sep in text for sep in _SEPARATORS):
        return False
    return view.has_words(_HEADER_WORDS) or (
        view.has_words(_RANK_WORDS) and view.has_words(_UNIT_WORDS))


def _may_head(words: str) -> bool:
    """``_may_hold_table``'s words asked of one run of table lines (``prefilter.key``-ed):
    a header is one of its lines, so the rest of the page does not count."""
    seen: dict[str, bool] = {}
    return holds(_HEADER_WORDS, words, seen) or (
        holds(_RANK_WORDS, words, seen) and holds(_UNIT_WORDS, words, seen))


def find_score_tables(view: TextView) -> list[ScoreTable]:
    """Each points table of the text (read once per text: ``ctx.memo(find_score_tables)``)."""
    if not _may_hold_table(view):
        return []
    lines = view.text.split("\n")
    starts = view.line_starts
    tables: list[ScoreTable] = []
    for first, last in _table_runs(lines):
        if not _may_head(key(view.folded[starts[first]:starts[last] + len(lines[last])])):
            continue
        block = [cells for i in range(first, last + 1)
                 if not _RULE_LINE.fullmatch(lines[i])  # Markdown's "|---|" draws no row
                 and (cells := _split(lines[i], starts[i])) is not None]
        if block:
            tables.extend(_tables_of(view, block))
    return tables


def _table_runs(lines: list[str]) -> Iterator[tuple[int, int]]:
    """(first, last) line index of each run of consecutive table lines (``_split`` gives
    cells). The separators are looked for by ``in`` first, and two "|" counted, before
    any line is split: splitting every line of a page cost ~0.3 ms. Two runs of tabs or
    of three spaces hold two of them, so a line with fewer is no row either."""
    first = last = -2
    for i, line in enumerate(lines):
        if "|" not in line and "\t" not in line and "   " not in line:
            continue
        if line.count("|") < 2 and ((line.count("\t") < 2 and line.count("   ") < 2)
                                    or _split(line, 0) is None):
            continue
        if i != last + 1:
            if first >= 0:
                yield first, last
            first = i
        last = i
    if first >= 0:
        yield first, last


def _tables_of(view: TextView, block: list[list[Cell]]) -> Iterator[ScoreTable]:
    """The points tables in a run of table lines: a header (≤ 4 lines without figures
    whose labels name points) and the rows after it, up to the next header."""
    k = 0
    while k < len(block):
        if _is_figure_row(block[k]):
            k += 1
            continue
        first = k
        k += 1
        while (k < len(block) and k - first < 4 and not _is_figure_row(block[k])
               and (not block[k][0][2] or _column_numbers(block[k]))):
            k += 1  # a lower header line starts under the merged "STT" cell
        heads = [[(a, b, view.folded[a:b]) for a, b, _t in r] for r in block[first:k]]
        width = max(len(r) for r in heads)
        labels = _labels(heads, width)
        rows = []
        while k < len(block) and (_is_figure_row(block[k]) or _group_row(block, k)):
            rows.append(block[k])
            k += 1
        if rows and (_HEADER.search(" | ".join(labels)) or _ranks_units(labels)):
            yield ScoreTable(labels, rows, _about_units(labels, rows),
                             any(_PROVINCE_COL.search(c) for c in labels),
                             heads[0][0][0], rows[-1][-1][1] if rows[-1] else heads[-1][-1][1])


def _ranks_units(labels: list[str]) -> bool:
    """A ranking table without points ("Tỉnh, thành phố | Chỉ số (%) | Xếp hạng")."""
    roles = [column_role(c) for c in labels]
    return "rank" in roles and any(_UNIT_COL.search(c) for c in labels)


def _about_units(labels: list[str], rows: list[list[Cell]]) -> bool:
    """Rows are bodies where the label column says "Đơn vị", or most labels are bodies."""
    if _MAX_COL.search(" ".join(labels)) and not any(_UNIT_COL.search(c) for c in labels):
        return False
    if any(_UNIT_COL.search(c) for c in labels):
        return True
    names = [_label_cell(r) for r in rows]
    bodies = [n for n in names if n and _UNIT_NAME.match(n[2])]
    return 2 * len(bodies) > len(names)


def _label_cell(row: list[Cell]) -> Cell | None:
    return next((c for c in row if _TWO_LETTERS.search(c[2])), None)


def table_scores(view: TextView) -> Iterator[Score]:
    """Scores from every points table in the text."""
    for table in view.memo(find_score_tables):
        roles = _result_columns(table)
        if roles is None:
            continue
        for row in table.rows:
            yield from _row_scores(view, table, row, roles)


def _result_columns(table: ScoreTable) -> tuple[int, AssessmentStage | None, int | None,
                                                 int | None, int | None] | None:
    """(result column, its stage, self column, max column, percent column)."""
    total, appraised = table.column("total"), table.column("appraised")
    own = table.column("self")
    if total is not None:
        result, stage = total, None
    elif appraised is not None:
        result, stage = appraised, AssessmentStage.appraised
    elif own is not None:
        result, stage, own = own, AssessmentStage.self, None
    else:
        return None
    return result, stage, own, table.column("max"), table.column("percent")


def _row_scores(view: TextView, table: ScoreTable, row: list[Cell], roles) -> Iterator[Score]:
    result, stage, own, max_col, pct_col = roles
    if len(row) != len(table.labels):
        return
    label = _label_cell(row)
    if label is None or _TOTAL_ROW.match(label[2]):
        return
    top = _number(row[max_col][2]) if max_col is not None else None
    percent = _number(row[pct_col][2]) if pct_col is not None else None
    if percent is not None and not 0 <= percent <= 100:
        percent = None
    for col, col_stage, pct in ((result, stage, percent), (own, AssessmentStage.self, None)):
        if col is None:
            continue
        points = _points(row[col][2], top)
        if points is None:
            continue
        yield _score(view, table, row, label, row[col], points, pct, col_stage)


def _score(view: TextView, table: ScoreTable, row: list[Cell], label: Cell, cell: Cell,
           points: tuple[float, float | None], percent: float | None,
           stage: AssessmentStage | None) -> Score:
    s, e, quote = view.span(min(label[0], cell[0]), max(label[1], cell[1]))
    value, top = points
    if table.units:
        return Score(span=(s, e), quote=quote, rule=UNIT_RULE, value=value, max=top,
                     percent=percent, subject=_subject(view, table, label),
                     stage=stage, year=year_at(view, s, e))
    code = next((c for c in row[:2] if _CODE.fullmatch(c[2])), None)
    return Score(span=(s, e), quote=quote, rule=RULE, value=value, max=top, percent=percent,
                 criterion=code[2].rstrip(".") if code else None,
                 label=squash(view.text[label[0]:label[1]]), stage=stage,
                 year=year_at(view, s, e))


def _subject(view: TextView, table: ScoreTable, label: Cell) -> str:
    """The row's body as written; in a table of provinces ("Tỉnh, thành phố") the
    province's standard spelling ("TP. Hồ Chí Minh" → "Hồ Chí Minh")."""
    name = squash(view.text[label[0]:label[1]])
    if table.provinces:
        return standard_name(_PROVINCE_LEAD.sub("", name)) or name
    return name


def _points(cell: str, top: float | None) -> tuple[float, float | None] | None:
    """(value, max) of a points cell: "92,5", "8.00/8.00"; None outside [0, max]."""
    frac = _FRACTION.fullmatch(cell.strip())
    if frac:
        value, top = _number(frac.group("v")), _number(frac.group("m"))
    else:
        value = _number(cell)
    bound = top if top else TOP
    if value is None or not 0 <= value <= bound or (top is not None and top <= 0):
        return None
    return value, top


def _number(cell: str) -> float | None:
    """A cell's number; "15.804" in a points cell is 15,804 points, not fifteen thousand."""
    text = cell.strip()
    if not _NUM.fullmatch(text):
        return None
    value = parse_vn_number(text)
    if value is not None and value > TOP and _THOUSANDS.fullmatch(text):
        return float(text)
    return value


def table_ranks(view: TextView) -> Iterator[tuple[int, int, int, str | None]]:
    """(start, end, rank, subject) of each "Xếp hạng" cell of a points table: "1 | Sở Tư
    pháp | 92,5 | 93,1 | 93,10 | 1" ranks Sở Tư pháp first."""
    for table in view.memo(find_score_tables):
        rank_col = table.column("rank")
        if rank_col is None:
            continue
        for row in table.rows:
            if len(row) != len(table.labels) or not _RANK.fullmatch(row[rank_col][2]):
                continue
            label = _label_cell(row)
            if label is None or _TOTAL_ROW.match(label[2]):
                continue
            rank = int(row[rank_col][2])
            if 0 < rank <= max(2 * len(table.rows), MAX_RANK):
                subject = _subject(view, table, label) if table.units else None
                yield row[rank_col][0], row[rank_col][1], rank, subject


def table_spans(view: TextView) -> list[tuple[int, int]]:
    """(start, end) of every points table, header included: the prose rules leave them
    to this module ("Xếp hạng" over a row's "1" is no "xếp hạng 1")."""
    return [(t.start, t.end) for t in view.memo(find_score_tables)]
