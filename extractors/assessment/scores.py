"""Scores: points a body was given in the administrative-reform index or a similar assessment.

Reports write them many ways: "đạt 8,75/11 điểm đạt 79 %", "Với 90,35 điểm",
"1. Công tác chỉ đạo, điều hành CCHC (6,5/10 điểm)", "Tiêu chí thành phần 1.4: Công tác
tuyên truyền CCHC: 01/2,5 điểm", "đạt 79,02%~ 15,804/20 điểm", and tables with a
"Điểm tối đa" and a "Điểm đạt" column. The hard part is what is NOT a score: changes and
deductions ("giảm 2,25 điểm so với…", "trừ 4,186 điểm", "không chấm 10,5 điểm"), exam
marks ("thí sinh đạt 27 điểm"), a web page's votes ("34 trong 7 đánh giá") and the other
meanings of "điểm" (điểm cầu, thời điểm, điểm a khoản 1). Patterns and word lists live in
``data/scores.yaml``. A percent written beside a score is part of the score's span, so
``rates`` can leave it alone.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.assessment.tables import table_scores, table_spans
from extractors.assessment.years import year_at
from extractors.context import Context
from extractors.text.numbers import parse_vn_number
from extractors.text.patterns import patterns
from extractors.text.prefilter import matches_from, opener_needs, starts_needed, starts_of
from extractors.text.reach import first_match, is_long, matches_before, reach
from extractors.text.view import TextView, squash
from schemas.facts import Score

_PATS = patterns("scores")
_CHANGE = _PATS["score.change"].regex
_BOUND = _PATS["score.bound"].regex
_RANK_LEAD = _PATS["score.rank_lead"].regex
_SCHEME = _PATS["score.scheme"].regex
_HEADING = _PATS["score.criterion_heading"].regex
_HEADING_BREAK = _PATS["score.heading_break"].regex
_QUESTION = _PATS["score.question_heading"].regex
_IN_BRACKETS = regex.compile(r"\(\s*$")
_NOT_ASSESSMENT = _PATS["score.not_assessment"].regex
_PCT_AFTER = _PATS["score.percent_after"].regex
_PCT_BEFORE = _PATS["score.percent_before"].regex
_LIST_MARK = regex.compile(r"^(?:\s*(?:[-+•*]|\*\*|\d+(?:\.\d+)*\.?\)?|[a-zđ]\)|[IVX]+\.)\s*)+",
                           regex.I)
_TRAILING = _PATS["score.label_trailing"].regex
#: Compiled once: ``regex.search(source, …)`` looks its cache up at every call (~10 µs).
_LINE_BREAK = regex.compile(r"\s*\n\s*")
_PARTS = regex.compile(r"[,:;]|\s[-+•]\s")
_SEPARATOR = regex.compile(r"[.,]")


def extract(ctx: Context) -> list[Score]:
    """Every score in the text, in order; see the module docstring for what is not one."""
    folded = ctx.folded
    low = ctx.folded_lower
    if "điểm" not in (folded.lower() if low is None else low) and "%" not in folded:
        return []
    scores: list[Score] = []
    taken: list[tuple[int, int]] = list(table_spans(ctx))  # tables are read row by row
    for fact in table_scores(ctx):
        scores.append(fact)
        taken.append(fact.span)
    numbered = _numbered_points(ctx)
    about_assessment: bool | None = None  # asked only where a bare "N điểm" is found
    for pid in ("score.fraction", "score.fraction_percent", "score.points", "score.unit_points"):
        if pid in _ENDS_IN_POINTS and not numbered:
            continue
        bare = pid in ("score.points", "score.unit_points")
        if bare and about_assessment is None:
            about_assessment = _about_assessment(ctx)
        if bare and not about_assessment:
            continue  # a bare "N điểm" needs a document about an assessment
        for m in _scan(ctx, pid):
            a, b = m.span("value")[0], m.end()
            if bare and _criterion_maximum(ctx, m):
                continue
            if any(x < b and a < y for x, y in taken) or not _is_assessment(ctx, m):
                continue
            fact = _score(ctx, m, pid)
            if fact is not None:
                scores.append(fact)
                taken.append(fact.span)
    return _merge_repeats(sorted(scores, key=lambda s: s.span))


#: The words each prose pattern begins with ("đạt 8,75/11 …"), None where a match opens
#: with a number: where it is tried.
_OPENERS = {pid: opener_needs(p.source, p.regex.flags) for pid, p in _PATS.items()}


def _scan(ctx: Context, pid: str) -> Iterator[regex.Match[str]]:
    """What ``_PATS[pid].scan(ctx)`` yields, trying the pattern only where it can begin:
    "đạt 8,75/11 điểm đạt 79 %" at a page's few "đạt", not at each of its characters
    (~0.1 ms a page with the word); a pattern that opens with a number or a mark only
    in the stretch it can reach before a "điểm" with a number before it (a 209k-character
    report was scanned in ~25 ms for none)."""
    pat, words = _PATS[pid], _OPENERS[pid]
    if not pat.may_match(ctx):
        return iter(())
    if words is None:
        most = _REACH.get(pid)
        if most is None:
            return pat.scan(ctx)
        return matches_before(pat.regex, ctx.folded, ctx.memo(_points_places), most)
    return matches_from(pat.regex, ctx.folded, starts_needed(ctx, words))


def _points_places(view: TextView) -> list[int]:
    """The places of "điểm" with a number right before ("8,75/11 điểm", "95,43 điểm"):
    where each of ``_ENDS_IN_POINTS`` holds its last word."""
    return [at for at in starts_of(view, ("điểm",)) if _NUMBER_BEFORE.match(view.folded, 0, at)]


#: The prose patterns whose every match is a number right before "điểm" ("8,75/11 điểm",
#: "Với 90,35 điểm", "Văn phòng UBND tỉnh 95,43 điểm").
_ENDS_IN_POINTS = ("score.fraction", "score.points", "score.unit_points")
_NUMBER_BEFORE = regex.compile(r"(?r)\d\s*")

#: How many characters other than white space a prose pattern that opens with no word
#: ("(6,5/10 điểm)", ", Sở Nội vụ 91,8 điểm") holds before its "điểm" (``text.reach``).
_REACH = {pid: reach(p.source, p.flags, "điểm") for pid, p in _PATS.items()
          if pid in _ENDS_IN_POINTS}


def _numbered_points(view: Context) -> bool:
    """Whether a number stands right before some "điểm" of the page: most pages' "điểm"
    are places, moments and clauses ("địa điểm", "thời điểm", "điểm a khoản 1"), and
    then none of ``_ENDS_IN_POINTS`` can match, so none is scanned for."""
    return bool(view.memo(_points_places))


def _about_assessment(ctx: Context) -> bool:
    """The document is about an assessment, not an exam (unless it names the PAR index)."""
    return _found(ctx, "score.assessment_doc") and not (
        _found(ctx, "score.exam_doc") and not _found(ctx, "score.strong_doc"))


def _found(ctx: Context, pid: str) -> bool:
    """``_PATS[pid].found_in(ctx)``, the pattern tried at its first words ("cải cách hành
    chính", "chỉ số", "đánh giá" …) instead of searched for through the page, a long page
    a stretch at a time (``text.reach.first_match``)."""
    needs = _OPENERS[pid]
    if needs is not None and is_long(ctx):
        return first_match(ctx, _PATS[pid].regex, needs) is not None
    return next(_scan(ctx, pid), None) is not None


def _criterion_maximum(view: TextView, m: regex.Match[str]) -> bool:
    """"2. Cơ sở vật chất (20 điểm)", "Câu 1. (0,75 điểm)": whole points in brackets closing
    a heading (even one wrapped over two lines) are what a criterion or a question is
    worth, and "Đến 5.000 tỷ đồng được 4 điểm" is a scoring rule, not what a body was
    given."""
    a = m.start("value")
    lo = max(0, a - 160)
    chunk = view.folded[lo:a]
    cut = max(chunk.rfind("\n\n"), chunk.rfind("|"), chunk.rfind(";"))
    chunk = _LINE_BREAK.sub(" ", chunk[cut + 1:]).replace("*", "")
    if _SCHEME.search(_PARTS.split(chunk)[-1]):
        return True  # "Đến 500.000 người được 10 điểm", "tối đa … là 100 điểm"
    if not _IN_BRACKETS.search(chunk):
        return False
    starts = [0, *(k.end() for k in _HEADING_BREAK.finditer(chunk))]
    heading = next((h for k in reversed(starts[-3:]) if (h := _HEADING.search(chunk[k:]))), None)
    if heading is None:
        return False
    return bool(_QUESTION.match(heading.group())) or not _SEPARATOR.search(m.group("value"))


def _merge_repeats(scores: list[Score], near: int = 400) -> list[Score]:
    """A heading "6. Kết quả đo lường hài lòng của người dân, tổ chức (15,804/20 điểm)"
    and the sentence under it "Chỉ số hài lòng … đạt 79,02%~ 15,804/20 điểm" are one
    score: of repeats of the same (value, max) close together, keep the one that says
    more (percent, criterion), with what the other adds: the heading's label names the
    component, the sentence's percent is the score's."""
    out: list[Score] = []
    for fact in scores:
        twin = next((o for o in out if (o.value, o.max) == (fact.value, fact.max)
                     and (o.subject, o.stage) == (fact.subject, fact.stage)
                     and fact.start - o.end <= near), None)
        if twin is None:
            out.append(fact)
            continue
        keep, other = (fact, twin) if _richness(fact) > _richness(twin) else (twin, fact)
        out[out.index(twin)] = keep.model_copy(update={
            "percent": keep.percent if keep.percent is not None else other.percent,
            "criterion": keep.criterion or other.criterion,
            "label": twin.label or fact.label,
        })
    return out


def _richness(fact: Score) -> int:
    return (fact.percent is not None) + (fact.criterion is not None)


def _is_assessment(view: TextView, m: regex.Match[str]) -> bool:
    """Not a change ("giảm 2,25 điểm"), not an exam mark, not a web page's rating."""
    a = m.start("value")
    head = view.folded[max(0, a - 30):a]
    if _CHANGE.search(head) or _BOUND.search(head):
        return False
    s, e = view.sentence_of(a)
    return not _NOT_ASSESSMENT.search(view.folded, s, max(e, m.end()))


def _score(view: TextView, m: regex.Match[str], pid: str) -> Score | None:
    value = parse_vn_number(m.group("value"))
    top = parse_vn_number(m.group("max")) if "max" in m.groupdict() and m.group("max") else None
    if value is None or (top is not None and (top == 0 or value > top)) or value > 1000:
        return None
    start, end = m.start("value"), m.end()
    percent = None
    after = _PCT_AFTER.match(view.folded, end)
    before = _PCT_BEFORE.search(view.folded[max(0, start - 20):start])
    if after:
        percent = parse_vn_number(after.group("pct"))
        end = view.folded.index("%", after.end("pct")) + 1
    elif before:
        percent = parse_vn_number(before.group("pct"))
        start = max(0, start - 20) + before.start("pct")
    s, e, quote = view.span(start, end)
    criterion, label = _criterion_and_label(view, s)
    return Score(span=(s, e), quote=quote, rule=pid, value=value, max=top, percent=percent,
                 criterion=criterion, label=label, year=year_at(view, s, e))


def _criterion_and_label(view: TextView, pos: int) -> tuple[str | None, str | None]:
    """The criterion code named on the score's line, and the phrase the score belongs to:
    "Tiêu chí thành phần 1.4: Công tác tuyên truyền CCHC: 01/2,5 điểm" → ("1.4", "Công
    tác tuyên truyền CCHC"); "1. Công tác chỉ đạo (6,5/10 điểm)" → (None, "Công tác chỉ
    đạo"): a list number is not a criterion code."""
    line_start = view.line_bounds(pos)[0]
    sent_start = view.sentence_of(pos)[0]
    lo = max(line_start, sent_start if sent_start <= pos else line_start)
    head = view.folded[lo:pos]
    semi = head.rfind(";")
    if semi >= 0:
        lo, head = lo + semi + 1, head[semi + 1:]
    criterion = None
    crit = next(reversed(list(_PATS["score.criterion"].regex.finditer(head))), None)
    if crit is not None:
        criterion = crit.group("code")
        lo, head = lo + crit.end(), head[crit.end():]
    mark = _LIST_MARK.match(head)
    if mark:
        lo, head = lo + mark.end(), head[mark.end():]
    lead = _RANK_LEAD.match(head)
    if lead:
        lo, head = lo + lead.end(), head[lead.end():]
    head = _TRAILING.sub("", head)
    label = squash(view.text[lo:lo + len(head)]).strip(" :*-") or None
    if label and len(label) > 120:
        label = label[-120:].split(" ", 1)[-1]
    return criterion, label
