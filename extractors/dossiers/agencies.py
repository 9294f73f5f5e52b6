"""Whose dossiers: the body a one-stop-shop figure belongs to.

Reports name the owner in a few ways, and a figure takes the nearest one that applies:

1. in its own sentence, before it: "tổng số hồ sơ Sở Công Thương tiếp nhận …",
   "UBND huyện Tam Nông đã tiếp nhận …";
2. an anaphor in its sentence ("Sở đã tiếp nhận", "đơn vị đã giải quyết") stands for the
   last body of that kind named before: "Tại Sở Xây dựng, … Sở đã tiếp nhận 1.713 hồ sơ";
3. the owner of the previous figure in the same paragraph (the subject carries on:
   "… Số hồ sơ đã giải quyết đúng hạn là 15.706");
4. the paragraph's topic ("Tại Sở Xây dựng, …", "- UBND huyện A: …") or the heading above
   it ("2. Sở Tư pháp");
5. the document's issuer (a body reporting its own figures), else the owner of the
   previous figure of the document (a news page's subject carries across paragraphs:
   "Trung tâm … tiếp nhận 5,65 ngàn hồ sơ.\n\nTrong đó có 1,07 ngàn HS kỳ trước chuyển
   sang"), else the one body the document names most often.

A level with no one body ("cấp huyện", "toàn tỉnh", "các sở, ngành") is an owner too,
written :data:`LEVEL`: its figures have agency null, and the body named before it does not
carry over ("Nếu tính riêng từng cấp, với cấp tỉnh, … Với cấp huyện, …"). A body named as
the one that REPORTS the figures ("Thống kê của UBND tỉnh cho biết, …", "Theo báo cáo của
Sở Nội vụ, …") is no owner of them.

Only bodies that own dossiers are agencies here (Sở, UBND of a place, the public
administration service centre, Chi cục, Cục, land registration offices …): "Bộ phận Một
cửa", "Văn phòng Sở" or "Đoàn kiểm tra" are desks and teams, not owners.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

import regex

from extractors.lexicon.places import is_commune_2025
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import openers
from extractors.text.reach import Stops, is_long, reaches, scan_between, scan_from
from extractors.text.view import TextView, squash
from schemas.facts import DossierLevel

if TYPE_CHECKING:
    from extractors.context import Context

_HEADING = regex.compile(r"^\s*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S.{0,110}$")
_GENERIC = patterns("dossiers")["dossier.agency_generic"].regex
_COMMUNE_NAME = regex.compile(r"(?i:xã|phường|đặc\s+khu)\s+(?P<place>\p{Lu}.*)$")
_NUMBER_AFTER = regex.compile(r"[ \t]+(\d{1,2})(?![\p{L}\p{N}]|[.,]\d)")
#: The owner of figures of a level with no one body whose tier is not one ("cấp huyện và
#: cấp xã"): agency null, level null. A level of one tier is its ``DossierLevel``.
LEVEL = ""
#: Which tier a level mention names: ``dossier.tier.<level>`` of dossiers.yaml, in order
#: ("several" first: "cấp huyện và cấp xã" is no one tier).
_TIERS = tuple(
    (p.regex, None if pid.endswith(".several") else DossierLevel(pid.rsplit(".", 1)[1]))
    for pid, p in patterns("dossiers").items() if pid.startswith("dossier.tier."))


_DESK_TIER = regex.compile(r"\bcấp\s+(?:tỉnh|huyện|xã)\s*$", regex.I)


def tier(quote: str) -> DossierLevel | None:
    """The tier a level names: "cấp huyện" → district, "toàn tỉnh" → all, "các sở, ngành"
    → province; None for several ("cấp huyện và cấp xã")."""
    for pattern, level in _TIERS:
        if pattern.search(quote):
            return level
    return None


@dataclass(frozen=True)
class Mention:
    """A body named in the text (``name``), or an anaphor standing for one (``name`` None)."""

    start: int
    end: int
    name: str | None
    kind: str
    source: bool = False  # the body reports the figures ("Thống kê của UBND tỉnh cho biết")
    level: DossierLevel | None = None  # the tier of a level mention


def _kind(name: str) -> str:
    low = name.lower()
    for prefix, kind in (("sở", "so"), ("trung tâm", "trung_tam"), ("đơn vị", "any")):
        if low.startswith(prefix):
            return kind
    return "ubnd" if low.startswith(("ubnd", "ủy ban")) else "other"


def mentions(view: Context) -> list[Mention]:
    """Every owner-body mention and anaphor of the text under extraction, read once."""
    return view.memo(find_mentions)


def _mention_starts(view: Context) -> list[int]:
    return [m.start for m in mentions(view)]


def _index(view: Context, pos: int) -> int:
    """How many mentions start before ``pos`` (:func:`mentions` are in text order)."""
    return bisect.bisect_left(view.memo(_mention_starts), pos)


def starting_in(view: Context, lo: int, hi: int) -> list[Mention]:
    """The mentions that start in ``[lo, hi)``, in text order, found by bisection: each
    figure asks for its sentence's, and a long report names bodies hundreds of times.
    On a long page whose mentions no one has read whole, the levels and anaphors of the
    stretch only (:func:`_stretch`), with the page's bodies."""
    if _STOPS and is_long(view) and find_mentions not in getattr(view, "_memo", {}):
        cache = view.__dict__.setdefault("_mention_stretches", {})
        if (lo, hi) not in cache:
            cache[lo, hi] = _stretch(view, lo, hi)
        found = cache[lo, hi]
        if found is not None:
            return found
    return mentions(view)[_index(view, lo):_index(view, hi)]


def names(view: Context) -> list[Mention]:
    """The bodies named in the text (the mentions with a ``name``), read once: what
    a figure's anaphor resolves to and the document's most named body are read from."""
    if find_mentions in getattr(view, "_memo", {}):
        return [m for m in mentions(view) if m.name is not None]
    return view.memo(find_names)


def _names_before(view: Context, pos: int) -> list[Mention]:
    found = names(view)
    return found[:bisect.bisect_left(found, pos, key=_start_of)]


def _start_of(m: Mention) -> int:
    return m.start


#: Characters neither a level nor an anaphor pattern holds or looks at
#: (``text.reach.stops``): none crosses one, so those of a stretch are read from the
#: last before it.
_STOPS = Stops(patterns("dossiers")[pid]
               for pid in ("dossier.agency_level", "dossier.agency_anaphor"))
#: How far from a stretch a stop is looked for before the whole page is read instead.
_FAR = 4096


def _stretch(view: Context, lo: int, hi: int) -> list[Mention] | None:
    """The mentions of :func:`mentions` that start in ``[lo, hi)``: the page's bodies
    there, and the levels and anaphors read from the last stop before ``lo`` to the first
    at or after ``hi`` (``text.reach.scan_between``), each kept as :func:`find_mentions`
    keeps it (a level inside a body or holding one's start, an anaphor inside either is
    none; no level crosses the stop, so one before it covers nothing here). None when no
    stop stands within :data:`_FAR`: the page is read."""
    bounds = _STOPS.stretch(view.folded, lo, hi, _FAR)
    if bounds is None:
        return None
    start, end = bounds
    pats = patterns("dossiers")
    bodies = names(view)
    out = [m for m in bodies if start <= m.start < hi]
    taken = view.memo(_names_taken)
    for pid, kind in (("dossier.agency_level", "level"), ("dossier.agency_anaphor", None)):
        for m in scan_between(view, pats[pid].regex, _OPENERS[pid], _NEAR.get(pid), start, hi,
                              end):
            if kind == "level":
                if not (taken.covers(m.start()) or taken.starts_in(m.start(), m.end())):
                    out.append(Mention(m.start(), m.end(), None, "level",
                                       level=tier(squash(m.group(0)))))
            elif not taken.covers(m.start()):
                out.append(Mention(m.start(), m.end(), None, _kind(m.group(0))))
        if kind == "level":
            taken = _Taken(out + [m for m in bodies if not start <= m.start < hi])
    out.sort(key=_start_of)
    return [m for m in out if m.start >= lo]


def _names_taken(view: Context) -> _Taken:
    return _Taken(names(view))


def _numbered_end(folded: str, m: regex.Match[str]) -> int:
    """Where an agency's name ends: after a 2025 commune's number when the register has a
    commune so named ("UBND xã Đam Rông 3"), not before a count ("UBND xã Tân Lập 3 hồ
    sơ")."""
    end = m.end("name")
    place = _COMMUNE_NAME.search(m.group("name"))
    num = _NUMBER_AFTER.match(folded, end)
    if place and num and is_commune_2025(f"{place.group('place')} {num.group(1)}"):
        return num.end()
    return end


#: The words each mention pattern begins with ("sở", "ubnd", "trung", "chi" …, an optional
#: "Chi nhánh" and "[Hh]uyện" included): where it is tried.
_OPENERS = {pid: openers(patterns("dossiers")[pid].source, patterns("dossiers")[pid].regex.flags,
                         optional=True)
            for pid in ("dossier.agency", "dossier.agency_level", "dossier.agency_anaphor")}


#: For a pattern one of whose alternatives a number opens ("12 huyện" in
#: ``dossier.agency_level``): the words each holds and how far before them it can begin
#: (``text.reach``), where it is tried instead.
_NEAR = {pid: reaches(patterns("dossiers")[pid].source, patterns("dossiers")[pid].flags)
         for pid, words in _OPENERS.items() if words is None}


def _scan(view: TextView, pat: Pattern) -> Iterator[regex.Match[str]]:
    """What ``pat.scan(view)`` yields, the pattern tried only where a match can begin: a
    page's ~100 body words instead of every character (``dossier.agency``, dozens of
    "Sở …" names, scanned a page in ~1 ms; a page with a dossier figure reads its owners);
    ``dossier.agency_level`` just before its "cấp", "toàn", "các", "huyện" (~9 ms on a
    209k-character report)."""
    return scan_from(view, pat, _OPENERS[pat.id], _NEAR.get(pat.id))


def find_names(view: TextView) -> list[Mention]:
    """Every body named in the text (``dossier.agency``), left to right."""
    pats = patterns("dossiers")
    out: list[Mention] = []
    source = pats["dossier.agency_source"].regex
    for m in _scan(view, pats["dossier.agency"]):
        a, b, quote = view.span(m.start("name"), _numbered_end(view.folded, m))
        says = bool(source.search(view.folded[max(0, a - 40):a]))
        out.append(Mention(a, b, squash(quote), _kind(quote), says))
    return out


def find_mentions(view: TextView) -> list[Mention]:
    """Every owner-body mention and anaphor of the text, left to right (read once per text
    by :func:`mentions`)."""
    pats = patterns("dossiers")
    memo = getattr(view, "_memo", {})
    out = list(memo[find_names]) if find_names in memo else find_names(view)
    taken = _Taken(out)
    for m in _scan(view, pats["dossier.agency_level"]):
        if not (taken.covers(m.start()) or taken.starts_in(m.start(), m.end())):
            out.append(Mention(m.start(), m.end(), None, "level",
                               level=tier(squash(m.group(0)))))
    taken = _Taken(out)
    for m in _scan(view, pats["dossier.agency_anaphor"]):
        if taken.covers(m.start()):
            continue
        out.append(Mention(m.start(), m.end(), None, _kind(m.group(0))))
    out.sort(key=lambda x: x.start)
    return out


class _Taken:
    """The spans of mentions found so far, none overlapping another, asked by bisection
    (a 242k-character list of communes has ~600 bodies and ~400 levels: asking each
    level of every body was most of the ~70 ms its owners took)."""

    def __init__(self, found: list[Mention]) -> None:
        spans = sorted((x.start, x.end) for x in found)
        self.starts = [a for a, _b in spans]
        self.reach = list(accumulate((b for _a, b in spans), max))  # furthest end so far

    def covers(self, pos: int) -> bool:
        """Whether a span holds ``pos`` (``a <= pos < b``)."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos

    def starts_in(self, lo: int, hi: int) -> bool:
        """Whether a span starts in ``[lo, hi)``."""
        k = bisect.bisect_left(self.starts, lo)
        return k < len(self.starts) and self.starts[k] < hi


def _resolve(items: list[Mention], anaphor: Mention) -> str | None:
    """The last named body before ``anaphor`` of the kind it stands for (``items``: the
    mentions starting before it)."""
    for m in reversed(items):
        if m.start >= anaphor.start or m.name is None or m.kind == "level" \
                or _GENERIC.match(m.name):
            continue
        if anaphor.kind in ("any", "ubnd") or m.kind == anaphor.kind:
            return m.name
    return None


def in_sentence(view: Context, sent_start: int, pos: int) -> str | None:
    """The nearest owner named (or referred to) in ``[sent_start, pos)``; :data:`LEVEL`
    for a level with no body; a body that only reports the figures is skipped."""
    for m in reversed(starting_in(view, sent_start, pos)):
        if m.end > pos or m.source:
            continue
        if m.kind == "level":
            return _topic_tier(starting_in(view, sent_start, m.start), m, sent_start) \
                or m.level or LEVEL
        if m.name is not None:
            return m.name
        resolved = _resolve(_names_before(view, m.start), m)
        if resolved:
            return resolved
    return None


def coordinated(view: Context, sent_start: int, pos: int) -> list[str | DossierLevel] | None:
    """The owners of a statement at ``pos`` whose subject is several of them joined by
    "và" right before it, in text order: "tại Trung tâm Hành chính công huyện và và bộ
    phận một cửa hiện đại cấp xã không có hồ sơ quá hạn" → the centre and the commune
    desks; "Tại cấp huyện và cấp xã không có …" → district and commune. None for one
    owner (or an anaphor, or a body that only reports): :func:`in_sentence` decides."""
    pats = patterns("dossiers")
    items = [m for m in starting_in(view, sent_start, pos + 1) if m.end <= pos]
    if not items or not pats["dossier.zero_lead"].regex.fullmatch(view.folded, items[-1].end,
                                                                   pos):
        return None
    chain = [items[-1]]
    for m in reversed(items[:-1]):
        gap = view.folded[m.end:chain[0].start]
        # a list ends "…, B và C": a comma alone before the last is a topic ("Tại huyện
        # Đầm Hà, Trung tâm … không có …"), not a second owner
        if not pats["dossier.agency_and"].regex.fullmatch(gap) or (
                len(chain) == 1 and not pats["dossier.and"].regex.search(gap)):
            break
        chain.insert(0, m)
    owners: list[str | DossierLevel] = []
    for m in chain:
        if m.source or (m.name is None and m.kind != "level"):
            return None
        if m.name is not None:
            owners.append(m.name)
        elif m.level is not None:
            owners.append(m.level)
        else:
            owners.extend(tiers_of(view.folded[m.start:m.end]) or [LEVEL])
    return owners if len(owners) > 1 and LEVEL not in owners else None


def tiers_of(quote: str) -> list[DossierLevel]:
    """Each tier a level of several names: "cấp huyện và cấp xã" → district, commune;
    "cấp tỉnh, huyện" → province, district."""
    out: list[DossierLevel] = []
    for m in patterns("dossiers")["dossier.tier_part"].regex.finditer(quote):
        level = tier(f"cấp {m.group('tier')}")
        if level is not None and level not in out:
            out.append(level)
    return out


def desk_tier(agency: str | None) -> DossierLevel | None:
    """A one-stop desk named by its tier ("bộ phận một cửa hiện đại cấp xã") counts that
    tier; a body named by its place ("UBND huyện Đại Từ") keeps its name and no level."""
    if agency and _DESK_TIER.search(agency):
        return tier(agency)
    return None


def _topic_tier(items: list[Mention], m: Mention, sent_start: int) -> DossierLevel | None:
    """"Với cấp xã, toàn tỉnh quý I tiếp nhận 264.610 hồ sơ": the tier the sentence opens
    with governs a "toàn tỉnh" after it (every commune of the province, not every tier)."""
    if m.level is not DossierLevel.all:
        return None
    earlier = [x for x in items if sent_start <= x.start < m.start and x.kind == "level"
               and x.level not in (None, DossierLevel.all)]
    return earlier[0].level if earlier else None


def paragraph_topic(view: Context, para_start: int, pos: int) -> str | None:
    """A body named at the head of the paragraph, or in the heading line just above it."""
    for m in starting_in(view, para_start, min(pos, para_start + 60)):
        if m.name:
            return m.name
    line = view.line_of(para_start)
    for i in range(line - 1, max(-1, line - 4), -1):
        a = view.line_starts[i]
        b = view.line_starts[i + 1] - 1
        text = view.folded[a:b]
        if not text.strip():
            continue
        if _HEADING.match(text):
            named = [m.name for m in starting_in(view, a, b) if m.name]
            return named[0] if named else None
        return None
    return None


def document_owner(view: Context, issuer: str | None) -> str | None:
    """The issuer, else the body the document names most often (at least twice, alone)."""
    if issuer:
        return issuer
    counts = Counter(m.name for m in names(view) if m.name and not _GENERIC.match(m.name))
    top = counts.most_common(2)
    if top and top[0][1] >= 2 and (len(top) == 1 or top[0][1] > top[1][1]):
        return top[0][0]
    return None
