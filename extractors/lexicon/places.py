"""Districts and communes in text, and the province they point to.

A provincial news page rarely names its own province: it says "huyện Lộc Bình", "TP. Buôn
Ma Thuột", "UBND xã Tân Lập, huyện Đồng Hỷ". ``extractors.lexicon.districts`` gives every
district-level unit (quận, huyện, thị xã, thành phố thuộc tỉnh) of the 63 provinces in the
General Statistics Office's register, with the communes (xã, phường, thị trấn) under it.
This module finds such mentions (:func:`find_places`) and turns them into a province
(:func:`province_from_places`).

Many names exist in several provinces (ten "huyện Châu Thành", "Phú Tân", "Long Phú"; most
commune names): such a name never decides a province alone. It may confirm a province that
unambiguous names already chose, or be resolved by the address it is written in ("xã An
Khánh, huyện Châu Thành" — only Bến Tre's Châu Thành has an An Khánh).

>>> [(p.name, p.provinces) for p in find_places("UBND huyện Lộc Bình và TP. Buôn Ma Thuột")]
[('Lộc Bình', ('Lạng Sơn',)), ('Buôn Ma Thuột', ('Đắk Lắk',))]
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from extractors.lexicon.districts import (
    communes_2025_unordered,
    districts_unordered,
    without_gc,
)
from extractors.lexicon.gazetteer import AFTER, BEFORE, Province, provinces
from extractors.lexicon.names import name_key
from extractors.text.patterns import alternation, load_data
from extractors.text.prefilter import matches_from
from extractors.text.trie import trie_alternation
from extractors.text.view import TextView, fold

DISTRICT, COMMUNE = "district", "commune"
#: unit word as written (lower case, spaces squashed, dots dropped) → (level, kind)
_UNIT_WORDS = {
    "huyện": (DISTRICT, "huyện"), "quận": (DISTRICT, "quận"), "thị xã": (DISTRICT, "thị xã"),
    "thành phố": (DISTRICT, "thành phố"), "tp": (DISTRICT, "thành phố"),
    "xã": (COMMUNE, "xã"), "phường": (COMMUNE, "phường"), "thị trấn": (COMMUNE, "thị trấn"),
    "đặc khu": (COMMUNE, "đặc khu"),
}
_NAME_WORD = r"(?:\p{Lu}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)?|\d{1,2}(?![\p{L}\p{N}/.,]\d))"
_PLACE = regex.compile(
    r"(?<![\p{L}\p{N}])(?P<unit>(?i:huyện|quận|thị\s+xã|thành\s+phố|thị\s+trấn|xã|phường|đặc\s+khu)"
    r"|TP|Tp|T\.P|tp)(?:\s*\.\s*|[ \t]+)"
    rf"(?P<name>{_NAME_WORD}(?:(?:[ \t]+|[ \t]*-[ \t]*){_NAME_WORD}){{0,4}})"
)
#: a further name of the same level in a list: "các huyện Lộc Bình, Đình Lập và Cao Lộc"
_MORE = regex.compile(
    rf"(?:[ \t]*,[ \t]*|[ \t]+và[ \t]+)(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}})"
)
_WORDS = regex.compile(r"[ \t]*-[ \t]*|[ \t]+")
_DOTS_SPACES = regex.compile(r"[\s.]+")
#: The level word before a district named on a place-and-date line ("TP. Buôn Ma Thuột").
_LEVEL_WORD = regex.compile(r"^(?i:tp|t\.p|thành\s+phố|thị\s+xã|huyện|quận)\s*\.?\s*")


@dataclass(frozen=True)
class Place:
    """A district or commune named in a text: ``provinces`` holds every province (before
    2025) that has a unit of that name and kind; one province means unambiguous."""

    start: int
    end: int
    level: str  # DISTRICT or COMMUNE
    kind: str  # "huyện", "thành phố", "xã" …
    name: str
    provinces: tuple[str, ...]


@dataclass(frozen=True)
class _Table:
    districts: dict[str, dict[str, frozenset[str]]]  # key → province → kinds
    communes: dict[str, dict[str, frozenset[str]]]
    members: dict[tuple[str, str], frozenset[str]]  # (commune key, district key) → provinces
    max_words: int


@cache
@without_gc
def _table() -> _Table:
    districts: dict[str, dict[str, set[str]]] = {}
    communes: dict[str, dict[str, set[str]]] = {}
    members: dict[tuple[str, str], set[str]] = {}
    for rec in districts_unordered():
        dkey = name_key(rec["name"])
        districts.setdefault(dkey, {}).setdefault(rec["province"], set()).update(rec["kinds"])
        for kind, names in rec["communes"].items():
            for name in names:
                ckey = name_key(name)
                communes.setdefault(ckey, {}).setdefault(rec["province"], set()).add(kind)
                members.setdefault((ckey, dkey), set()).add(rec["province"])
    words = max(len(k.split()) for k in [*districts, *communes])
    freeze = lambda t: {k: {p: frozenset(v) for p, v in d.items()} for k, d in t.items()}  # noqa: E731
    return _Table(freeze(districts), freeze(communes),
                  {k: frozenset(v) for k, v in members.items()}, words)


def _lookup(level: str, kind: str, words: list[str]) -> tuple[int, tuple[str, ...]]:
    """Longest run of ``words`` that names a unit of ``level``: (word count, provinces),
    narrowed to the provinces where the name has this ``kind`` when any has it. A
    commune of the 2025 register ("xã Đam Rông 3", "đặc khu Phú Quý") counts where its
    run is longer than any commune's before 2025."""
    t = _table()
    n, found, same = _longest(t.districts if level == DISTRICT else t.communes, kind, words)
    if level == COMMUNE:
        n25, found25, same25 = _longest(_table_2025(), kind, words)
        if n25 > n or (n25 == n and same25 and not same):  # "đặc khu Phú Quý", not "xã"
            return n25, found25
    return n, found


def _longest(table: dict[str, dict[str, frozenset[str]]], kind: str,
             words: list[str]) -> tuple[int, tuple[str, ...], bool]:
    """(word count, provinces, whether any has the name with this ``kind``)."""
    for n in range(min(len(words), _table().max_words), 0, -1):
        found = table.get(name_key(" ".join(words[:n])))
        if found:
            same_kind = [p for p, kinds in found.items() if kind in kinds]
            return n, tuple(sorted(same_kind or found)), bool(same_kind)
    return 0, (), False


@cache
@without_gc
def _table_2025() -> dict[str, dict[str, frozenset[str]]]:
    """Communes since 2025 by name key → the provinces before 2025 whose land their
    province took in (each province of Nghị quyết 202/2025/QH15 with its ``absorbed``):
    "Đam Rông 3" → Bình Thuận, Lâm Đồng, Đắk Nông, ambiguous as the merger made it.
    Read from the records in the file's order: a name's provinces are sorted where they
    are read (:func:`_longest`), and the sort by names without tone marks was ~8 of the
    ~32 ms the first page naming a commune paid."""
    absorbed = {p.name: p.absorbed or (p.name,) for p in provinces(AFTER)}
    out: dict[str, dict[str, set[str]]] = {}
    for r in communes_2025_unordered():
        for old in absorbed[r["province"]]:
            out.setdefault(name_key(r["name"]), {}).setdefault(old, set()).add(r["kind"])
    return {k: {p: frozenset(v) for p, v in d.items()} for k, d in out.items()}


@cache
@without_gc
def _communes_2025() -> frozenset[str]:
    return frozenset(name_key(r["name"]) for r in communes_2025_unordered())


def load() -> None:
    """Build the registers' tables now (before 2025 and since: ~30 ms of CPU, paid
    otherwise by the first page naming a commune, "xã Đam Rông 3"), for a process that
    forks its workers after: they share the tables instead of each building them."""
    _table()
    _table_2025()
    _communes_2025()


def is_commune_2025(name: str) -> bool:
    """Whether a commune-level unit since 1 July 2025 (xã, phường, đặc khu) is called
    ``name``: the unit grammar asks it before a number joins a place name ("UBND xã Đam
    Rông 3" is one commune; "UBND tỉnh Lâm Đồng 3 năm liền" is not).

    >>> is_commune_2025("Đam Rông 3"), is_commune_2025("Lâm Đồng 3")
    (True, False)
    """
    return name_key(name) in _communes_2025()


def is_place_name(name: str) -> bool:
    """Whether a district or commune, before 2025 or since, is called ``name``: the unit
    grammar asks it when a place name starts with a unit word ("xã Đoàn Kết", a commune
    in several provinces, is no delegation "Đoàn").

    >>> is_place_name("Đoàn Kết"), is_place_name("Đoàn kiểm tra")
    (True, False)
    """
    key = name_key(name)
    t = _table()
    return key in t.communes or key in t.districts or key in _communes_2025()


def find_places(view_or_text: TextView | str) -> list[Place]:
    """Every district or commune named with its unit word, in text order.

    "xã hội", "thành phố trực thuộc Trung ương" and "quận Cầu Giấy" of a national list
    are no problem here: lower-case words are no name, and the caller weighs ambiguity.
    """
    if isinstance(view_or_text, TextView):  # a page's places, read once for all who ask
        found = view_or_text.__dict__.get("_places")
        if found is None:
            found = view_or_text.__dict__["_places"] = _find_places(
                view_or_text.folded, view_or_text.folded_lower)
        return list(found)
    folded = fold(view_or_text)
    low = folded.lower()
    return _find_places(folded, low if len(low) == len(folded) else None)


#: Where a unit word can begin in the lower-cased text ("huyện", "thị xã", "thành phố",
#: "TP.", "T.P"): ``_PLACE`` is tried only there (``prefilter.matches_from``), ~30 places
#: a page instead of each of its ~10,000 characters, and finds what its scan finds.
_UNIT_LEAD = re.compile(r"huyện|quận|th(?:ị|ành)|xã|phường|đặc|t\.?p")
#: ``_UNIT_LEAD`` as ``unit_lead_starts`` finds it: the words opening with "t" as one
#: pattern (``re`` skips to their common "t" in C), each other word as a literal of its
#: own. An alternation with no common first letter has ``re`` test every character
#: against the class of first letters (~0.10 ms a page); these six scans ~0.065.
_UNIT_LEAD_T = re.compile(r"th(?:ị|ành)|t\.?p")
_UNIT_LEAD_WORDS = tuple(map(re.compile, ("huyện", "quận", "xã", "phường", "đặc")))
_SPAN = re.Match.span


def unit_lead_starts(low: str) -> list[int]:
    """Where ``_UNIT_LEAD.finditer(low)`` matches: the places of its words, left to right,
    each after the end of the one kept before it (no two of the words open at one place,
    so the leftmost left is the one the alternation's scan takes next).

    >>> unit_lead_starts("tại thành phố, t.phường và huyện")
    [4, 15, 27]
    """
    found = list(map(_SPAN, _UNIT_LEAD_T.finditer(low)))
    for rx in _UNIT_LEAD_WORDS:
        found.extend(map(_SPAN, rx.finditer(low)))
    found.sort()
    out: list[int] = []
    end = 0
    for at, stop in found:
        if at >= end:
            out.append(at)
            end = stop
    return out


def _find_places(folded: str, low: str | None) -> list[Place]:
    """:func:`find_places` of a folded text and its lower case (None: not the same length)."""
    out: list[Place] = []
    found = (_PLACE.finditer(folded) if low is None else
             matches_from(_PLACE, folded, unit_lead_starts(low)))
    for m in found:
        unit = _DOTS_SPACES.sub(" ", m.group("unit").lower()).strip()
        level, kind = _UNIT_WORDS["tp" if unit == "t p" else unit]
        start, pos, name_text = m.start(), m.start("name"), m.group("name")
        while True:
            place = _place_at(folded, start, pos, name_text, level, kind)
            if place is None:
                break
            out.append(place)
            more = _MORE.match(folded, place.end)
            if more is None:
                break
            start = pos = more.start("name")
            name_text = more.group("name")
    return out


def _place_at(folded: str, start: int, pos: int, name_text: str, level: str,
              kind: str) -> Place | None:
    """The longest known name at the head of ``name_text`` (found at ``pos``)."""
    known = _known_head(name_text, level, kind)
    if known is None:
        return None
    length, name, found = known
    return Place(start, pos + length, level, kind, name, found)


@lru_cache(maxsize=8192)
def _known_head(name_text: str, level: str, kind: str
                ) -> tuple[int, str, tuple[str, ...]] | None:
    """The longest known name at the head of ``name_text``: its length there, its words
    joined by one space, its provinces; None when none is known. Read once for each
    name as written: a report names "huyện Bắc Hà" dozens of times, and each look-up of
    its runs of words in the registers cost ~6 µs."""
    words = _WORDS.split(name_text)
    n, found = _lookup(level, kind, words)
    if not n:
        return None
    end = 0
    for w in words[:n]:
        end = name_text.index(w, end) + len(w)
    return end, _WORDS.sub(" ", name_text[:end]), found


def province_from_places(view_or_text: TextView | str) -> tuple[Province, Place, float] | None:
    """The province most of the unambiguous districts belong to, with the first such
    mention as evidence and its votes; else the one two or more different unambiguous
    communes agree on (a page repeating "phường Tân Mỹ" names one place, not two).

    Votes: +1 per unambiguous district (or a district resolved by its commune, "xã An
    Khánh, huyện Châu Thành"); an ambiguous name adds to the provinces already voted for.
    A tie, or a winner with half the votes or fewer, decides nothing (a national list of
    districts belongs to no province).
    """
    places = find_places(view_or_text)
    districts = _resolve_chains([p for p in places if p.level == DISTRICT], places)
    communes = [p for p in places if p.level == COMMUNE]
    distinct = list({name_key(p.name): p for p in reversed(communes)}.values())[::-1]
    winner = _vote(districts, communes) or _vote(distinct, [], least=2)
    if winner is None:
        return None
    name, evidence, votes = winner
    return old_province(name), evidence, votes


def _resolve_chains(districts: list[Place], places: list[Place]) -> list[Place]:
    """An ambiguous district right after a commune ("xã X, huyện Y") takes the provinces
    where Y has a commune X."""
    members = _table().members
    commune_before = {}
    for prev, nxt in itertools.pairwise(places):
        if prev.level == COMMUNE and nxt.level == DISTRICT and nxt.start - prev.end <= 4:
            commune_before[nxt.start] = prev
    out = []
    for d in districts:
        c = commune_before.get(d.start)
        if len(d.provinces) > 1 and c is not None:
            both = members.get((name_key(c.name), name_key(d.name)), frozenset())
            narrowed = tuple(p for p in d.provinces if p in both)
            if narrowed:
                d = Place(d.start, d.end, d.level, d.kind, d.name, narrowed)
        out.append(d)
    return out


def _vote(places: list[Place], support: list[Place],
          least: int = 1) -> tuple[str, Place, float] | None:
    """Unambiguous ``places`` vote 1; ambiguous ones, then ``support`` (communes, half
    weight), only add to provinces already voted for."""
    votes: Counter[str] = Counter(p.provinces[0] for p in places if len(p.provinces) == 1)
    if not votes:
        return None
    voted = set(votes)
    for weight, group in ((1.0, [p for p in places if len(p.provinces) > 1]), (0.5, support)):
        for p in group:
            for name in set(p.provinces) & voted:
                votes[name] += weight / len(p.provinces)
    (best, top), *rest = [*votes.most_common(), ("", 0.0)]
    total = sum(votes.values())
    if top < least or (rest and top <= rest[0][1]) or top <= total / 2:
        return None
    first = next(p for p in places if p.provinces == (best,))
    return best, first, top


@cache
def _old_province_table() -> dict[str, Province]:
    return {p.name: p for p in provinces(BEFORE)}


def old_province(name: str) -> Province:
    """The province before 2025 called ``name`` (the names of the district register)."""
    return _old_province_table()[name]


def province_of_place_name(name: str) -> Province | None:
    """The province of a district-level unit named bare, as on a place-and-date line
    ("Buôn Ma Thuột, ngày 12 tháng 3 năm 2024"), when only one province has it."""
    words = _WORDS.split(_LEVEL_WORD.sub("", fold(name).strip()))
    n, found = _lookup(DISTRICT, "thành phố", words)
    if n == len(words) and len(found) == 1:
        return old_province(found[0])
    return None


@cache
def _press_res() -> tuple[regex.Pattern[str], regex.Pattern[str], dict[str, str]]:
    data = load_data("press")
    by = {item["tag"]: item["province"] for item in data["bylines"]}
    by.update({name_key(item["name"]): item["province"] for item in data["names"]})
    tags = alternation([item["tag"] for item in data["bylines"]])
    names = alternation([item["name"] for item in data["names"]])
    return (regex.compile(
        rf"(?m)^[ \t]*\(?(?P<tag>{tags})(?:(?i:\.vn)|[ \t]+(?i:online))?\)?[ \t]*-"),
            regex.compile(rf"(?<!\p{{L}})(?i:báo)\s+(?:(?i:điện\s+tử)\s+)?(?P<name>(?i:{names}))"
                          r"(?![\p{L}\p{N}])"), by)


#: Where a newspaper's name can begin ("báo", lower-cased); a byline tag opens a line.
_PRESS_LEAD = re.compile("báo")


@cache
def _byline_leads() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line opening with a byline tag ("(GLO)-", "BDK.VN -"), at the text's start and
    after a line break: stdlib ``re`` finds the few such lines by their "\\n" (~0.01 ms a
    page; trying the byline pattern at each of ~160 line starts cost ~0.07)."""
    tags = trie_alternation([item["tag"] for item in load_data("press")["bylines"]])
    return re.compile(rf"[ \t]*\(?{tags}"), re.compile(rf"\n[ \t]*\(?{tags}")


def _press_matches(view: TextView, rx: regex.Pattern[str],
                   by_name: bool) -> Iterator[regex.Match[str]]:
    """``rx.finditer(view.folded)``, tried only where a match can begin: after "báo" for a
    name, at a line start for a byline tag (``prefilter.matches_from``)."""
    f = view.folded
    if not by_name:
        first, after_break = _byline_leads()
        starts = [0] if first.match(f) else []
        starts += [m.start() + 1 for m in after_break.finditer(f)]
        return matches_from(rx, f, starts)
    low = view.folded_lower
    if low is None:
        return rx.finditer(f)
    return matches_from(rx, f, (m.start() for m in _PRESS_LEAD.finditer(low)))


def province_from_press(view_or_text: TextView | str,
                        by_name: bool = False) -> tuple[Province, int, int] | None:
    """The province of the provincial newspaper a page comes from, as (province, start,
    end): by its byline tag at the start of the lead ("(GLO)- Theo thống kê …" → Gia Lai;
    "BDK.VN - …" → Bến Tre), or with ``by_name`` by the first newspaper named ("Báo Đồng
    Khởi" → Bến Tre) — weak evidence: pages cite other newspapers too ("theo báo Sài Gòn
    Giải Phóng")."""
    view = view_or_text if isinstance(view_or_text, TextView) else TextView(view_or_text)
    bylines, names, by = _press_res()
    m = next(_press_matches(view, names if by_name else bylines, by_name), None)
    if m is None:
        return None
    group = "name" if by_name else "tag"
    key = name_key(m.group(group)) if by_name else m.group(group)
    return old_province(by[key]), m.start(group), m.end(group)
