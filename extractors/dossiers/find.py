"""Dossier (hồ sơ) statistics: counts by status, with agency, period and approx.

Provinces publish one-stop-shop statistics in prose and in tables:

    "Tổng số hồ sơ tiếp nhận 8.586 hồ sơ (tính từ ngày 01/01/2021 - 31/8/2021), trong đó
    giải quyết sớm và đúng hạn 8.586 hồ sơ, không có hồ sơ trễ hẹn."

gives received 8586, resolved_early_or_on_time 8586 and overdue 0, each for 2021-01-01..
2021-08-31. A figure is a count (never a percent, date or document number) that is
either written before "hồ sơ" or, in a sentence about "hồ sơ", right after a metric
phrase ("từ kỳ trước chuyển qua là 343"). Its metric is the nearest metric phrase
before it since the previous figure (``extractors/dossiers/data/dossiers.yaml``), refined by a
qualifier written right after it ("tiếp nhận 1.200 hồ sơ trực tuyến" is online). Figures
after a blocking word ("số hóa 1.200 hồ sơ", "tăng 200 hồ sơ") and dossiers of other
things ("hồ sơ dự thầu", "bộ hồ sơ mẫu", "02 bản") are not counted.

A fraction "N/M hồ sơ" after a metric phrase ("Trung tâm đã giải quyết: 4.561/5.650 HS")
counts N for that metric. M is the whole N is part of, which the writer does not always
name: it is ``received`` only when it equals a received figure the document gives for the
same owner and period ("tiếp nhận 5,65 ngàn hồ sơ" … "giải quyết: 4.561/5.650 HS"); else
only N is kept.

A zero whose subject is several owners joined by "và" is each one's ("tại Trung tâm Hành
chính công huyện và và bộ phận một cửa hiện đại cấp xã không có hồ sơ quá hạn", "Tại cấp
huyện và cấp xã không có hồ sơ quá hạn": one zero per body or tier, the same quote).

Scope (see ``_period_for``): a period in the figure's sentence applies to it (one written
right after it first, else the nearest before it); else the period of the previous figure
in the same paragraph; else a period opening a sentence earlier in the paragraph
("Trong 6 tháng đầu năm 2023, …"); else the document's report period ("Kỳ báo cáo: từ
ngày …", a report titled "… quý I năm 2024"); else the period of the document's previous
figure (a news lead "Trong tháng 10-2020, Trung tâm … tiếp nhận …" sets it for the
paragraphs after it). The agency follows ``extractors.dossiers.agencies``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import regex

from extractors.context import Context
from extractors.dates.periods import (
    Period,
    periods_across,
    periods_between,
    report_period,
)
from extractors.dossiers import agencies
from extractors.dossiers import breakdown as dossier_breakdown
from extractors.dossiers import tables as dossier_tables
from extractors.dossiers.metrics import combine, phrase_metric
from extractors.text.numbers import COUNT, NumberMatch, find_numbers, parse_vn_number
from extractors.text.patterns import patterns
from extractors.text.prefilter import case_blind, find_all, openers, page_case_blind, starts_of
from extractors.text.view import TextView
from schemas.facts import Dossier, DossierLevel, DossierMetric

_PATS = patterns("dossiers")  # the words are data: dossiers/data/dossiers.yaml
_PERIOD_OPENER = _PATS["dossier.period_opener"].regex
_LIST_GAP = _PATS["dossier.list_gap"].regex
_HOSO = _PATS["dossier.mention"].regex
#: How each branch of ``dossier.mention`` begins ("hồ", "hs"): where it is tried.
_MENTION_OPENERS = openers(_PATS["dossier.mention"].source, _HOSO.flags) or ()
_NOT_COUNT_BEFORE = _PATS["dossier.not_count_before"].regex
_PERIOD_AFTER = _PATS["dossier.period_after"].regex
_WINDOW = 150  # how far before a figure its metric phrase may be
_GAP = 90  # at most this many characters (periods aside) between a phrase and its figure
_GAP_BREAK = regex.compile(r"[|?!]|\n\s*\n|://|www\.")
_BLOCK_REACH = 30  # a blocking word applies only to the figure right after it
_ADJACENT = _PATS["dossier.adjacent"].regex
# "số hồ sơ quá hạn còn 154": a copula or "còn"/"gồm" may stand between phrase and number
_BARE = _PATS["dossier.bare_gap"].regex
_AND = _PATS["dossier.and"].regex
_FRACTION = _PATS["dossier.fraction"].regex


@dataclass(frozen=True)
class Fraction:
    """ "4.561/5.650 HS": the part (read as a figure spanning both numbers) and the whole."""

    part: NumberMatch
    whole: int
    whole_start: int


@dataclass(frozen=True)
class Whole:
    """A fraction's whole waiting for the document's figures: the part's fact, M, and
    where M stands (``span``)."""

    part: Dossier
    count: int
    span: tuple[int, int]


@dataclass(frozen=True)
class Phrase:
    """A metric phrase found in the text: where, and which metric (None = blocking)."""

    start: int
    end: int
    metric: str | None


@dataclass
class Scope:
    """What every figure of one document shares: periods, owners, the report period."""

    view: Context
    issuer: str | None
    title: str | None  # a report's subject line, which may name its period
    last: dict[int, tuple[str | None, Period | None]] = field(default_factory=dict)
    skip: list[tuple[int, int]] = field(default_factory=list)  # table rows: not prose
    running: str | None = None  # the owner of the document's previous figure
    running_period: Period | None = None  # and its period (a news page's lead states it)
    wholes: list[Whole] = field(default_factory=list)  # "N/M hồ sơ": M, decided at the end

    @cached_property
    def report(self) -> Period | None:
        """The document's report period, read when the first figure asks: it reads every
        period of the page, and most pages that say "hồ sơ" give no count of them."""
        return report_period(self.view, self.title)

    def owner(self, pos: int, sent_start: int) -> str | None:
        """Whose dossiers: a body's name, or a level's tier (``DossierLevel``, or
        ``agencies.LEVEL`` for several tiers): see ``agencies``."""
        view = self.view
        para = view.line_bounds(pos)
        name = agencies.in_sentence(view, sent_start, pos)
        if name is not None:
            return name
        prev = self.last.get(para[0])
        if prev and prev[0] is not None:
            return prev[0]
        topic = agencies.paragraph_topic(view, para[0], pos) or self.issuer
        if topic or self.running is not None:
            return topic or self.running
        return agencies.document_owner(view, None)

    def period(self, pos: int, end: int, sent: tuple[int, int]) -> Period | None:
        """The period of the figure at ``[pos, end)`` in sentence ``sent`` (module doc)."""
        view = self.view
        own = [p for p in periods_between(view, sent[0], sent[1]) if not p.comparison]
        after = [p for p in own if p.span[0] >= end
                 and _PERIOD_AFTER.match(view.folded[end:p.span[0]])]
        before = [p for p in own if p.span[1] <= pos]
        for p in after[:1] or before[-1:]:
            return self.report if p.report_term else p
        para = view.line_bounds(pos)
        prev = self.last.get(para[0])
        if prev and prev[1] is not None:
            return prev[1]
        openers = [p for p in periods_between(view, para[0], sent[0])
                   if not p.comparison and _opens_sentence(view, p)]
        if openers:
            return self.report if openers[-1].report_term else openers[-1]
        return self.report or self.running_period

    def fact(self, metric: str, count: int, span: tuple[int, int], sent: tuple[int, int],
             rule: str, approx: bool = False, anchor: tuple[int, int] | None = None,
             owner: str | DossierLevel | None = None) -> Dossier:
        """A ``Dossier`` for a figure, with its owner and period remembered for the next;
        an ``owner`` given (one of several joined by "và") is used and not remembered."""
        pos, end = anchor or span
        agency = owner if owner is not None else self.owner(pos, sent[0])
        period = self.period(pos, end, sent)
        if owner is None:
            self.last[self.view.line_bounds(pos)[0]] = (agency, period)
            self.running, self.running_period = agency, period
        a, b, quote = self.view.span(*span)
        by_level = isinstance(agency, DossierLevel)
        level = agency if by_level else agencies.desk_tier(agency)
        return Dossier(span=(a, b), quote=quote, rule=rule, metric=DossierMetric(metric),
                       count=count, agency=None if by_level else agency or None, level=level,
                       approx=approx,
                       period_start=period.start if period else None,
                       period_end=period.end if period else None)


def _opens_sentence(view: TextView, p: Period) -> bool:
    """ "Trong 6 tháng đầu năm 2023, …": a period at the head of a sentence."""
    s0, _ = view.sentence_of(p.span[0])
    head = view.folded[s0:p.span[0]]
    return bool(_PERIOD_OPENER.fullmatch(head))


def extract(ctx: Context) -> list[Dossier]:
    """Every dossier count of the text, tables and prose, in text order."""
    # Where "hồ sơ"/"HS" stand, found once for the page: none, no dossier counts. The
    # pattern is tried only where a mention can begin (what an overlapped scan of every
    # character finds, in ~1/5 of the time).
    folded = ctx.folded
    mentions = [m.span() for at in starts_of(ctx, _MENTION_OPENERS)
                if (m := _HOSO.match(folded, at)) is not None
                ] if _PATS["dossier.mention"].may_match(ctx) else []
    if not mentions:
        return []
    meta = ctx.need("document")
    title = meta.title if meta.kind == "bao_cao" else None
    scope = Scope(ctx, meta.issuer, title)
    facts: list[Dossier] = []
    tables = ctx.memo(dossier_tables.find_tables)
    for table in tables:
        if table.about:
            facts.extend(dossier_tables.table_facts(scope, table))
    scope.skip = [(t.start, t.end) for t in tables]
    # A sentence (white space trimmed, so never followed by a letter) is read when a
    # mention lies wholly inside it.
    bounds = ctx.sentence_bounds
    starts = [a for a, _ in bounds]
    read = -1  # the sentence last read: a mention's own, in text order
    for a, b in mentions:
        i = bisect.bisect_right(starts, a) - 1
        if i > read and bounds[i][0] <= a and b <= bounds[i][1]:
            facts.extend(_sentence_facts(scope, bounds[i]))
            read = i
    facts = dossier_breakdown.dedupe(ctx, facts)
    facts.extend(_wholes(scope, facts))
    facts.sort(key=lambda f: f.span)
    return dossier_breakdown.restatements(ctx, facts)


def _wholes(scope: Scope, facts: list[Dossier]) -> list[Dossier]:
    """The M of "N/M hồ sơ" as ``received`` where it equals a received figure of the
    same owner and period ("tiếp nhận 5,65 ngàn hồ sơ" and
    "4.561/5.650 HS" in one news page); M of any other whole is left out."""
    out: list[Dossier] = []
    for w in scope.wholes:
        key = (w.part.agency, w.part.level, w.part.period_start, w.part.period_end)
        stated = any(f.metric is DossierMetric.received and f.count == w.count
                     and (f.agency, f.level, f.period_start, f.period_end) == key
                     for f in facts)
        if stated:
            a, b, quote = scope.view.span(*w.span)
            out.append(w.part.model_copy(update={
                "span": (a, b), "quote": quote, "metric": DossierMetric.received,
                "count": w.count, "approx": False, "rule": "dossier.fraction"}))
    return out


def _sentence_facts(ctx: Scope, sent: tuple[int, int]) -> list[Dossier]:
    """Figures and "không có hồ sơ trễ hạn" zeros of one sentence, left to right."""
    view, pats = ctx.view, patterns("dossiers")
    out: list[tuple[Dossier, tuple[int, int]]] = []  # each fact with its number's span
    prev_end = sent[0]
    inherit: tuple[str, int] | None = None  # the previous figure's metric and end
    zeros = list(pats["dossier.zero_overdue"].regex.finditer(view.folded, *sent))
    items: list[tuple[int, Any]] = [(z.start(), z) for z in zeros]
    blind = page_case_blind(view)  # the page's, made once: no sentence lower-cased again
    items += [(n.start, n) for n in find_numbers(view.folded, *sent, context=COUNT, words=True,
                                                 blind=blind)
              if not any(a <= n.start < b for a, b in ctx.skip)]
    items += [(f.part.start, f) for f in _fractions(view, sent)
              if not any(a <= f.part.start < b for a, b in ctx.skip)]
    items.sort(key=lambda x: x[0])
    for _, item in items:
        if isinstance(item, regex.Match):
            for fact in _zero_facts(ctx, item, sent):
                out.append((fact, item.span()))
            prev_end = item.end()
            continue
        if isinstance(item, Fraction):
            anchor = (item.part.start, item.part.end)
            fact = _fraction_fact(ctx, item, sent, prev_end)
            prev_end = item.part.end
        else:
            anchor = (item.start, item.end)
            fact = None if item.is_percent else _figure(ctx, item, sent, prev_end, inherit)
            if fact is not None:
                inherit = (fact.metric.value, fact.end)
            if fact is not None or item.is_percent or _HOSO.match(
                    view.folded, item.end + 1, item.end + 8):
                prev_end = item.end  # "34 tỉnh" is no figure: the phrase before it still counts
        if fact is not None:
            out.append((fact, anchor))
    return dossier_breakdown.apply(view, out, sent)


def _zero_facts(ctx: Scope, m: regex.Match, sent: tuple[int, int]) -> list[Dossier]:
    """ "không có hồ sơ giải quyết quá hạn" → overdue 0 (not a plan's "phấn đấu không có");
    one per owner where several joined by "và" are its subject ("Tại cấp huyện và cấp xã
    không có hồ sơ quá hạn": district 0 and commune 0)."""
    view = ctx.view
    if patterns("dossiers")["dossier.zero_guard"].regex.search(view.folded[sent[0]:m.start()]):
        return []
    metric = "pending_overdue" if phrase_metric(m.group("metric")) == "pending_overdue" \
        else "overdue"
    fact = ctx.fact(metric, 0, m.span(), sent, "dossier.zero_overdue")
    owners = agencies.coordinated(view, sent[0], m.start())
    if not owners:
        return [fact]
    return [ctx.fact(metric, 0, m.span(), sent, "dossier.zero_overdue", owner=o) for o in owners]


def _fractions(view: Context, sent: tuple[int, int]) -> list[Fraction]:
    """Every "N/M hồ sơ" of a sentence with N at most M ("4.561/5.650 HS")."""
    out: list[Fraction] = []
    for m in _FRACTION.finditer(view.folded, *sent):
        part = parse_vn_number(m.group("n"), context=COUNT)
        whole = parse_vn_number(m.group("m"), context=COUNT)
        if isinstance(part, int) and isinstance(whole, int) and 0 <= part <= whole:
            out.append(Fraction(NumberMatch(m.start(), m.end(), part, False), whole,
                                m.start("m")))
    return out


def _fraction_fact(ctx: Scope, f: Fraction, sent: tuple[int, int],
                   prev_end: int) -> Dossier | None:
    """N of "đã giải quyết: 4.561/5.650 HS" as the figure of the phrase before it (none
    without one); its whole waits in ``ctx.wholes`` for the document's received figures."""
    fact = _figure(ctx, f.part, sent, prev_end, need_phrase=True)
    if fact is None:
        return None
    after = ctx.view.folded[f.part.end:sent[1]]
    head = _PATS["dossier.count_first"].regex.match(after)
    stop = f.part.end + (head.end() if head else 0)
    fact = fact.model_copy(update={"rule": "dossier.fraction"})
    ctx.wholes.append(Whole(fact, f.whole, (f.whole_start, stop)))
    return fact


def _figure(ctx: Scope, n: Any, sent: tuple[int, int], prev_end: int,
            inherit: tuple[str, int] | None = None, need_phrase: bool = False
            ) -> Dossier | None:
    """The dossier count at number ``n``, or None when it is no such count (or, with
    ``need_phrase``, when no metric phrase stands before it)."""
    view, pats = ctx.view, patterns("dossiers")
    folded = view.folded
    value, end = _scaled(folded, n)
    if value is None:
        return None
    after = folded[end:min(sent[1], end + 80)]
    head = pats["dossier.count_first"].regex.match(after)
    if pats["dossier.trap_after"].regex.match(after):
        return None
    if head is None and 1900 <= value <= 2100:
        return None  # a year ("Xử lý vi phạm hành chính 2012"), not a bare count
    if head is None and not (pats["dossier.bare_after"].regex.match(after)
                             and _HOSO.search(folded, sent[0], n.start)):
        return None
    if _NOT_COUNT_BEFORE.search(folded[max(sent[0], n.start - 15):n.start]):
        return None
    lo = max(prev_end, sent[0], n.start - _WINDOW)
    window = folded[lo:n.start]
    if pats["dossier.trap_before"].regex.search(window):
        return None
    before = _phrase_before(lo, window)
    if before is not None and before.metric == "pending_overdue" and _late_too(lo, window, before):
        before = Phrase(before.start, before.end, "overdue")
    if before is not None and not _close(view, before.end, n.start):
        before = None
    if before is not None and before.metric == "block":
        return None
    if head is None and (before is None or not _adjacent(view, before.end, n.start, _BARE)):
        return None  # a bare number needs its phrase right before it: "chuyển qua là 343"
    if need_phrase and before is None:
        return None
    right = pats["dossier.right_qualifier"].regex.match(after)
    after_metric = phrase_metric(right.group("m")) if right else None
    if before is not None and after_metric and not _adjacent(view, before.end, n.start):
        before = None  # "… được tiếp nhận và 87.939 hồ sơ đang xử lý quá hạn": its own verb
    metric = combine(before.metric if before else None, after_metric)
    if metric is None and before is None and inherit and _enumerated(view, inherit[1], n.start):
        metric = inherit[0]  # "Công an tỉnh 3,8 ngàn HS, Sở Công Thương 1,7 ngàn HS"
    if metric is None or metric == "block":
        return None
    # "trên 19.850" is approximate, and so is "10,18 ngàn": a count in thousands is rounded
    approx = bool(pats["dossier.approx"].regex.search(folded[max(sent[0], n.start - 15):n.start])
                  or (end > n.end and value != n.value))
    start = before.start if before else n.start
    stop = end + (right.end() if right and not right.group("open") else head.end() if head else 0)
    rule = "dossier.count_first" if head else "dossier.metric_first"
    return ctx.fact(metric, value, (start, stop), sent, rule, approx, (n.start, end))


def _scaled(folded: str, n: Any) -> tuple[int | None, int]:
    """A whole count and where it ends: "8.586" → 8586; "10,18 ngàn" → 10180."""
    m = patterns("dossiers")["dossier.scale"].regex.match(folded[n.end:n.end + 12])
    if m:
        value = round(n.value * (1000 if m.group("thousand") else 1_000_000))
        return value, n.end + m.end()
    if not isinstance(n.value, int) or n.value < 0:
        return None, n.end
    return n.value, n.end


def _enumerated(view: Context, a: int, b: int) -> bool:
    """Only an agency and list punctuation between two figures: "…, Sở Công Thương 1,7"."""
    names = [m for m in agencies.starting_in(view, a, b) if m.end <= b and m.name]
    if not names:
        return False
    gap = view.folded[a:b]
    for m in names:
        gap = gap.replace(view.folded[m.start:m.end], " ")
    return bool(_LIST_GAP.fullmatch(gap))


def _close(view: Context, a: int, b: int) -> bool:
    """Whether a phrase ending at ``a`` can name the figure at ``b``: nothing but a short
    stretch of one line between them (periods do not count: "tiếp nhận từ ngày 1/1/2024
    đến ngày 22/7/2024 là trên 19.850"), never a table cell border or a web address."""
    gap = view.folded[a:b]
    if _GAP_BREAK.search(gap):
        return False
    length = len(gap) - sum(min(b, p.span[1]) - max(a, p.span[0])
                            for p in periods_across(view, a, b))
    return length <= _GAP


def _adjacent(view: Context, a: int, b: int, allowed: regex.Pattern = None) -> bool:
    """Whether only a copula, an approximation or a period stands between a phrase and a
    figure ("tiếp nhận từ ngày 1/1/2024 đến ngày 22/7/2024 là trên 19.850")."""
    gap = view.folded[a:b]
    for p in periods_between(view, a, b):
        if p.span[1] <= b:
            gap = gap.replace(view.folded[p.span[0]:p.span[1]], " ")
    return bool((allowed or _ADJACENT).fullmatch(gap))


def _late_too(lo: int, window: str, phrase: Phrase) -> bool:
    """ "hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn giải quyết nhưng chưa có kết
    quả là 12": late resolved and late pending counted together are plain ``overdue``."""
    head = window[:phrase.start - lo]
    return any(phrase_metric(m.group(0)) == "overdue" and _AND.search(head[m.end():])
        for m in patterns("dossiers")["dossier.metric"].regex.finditer(head))


#: The words a metric phrase begins with ("đã", "tiếp", "quá", "trễ" …), read from the
#: pattern without its leading "(?p)": leftmost-longest matching changes which match is
#: taken at a place, not where one can begin (``re`` cannot read the flag).
_METRIC_SOURCE = _PATS["dossier.metric"].source
_METRIC_OPENERS = openers(_METRIC_SOURCE[4:] if _METRIC_SOURCE.startswith("(?p)")
                          else _METRIC_SOURCE, _PATS["dossier.metric"].regex.flags,
                          optional=True)


def metric_phrases(window: str) -> list[regex.Match[str]]:
    """What ``dossier.metric``'s overlapped ``finditer`` yields in ``window``: a match at
    every place one begins, tried only where its first words are (a figure's 150
    characters asked at ~10 places instead of each of them, ~70 µs a figure)."""
    rx = _PATS["dossier.metric"].regex
    if _METRIC_OPENERS is None:
        return list(rx.finditer(window, overlapped=True))
    return [m for at in find_all(case_blind(window), _METRIC_OPENERS)
            if (m := rx.match(window, at)) is not None]


def _phrase_before(lo: int, window: str) -> Phrase | None:
    """The metric phrase nearest the end of ``window`` (a blocking word only if close)."""
    found: list[Phrase] = []
    for m in metric_phrases(window):
        found.append(Phrase(lo + m.start(), lo + m.end(), phrase_metric(m.group(0))))
    # "đã tiếp nhận mới 4.131": the phrase ending last wins, the longest of those
    found.sort(key=lambda p: (p.end, -p.start))
    for p in reversed(found):
        if p.metric != "block" or lo + len(window) - p.end <= _BLOCK_REACH:
            return p
    return None
