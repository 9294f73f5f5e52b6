"""Scores read from a table flattened to text: a header row with "Điểm tối đa" and
"Điểm đạt" (or "Điểm tự chấm", "Điểm thẩm định") columns, then one row per criterion; or,
in the decisions that publish a PAR index, "STT | Đơn vị | Điểm tự đánh giá | Điểm thẩm
định | Chỉ số (%) | Xếp hạng", one row per unit: its points, its index percent (the
score's percent) and its rank (read by ``rankings`` through :func:`table_ranks`).

Converters flatten tables as "| 1.1 | Công tác tuyên truyền | 2,5 | 1 |" or with tabs; a
row's first numeric-code cell is its criterion ("1.1"; a bare "1" is a list number), its
first cell with words its label. Where several achieved columns exist, the last one
(usually the council's "thẩm định" over the unit's "tự chấm") is the score.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.assessment.years import year_at
from extractors.text.numbers import parse_vn_number
from extractors.text.patterns import patterns
from extractors.text.view import TextView, squash
from schemas.facts import Score

_CELL_SPLIT = regex.compile(r"\s*\|\s*|\t+|\s{3,}")
_MAX_COL = patterns("scores")["score.column.max"].regex
_VALUE_COL = patterns("scores")["score.column.value"].regex
_RANK_COL = patterns("scores")["score.column.rank"].regex
_PCT_ONLY = patterns("scores")["score.column.percent_only"].regex
_PCT_COL = patterns("scores")["score.column.percent"].regex
_CODE = regex.compile(r"\d{1,2}(?:\.\d{1,2}){1,3}\.?")
_NUM = regex.compile(r"\d{1,3}(?:[.,]\d{1,3})?\s*%?")
RULE = "score.table_row"


def _cells(line: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-empty cell of a flattened row, offsets in the text."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for m in [*_CELL_SPLIT.finditer(line), None]:
        stop = m.start() if m else len(line)
        cell = line[pos:stop]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            out.append((offset + pos + lead, offset + pos + len(cell.rstrip()), cell.strip()))
        pos = m.end() if m else len(line)
    return out


def table_scores(view: TextView) -> Iterator[Score]:
    """Scores from every points table in the text."""
    for head, rows in view.memo(find_score_tables):
        max_col = next((k for k, c in enumerate(head) if _MAX_COL.search(c)), None)
        val_cols = [k for k, c in enumerate(head) if _VALUE_COL.search(c) and k != max_col
                    and not _RANK_COL.search(c) and not _PCT_ONLY.search(c)]
        if not val_cols:
            continue
        pct_col = next((k for k, c in enumerate(head) if _PCT_COL.search(c)
                        and k not in val_cols), None)
        for row in rows:
            fact = _row_score(view, row, len(head), max_col, val_cols[-1], pct_col)
            if fact is not None:
                yield fact


def table_ranks(view: TextView) -> Iterator[tuple[int, int, int]]:
    """(start, end, rank) of each "Xếp hạng" cell of a points table: "| 1 | Sở Tư pháp |
    92,5 | 93,1 | 93,10 | 1 |" ranks Sở Tư pháp first."""
    for head, rows in view.memo(find_score_tables):
        rank_col = next((k for k, c in enumerate(head) if _RANK_COL.search(c)), None)
        if rank_col is None:
            continue
        for row in rows:
            if len(row) == len(head) and regex.fullmatch(r"\d{1,3}", row[rank_col][2]):
                rank = int(row[rank_col][2])
                if 0 < rank <= max(len(rows), 1) * 2:
                    yield row[rank_col][0], row[rank_col][1], rank


def find_score_tables(view: TextView
                      ) -> list[tuple[list[str], list[list[tuple[int, int, str]]]]]:
    """Each points table of the text: its header cells and its rows' cells (read once per
    text: ``ctx.memo(find_score_tables)``)."""
    header_re = patterns("scores")["score.table_header"].regex
    lines = view.text.split("\n")  # the stored text keeps the tabs that separate cells
    folded = view.folded.split("\n")  # same length, so the same lines
    starts = view.line_starts
    tables: list[tuple[list[str], list[list[tuple[int, int, str]]]]] = []
    i = 0
    while i < len(lines):
        if not header_re.search(folded[i]) or len(_cells(lines[i], 0)) < 3:
            i += 1
            continue
        head = [c[2] for c in _cells(lines[i], 0)]
        rows = []
        i += 1
        while i < len(lines) and len(_cells(lines[i], 0)) >= 2:
            rows.append(_cells(lines[i], starts[i]))
            i += 1
        tables.append((head, rows))
    return tables


def _row_score(view: TextView, row: list[tuple[int, int, str]], width: int,
               max_col: int | None, val_col: int, pct_col: int | None) -> Score | None:
    """One row → a score, when its cells line up with the header and hold numbers."""
    if len(row) != width or regex.fullmatch(r"[-:\s]+", row[0][2]):
        return None
    value = _cell_number(row[val_col][2])
    top = _cell_number(row[max_col][2]) if max_col is not None else None
    if value is None or (top is not None and value > top):
        return None
    label_cell = next((c for c in row if regex.search(r"\p{L}{2}", c[2])), None)
    code_cell = next((c for c in row[:2] if _CODE.fullmatch(c[2])), None)
    percent = _cell_number(row[pct_col][2]) if pct_col is not None else None
    used = [c for c in (label_cell, row[val_col]) if c is not None]
    s, e, quote = view.span(min(c[0] for c in used), max(c[1] for c in row))
    return Score(
        span=(s, e), quote=quote, rule=RULE, value=value, max=top, percent=percent,
        criterion=code_cell[2].rstrip(".") if code_cell else None,
        label=squash(view.text[label_cell[0]:label_cell[1]]) if label_cell else None,
        year=year_at(view, s, e),
    )


def _cell_number(cell: str) -> int | float | None:
    return parse_vn_number(cell) if _NUM.fullmatch(cell.strip()) else None
