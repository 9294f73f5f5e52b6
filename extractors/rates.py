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

from typing import Any

import regex

from extractors.numbers import find_numbers
from extractors.patterns import Pattern, alternation, load_data, patterns
from extractors.textview import TextView, squash
from schemas.facts import Rate

_PATS = patterns("rates")
_METRICS: list[Pattern] = [p for pid, p in _PATS.items() if pid.startswith("rate.metric.")]
_TOPIC = regex.compile(alternation(load_data("rates")["words"]["topic_words"]), regex.I)
_CLAUSE = regex.compile(r"[,;(]|\s-\s|\btrong\s+đó\b", regex.I)
_POINTS_AFTER = regex.compile(r"\s*điểm\b|\s*(?:so\s+với|so\s+cùng\s+kỳ)", regex.I)


def extract(view: TextView, found: dict[str, Any]) -> list[Rate]:
    """Every rate in the text, in order."""
    folded = view.folded
    if "%" not in folded and "phần trăm" not in folded:
        return []
    score_spans = [s.span for s in found.get("scores") or []]
    out: list[Rate] = []
    for n in find_numbers(folded):
        if not n.is_percent or not 0 <= n.value <= 100:
            continue
        if any(a <= n.start < b for a, b in score_spans):
            continue
        fact = _rate(view, n.start, n.end, n.value)
        if fact is not None:
            out.append(fact)
    return out


def _rate(view: TextView, a: int, b: int, value: float) -> Rate | None:
    text = view.folded
    s, e = view.sentence_of(a)
    s = max(s, view.line_bounds(a)[0])
    head = text[s:a]
    if _PATS["rate.change"].regex.search(head) or _POINTS_AFTER.match(text, b):
        return None
    if not _TOPIC.search(text, s, max(e, b)):
        return None
    clauses = _clauses(head)
    tail_end = _next_stop(text, b, max(e, b))
    tail = text[b:tail_end]
    for lo, hi in [*reversed(clauses), (None, None)]:
        window = tail if lo is None else head[lo:hi]
        pat = next((p for p in _METRICS if p.regex.search(window)), None)
        if pat is not None:
            metric = pat.id.removeprefix("rate.metric.")
            label_src = (b, tail_end) if lo is None else (s + lo, s + hi)
            label = squash(view.text[label_src[0]:label_src[1]]).strip(" ,;:()-") or None
            span_a, span_b, quote = view.span(a, b)
            return Rate(span=(span_a, span_b), quote=quote, rule=pat.id, metric=metric,
                        percent=value, label=label[:100] if label else None)
    if not regex.search(r"tỷ\s+lệ", head, regex.I):
        return None
    span_a, span_b, quote = view.span(a, b)
    return Rate(span=(span_a, span_b), quote=quote, rule="rate.topic", metric="other",
                percent=value, label=squash(view.text[s:a])[-100:] or None)


def _clauses(head: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of ``head``, split at commas, semicolons, brackets."""
    bounds, pos = [], 0
    for m in _CLAUSE.finditer(head):
        bounds.append((pos, m.start()))
        pos = m.end()
    bounds.append((pos, len(head)))
    return [(x, y) for x, y in bounds if head[x:y].strip()]


def _next_stop(text: str, pos: int, limit: int) -> int:
    m = regex.compile(r"[,.;()]").search(text, pos, limit)
    return m.start() if m else limit
