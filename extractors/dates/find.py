"""Calendar dates written in the text: "ngày 17 tháng 7 năm 2019", "04/5/2019",
"tháng 10/2023", "ngày   tháng 01 năm 2024", both ends of "từ 15/12 đến 14/3/2021".

Every date with a year becomes a ``DateFact`` whose value is ISO ("2019-07-17"), or
"YYYY-MM" when the day is blank or absent ("tháng 10 năm 2023" → "2023-10"). A bare year
("năm 2021"), a quarter ("quý I/2024"), a document number ("30/2020/NĐ-CP"), a score
("8,75/11") or a date the calendar does not have (31/2/2020) is not a date.

The patterns live in ``data/dates.yaml``; each scans the folded view once, in file order,
and a match overlapping one already taken is dropped ("tháng 7 năm 2019" inside "ngày 17
tháng 7 năm 2019"). Six literal-led scans measured twice as fast as one alternation
(case-insensitive alternations defeat the regex engine's literal search).

Later stages read ``found["dates"]``, sorted by position: references take "the date
right after the number", dossiers take periods; :func:`dates_between` and
:func:`periods` serve them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from functools import lru_cache

import regex

from extractors.context import Context
from extractors.text.patterns import patterns
from extractors.text.prefilter import find_all, matches_from
from extractors.text.reach import matches_in
from extractors.text.view import TextView
from schemas import DateFact

#: Years a written date can plausibly have (history pages cite the 1800s; "0/5/0000" is junk).
YEAR_MIN, YEAR_MAX = 1800, 2100

_DIGIT = regex.compile(r"\d")


@lru_cache(maxsize=4096)
def iso(year: int, month: int, day: int | None = None) -> str | None:
    """The ISO value of a date, or None when the calendar has no such date (remembered:
    a page cites the same few dates again and again, and pages the same years).

    >>> iso(2019, 7, 17), iso(2023, 10), iso(2020, 2, 31), iso(1750, 1, 1)
    ('2019-07-17', '2023-10', None, None)
    """
    if not (YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12):
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def extract(ctx: Context) -> list[DateFact]:
    """Every written date with a year, in text order.

    >>> [d.value for d in extract(Context("từ 15/12 đến 14/3/2021, ngày 5 tháng 4 năm 2021"))]
    ['2020-12-15', '2021-03-14', '2021-04-05']
    """
    if not _DIGIT.search(ctx.folded):
        return []
    out: list[DateFact] = []
    taken: list[tuple[int, int]] = []  # spans of accepted matches, sorted
    starts = _starts(ctx)
    for pid, pat in patterns("dates").items():
        lead = _LEADS.get(pid)
        if pid == NUMERIC:
            found = matches_in(pat.regex, ctx.folded, numeric_spans(ctx.folded))
        elif starts is None or lead is None or not pat.may_match(ctx):
            found = pat.scan(ctx)
        else:
            found = matches_from(pat.regex, ctx.folded, _lead_starts(starts, lead))
        for m in found:
            if _overlaps(taken, m.start(), m.end()):
                continue  # a pattern earlier in the file already read these words
            bisect.insort(taken, m.span())
            out.extend(_facts(ctx, m, pid))
    out.sort(key=lambda f: f.span)
    return out


#: Where a match of a date pattern can begin, by its first word: "ngày" ("ngày 17 tháng 7
#: năm 2019", "ngày   tháng 01 năm 2024", "ngày 15 - 16/3/2021"), "tháng" ("tháng
#: 10/2023"), "từ" ("từ 15/12 đến 14/3/2021"), or four digits before "-MM-DD". Patterns not
#: listed (the numeric dates, which open with any digit) are scanned whole. "ngày" and
#: "từ" are told apart by what opens after the white space that follows them
#: (``_LEAD_NEXT``): a day ("ngày 17", "từ 15/12") opens with a digit, a range's may open
#: with a second "ngày" ("từ ngày 15 tháng 12 đến …"), and a blank day with anything but
#: a digit ("ngày   tháng 01", "ngày …/01/2024"): of ~17 "ngày" a page, ~5 are tried as a
#: blank day, not 17, and a range, whose pattern is long, is not tried at "trong 15 ngày,".
_LEADS: dict[str, tuple[str, ...]] = {
    "date.range_shared_year": ("từ+day", "ngày+day", "ngày+ngày"),
    "date.vn_long": ("ngày+day",),
    "date.vn_blank_day": ("ngày+blank",),
    "date.vn_month": ("tháng",),
    "date.iso": ("yyyy-",),
}
#: Each first word in the lower-cased folded text ("từ" or "tu", as the patterns read it):
#: stdlib ``re`` finds one literal word ~10x faster than a case-blind ``regex`` pattern
#: searches a page, and each pattern is then tried only there (``prefilter.matches_from``),
#: finding exactly what its own scan finds, as no match begins anywhere else. A word of
#: plain letters is found by ``str.find`` (~30% faster than ``re`` for "tháng"; a word
#: cannot overlap itself, so its places are the same).
_LEAD_WORDS: dict[str, str | re.Pattern[str]] = {
    "tháng": "tháng", "yyyy-": re.compile(r"-(?=\d\d-\d\d)")}
#: "ngày" and "từ" with the first character after the white space that follows them, none
#: where nothing does (a look-ahead: "ngày ngày" is two places). "từ" only before white
#: space, as the range's ``\bt[ừu]\s+`` has it: "tuyên", "tuần" open no range. ``re``'s
#: ``\s`` takes every character ``regex``'s does, so the character is the one the
#: patterns read after their ``\s+`` (or one where they fail).
_LEAD_NEXT = {"ngày": re.compile(r"ngày(?=\s*(\S)?)"), "từ": re.compile(r"t[ừu](?=\s+(\S))")}
#: Where the lead begins relative to what ``_LEAD_WORDS`` finds: an ISO date ("2024-07-24")
#: is found by its "-07-24", fast to search for its "-", and opens four digits before.
_LEAD_SHIFT = {"yyyy-": -4}


#: The numeric date ("31/12/2020", "17-7-2019", "17.7.2019"): one or two digits, a
#: separator, one or two digits, the same separator, four digits.
NUMERIC = "date.numeric"
#: Its separators, each with what must follow it: one or two characters that are no white
#: space and no separator, the same separator, four more such characters (``\d`` of
#: ``regex`` is such a character whatever its Unicode tables say). One literal each:
#: ``re`` skips to a single character in C (~0.003 ms a page for "/"), where the date
#: pattern, which opens with a look-behind, is tried at every character (~0.07 ms).
_NUMERIC_SEPS = tuple(
    re.compile(rf"{re.escape(sep)}(?=[^\s{re.escape(sep)}]{{1,2}}{re.escape(sep)}"
               rf"[^\s{re.escape(sep)}]{{4}})")
    for sep in "/.-")


def numeric_spans(text: str) -> list[tuple[int, int]]:
    """Where a numeric date can begin, as (first, last) starts: one or two characters
    before each separator that :data:`_NUMERIC_SEPS` finds, so that
    ``reach.matches_in`` finds what a scan of ``date.numeric`` finds ("04/5/2019": the
    "/" at 2, the date from 0 or 1; the test compares with the scan on the corpus)."""
    return [(max(0, m.start() - 2), m.start() - 1)
            for rx in _NUMERIC_SEPS for m in rx.finditer(text)]


def _starts(view: TextView) -> dict[str, list[int]] | None:
    """Where each first word of ``_LEADS`` begins; None when the text cannot be lower-cased
    in place (``TextView.folded_lower``)."""
    low = view.folded_lower
    if low is None:
        return None
    out = {w: find_all(low, (rx,)) if isinstance(rx, str) else [m.start() for m in rx.finditer(low)]
           for w, rx in _LEAD_WORDS.items()}
    for w, shift in _LEAD_SHIFT.items():
        out[w] = [at + shift for at in out[w] if at + shift >= 0]
    day: list[int] = []  # "ngày 17 …": a long date, or a range's first day
    again: list[int] = []  # "ngày ngày 15 …": a range only
    blank: list[int] = []  # "ngày   tháng 01 …": a blank day only
    out.update({"ngày+day": day, "ngày+ngày": again, "ngày+blank": blank})
    for m in _LEAD_NEXT["ngày"].finditer(low):
        nxt = m.group(1)
        if nxt is None:
            continue  # "ngày" ends the text: no date
        if is_digit(nxt):
            day.append(m.start())
        else:
            blank.append(m.start())
            if nxt == "n":
                again.append(m.start())
    out["từ+day"] = [m.start() for m in _LEAD_NEXT["từ"].finditer(low)
                     if m.group(1) == "n" or is_digit(m.group(1))]
    return out


def is_digit(ch: str) -> bool:
    """Whether ``ch`` may be a digit as ``regex`` reads ``\\d``: ``str.isdigit``, or any
    character beyond the basic plane, where ``regex``'s Unicode knows digits this
    Python's does not (the test checks every code point). "5" yes, "t", "…", "/" no.

    >>> is_digit("5"), is_digit("t"), is_digit("…")
    (True, False, False)
    """
    return ch.isdigit() or ch > "\uffff"


def _lead_starts(starts: dict[str, list[int]], words: tuple[str, ...]) -> list[int]:
    if len(words) == 1:
        return starts[words[0]]
    return sorted(at for w in words for at in starts[w])


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(taken, (start, start))
    return (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)


def _int(m: regex.Match[str], group: str) -> int | None:
    value = m.group(group)
    return int(value) if value is not None else None


#: The patterns that read a range's first end ("từ 15/12 đến 14/3/2021": ``d1``, ``m1``);
#: the others name only ``d``, ``m``, ``y`` (a month date no ``d``), read one by one
#: (``groupdict`` built a dict of every group for each of a page's ~13 dates).
_RANGES = frozenset(pid for pid, p in patterns("dates").items() if "d1" in p.regex.groupindex)
_HAS_DAY = frozenset(pid for pid, p in patterns("dates").items() if "d" in p.regex.groupindex)


def _facts(view: TextView, m: regex.Match[str], rule: str) -> list[DateFact]:
    """One fact per date in the match: two for a range with a shared year."""
    year, month = _int(m, "y"), _int(m, "m")
    if year is None or month is None:
        return []
    day = _int(m, "d") if rule in _HAS_DAY else None
    if rule in _RANGES and m.group("d1") is not None:
        first_day, first_month = _int(m, "d1"), _int(m, "m1") or month
        # "từ 15/12 đến 14/3/2021": December comes before March, so the year before.
        first_year = year - 1 if first_month > month else year
        end = m.end("m1") if m.group("m1") is not None else m.end("d1")
        first = _fact(view, m.start("d1"), end, iso(first_year, first_month, first_day), rule)
        last = _fact(view, m.start("d"), m.end("y"), iso(year, month, day), rule)
        if first and last and first.value <= last.value:
            return [first, last]
        return []
    fact = _fact(view, m.start(), m.end(), iso(year, month, day), rule)
    return [fact] if fact else []


def _fact(view: TextView, start: int, end: int, value: str | None, rule: str) -> DateFact | None:
    if value is None:
        return None
    a, b, quote = view.span(start, end)
    return DateFact(value=value, span=(a, b), quote=quote, rule=rule)


def dates_between(dates: list[DateFact], start: int, end: int) -> list[DateFact]:
    """The dates lying wholly inside ``[start, end)``; ``dates`` sorted by span, as
    ``found["dates"]`` is.

    >>> ds = extract(Context("Ngày 25/10/2022, theo Kế hoạch ngày 27/6/2022"))
    >>> [d.value for d in dates_between(ds, 15, 50)]
    ['2022-06-27']
    """
    starts = [d.start for d in dates]
    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(dates) and dates[i].start < end:
        if dates[i].end <= end:
            out.append(dates[i])
        i += 1
    return out


_PERIOD_GAP = patterns("period_cues")["cue.period_gap"].regex
_OPEN_END = patterns("period_cues")["cue.open_end"].regex


def periods(view: TextView, dates: list[DateFact]) -> list[tuple[DateFact, DateFact | None]]:
    """Periods written as two dates joined by "-", "đến", "tới" ("từ ngày 01/01/2021 -
    31/8/2021"), or open-ended ("Từ ngày 01/01/2022 đến thời điểm báo cáo": end None).
    Dossier counts are stated for such periods.

    >>> v = Context("tính từ ngày 01/01/2021 - 31/8/2021; từ 01/01/2022 đến nay")
    >>> [(a.value, b and b.value) for a, b in periods(v, extract(v))]
    [('2021-01-01', '2021-08-31'), ('2022-01-01', None)]
    """
    out: list[tuple[DateFact, DateFact | None]] = []
    for i, first in enumerate(dates):
        nxt = dates[i + 1] if i + 1 < len(dates) else None
        if nxt is not None and _PERIOD_GAP.fullmatch(view.folded, first.end, nxt.start):
            out.append((first, nxt))
        elif _OPEN_END.match(view.folded, first.end):
            out.append((first, None))
    return out
