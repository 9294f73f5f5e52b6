"""Rankings: a body's place in an assessment, "xếp thứ hạng 18/22" → rank 18 of 22.

Written as "xếp thứ 13/20 đơn vị", "đứng thứ 5/63 tỉnh, thành phố", "đứng thứ 12 trên 63
tỉnh", "xếp vị trí thứ 2", "xếp thứ nhất"; "đứng đầu khối các sở" and "dẫn đầu" are rank
1 with no total, but only in a sentence about an index or a ranking ("người đứng đầu cơ
quan" is a position, "dẫn đầu đoàn" leads a delegation). Moves ("tụt 10 bậc", "Tăng 01
bậc so với năm 2022", "giữ nguyên hạng") are never rankings. Patterns live in
``data/rankings.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from extractors.assessment.tables import table_ranks, table_spans
from extractors.assessment.years import year_at
from extractors.context import Context
from extractors.text.numbers import parse_vn_number
from extractors.text.patterns import load_data, patterns
from extractors.text.prefilter import (
    matches_around,
    matches_from,
    opener_needs,
    starts_needed,
    word_lead,
)
from extractors.text.reach import first_match, is_long
from extractors.text.view import TextView
from schemas.facts import Ranking

_PATS = patterns("rankings")
_INDEX = _PATS["rank.index"].regex
# "đứng đầu"/"dẫn đầu" is first place only beside a named index, never "Phái đoàn do … dẫn
# đầu" or "nhóm 4 nước dẫn đầu ASEAN" (one of the leaders).
_STRONG_INDEX = _PATS["rank.strong_index"].regex
_TOP_NOT = _PATS["rank.top_not"].regex
_STATS = _PATS["rank.statistics"].regex
_ORDINAL: dict[str, int] = load_data("rankings")["ordinal_values"]


#: The words each pattern read here begins with ("xếp", "đứng", "ở" …): it is tried only
#: there, since a case-blind scan of a page's every character costs ~0.2 ms; and where
#: an alternative's other words are written ("giữ" only with "giữ vị trí dẫn đầu").
_OPENERS = {pid: opener_needs(p.source, p.regex.flags) for pid, p in _PATS.items()}


#: For a pattern without openers, the word its matches hold after a few marks ("; thứ
#: hai là": "thứ"), where ``prefilter.matches_around`` tries it.
_LEADS = {pid: word_lead(p.source, p.regex.flags) for pid, p in _PATS.items()}


def _scan(ctx: Context, pid: str) -> Iterator[regex.Match[str]]:
    """What ``_PATS[pid].scan(ctx)`` yields, trying the pattern only where it can begin:
    at its first words, or just before the word it holds ("thứ" of ``rank.list``, whose
    match opens with a ";", a "," or the page's start)."""
    pat, words, lead = _PATS[pid], _OPENERS[pid], _LEADS[pid]
    if not pat.may_match(ctx):
        return iter(())
    if words is not None:
        return matches_from(pat.regex, ctx.folded, starts_needed(ctx, words))
    if lead is not None:
        return matches_around(ctx, pat.regex, lead)
    return pat.scan(ctx)


def _found(ctx: Context, pid: str) -> bool:
    """Whether ``_PATS[pid]`` matches, tried at its first words, a long page a stretch at
    a time (``text.reach.first_match``)."""
    needs = _OPENERS[pid]
    if needs is not None and is_long(ctx):
        return first_match(ctx, _PATS[pid].regex, needs) is not None
    return next(_scan(ctx, pid), None) is not None


def extract(ctx: Context) -> list[Ranking]:
    """Every ranking in the text, in order."""
    if not _found(ctx, "rank.prefilter"):
        return []
    out: list[Ranking] = [_fact(ctx, a, b, "rank.table", rank, None, subject)
                          for a, b, rank, subject in table_ranks(ctx)]
    tables = table_spans(ctx)
    for m in [*_scan(ctx, "rank.ordinal"),
              *_scan(ctx, "rank.list")]:
        rank = _ORDINAL.get(m.group("rank").lower()) or parse_vn_number(m.group("rank"))
        of = m.groupdict().get("of") or m.groupdict().get("of2")
        total = int(of) if of else None
        if not isinstance(rank, int) or rank < 1 or (total is not None and rank > total):
            continue
        if any(a < m.end() and m.start() < b for a, b in tables):
            continue  # a table's cells are read by table_ranks
        if not _about_assessment(ctx, m.start(), m.end(), need_index=total is None):
            continue
        rule = "rank.list" if "of" not in m.groupdict() else "rank.ordinal"
        out.append(_fact(ctx, *_trim_list_lead(ctx, m), rule, rank, total))
    for m in _scan(ctx, "rank.top"):
        if not _top_about_index(ctx, m.start(), m.end()):
            continue
        if any(r.start <= m.start() < r.end for r in out):
            continue
        out.append(_fact(ctx, m.start(), m.end(), "rank.top", 1, None))
    return sorted(out, key=lambda r: r.span)


def _about_assessment(view: TextView, a: int, b: int, *, need_index: bool = True) -> bool:
    """Not a list of provinces by area, population or GRDP ("diện tích … xếp thứ 29"),
    and, unless the place has a total ("13/20"), the sentence (or the lines just before
    it) names an index or a ranking."""
    s, e = view.sentence_of(a)
    lo = max(0, min(s, a - 250))
    around = view.folded[lo:a] + " " + view.folded[b:max(e, b)]
    if _STATS.search(view.folded, s, max(e, b)):
        return False
    return not need_index or bool(_INDEX.search(around))


def _top_about_index(view: TextView, a: int, b: int) -> bool:
    """First place without a number counts only where its own sentence names the index."""
    s, e = view.sentence_of(a)
    if _TOP_NOT.search(view.folded, max(s, a - 60), a) or _STATS.search(view.folded, s, max(e, b)):
        return False
    return bool(_STRONG_INDEX.search(view.folded, s, max(e, b)))


def _trim_list_lead(view: TextView, m: regex.Match[str]) -> tuple[int, int]:
    """The span of a match without the clause mark before it ("; thứ hai là" → "thứ hai
    là")."""
    a = m.start()
    while a < m.end() and not view.folded[a].isalnum():
        a += 1
    return a, m.end()


def _fact(view: TextView, a: int, b: int, rule: str, rank: int, total: int | None,
          subject: str | None = None) -> Ranking:
    """A ranking; a table row's rank carries the row's body as its subject."""
    s, e, quote = view.span(a, b)
    return Ranking(span=(s, e), quote=quote, rule=rule, rank=rank, of=total,
                   subject=subject, year=year_at(view, s, e))
