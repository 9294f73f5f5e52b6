"""Rates: percentages about procedures, dossiers, satisfaction and e-government.

"tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,8%" (on_time), "Chỉ số hài lòng … đạt 79,02%"
(satisfaction), "số hóa 100% hồ sơ" (digitized), "Cắt giảm ít nhất 20% thủ tục"
(simplified), "(theo quy định phải đạt tối thiểu 80%)" (a target is a rate too). The
metric is short free text named by the first metric pattern of ``data/rates.yaml`` that
matches the nearest clause before the percent (then the words after it).

Not rates: a percent written beside a score ("đạt 8,75/11 điểm đạt 79 %" belongs to the
score, whose span covers it), changes ("Giảm 0,66% điểm", "tăng 5% so với cùng kỳ"),
and percentages about anything else (GDP growth, budget, poverty): the sentence must name
procedures, dossiers, online services, satisfaction or e-government.
"""

from __future__ import annotations

import regex

from extractors.context import Context
from extractors.text.numbers import NumberMatch, find_numbers
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import case_blind, find_all, openers, page_case_blind
from extractors.text.view import TextView, squash
from schemas.facts import Rate

_PATS = patterns("rates")
_METRICS: list[Pattern] = [p for pid, p in _PATS.items() if pid.startswith("rate.metric.")]
_TOPIC = _PATS["rate.topic"].regex
_NOT_RATE_AFTER = _PATS["rate.not_rate_after"].regex
_STATES_RATE = _PATS["rate.states_rate"].regex
#: A rate written as a label: "Tỷ lệ cắt giảm chi phí: 100%", one line of a list whose
#: topic the lines above name ("Chi phí tuân thủ TTHC trước khi đơn giản hóa: …").
_LABEL = _PATS["rate.label"].regex
#: How far from a percent its topic and metric may be named: a run-on "sentence" (a
#: reference list, a table flattened without stops) is not one clause.
_REACH = 250
_INDEX_TOPIC = {pid.removeprefix("rate.index."): p.regex for pid, p in _PATS.items()
                if pid.startswith("rate.index.")}  # par_index first, then satisfaction
_CLAUSE_LEAD = _PATS["rate.clause_lead"].regex
_IN_PARENS = regex.compile(r"\s*\)\s*,?")
_CLAUSE = _PATS["rate.clause"].regex
#: Between a rank and its percent: "xếp thứ 2 với 96,62%", "đứng đầu với tỷ lệ 98%".
_AFTER_RANK = _PATS["rate.after_rank"].regex
_POINTS_AFTER = _PATS["rate.points_after"].regex
_RATIO_WORD = _PATS["rate.ratio_word"].regex
_STATED_VALUE = _PATS["rate.stated_value"].regex
#: Where a metric's words after a percent end (compiled once, not at every call).
_STOP = regex.compile(r"[,.;()]")


def extract(ctx: Context) -> list[Rate]:
    """Every rate in the text, in order."""
    folded = ctx.folded
    if "%" not in folded and "phần trăm" not in folded:
        return []
    score_spans = [s.span for s in ctx.need("scores")]
    rank_spans = [r.span for r in ctx.need("rankings")]
    out: list[Rate] = []
    for n in find_numbers(folded, percents=True, blind=page_case_blind(ctx)):
        if not n.is_percent or not 0 <= n.value <= 100:
            continue
        if any(a <= n.start < b for a, b in score_spans) or _band(ctx, n.start, n.end):
            continue
        fact = _rate(ctx, n.start, n.end, n.value) or _ranked_index(ctx, n, rank_spans)
        if fact is not None:
            out.append(fact)
    return out


def _band(view: TextView, a: int, b: int) -> bool:
    """A threshold that is no one's rate: "63/63 địa phương đạt trên 80%", "nhóm xuất sắc
    từ 90% trở lên" (contract: leave it out). A target ("phấn đấu trên 90%") is kept."""
    s = max(view.sentence_of(a)[0], a - 160)
    return bool(_PATS["rate.band_before"].regex.search(view.folded, s, a)
                or _PATS["rate.band_range"].regex.search(view.folded[s:a])
                or _PATS["rate.band_after"].regex.match(view.folded, b))


def _rate(view: TextView, a: int, b: int, value: float) -> Rate | None:
    text = view.folded
    s, e = view.sentence_of(a)
    s, e = max(s, view.line_bounds(a)[0], a - _REACH), min(e, b + _REACH)
    head = text[s:a]
    if _PATS["rate.change"].regex.search(head) or _POINTS_AFTER.match(text, b):
        return None
    if _NOT_RATE_AFTER.match(text, b) or not _about_topic(view, s, e, a, b):
        return None
    span_a, span_b, quote = view.span(a, b)
    for lo, hi in _windows(text, s, max(e, b), a, b):
        pat = next((p for p in _METRICS if p.regex.search(text, lo, hi)), None)
        if pat is not None:
            label = squash(view.text[lo:hi]).strip(" ,;:()-") or None
            return Rate(span=(span_a, span_b), quote=quote, rule=pat.id,
                        metric=pat.id.removeprefix("rate.metric."), percent=value,
                        label=label[:100] if label else None)
    if not _RATIO_WORD.search(head):
        return None
    return Rate(span=(span_a, span_b), quote=quote, rule="rate.topic", metric="other",
                percent=value, label=squash(view.text[s:a])[-100:] or None)


def _windows(text: str, s: int, e: int, a: int, b: int) -> list[tuple[int, int]]:
    """Where the metric of the percent at ``[a, b)`` is named, nearest first: the clauses
    before it, then the words after it (past a closing bracket: "Có 90 hồ sơ (chiếm
    2,16%), các cơ quan thụ lý trả lại hồ sơ"), then, when the percent opens its clause
    ("100% thông tin chỉ đạo, điều hành … được cung cấp trên cổng thông tin điện tử"), the
    rest of its sentence."""
    clauses = [(s + x, s + y) for x, y in _clauses(text[s:a])]
    tail_start = b
    closing = _IN_PARENS.match(text, b)
    if closing and "(" in text[max(s, a - 12):a]:
        tail_start = closing.end()
    windows = [*reversed(clauses), (tail_start, _next_stop(text, tail_start, e))]
    lead = text[clauses[-1][0] if clauses else s:a]
    if not _CLAUSE_LEAD.sub("", lead).strip():
        windows.append((b, e))
    return windows


def _about_topic(view: TextView, s: int, e: int, a: int, b: int) -> bool:
    """The sentence names procedures, dossiers, e-government…; or it states a rate
    without saying of what ("tỷ lệ này", "tỷ lệ là", "chiếm 2,16%") and a sentence just
    before it in its paragraph names the topic: "Hồ sơ trễ hạn giảm mạnh. Có 5/9 huyện
    đạt tỷ lệ này dưới 3%"; or it is a labelled line ("Tỷ lệ cắt giảm chi phí: 100%")
    whose label names a metric ("cắt giảm", "số hóa", "đúng hạn") or whose lines just
    above name the topic."""
    text = view.folded
    if _topic_in(text, s, max(e, b)):
        return True
    line = view.line_bounds(a)[0]
    if _LABEL.search(text, line - 1 if line else 0, a):
        return _topic_in(text, max(0, line - 2 * _REACH), line) or any(
            p.regex.search(text, line, a) for p in _METRICS)
    para = max(line, s - 2 * _REACH)
    return para < s and bool(_STATES_RATE.search(text, s, max(e, b))) and bool(
        _topic_in(text, para, s))


#: The words a topic begins with ("hồ", "thủ", "dịch", "trực" …): where it is tried.
_TOPIC_OPENERS = openers(_PATS["rate.topic"].source, _TOPIC.flags, optional=True)


def _topic_in(text: str, lo: int, hi: int) -> bool:
    """``_TOPIC.search(text, lo, hi)``, the pattern tried only where one of its first
    words stands in the stretch (a percent's sentence asks up to three stretches of a
    few hundred characters; ~2× faster than a scan of each)."""
    if _TOPIC_OPENERS is None:
        return _TOPIC.search(text, lo, hi) is not None
    return any(_TOPIC.match(text, at, hi) is not None
               for at in find_all(case_blind(text[lo:hi]), _TOPIC_OPENERS, lo))


def _ranked_index(view: TextView, n: NumberMatch, rank_spans: list[tuple[int, int]]) -> Rate | None:
    """A percent that an index ranking in its sentence ranks is that index's result, even
    where the sentence does not name it: "như Hà Nội, đạt 91,43%, xếp thứ 3"; "Xếp vị trí
    thứ 2/63 là tỉnh Bà Rịa - Vũng Tàu với kết quả đạt 93,35%" (the index is named earlier
    in the paragraph); "Sở Nội vụ xếp thứ 2 với 96,62%" (the percent right after the
    rank). The index is the one named nearest before the percent in its paragraph
    ("Chỉ số hài lòng … Cục Thuế xếp thứ nhất với 95,16%" is satisfaction even where the
    paragraph opened on the PAR index), else the first named after it."""
    s, e = view.sentence_of(n.start)
    if not any(s <= x and y <= max(e, n.end) for x, y in rank_spans):
        return None
    text = view.folded
    head = text[max(s, n.start - 30):n.start]
    if _PATS["rate.change"].regex.search(head):
        return None
    after_rank = any(y <= n.start and _AFTER_RANK.fullmatch(text, y, n.start)
                     for _, y in rank_spans)
    if not (after_rank or _STATED_VALUE.search(head)):
        return None
    metric = _nearest_index(text, view.line_bounds(n.start)[0], n.start, max(e, n.end))
    if metric is None:
        return None
    a, b, quote = view.span(n.start, n.end)
    return Rate(span=(a, b), quote=quote, rule=f"rate.ranked_{metric}", metric=metric,
                percent=n.value, label=None)


def _nearest_index(text: str, para: int, at: int, end: int) -> str | None:
    """The index named last before ``at`` in ``[para, at)``, else first in ``[at, end)``."""
    before = {k: max((m.start() for m in r.finditer(text, para, at)), default=-1)
              for k, r in _INDEX_TOPIC.items()}
    best = max(before, key=lambda k: before[k])
    if before[best] >= 0:
        return best
    return next((k for k, r in _INDEX_TOPIC.items() if r.search(text, at, end)), None)


def _clauses(head: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``head``, split at commas, semicolons, brackets."""
    bounds, pos = [], 0
    for m in _CLAUSE.finditer(head):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(head)))
    return [(x, y) for x, y in bounds if head[x:y].strip()]


def _next_stop(text: str, pos: int, limit: int) -> int:
    m = _STOP.search(text, pos, limit)
    return m.start() if m else limit
