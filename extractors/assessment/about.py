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

import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import regex

from extractors.context import Context
from extractors.lexicon.gazetteer import mentions_between, provinces, runs_back
from extractors.lexicon.names import name_key
from extractors.lexicon.places import Place, find_places
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import matches_from, openers, starts_of
from schemas.facts import AssessmentIndex, AssessmentStage

_PATS = patterns("indexes")
_INDEXES = [(p, AssessmentIndex(p.extra["index"]), p.extra.get("strength") != "weak")
            for p in _PATS.values() if p.id.startswith("index.")]
_UBND_PROVINCE = regex.compile(
    r"^(?:UBND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân)\s+(?P<kind>tỉnh|thành\s+phố|TP\.?)"
    r"\s+(?P<name>.+)$", regex.I)
#: "… là" right before a figure (compiled once, not at every call).
_LA_END = regex.compile(r"\blà\s*$")


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


#: The words each index pattern begins with ("chỉ", "sipas", "năng" …): where it is tried.
_OPENERS = {p.id: openers(p.source, p.regex.flags, optional=True) for p, _i, _s in _INDEXES}


def _scan(ctx: Context, pat: Pattern) -> Iterator[regex.Match[str]]:
    """What ``pat.scan(ctx)`` yields, the pattern tried only at its first words: the ten
    index patterns scanned every character of an 88k-character page in ~7 ms."""
    words = _OPENERS[pat.id]
    if words is None or not pat.may_match(ctx):
        return pat.scan(ctx)
    return matches_from(pat.regex, ctx.folded, starts_of(ctx, words))


def index_mentions(ctx: Context) -> list[IndexMention]:
    """Every index named in the text, left to right; where names overlap, the first
    pattern of the data file wins ("Chỉ số hài lòng" is SIPAS, not the weak "CCHC").
    What is kept never overlaps, so one look at the kept span starting last before a
    match's end tells whether the match overlaps any (a page naming "CCHC" hundreds of
    times compared each with every earlier one)."""
    found: list[IndexMention] = []
    starts: list[int] = []
    ends: list[int] = []
    for pat, index, strong in _INDEXES:
        for m in _scan(ctx, pat):
            a, b = m.span()
            k = bisect.bisect_left(starts, b)  # kept spans starting before the match's end
            if k and ends[k - 1] > a:
                continue
            starts.insert(k, a)
            ends.insert(k, b)
            found.append(IndexMention(a, b, index, strong))
    return sorted(found, key=lambda x: x.start)


def named(ctx: Context) -> list[Named]:
    """Every name that can be a subject: units (under the fullest name the units stage
    gave them), districts and communes with their level word, provinces; a name inside a
    longer one ("Tuyên Quang" in "UBND thành phố Tuyên Quang") is not a name of its own."""
    places = find_places(ctx)
    return _kept([*_candidates(ctx, places), *_bare_places(ctx, _bare_names(ctx, places))])


def _kept(out: list[tuple[tuple[int, int, int, int], Named]]) -> list[Named]:
    """The names of ``out`` left to right, the longest at a place, none inside another
    (each with its key: start, minus length, then the order :func:`named` lists them)."""
    out.sort(key=lambda kn: kn[0])
    kept: list[Named] = []
    for _key, n in out:
        if kept and n.start < kept[-1].end:
            continue
        kept.append(n)
    return kept


_UNITS, _PLACES, _BARE, _PROVINCES = range(4)


def _candidates(ctx: Context, places: list[Place]) -> list[tuple[tuple[int, int, int, int],
                                                                 Named]]:
    """The units, places and provinces of :func:`named` before overlaps are resolved, each
    with its sort key."""
    keyed = [((a, a - b, _UNITS, i), Named(a, b, _subject_name(name), "unit"))
             for i, (a, b, name) in enumerate(
                 (a, b, u.name) for u in ctx.need("units") for a, b in u.mentions)]
    for i, p in enumerate(places):
        n = Named(p.start, p.end, " ".join(ctx.text[p.start:p.end].split()), "place")
        keyed.append(((n.start, n.start - n.end, _PLACES, i), n))
    for i, m in enumerate(ctx.province_mentions):
        keyed.append(((m.start, m.start - m.end, _PROVINCES, i),
                      Named(m.start, m.end, m.province.name, "province")))
    return keyed


def _bare_names(ctx: Context, places: list[Place]) -> dict[str, tuple[str, str]]:
    """Each place's name key → (its name, as the first mention writes it)."""
    full: dict[str, tuple[str, str]] = {}
    for p in places:
        written = " ".join(ctx.text[p.start:p.end].split())
        full.setdefault(name_key(p.name), (p.name, written))
    return full


def _bare_places(ctx: Context, full: dict[str, tuple[str, str]], lo: int = 0,
                 hi: int | None = None) -> list[tuple[tuple[int, int, int, int], Named]]:
    """A district named once with its level word and later without it ("huyện Si Ma Cai
    đứng thứ nhất" … "Si Ma Cai đứng thứ nhất về kết quả"): the bare name is the place
    (``full``: :func:`_bare_names`). Those starting in ``[lo, hi]`` where no bare name
    crosses ``lo``."""
    if not full:
        return []
    names = {n for n, _ in full.values()}
    return [((a, a - b, _BARE, i), Named(a, b, full[name_key(ctx.folded[a:b])][1], "place"))
            for i, (a, b) in enumerate(_whole_words(ctx.folded, names, lo, hi))]


class _Names:
    """The names of one page where a few figures ask (:meth:`About.names_near`): each
    unit and place with its sort key, by start (each made into a ``Named`` when a figure
    first asks for its stretch), the bare place names to look for; the provinces are read
    from the stretch asked (``gazetteer.mentions_between``), not the page's every capital
    (~4 ms on an 88k-character report whose one ranking asks)."""

    def __init__(self, ctx: Context) -> None:
        # no reference to ``ctx`` is kept: this lives in its memo, and a cycle would keep
        # every page's context alive until the cycle collector ran
        self.text = ctx.text
        self.places = find_places(ctx)
        raw = [*(((a, a - b, _UNITS, i), (a, b, name)) for i, (a, b, name) in enumerate(
                   (a, b, u.name) for u in ctx.need("units") for a, b in u.mentions)),
               *(((p.start, p.start - p.end, _PLACES, i), p) for i, p in enumerate(self.places))]
        raw.sort(key=lambda kr: kr[0])
        self.raw = raw
        self.starts = [k[0] for k, _r in raw]
        self.ends = [k[0] - k[1] for k, _r in raw]
        self.longest = max((-k[1] for k, _r in raw), default=0)
        self.made: dict[int, Named] = {}
        self._said: list[tuple[int, str]] | None = None
        self.full = _bare_names(ctx, self.places)
        self.names = {n for n, _ in self.full.values()}
        self.name_len = max(map(len, self.names), default=0)

    def keyed(self, ctx: Context, lo: int, hi: int
              ) -> list[tuple[tuple[int, int, int, int], Named]]:
        """The units, places and provinces starting in ``[lo, hi]``, each with its key
        (a province's last part its start: no two start at one place)."""
        out = []
        for k in range(bisect.bisect_left(self.starts, lo), bisect.bisect_right(self.starts, hi)):
            key, what = self.raw[k]
            named_ = self.made.get(k)
            if named_ is None:
                named_ = self.made[k] = self._named(key[2], what)
            out.append((key, named_))
        for m in mentions_between(ctx, lo, hi):
            out.append(((m.start, m.start - m.end, _PROVINCES, m.start),
                        Named(m.start, m.end, m.province.name, "province")))
        out.sort(key=lambda kn: kn[0])
        return out

    def _named(self, kind: int, what) -> Named:
        if kind == _UNITS:
            a, b, name = what
            return Named(a, b, _subject_name(name), "unit")
        text = self.text
        return Named(what.start, what.end, " ".join(text[what.start:what.end].split()), "place")

    def said(self, ctx: Context) -> list[tuple[int, str]]:
        """(start, name) of every unit, place and province before overlaps are resolved,
        made once a page."""
        if self._said is None:
            self._said = [(n.start, n.name) for _k, n in self.keyed(ctx, 0, len(self.text))]
        return self._said


def _names_index(ctx: Context) -> _Names:
    return _Names(ctx)


_LETTER = regex.compile(r"\p{L}")
_WORD_CHAR = regex.compile(r"\w")


def _whole_words(text: str, names: set[str], lo: int = 0,
                 hi: int | None = None) -> list[tuple[int, int]]:
    r"""Where ``names`` occur in ``text`` as whole words ("Si Ma Cai", not inside "Si Ma
    Caix"), left to right, the longest at a place, never overlapping: what one
    alternation ``(?<!\p{L})(?:longest|…|shortest)(?!\w)`` finds, without compiling a
    new pattern for every page's names (a few ms each). Only those starting in
    ``[lo, hi]``, which is what the whole text gives there when no occurrence crosses
    ``lo``."""
    found: dict[int, int] = {}
    for name in names:
        stop = len(text) if hi is None else min(len(text), hi + len(name))
        at = text.find(name, lo, stop)
        while at >= 0:
            end = at + len(name)
            if (not (at and _LETTER.match(text, at - 1)) and not _WORD_CHAR.match(text, end)
                    and end > found.get(at, -1)):
                found[at] = end
            at = text.find(name, at + 1, stop)
    out: list[tuple[int, int]] = []
    for at in sorted(found):
        if not out or at >= out[-1][1]:
            out.append((at, found[at]))
    return out


def _all_words(text: str, names: set[str], lo: int, hi: int) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``names`` starting in ``[lo, hi)``, overlaps too."""
    out = []
    for name in names:
        at = text.find(name, lo, min(len(text), hi - 1 + len(name)))
        while 0 <= at < hi:
            end = at + len(name)
            if not (at and _LETTER.match(text, at - 1)) and not _WORD_CHAR.match(text, end):
                out.append((at, end))
            at = text.find(name, at + 1, min(len(text), hi - 1 + len(name)))
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

    def names_near(self, s: int, e: int) -> list[Named]:
        """The names of :attr:`names` that start in ``[s, e]`` (a figure's sentence), read
        from that stretch only: from a place before ``s`` that no name crosses, where
        which overlapping name is kept depends on nothing earlier. A page of 1,300 names
        with one ranking read them all (~20 ms on 88k characters) for one sentence."""
        if "names" in self.__dict__:
            return [n for n in self.names if s <= n.start <= e]
        idx = self.ctx.memo(_names_index)
        q = self._cut(idx, s)
        bare = _bare_places(self.ctx, idx.full, q, e) if idx.names else []
        return [n for n in _kept([*idx.keyed(self.ctx, q, e), *bare]) if n.start >= s]

    def name_within(self, low: str) -> bool:
        """Whether one of :attr:`names` is written inside ``low`` (a lower-cased label:
        "công tác chỉ đạo của sở tư pháp"), asked only where such a name starts: a
        label's check read every name of a page and looked for its bare places through
        the whole text (~15 ms on a 47k page with one score)."""
        if "names" in self.__dict__:
            return any(n.name.lower() in low for n in self.names)
        idx = self.ctx.memo(_names_index)
        starts = {a for a, name in idx.said(self.ctx) if name.lower() in low}
        inside = {n for n, written in idx.full.values() if written.lower() in low}
        if inside:
            starts.update(a for a, _b in _all_words(self.ctx.folded, inside, 0,
                                                    len(self.ctx.folded)))
        return any(n.name.lower() in low
                   for a in sorted(starts) for n in self.names_near(a, a))

    def _cut(self, idx: _Names, q: int) -> int:
        """A place at or before ``q`` that no unit, place, province or bare name crosses."""
        text = self.ctx.folded
        while True:
            lo = bisect.bisect_left(idx.starts, q - idx.longest)
            hi = bisect.bisect_left(idx.starts, q)
            crossing = [idx.starts[k] for k in range(lo, hi) if idx.ends[k] > q]
            if q:  # a province that crosses ``q`` starts within the runs a spelling holds
                crossing += [m.start for m in mentions_between(self.ctx, runs_back(self.ctx, q),
                                                               q - 1) if m.end > q]
            if idx.names:
                near = max(0, q - idx.name_len)
                crossing += [a for a, b in _all_words(text, idx.names, near, q) if b > q]
            if not crossing:
                return q
            q = min(crossing)

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
        if after or _LA_END.search(text[a:b]):
            at = after.end() if after else len(text[:b]) + (len(text[b:e]) - len(
                text[b:e].lstrip()))
            first = next((n for n in self.names_near(s, e) if n.start == at), None)
            if first is not None:
                return first.name
        names = self.names_near(s, e)
        before = [n for n in names if n.end <= a]
        for n in reversed(before):
            if _PATS["about.assessor"].regex.match(text, n.end, a):
                continue
            if _PATS["about.compared"].regex.search(text, max(s, n.start - 12), n.start):
                continue
            return n.name
        later = next((n for n in names if b <= n.start and n.end <= e), None)
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
