"""The ``assessed`` step: scores, rankings and index rates given their subject, index,
stage and criterion once all three are found.

It runs after the three stages because a document's own subject is what most of its
figures name: in a department's report the ranking sentence says "Chỉ số CCHC năm 2018
của Sở Kế hoạch và Đầu tư xếp thứ hạng 18/22" and the criterion lines under it
("- Hiện đại hóa hành chính: 8/12,5 điểm") name no one, so they are the Sở's. See
``about`` for the rules; this module applies them to each figure and fills the gaps with
the document's subject and index.

A criterion follows the contract: its code where the text names one ("Tiêu chí thành
phần 3.2.1" → ``3.2.1``), else the component's name as the heading or the list line
writes it ("2. Cải cách thủ tục hành chính (19,5/20 điểm)"), and null for the overall
result ("Chỉ số CCHC … đạt 90,35 điểm"): a label that names an index, a body or the
result itself is no component.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.assessment.about import About, document_index, document_subject
from extractors.assessment.years import year_at
from extractors.context import Context
from extractors.text.patterns import patterns
from schemas.facts import AssessmentIndex, Ranking, Rate, Score

_PATS = patterns("indexes")
_OVERALL = _PATS["about.overall_label"].regex
_CODE_FIRST = regex.compile(r"(?P<code>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s")

#: A list line that names its component before a bracket or a colon, the points later:
#: "- Đánh giá tác động Cải cách hành chính (Điều tra xã hội học …): … đạt 18,57/25".
_LIST_ITEM = regex.compile(
    r"\s*(?:[-+•*]|\d+(?:\.\d+)*\.?\)?|[a-zđ]\)|[IVX]+\.)\s+(?:\*\*)?"
    r"(?P<name>[^(:\n*]{8,100}?)\s*(?:\*\*)?\s*[(:]", regex.I)
#: A year in a comparison (compiled once, not at every call).
_FOUR_DIGITS = regex.compile(r"\d{4}")


@dataclass(frozen=True)
class Resolved:
    scores: list[Score]
    rankings: list[Ranking]
    rates: list[Rate]


def scores(ctx: Context) -> list[Score]:
    """The scores, each with subject, index, year, stage and criterion."""
    return ctx.memo(_resolve).scores


def rankings(ctx: Context) -> list[Ranking]:
    """The rankings, each with subject, index and year."""
    return ctx.memo(_resolve).rankings


def rates(ctx: Context) -> list[Rate]:
    """The rates; those that are an index's result with subject, index and year."""
    return ctx.memo(_resolve).rates


def _resolve(ctx: Context) -> Resolved:
    if not (ctx.need("scores") or ctx.need("rankings") or ctx.need("rates")):
        return Resolved([], [], [])  # most pages: nothing to resolve, no names to read
    about = About(ctx)
    doc_index = document_index(ctx)
    # a table row names its body (subject) and its column the stage: both are kept
    raw_scores = [s if s.subject else s.model_copy(update={"criterion": criterion(ctx, s)})
                  for s in ctx.need("scores")]
    results = {id(r): _index_result(ctx, about, r, doc_index) for r in ctx.need("rates")}
    index_rates = {k for k, (ok, _) in results.items() if ok}
    figures = [*raw_scores, *ctx.need("rankings"),
               *(r for r in ctx.need("rates") if id(r) in index_rates)]
    said = {id(f): f.subject or (None if getattr(f, "criterion", None)
                                 else about.subject_in_sentence(f.start, f.end))
            for f in figures}
    fallback = document_subject(list(said.values()), ctx)

    def fill(fact, *, stage: bool = False, own: bool = True):
        part = bool(getattr(fact, "criterion", None))
        update = {
            "subject": said[id(fact)] or (fallback if own else None),
            "index": doc_index if part else (about.index_at(fact.start, fact.end)
                                             or doc_index),
            "year": fact.year if fact.year is not None else (
                results.get(id(fact), (False, None))[1]
                or year_at(ctx, fact.start, fact.end)),
        }
        if stage and not fact.rule.startswith("score.table"):
            update["stage"] = about.stage_at(fact.start)
        return fact.model_copy(update=update)

    return Resolved(
        scores=[fill(s, stage=True) for s in raw_scores],
        rankings=[fill(r) for r in ctx.need("rankings")],
        # a percent whose sentence names no one is a national or a compared figure
        # ("SIPAS 2023 ở mức 82,66%"), never the document's own subject's
        rates=[fill(r, own=False) if id(r) in index_rates else r for r in ctx.need("rates")],
    )


def criterion(ctx: Context, score: Score) -> str | None:
    """The contract's criterion of a score (module docstring)."""
    if score.criterion:
        return score.criterion
    line_start = ctx.line_bounds(score.start)[0]
    item = _LIST_ITEM.match(ctx.text[line_start:score.start])
    label = (item.group("name") if item else score.label or "").strip()
    code = _CODE_FIRST.match(label)
    if code:
        return code.group("code")  # a table row "1.1 Ban hành kế hoạch CCHC"
    if len(label) < 4 or _OVERALL.search(label):
        return None
    if any(_PATS[p].regex.search(label) for p in ("about.self", "about.appraised")):
        return None
    about = About(ctx)
    low = label.lower()
    if any(m.strong for m in about.indexes if low.find(ctx.folded[m.start:m.end].lower()) >= 0):
        return None
    if about.name_within(low):
        return None
    return label


def _index_result(ctx: Context, about: About, rate: Rate, doc_index: AssessmentIndex | None
                  ) -> tuple[bool, int | None]:
    """Whether a percent is an index's result, and the year it is of when the text says
    so by comparison: one a ranking in its sentence ranks ("Hà Nội, đạt 91,43%, xếp thứ
    3"); one the index named before it in its sentence reaches ("Chỉ số SIPAS của Quảng
    Ninh đạt 90,61%"); a satisfaction rate reached in a text about SIPAS ("huyện Bảo Yên,
    với tỷ lệ hài lòng đạt 83,11%"); the compared year's value ("tăng 2,58% so với năm
    2022 (80,08%)" is 2022's)."""
    if rate.rule.startswith("rate.ranked_"):
        return True, None
    s, e = ctx.sentence_of(rate.start)
    head = ctx.folded[s:rate.start]
    compared = _PATS["about.compared"].regex.search(head[-40:])
    if compared:
        year = _FOUR_DIGITS.search(compared.group(0))
        return (year is not None and _named_index_before(about, s, rate.start),
                int(year.group(0)) if year else None)
    if any(s <= r.start and r.end <= max(e, rate.end) for r in ctx.need("rankings")):
        return True, None
    if not _PATS["about.result_verb"].regex.search(head):
        return False, None
    if _named_index_before(about, s, rate.start):
        return True, None
    satisfied = rate.metric == "satisfaction" and (
        doc_index is AssessmentIndex.sipas or about.index_at(rate.start, rate.end)
        is AssessmentIndex.sipas)
    return satisfied, None


def _named_index_before(about: About, s: int, at: int) -> bool:
    return any(m.strong and s <= m.start and m.end <= at for m in about.indexes)
