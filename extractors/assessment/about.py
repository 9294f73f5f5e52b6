"""Whose result, in which index, at which stage: what turns a score, a rank or an index
rate from a mention into an answer.

"Cụ thể, trong 21 sở, ban, ngành cấp tỉnh: Sở Thông tin và Truyền thông dẫn đầu chỉ số
cải cách hành chính năm 2022 với 95,73 điểm; thứ hai là Văn phòng UBND tỉnh 95,43 điểm"
gives two scores of the PAR Index 2022, one of the Sở, one of the Văn phòng. The rules,
all on the sentence the figure stands in:

- **subject**: a body named after the rank ("thứ hai là Văn phòng UBND tỉnh"); else the
  nearest body, district or province named before the figure, passing over an assessor
  ("Hội đồng CCHC của tỉnh thẩm định", "UBND tỉnh vừa công bố") and a comparison ("so
  với tỉnh X"); else the first named after it ("Với 90,35 điểm, Sở Công Thương đứng
  đầu"); else the document's own subject: the body most of its figures name, or its
  issuer, or, for "của tỉnh", its province. A criterion's points ("1.4: Công tác tuyên
  truyền CCHC: 01/2,5 điểm") are always the document's subject: bodies named in a
  criterion are tasks, not the assessed. A province assessed as a whole ("tỉnh An Giang
  xếp hạng 11/63", "UBND tỉnh Tuyên Quang đạt") is its standard name, "An Giang".
- **index**: for a criterion, the document's index (the satisfaction part of the PAR
  Index is still the PAR Index); else the index named nearest before the figure in its
  sentence, then after it, then earlier in its paragraph, then the document's most named;
  a bare "cải cách hành chính" counts only where no index is named.
- **stage**: "tự chấm" before the points is ``self``, "thẩm định" is ``appraised``.

Names come from ``data/indexes.yaml``; bodies from the units stage (a unit's fullest
name), districts from ``lexicon.places``, provinces from ``lexicon.gazetteer``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

import regex

from extractors.context import Context
from extractors.lexicon.gazetteer import provinces
from extractors.lexicon.names import name_key
from extractors.lexicon.places import Place, find_places
from extractors.text.patterns import patterns
from schemas.facts import AssessmentIndex, AssessmentStage

_PATS = patterns("indexes")
_INDEXES = [(p, AssessmentIndex(p.extra["index"]), p.extra.get("strength") != "weak")
            for p in _PATS.values() if p.id.startswith("index.")]
_UBND_PROVINCE = regex.compile(
    r"^(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?P<kind>tỉnh|thành\s+phố|TP\.?)"
    r"\s+(?P<name>.+)$", regex.I)


@dataclass(frozen=True)
class Named:
    """A body, district or province named in the text, as a subject would be written."""

    start: int
    end: int
    name: str
    kind: str  # "unit", "place" or "province"


@dataclass(frozen=True)
class IndexMention:
    start: int
    end: int
    index: AssessmentIndex
    strong: bool


def index_mentions(ctx: Context) -> list[IndexMention]:
    """Every index named in the text, left to right; where names overlap, the first
    pattern of the data file wins ("Chỉ số hài lòng" is SIPAS, not the weak "CCHC")."""
    found: list[IndexMention] = []
    for pat, index, strong in _INDEXES:
        for m in pat.scan(ctx):
            if not any(x.start < m.end() and m.start() < x.end for x in found):
                found.append(IndexMention(m.start(), m.end(), index, strong))
    return sorted(found, key=lambda x: x.start)


def named(ctx: Context) -> list[Named]:
    """Every name that can be a subject: units (under the fullest name the units stage
    gave them), districts and communes with their level word, provinces; a name inside a
    longer one ("Tuyên Quang" in "UBND thành phố Tuyên Quang") is not a name of its own."""
    out = [Named(a, b, _subject_name(u.name), "unit")
           for u in ctx.need("units") for a, b in u.mentions]
    places = find_places(ctx)
    for p in places:
        out.append(Named(p.start, p.end, " ".join(ctx.text[p.start:p.end].split()), "place"))
    out.extend(_bare_places(ctx, places))
    for m in ctx.province_mentions:
        out.append(Named(m.start, m.end, m.province.name, "province"))
    out.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[Named] = []
    for n in out:
        if kept and n.start < kept[-1].end:
            continue
        kept.append(n)
    return kept


def _bare_places(ctx: Context, places: list[Place]) -> list[Named]:
    """A district named once with its level word and later without it ("huyện Si Ma Cai
    đứng thứ nhất" … "Si Ma Cai đứng thứ nhất về kết quả"): the bare name is the place."""
    full = {}
    for p in places:
        written = " ".join(ctx.text[p.start:p.end].split())
        full.setdefault(name_key(p.name), (p.name, written))
    if not full:
        return []
    names = {n for n, _ in full.values()}
    return [Named(a, b, full[name_key(ctx.folded[a:b])][1], "place")
            for a, b in _whole_words(ctx.folded, names)]


_LETTER = regex.compile(r"\p{L}")
_WORD_CHAR = regex.compile(r"\w")


def _whole_words(text: str, names: set[str]) -> list[tuple[int, int]]:
    r"""Where ``names`` occur in ``text`` as whole words ("Si Ma Cai", not inside "Si Ma
    Caix"), left to right, the longest at a place, never overlapping: what one
    alternation ``(?<!\p{L})(?:longest|…|shortest)(?!\w)`` finds, without compiling a
    new pattern for every page's names (a few ms each)."""
    found: dict[int, int] = {}
    for name in names:
        at = text.find(name)
        while at >= 0:
            end = at + len(name)
            if (not (at and _LETTER.match(text, at - 1)) and not _WORD_CHAR.match(text, end)
                    and end > found.get(at, -1)):
                found[at] = end
            at = text.find(name, at + 1)
    out: list[tuple[int, int]] = []
    for at in sorted(found):
        if not out or at >= out[-1][1]:
            out.append((at, found[at]))
    return out


def _subject_name(name: str) -> str:
    """"UBND tỉnh An Giang" is the province: "An Giang"; "UBND thành phố Hà Nội" too,
    but "UBND thành phố Tuyên Quang" is the city, not the province of that name."""
    m = _UBND_PROVINCE.match(name)
    if not m:
        return name
    kind = "tỉnh" if m.group("kind").lower() == "tỉnh" else "thành phố"
    province = next((p for p in provinces() if name_key(p.name) == name_key(m.group("name"))
                     and p.kind == kind), None)
    return province.name if province else name


@dataclass
class Reading:
    """What the text says of one figure, before the document's defaults fill the gaps."""

    subject: str | None
    index: AssessmentIndex | None
    stage: AssessmentStage | None


class About:
    """The subject, index and stage of every figure of one text."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # Read when a figure first asks, not when the step starts: the names take a scan of
    # every place of the page (``find_places``), which a page whose figures all name
    # their subject ("| 1 | Sở Tư pháp | 92,5 |") never needs.
    @cached_property
    def names(self) -> list[Named]:
        """Every name that can be a subject (:func:`named`), read once per text."""
        return self.ctx.memo(named)

    @cached_property
    def indexes(self) -> list[IndexMention]:
        """Every index named in the text (:func:`index_mentions`), read once per text."""
        return self.ctx.memo(index_mentions)

    # -- subject ---------------------------------------------------------------------------

    def subject_in_sentence(self, a: int, b: int) -> str | None:
        """The subject the figure's own sentence names (see the module docstring)."""
        text = self.ctx.folded
        s, e = self.ctx.sentence_of(a)
        e = max(e, b)
        after = _PATS["about.named_after"].regex.match(text, b, e)
        if after or regex.search(r"\blà\s*$", text[a:b]):
            at = after.end() if after else len(text[:b]) + (len(text[b:e]) - len(
                text[b:e].lstrip()))
            first = next((n for n in self.names if n.start == at), None)
            if first is not None:
                return first.name
        before = [n for n in self.names if s <= n.start and n.end <= a]
        for n in reversed(before):
            if _PATS["about.assessor"].regex.match(text, n.end, a):
                continue
            if _PATS["about.compared"].regex.search(text, max(s, n.start - 12), n.start):
                continue
            return n.name
        later = next((n for n in self.names if b <= n.start and n.end <= e), None)
        if later is not None and not _PATS["about.assessor"].regex.match(text, later.end, e):
            return later.name
        own = _PATS["about.own_body"].regex.search(text, s, a)
        return self.own_body(own.group("level")) if own else None

    def own_body(self, level: str) -> str | None:
        """"của Sở" is the issuing Sở, "của tỉnh" the document's province."""
        meta = self.ctx.need("document")
        if level.lower() == "tỉnh":
            return meta.province
        issuer = meta.issuer or ""
        return issuer if issuer.lower().startswith(level.lower()) else None

    # -- index -----------------------------------------------------------------------------

    def index_at(self, a: int, b: int) -> AssessmentIndex | None:
        s, e = self.ctx.sentence_of(a)
        e = max(e, b)
        para = self.ctx.folded.rfind("\n\n", 0, s) + 1
        strong = [m for m in self.indexes if m.strong]
        for pool in (strong, self.indexes):
            before = [m for m in pool if s <= m.start and m.end <= a]
            if before:
                return before[-1].index
            after = next((m for m in pool if b <= m.start and m.end <= e), None)
            if after is not None:
                return after.index
        earlier = [m for m in strong if para <= m.start and m.end <= s]
        return earlier[-1].index if earlier else None

    def stage_at(self, a: int) -> AssessmentStage | None:
        """``self`` or ``appraised`` where the clause before the points says so."""
        s = self.ctx.sentence_of(a)[0]
        text = self.ctx.folded
        clause = max(s, text.rfind(";", s, a) + 1, text.rfind(":", s, a) + 1)
        for pid, stage in (("about.self", AssessmentStage.self),
                           ("about.appraised", AssessmentStage.appraised)):
            if _PATS[pid].regex.search(text, clause, a):
                return stage
        return None


def document_index(ctx: Context) -> AssessmentIndex | None:
    """The index the document names most (strong names first): what its criteria and its
    unnamed figures are part of."""
    mentions = ctx.memo(index_mentions)
    for pool in ([m for m in mentions if m.strong], mentions):
        if pool:
            counts = Counter(m.index for m in pool)
            return max(counts, key=lambda k: (counts[k], -next(
                i for i, m in enumerate(pool) if m.index is k)))
    return None


def document_subject(readings: list[str | None], ctx: Context) -> str | None:
    """The body most of the document's figures name (at least half of those that name
    one), else its issuer (a department's report on "Chỉ số CCHC của Sở")."""
    named_ = [r for r in readings if r]
    if named_:
        top, n = Counter(named_).most_common(1)[0]
        if 2 * n >= len(named_):
            return top
    issuer = ctx.need("document").issuer
    return _subject_name(issuer) if issuer else None
