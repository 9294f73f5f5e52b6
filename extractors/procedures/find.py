"""Procedures: counts of administrative procedures (TTHC) by metric.

"Hiện nay, Sở có 122 TTHC" is the total; "Tổng số TTHC đang thực hiện là 123, trong đó có
26 TTHC mức độ 3 và 62 TTHC mức độ 4" yields three counts, each with its own metric;
"công bố 06 TTHC mới ban hành, 13 TTHC sửa đổi, bổ sung" names the metric after the
noun; "công bố mới 15 TTHC, sửa đổi 7, bãi bỏ 3" leaves the noun out after the first
count. So a count is read with two windows: the words after its procedure noun (up to
the next clause or figure) and the words before it (back to the clause start); the first
metric pattern of ``data/procedures.yaml`` that matches decides, else ``other``.

Not procedures: "hồ sơ TTHC" (those are dossiers), "02/05 Quyết định", counts of
documents, phương án or sáng kiến, and percentages ("100% TTHC" is a rate).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.context import Context
from extractors.text.numbers import COUNT, parse_vn_number
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import matches_from, opener_needs, starts_needed, starts_of
from extractors.text.reach import first_match, is_long, reaches, window_start
from extractors.text.view import TextView
from schemas.facts import Procedure, ProcedureMetric

_PATS = patterns("procedures")
_METRICS: list[Pattern] = [p for pid, p in _PATS.items() if pid.startswith("metric.")]
_TOTAL = [_PATS["metric.total"]]
_SOFT_WRAP = regex.compile(r"(?<=[\p{L},*])[^\S\n]*\n[^\S\n]*(?=[\p{L}*])")
_PREFILTER = _PATS["proc.prefilter"].regex
_AFTER_STOP = _PATS["proc.after_stop"].regex
_BEFORE_STOP = _PATS["proc.before_stop"].regex
_DOSSIER_NOUN = _PATS["proc.dossier_noun"].regex
_NOT_A_COUNT = _PATS["proc.not_a_count"].regex
_ABBREV = _PATS["proc.abbreviation"].regex
_NOT_PROCEDURES = _PATS["proc.not_procedures"].regex
_FRACTION = regex.compile(r"^\s*/\s*\d|\d\s*/\s*$")


#: The words each pattern begins with, case-blind ("tthc", "thủ", "dịch" for a noun;
#: "sửa", "bãi" … for a change), from its own syntax: where it is tried; each with the
#: words its alternatives need ("công" only where "công bố mới" is written: most pages
#: have many a "công", "một" or "ban" and no change to procedures).
_OPENERS = {pid: opener_needs(p.source, p.regex.flags) for pid, p in _PATS.items()}
_NOUN_OPENERS = _OPENERS["proc.noun_is"] or {}
#: For ``proc.level_count`` ("334 mức độ 3"), which a number opens: the word it holds
#: and how far before it a match can begin (``text.reach``); it is tried only at the
#: digit runs of those stretches.
_NEAR = {pid: reaches(_PATS[pid].source, _PATS[pid].flags) for pid in ("proc.level_count",)}
_DIGITS = regex.compile(r"\d+")
#: The word and the white space right before a position (read right to left).
_WORD_BEFORE = regex.compile(r"(?r)(\S+)\s+")


def extract(ctx: Context) -> list[Procedure]:
    """Every count of procedures, in text order."""
    needs = _OPENERS["proc.prefilter"]
    if needs is not None and is_long(ctx):  # read a stretch at a time
        if first_match(ctx, _PATS["proc.prefilter"].regex, needs) is None:
            return []
    elif next(_matches(ctx, "proc.prefilter"), None) is None:
        return []
    out: dict[int, Procedure] = {}
    for pid in ("proc.count_noun", "proc.noun_is", "proc.verb_count", "proc.level_count"):
        for m in _matches(ctx, pid):
            a, b = m.span("num")
            if a in out or not _plausible(ctx, m, pid):
                continue
            count = parse_vn_number(m.group("num"), context=COUNT)
            if not isinstance(count, int):
                continue
            metric, rule = _metric(ctx, m, pid)
            s, e, quote = ctx.span(min(m.start(), a), max(m.end(), b))
            out[a] = Procedure(span=(s, e), quote=quote, rule=f"{pid}+{rule}",
                               metric=metric, count=count)
    return [out[k] for k in sorted(out)]


def _matches(view: TextView, pid: str) -> Iterator[regex.Match[str]]:
    """What ``_PATS[pid].scan(view)`` yields, the pattern tried only where a match can
    begin: at its openers ("thủ tục", "TTHC" for ``proc.noun_is``), and for
    ``proc.count_noun`` ("122 TTHC", "hai thủ tục") in the word before a noun's white
    space. A case-blind scan of every character of the page cost ~0.6 ms, and most
    pages name procedures without counting them."""
    pat = _PATS[pid]
    if not pat.may_match(view):
        return iter(())
    if pid == "proc.count_noun":
        starts: set[int] = set()
        for at in starts_needed(view, _NOUN_OPENERS):
            word = _WORD_BEFORE.match(view.folded, 0, at)
            if word is not None:
                starts.update(range(*word.span(1)))
        return matches_from(pat.regex, view.folded, sorted(starts))
    if _OPENERS[pid] is None:
        near = _NEAR.get(pid)
        if near is None or not is_long(view):  # a short page's scan costs less
            return pat.scan(view)
        return matches_from(pat.regex, view.folded, _number_starts(view, near))
    return matches_from(pat.regex, view.folded, starts_needed(view, _OPENERS[pid]))


def _number_starts(view: TextView, near: dict[str, int]) -> list[int]:
    """Where a match of a pattern that opens with a number (its ``\\d``) and holds one of
    ``near``'s words can begin: a digit run starting (or a stretch starting inside one)
    no further before a place of the word than the pattern can reach. "334 mức độ 3":
    the "mức" of a long page instead of every character (a 209k report: 1.9 -> 0.6 ms;
    on a page of 10k characters the scan, ~4 µs, costs less than the windows)."""
    text = view.folded
    found: set[int] = set()
    for word, most in near.items():
        for at in starts_of(view, (word,)):
            found.update(m.start() for m in _DIGITS.finditer(text, window_start(text, at, most),
                                                             at))
    return sorted(found)


def _plausible(view: TextView, m: regex.Match[str], pid: str) -> bool:
    """Not a fraction, an article number, a level ("mức độ 3") or a dossier count."""
    text = view.folded
    a, b = m.span("num")
    if _FRACTION.search(text[max(0, a - 3):a]) or _FRACTION.search(text[b:b + 3]):
        return False
    if _NOT_A_COUNT.search(text[max(0, a - 12):a]):
        return False
    noun_at = m.start() if pid == "proc.noun_is" else m.end("num")
    if _DOSSIER_NOUN.search(text[max(0, noun_at - 20):noun_at + 1].rstrip()) or (
        pid == "proc.noun_is" and _DOSSIER_NOUN.search(text[max(0, m.start() - 20):m.start()])
    ):
        return False
    if pid == "proc.noun_is" and _NOT_PROCEDURES.search(text, max(0, m.start() - 40), b):
        return False  # "Thời gian giải quyết TTHC: 01 ngày", "Chi phí tuân thủ TTHC: 0"
    if pid == "proc.verb_count" or (pid == "proc.level_count" and not m.group("noun")):
        s, _ = view.sentence_of(a)
        return bool(_PREFILTER.search(text, s, a))
    return True


def _metric(view: TextView, m: regex.Match[str], pid: str) -> tuple[ProcedureMetric, str]:
    """The metric a count belongs to, from the words after its noun, then before it.

    A named change or channel beats the generic "total" wherever it is: "phương án đơn
    giản hóa 05 TTHC … thuộc thẩm quyền" is simplified, "danh mục 02 TTHC bị bãi bỏ" is
    abolished; only when no window names one does "danh mục"/"thuộc thẩm quyền" mean total.
    """
    if pid == "proc.level_count":
        level = {"3": ProcedureMetric.level3, "4": ProcedureMetric.level4}.get(m.group("level"))
        return (level, f"metric.level{m.group('level')}") if level else (
            ProcedureMetric.other, "metric.other")
    windows = _windows(view, m, pid)
    for pats in ([p for p in _METRICS if p.id != "metric.total"], _TOTAL):
        for window in windows:
            for pat in pats:
                if pat.regex.search(window):
                    return ProcedureMetric(pat.id.removeprefix("metric.")), pat.id
    if pid == "proc.noun_is":
        return ProcedureMetric.total, "metric.default_total"
    return ProcedureMetric.other, "metric.other"


def _windows(view: TextView, m: regex.Match[str], pid: str) -> list[str]:
    """The words after the count's noun (to the next clause or figure) and before it (back
    to the clause start); a line broken inside a sentence ("Công bố kèm theo⏎Quyết định
    này 02 TTHC") is read as one line."""
    text = view.folded
    a = m.start("num")
    windows: list[str] = []
    if pid == "proc.count_noun":
        after = m.end()
        abbrev = _ABBREV.match(text, after)
        after = abbrev.end() if abbrev else after
        stop = _AFTER_STOP.search(text, after, min(len(text), after + 100))
        windows.append(text[after:stop.start() if stop else after + 100])
    elif pid == "proc.noun_is":
        windows.append(m.group("mid"))
    else:
        windows.append(m.group("verb"))
    head_end = m.start() if pid == "proc.noun_is" else a
    head = _SOFT_WRAP.sub(" ", text[max(0, head_end - 80):head_end])
    cut = _BEFORE_STOP.search(head)
    windows.append(head[cut.start() + 1:] if cut else head)
    return windows
