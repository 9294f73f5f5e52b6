"""Dossier statistics in tables flattened to text (Markdown pipes or tab-separated).

Reports often put one-stop-shop figures in a table, one row per agency:

    | STT | Đơn vị     | Tổng số hồ sơ tiếp nhận | Trực tuyến | Đã giải quyết | Quá hạn |
    |-----|------------|-------------------------|------------|---------------|---------|
    | 1   | Sở Tư pháp | 1.234                   | 1.000      | 1.200         | 0       |

Each number cell is a figure: its metric comes from its column header (a two-row header
combines the group with the sub-column: "Số hồ sơ đã giải quyết" / "Quá hạn" is overdue,
"Số hồ sơ tiếp nhận" / "Tổng số" is received), its agency from the row label. A table
whose rows are metrics ("| Tiếp nhận | 1.234 | 1.300 |") reads the other way round. A
table is about dossiers only when its header or the lines above it say "hồ sơ".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import regex

from extractors.dates.periods import periods_between
from extractors.dossiers import agencies
from extractors.dossiers.metrics import REFINE, phrase_metric
from extractors.text.numbers import COUNT, find_numbers
from extractors.text.patterns import patterns
from extractors.text.prefilter import lines_holding
from extractors.text.view import TextView, squash
from schemas.facts import Dossier, DossierLevel, DossierMetric

if TYPE_CHECKING:
    from extractors.context import Context
    from extractors.dossiers.find import Scope

Cell = tuple[int, int]
_RULE_LINE = regex.compile(r"^[\s|:+\-=]*$")
_TOTAL_ROW = patterns("dossiers")["dossier.total_row"].regex
_RATE = patterns("dossiers")["dossier.not_count_column"].regex
_HOSO = patterns("dossiers")["dossier.table_topic"].regex
_LEVEL = patterns("dossiers")["dossier.agency_level"].regex
_STT = regex.compile(r"^(?:\d+(?:\.\d+)*|[IVXivx]+|[a-zđ]|stt|tt)[.)]?$", regex.I)
#: Compiled once: ``regex.search(source, …)`` looks its cache up at every call (~10 µs).
_LETTER = regex.compile(r"\p{L}")


@dataclass
class Table:
    """A run of table lines: cell offsets per row (cut from the lines when first read:
    most tables of a page are about no dossiers, and their cells are never asked for),
    and where the caption above starts."""

    start: int
    end: int
    lines: list[tuple[int, int]]  # each row's line, start and end
    caption_start: int
    about: bool = False
    text: str = field(default="", repr=False)

    @cached_property
    def rows(self) -> list[list[Cell]]:
        return [cells for a, b in self.lines if (cells := _cells(self.text, a, b)) is not None]


def _is_row(line: str) -> bool:
    """Whether a line is a table row: two "|" or two tabs (``_cells`` cuts it)."""
    return line.count("|") >= 2 or line.count("\t") >= 2


def _cells(text: str, a: int, b: int) -> list[Cell] | None:
    """Cells of the line ``text[a:b]`` split on "|" or tabs; None if it is no table row."""
    line = text[a:b]
    sep = "|" if line.count("|") >= 2 else "\t" if line.count("\t") >= 2 else None
    if sep is None:
        return None
    cells: list[Cell] = []
    pos = a
    for part in line.split(sep):
        cells.append((pos, pos + len(part)))
        pos += len(part) + 1
    if sep == "|" and line.strip().startswith("|"):
        cells = cells[1:]
    if sep == "|" and line.strip().endswith("|"):
        cells = cells[:-1]
    return cells


def find_tables(view: TextView) -> list[Table]:
    """Every table of the text (once per text: ``ctx.memo(find_tables)``);
    ``about`` marks dossier tables (their header or
    caption mentions "hồ sơ")."""
    tables: list[Table] = []
    text = view.text
    if "|" not in text and "\t" not in text:
        return tables  # no line can be a row
    current: list[tuple[int, int]] = []
    first = last = 0
    starts = [*view.line_starts, len(text) + 1]
    previous = -2
    for i in lines_holding(text, view.line_starts, ("|", "\t")):
        if i != previous + 1 and len(current) >= 2:  # a line between: no row, the run ends
            tables.append(_table(view, first, last, current))
        if i != previous + 1:
            current = []
        previous = i
        a, b = starts[i], starts[i + 1] - 1
        line = text[a:b]
        row = _is_row(line)
        if row and _RULE_LINE.match(line):
            continue
        if row:
            if not current:
                first = a
            current.append((a, b))
            last = b
            continue
        if len(current) >= 2:
            tables.append(_table(view, first, last, current))
        current = []
    if len(current) >= 2:
        tables.append(_table(view, first, last, current))
    for t in tables:
        t.about = _about_dossiers(view, t)
    return tables


def _table(view: TextView, first: int, last: int, lines: list[tuple[int, int]]) -> Table:
    line = view.line_of(first)
    cap = view.line_starts[max(0, line - 3)]
    return Table(first, last, lines, cap, text=view.text)


def _about_dossiers(view: TextView, t: Table) -> bool:
    if not _HOSO.search(view.folded, t.caption_start, t.end):
        return False  # not even its rows say "hồ sơ": no need to find where its header ends
    head = _header_count(view, t)
    header_end = t.rows[head][0][0] if head < len(t.rows) else t.end
    return bool(_HOSO.search(view.folded, t.caption_start, header_end))


def _value(view: TextView, cell: Cell) -> tuple[int, int, int] | None:
    """(start, end, count) of a cell holding exactly one whole non-percent number."""
    nums = list(find_numbers(view.folded, *cell, context=COUNT))
    rest = view.folded[cell[0]:cell[1]]
    if len(nums) != 1 or nums[0].is_percent or not isinstance(nums[0].value, int):
        return None
    if _LETTER.search(rest):
        return None
    return nums[0].start, nums[0].end, nums[0].value


def _is_data_row(view: TextView, row: list[Cell]) -> bool:
    return sum(_value(view, c) is not None for c in row[1:]) >= 1 and any(
        _LETTER.search(view.folded[a:b]) for a, b in row)


def _header_count(view: TextView, t: Table) -> int:
    for i, row in enumerate(t.rows):
        if _is_data_row(view, row):
            return i
    return len(t.rows)


def _labels(view: TextView, t: Table, head: int) -> list[tuple[str, str]]:
    """(group, sub-column) label per column; an empty group cell spans from its left."""
    width = max(len(r) for r in t.rows)
    groups, subs = [""] * width, [""] * width
    for i in range(head):
        row = [squash(view.folded[a:b]) for a, b in t.rows[i]]
        row += [""] * (width - len(row))
        if i < head - 1:
            for j in range(width):
                groups[j] = row[j] or (groups[j - 1] if j else "") or groups[j]
        else:
            subs = row
    if head == 1:
        groups, subs = [""] * width, subs
    return list(zip(groups, subs, strict=True))


def _label_metric(text: str) -> str | None:
    """Metric key of a header or row label: its last metric phrase, "block" or None."""
    if _RATE.search(text):
        return "block"
    hits = list(patterns("dossiers")["dossier.metric"].regex.finditer(text))
    return phrase_metric(hits[-1].group(0)) if hits else None


#: A sub-column under "Số hồ sơ đang giải quyết" splits the pending ones: "Chưa đến hạn"
#: (or "Trong hạn") is pending_on_time, "Quá hạn" pending_overdue.
_UNDER_PENDING = {"pending": "pending_on_time", "resolved_early_or_on_time": "pending_on_time",
                  "overdue": "pending_overdue"}


def _column_metric(group: str, sub: str) -> str | None:
    g, s = _label_metric(group), _label_metric(sub)
    if s == "block" or g == "block":
        return None
    if g == "pending" and s in _UNDER_PENDING:
        return _UNDER_PENDING[s]
    if s in (None, "total"):
        return g if g not in (None, "total") else ("received" if s or g else None)
    if g and g != "total":
        return REFINE.get((g, s), s)
    return s


def _row_label(view: TextView, row: list[Cell]) -> Cell | None:
    for a, b in row:
        text = squash(view.folded[a:b])
        if text and _LETTER.search(text) and not _STT.match(text):
            return a, b
    return None


def table_facts(ctx: Scope, t: Table) -> list[Dossier]:
    """One fact per number cell whose column (or row) names a metric."""
    view = ctx.view
    head = _header_count(view, t)
    labels = _labels(view, t, head)
    metrics = [_column_metric(g, s) for g, s in labels]
    period = _caption_period(view, t) or ctx.report
    owner = _caption_agency(view, t)
    out: list[Dossier] = []
    for row in t.rows[head:]:
        label = _row_label(view, row)
        label_text = squash(view.text[label[0]:label[1]]) if label else ""
        row_metric = _column_metric("", view.folded[label[0]:label[1]]) if label else None
        level = _row_level(label_text)
        agency = None if (row_metric or level or _TOTAL_ROW.match(label_text)) else (
            label_text or None)
        for j, cell in enumerate(row):
            val = _value(view, cell) if cell != label else None
            metric = metrics[j] if j < len(metrics) and metrics[j] else row_metric
            if val is None or metric is None:
                continue
            col_agency = agency or (_agency_like(labels[j][1]) if row_metric else None) or (
                None if _TOTAL_ROW.match(label_text) else owner)
            out.append(_cell_fact(ctx, val, metric, col_agency, period,
                                  level or agencies.desk_tier(col_agency)))
    return out


def _row_level(label: str) -> DossierLevel | None:
    """The tier a row label names with no one body: "Cấp tỉnh" → province, "Cấp huyện" →
    district, "Toàn tỉnh" → all; a body's row ("Sở Tư pháp") has none."""
    m = _LEVEL.match(label)
    if m is None or len(label) - m.end() > 3:
        return None
    return agencies.tier(label)


def _agency_like(text: str) -> str | None:
    m = patterns("dossiers")["dossier.agency"].regex.search(text)
    return m.group("name") if m else None


def _caption_agency(view: Context, t: Table) -> str | None:
    """The body named in the lines above the table ("Hồ sơ TTHC của Sở Tư pháp:")."""
    named = [m.name for m in agencies.starting_in(view, t.caption_start, t.start) if m.name]
    return named[-1] if named else None


def _caption_period(view: Context, t: Table):
    found = [p for p in periods_between(view, t.caption_start, t.start) if not p.comparison]
    return found[-1] if found else None


def _cell_fact(ctx: Scope, val: tuple[int, int, int], metric: str, agency: str | None,
               period, level: DossierLevel | None = None) -> Dossier:
    a, b, quote = ctx.view.span(val[0], val[1])
    return Dossier(span=(a, b), quote=quote, rule="dossier.table", metric=DossierMetric(metric),
                   count=val[2], agency=agency, level=level,
                   period_start=period.start if period else None,
                   period_end=period.end if period else None)
