"""Period expressions: the stretch of time a reported figure covers.

One-stop-shop statistics always say over which time they were counted, in a handful of
written forms: "từ ngày 15/12/2020 đến 14/3/2021", "quý I/2024", "6 tháng đầu năm 2023",
"năm 2022", "tháng 10/2023", "Từ đầu năm đến thời điểm báo cáo". Each becomes a
``Period`` with ISO ``start``/``end`` (either may be None): "quý I/2024" →
2024-01-01..2024-03-31; "Từ ngày 01/01/2022 đến thời điểm báo cáo" → 2022-01-01..None.
"từ đầu năm đến nay" with no year written is None..None (the gold does the same),
though it still marks that the figures after it have a period. A month, quarter or run of
months written without its year ("tháng 10 vừa qua", "3 tháng đầu năm") names the latest
such stretch at the document's date (``find_periods(view, document_date)``: a news page of
25/11/2019 means October 2019), else takes the year of the nearest period written before
it with one (a headline "Quý I/2020" above "Trong 3 tháng đầu năm, …").

The endpoints are parsed here, not taken from the ``dates`` stage: a period's first end
often omits its year ("Từ 01/01 đến 31/5/2023") and the dates category only holds dates
written with one.

"trong kỳ báo cáo" takes the document's report period when the document defines one
("Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/3/2023", or a report title "Báo cáo … quý
I năm 2024"); see :func:`report_period`.
"""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import openers
from extractors.text.reach import Stops, is_long, reaches, scan_between, scan_from
from extractors.text.view import TextView

if TYPE_CHECKING:
    from extractors.context import Context

_YEAR_MONTH = regex.compile(r"\d{4}-\d{2}")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_WORD_NUMBER = {"ba": 3, "sáu": 6, "chín": 9}
_COMPARISON = patterns("period_cues")["cue.comparison"].regex
_REPORT_TERM = patterns("period_cues")["cue.report_term"].regex
# "BÁO CÁO" alone on a line, then the subject line(s) under it.
_REPORT_HEADING = patterns("period_cues")["cue.report_heading"].regex


@dataclass(frozen=True)
class Period:
    """A period expression: where it is written and the ISO dates it stands for.

    ``comparison`` marks a period a figure is compared with ("so với cùng kỳ năm 2022"),
    never the period of the figure itself; ``report_term`` marks "trong kỳ báo cáo".
    """

    start: str | None
    end: str | None
    span: tuple[int, int]
    rule: str
    comparison: bool = False
    report_term: bool = False
    last_month: int | None = None  # a yearless period's last month, waiting for its year
    fill: tuple = ()  # and its pattern's kind and groups, to date it once the year is known

    @property
    def empty(self) -> bool:
        return self.start is None and self.end is None


@lru_cache(maxsize=4096)
def _iso(y: int | None, m: int, d: int | None = None) -> str | None:
    """ISO date; the last day of the month when ``d`` is None; None if impossible (made
    once for each date: a long report writes "năm 2022" hundreds of times)."""
    if y is None or not 1 <= m <= 12:
        return None
    last = calendar.monthrange(y, m)[1]
    day = last if d is None else d
    if not 1 <= day <= last:
        return None
    return f"{y:04d}-{m:02d}-{day:02d}"


def _int(g: str | None) -> int | None:
    return int(g) if g else None


def _dates(kind: str, g: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(start, end) from one pattern's named groups, by the pattern's ``kind``."""
    y1, y2 = _int(g.get("y1")), _int(g.get("y2"))
    if kind == "date_range":
        return (_iso(y1 or y2, int(g["m1"]), int(g["d1"])),
                _iso(y2, int(g["m2"]), int(g["d2"])))
    if kind == "date_open":
        return _iso(y1, int(g["m1"]), int(g["d1"])), None
    if kind == "until":
        return None, _iso(y2, int(g["m2"]), int(g["d2"]))
    if kind == "year_to_date":
        end = _iso(y2, int(g["m2"]), int(g["d2"])) if g.get("d2") else None
        year = y1 or y2
        return (_iso(year, 1, 1) if year else None), end
    if kind == "month_range":
        return _iso(y1 or y2, int(g["m1"]), 1), _iso(y2, int(g["m2"]))
    if kind == "quarter":
        q = _ROMAN.get(g["q"].lower()) or int(g["q"])
        y = _int(g.get("y"))
        return _iso(y, 3 * q - 2, 1), _iso(y, 3 * q)
    if kind == "months_of_year":
        return _months_of_year(g)
    if kind == "month":
        y, m = _int(g.get("y")), int(g["m"])
        return _iso(y, m, 1), _iso(y, m)
    if kind == "year":
        y = int(g["y"])
        return _iso(y, 1, 1), _iso(y, 12)
    return None, None


def _months_of_year(g: dict[str, str | None]) -> tuple[str | None, str | None]:
    """ "6 tháng đầu năm 2023" → Jan–Jun; "6 tháng cuối năm" → Jul–Dec; no year → None."""
    n = _WORD_NUMBER.get((g["n"] or "").lower()) or int(g["n"])
    y = _int(g.get("y"))
    if y is None or not 1 <= n <= 12:
        return None, None
    if (g.get("part") or "").lower() == "cuối":
        return _iso(y, 13 - n, 1), _iso(y, 12)
    return _iso(y, 1, 1), _iso(y, n)


#: The words each period pattern begins with ("từ", "tính", "kể" before a range of dates,
#: an optional one included; "quý", "tháng", "năm"): where it is tried. None: a number
#: opens it ("6 tháng đầu năm 2023"), and it is scanned.
_OPENERS = {pid: openers(p.source, p.regex.flags, optional=True)
            for pid, p in patterns("periods").items()}


#: For a pattern a number opens ("6 tháng đầu năm 2023"): the words it holds and how far
#: before them it can begin (``text.reach``), where it is tried instead.
_NEAR = {pid: reaches(p.source, p.flags) for pid, p in patterns("periods").items()
         if _OPENERS[pid] is None}


def _scan(view: TextView, pat: Pattern) -> Iterator[regex.Match[str]]:
    """What ``pat.scan(view)`` yields, the pattern tried only at its first words: the
    thirteen period patterns scanned every character of a page in ~0.7 ms (a page whose
    dossier figures ask for their periods); one a number opens, only just before its
    "tháng" (~6 ms on a 209k-character report, ~0.6 now)."""
    return scan_from(view, pat, _OPENERS[pat.id], _NEAR.get(pat.id))


def find_periods(view: TextView, document_date: str | None = None) -> list[Period]:
    """Every period expression of the text, left to right, overlaps resolved (the earliest,
    then the longest wins: "quý II năm 2023" is a quarter, not the year 2023); a yearless
    one dated by ``document_date`` (ISO) when given. Read once per text, after the
    document stage, by :func:`periods_of`."""
    found = _resolved(view, [(pat, _scan(view, pat)) for pat in patterns("periods").values()])
    return [_with_year(p, found, document_date) if p.last_month else p for p in found]


def _resolved(view: TextView, scans: list[tuple[Pattern, Iterator[regex.Match[str]]]]
              ) -> list[Period]:
    """The periods of each pattern's matches, overlaps resolved, yearless ones undated."""
    hits: list[tuple[int, int, str, str, dict]] = []
    for pat, found in scans:
        for m in found:
            hits.append((m.start(), m.end(), pat.id, pat.extra["kind"], m.groupdict()))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[Period] = []
    last_end = -1
    for a, b, rule, kind, groups in hits:
        if a < last_end:
            continue
        last_end = b
        start, end = _dates(kind, groups)
        before = view.folded[max(0, a - 25):a]
        out.append(Period(start, end, (a, b), rule,
                          comparison=bool(_COMPARISON.search(before)),
                          report_term=kind == "report_term",
                          last_month=_yearless_last_month(kind, groups),
                          fill=(kind, tuple(groups.items()))))
    return out


def _yearless_last_month(kind: str, g: dict[str, str | None]) -> int | None:
    """The last month of a month / quarter / run of months written without a year."""
    if g.get("y") or kind not in ("month", "quarter", "months_of_year"):
        return None
    if kind == "month":
        return int(g["m"])
    if kind == "quarter":
        return 3 * (_ROMAN.get(g["q"].lower()) or int(g["q"]))
    n = _WORD_NUMBER.get((g["n"] or "").lower()) or int(g["n"])
    return 12 if (g.get("part") or "").lower() == "cuối" else n


def _with_year(p: Period, found: list[Period], doc: str | None) -> Period:
    """A yearless period given its year (module doc); unchanged when none is known."""
    if doc and _YEAR_MONTH.match(doc):
        year = int(doc[:4]) - (p.last_month > int(doc[5:7]))
    else:
        known = [q for q in found if q.span[1] <= p.span[0] and not q.last_month and q.start]
        if not known:
            return p
        year = int(known[-1].start[:4])
    kind, groups = p.fill
    start, end = _dates(kind, {**dict(groups), "y": str(year)})
    return Period(start, end, p.span, p.rule, p.comparison, p.report_term)


def periods_of(ctx: Context) -> list[Period]:
    """The periods of the text under extraction, yearless ones dated by the document (once
    per text); the document stage must have run (``StageOrderError`` otherwise)."""
    return ctx.memo(_dated_periods)


def _dated_periods(ctx: Context) -> list[Period]:
    return find_periods(ctx, ctx.document_date)


def _period_starts(ctx: Context) -> list[int]:
    return [p.span[0] for p in periods_of(ctx)]


def periods_between(ctx: Context, lo: int, hi: int) -> list[Period]:
    """The periods of :func:`periods_of` that start in ``[lo, hi)``, in text order, found
    by bisection: each figure of a page asks for its sentence's and paragraph's, and a
    209k-character report holds ~300 ("năm 2022" …)."""
    found, starts = _known(ctx, lo, hi)
    return found[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]


def periods_across(ctx: Context, lo: int, hi: int) -> list[Period]:
    """The periods of :func:`periods_of` that overlap ``[lo, hi)``, in text order: those
    starting in it and the one before it that may run into it (periods never overlap)."""
    found, starts = _known(ctx, lo, hi)
    first = max(0, bisect.bisect_right(starts, lo) - 1)
    return [p for p in found[first:bisect.bisect_left(starts, hi)]
            if p.span[0] < hi and p.span[1] > lo]


#: Characters no period pattern holds or looks at (``text.reach.Stops``): no period
#: crosses one, so those of a stretch between two are read from the first on.
_STOPS = Stops(patterns("periods").values())
#: How far from a stretch a stop is looked for before the whole page is read instead.
_FAR = 4096


def _known(ctx: Context, lo: int, hi: int) -> tuple[list[Period], list[int]]:
    """Periods and their starts holding every period of :func:`periods_of` that starts
    in ``[lo, hi)`` and, before them, every one that may run into ``lo``: the page's
    (read once), or on a long page whose periods no one has asked for yet (a report of
    209k characters: ~8 ms), those of the stretch from the last stop before ``lo`` to
    the first after ``hi`` (:func:`_stretch`)."""
    if _STOPS and is_long(ctx) and _dated_periods not in getattr(ctx, "_memo", {}):
        cache = ctx.__dict__.setdefault("_period_stretches", {})
        key = (lo, hi)
        if key not in cache:
            cache[key] = _stretch(ctx, lo, hi)
        if cache[key] is not None:
            return cache[key]
    return periods_of(ctx), ctx.memo(_period_starts)


def _stretch(ctx: Context, lo: int, hi: int) -> tuple[list[Period], list[int]] | None:
    """The periods of :func:`periods_of` that start in ``[c, hi)``, ``c`` just after the
    last stop before ``lo``, read from there to the first stop at or after ``hi``
    (``text.reach.scan_between``; overlaps resolved as on the page: none crosses ``c``).
    None when no stop stands within :data:`_FAR` of the stretch, or a yearless period
    would take its year from one written earlier (no document date): the page is read."""
    bounds = _STOPS.stretch(ctx.folded, lo, hi, _FAR)
    if bounds is None:
        return None
    start, end = bounds
    found = _resolved(ctx, [(pat, scan_between(ctx, pat.regex, _OPENERS[pat.id],
                                               _NEAR.get(pat.id), start, hi, end))
                            for pat in patterns("periods").values()])
    doc = ctx.document_date
    if any(p.last_month for p in found) and not (doc and _YEAR_MONTH.match(doc)):
        return None
    found = [_with_year(p, found, doc) if p.last_month else p for p in found]
    return found, [p.span[0] for p in found]


def report_period(view: Context, title: str | None = None) -> Period | None:
    """The document's report period, if it states one.

    Either a definition ("Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/3/2023") or the
    period in a report's heading ("BÁO CÁO / Kết quả công tác CCHC quý I năm 2024";
    ``title`` is the subject line when the document stage found one and the document is a
    report). None otherwise: a plan's "năm 2024" is not a report period.
    """
    for p in periods_of(view):
        a = p.span[0]
        if not p.report_term and not p.empty and _REPORT_TERM.search(view.folded[max(0, a - 30):a]):
            return p
    heading = _REPORT_HEADING.search(view.folded[:3000])
    texts = [title] if title else []
    if heading:
        texts.append(heading.group("title"))
    for text in texts:
        usable = [p for p in find_periods(TextView(text))
                  if not p.report_term and not p.empty and not p.comparison]
        if usable:
            return usable[0]
    return None
