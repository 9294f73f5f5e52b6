"""units extractor: every named state body or internal unit, listed once, with its role.

"Văn phòng Sở chủ trì, phối hợp với Phòng Tổng hợp Quy hoạch …" →
``Unit(name="Văn phòng Sở", role=[lead])``, ``Unit(name="Phòng Tổng hợp Quy hoạch",
role=[coordinate])``. The grammar that finds a unit and its right boundary is in
``unit_grammar``; roles are read from the sentence in ``roles``; this module decides what
is *not* a unit (the contract's traps), names each unit, and lists it once:

- generic plurals ("các Phòng", "các sở, ngành") are not units, but a list after one is
  ("các Phòng: Kế hoạch Tài chính, Quản lý Công nghiệp" → two Phòng);
- a leader's position is not a unit: "Chủ tịch UBND tỉnh", "Giám đốc Sở", "Chánh Văn
  phòng Sở"; a body named in full inside one still is ("Giám đốc Sở Tư pháp");
- names are compared folded and case-blind, "UBND" = "Ủy ban nhân dân"; a name that
  differs only by a trailing place qualifier is the same unit, listed under its fullest
  form ("UBND tỉnh" + "UBND tỉnh Lạng Sơn");
- short forms from the gazetteer ("Sở TTTT") and abbreviations the text defines
  ("Trung tâm Khuyến công … (Trung tâm KC&TVPTCN)") resolve to the full name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate

import regex

from extractors.context import Context
from extractors.lexicon import bodies
from extractors.text.patterns import alternation, patterns
from extractors.text.prefilter import Condition, holds, key, required_words
from extractors.text.view import TextView, squash
from extractors.units import roles
from extractors.units.grammar import (
    Parsed,
    Reader,
    head_word,
    is_upper_line,
    lists_for,
    lowered_twin,
)
from extractors.units.heads import GLUED, head_scan
from extractors.units.names import display_name, lexicon_key, place_base
from schemas import Role, Unit

_PATS = patterns("units")  # the words around a unit name are data: units/data/units.yaml
_PLURAL = _PATS["unit.plural_before"].regex
_TITLE = _PATS["unit.person_title_before"].regex
_LIST_HEAD = _PATS["unit.list_head"].regex
_ALIAS = _PATS["unit.alias"].regex
_GIVEN_NAME = _PATS["unit.given_name"].regex
_ROLE_BEFORE = _PATS["unit.role_before_name"].regex
_ROLE_AFTER = _PATS["unit.role_after_name"].regex
_NEXT_CHAR = regex.compile(r"\s+(\S)")
_CAPITAL_WORD_END = regex.compile(r"\p{Lu}\p{L}*[ ]+$")
_PLURAL_END = _PATS["unit.list_plural"].regex
_PLURAL_START = _PATS["unit.plural_alias"].regex
_ITEM = regex.compile(r"[^,;.()\n]+")
_LOWER_WORD = regex.compile(r"(?<=\s)\p{Ll}")
_WORD = regex.compile(r"\p{L}+")
#: white space as ``str.split`` and ``str.strip`` read it (stdlib ``re``: ``str.isspace``)
_SPACE_RUN = re.compile(r"\s*")


@dataclass
class Mention:
    """One place a unit is named: span, display name, merge key, rule."""

    start: int
    end: int
    name: str
    key: str
    rule: str
    roles: set[Role] = field(default_factory=set)


def extract(ctx: Context) -> list[Unit]:
    """Every unit named in the text, listed once, first mention first."""
    mentions = find_mentions(ctx)
    roles.assign(ctx, mentions)
    return merge(ctx, mentions)


def find_mentions(view: TextView) -> list[Mention]:
    """Every unit mention in text order (a unit named twice is two mentions)."""
    folded = view.folded
    reader = Reader(folded, view.folded_lower)
    lower_ok = _lowercase_heads()
    out: list[Mention] = []
    aliases: dict[str, str] = {}
    pos = 0
    text, heads, guard = head_scan(view)
    search = heads.search
    while m := search(text, pos):
        start, head_end = m.span(1)
        if guard and start and ((c := text[start - 1]).isalnum() or c in GLUED):
            pos = start + 1  # glued to the word before ("mã_sở"): no head here
            continue
        parsed = None
        if folded[start].islower():
            head = text[start:head_end] if guard else text[start:head_end].lower()
            if head in lower_ok or (not head.isalpha() and head_word(head) in lower_ok):
                parsed, upper = _read_at(view, reader, m)
            # else "cơ sở", "ban hành": most heads in running text, no unit
        else:
            parsed, upper = _read_at(view, reader, m)
        if parsed is None:
            pos = m.end()
            if _plural_end(folded[start - 8 if start > 8 else 0:start]) >= 0:  # "các Phòng: …"
                listed = _list_items(view, start)
                out.extend(listed)
                pos = max([pos, *(x.end for x in listed)])
            continue
        out.extend(_mentions_of(view, parsed, upper, m))
        _alias(view, parsed.end, out[-1] if out else None, aliases)
        pos = parsed.end
    return _resolve_aliases(view, out, aliases)


@cache
def _lowercase_heads() -> frozenset[str]:
    """Heads still read as a unit in lower case ("phòng Tổng hợp"), ``heads_lowercase_ok``."""
    return frozenset(bodies.unit_words()["heads_lowercase_ok"])


def load() -> None:
    """Build now the word lists' patterns and sets a page compiles on first use (the
    leaders' positions before a unit, "Giám đốc Sở"; the place words before a head,
    "xã Đoàn Kết"), for a process that forks its workers after: they share them
    instead of each building them."""
    _lowercase_heads()
    _place_word_regex()
    _cue_words()
    _leader_regex()
    _family_heads()
    _owners_and_places()


def _read_at(view: TextView, reader: Reader, m: regex.Match[str]) -> tuple[Parsed | None, bool]:
    """Read the unit at a head match, or None when the head is a trap. A head in lower
    case not of ``heads_lowercase_ok`` ("cơ sở", "ban hành") is left out before."""
    start, head_end = m.span(1)
    head = view.folded[start:head_end]
    lower = head[0].islower()
    upper = False
    if head.isupper():
        line_start, line_end = view.line_bounds(start)
        upper = reader.upper_lines.get(line_start)
        if upper is None:  # once a line: a page of one long line names "UBND" often
            upper = reader.upper_lines[line_start] = is_upper_line(
                view.text[line_start:line_end])
        if upper and view.folded[line_start:start].strip(" -*+•.TMKLQtmklq"):
            return None, upper  # "… DỊCH VỤ CÔNG": in capitals a unit opens its line
    before = view.folded[start - 14 if start > 14 else 0:start]
    cue = _cue_before(before)
    if cue == _PLURAL_OR_TITLE:
        return None, upper
    if cue == _PLACE_WORD and reader.place_name_at(start):
        return None, upper  # "xã Đoàn Kết": a commune's name, not a delegation
    if lower:
        if _ends_word(before):
            return None, upper
        nxt = _NEXT_CHAR.match(view.folded, m.end(), m.end() + 3)
        if not nxt or not nxt.group(1).isupper():
            return None, upper
    return reader.read(start, upper), upper


_PLURAL_OR_TITLE, _PLACE_WORD = 1, 2


@lru_cache(maxsize=16384)
def _cue_before(before: str) -> int:
    """What the words right before a head say: a plural or a title ("các ", "ông "), a
    place level ("xã "), or nothing (0). Cached: the words before heads recur. Of the
    words new to the cache (~15 a page) nine in ten hold none of the words a match of
    the three patterns needs (``_cue_words``), and are not searched (the three searches
    ~2.2 µs a window, the look-up ~1.2 µs; first 300 bulk pages)."""
    if not _cue_words()(before):
        return 0
    if _PLURAL.search(before) or _TITLE.search(before):
        return _PLURAL_OR_TITLE
    return _PLACE_WORD if _place_word_regex().search(before) else 0


@cache
def _cue_words() -> Callable[[str], bool]:
    """Whether a text holds a word a cue before a head needs
    (``text.prefilter.required_words``: "các", "những" …; "ông", "bà" …; "xã", "phường"
    …): one search in C of the words' text (``prefilter.key``)."""
    place = _place_word_regex()
    return _any_word((_PATS["unit.plural_before"].required,
                      _PATS["unit.person_title_before"].required,
                      required_words(place.pattern, place.flags)))


def _any_word(conditions: tuple[Condition | None, ...]) -> Callable[[str], bool]:
    """Whether a text holds what one of ``conditions`` needs, where each is one word or
    a choice of words (as one search in C); else asked of ``prefilter.holds`` (None: any
    text may match)."""
    words: list[str] = []
    for c in conditions:
        if c is None:
            return lambda text: True
        if isinstance(c, str):
            words.append(c)
        elif c[0] == "or" and all(isinstance(w, str) for w in c[1]):
            words.extend(c[1])  # type: ignore[arg-type]
        else:
            return lambda text: any(holds(c, key(text), {}) for c in conditions)
    search = re.compile("|".join(map(re.escape, words))).search
    return lambda text: search(key(text)) is not None


@cache
def _place_word_regex() -> regex.Pattern[str]:
    """A place-level word right before a head ("xã ", "phường ")."""
    words = [w for w in bodies.unit_words()["places"] if w != "tp."]
    return regex.compile(rf"(?<!\p{{L}}){alternation(words)}\.?\s+$", regex.I)


def _ends_word(before: str) -> bool:
    """A lower-case head glued to a capitalised word is that word's tail ("Quốc phòng
    Việt Nam", "Bộ Quốc phòng"), not a unit."""
    return bool(_CAPITAL_WORD_END.search(before))


def _mentions_of(view: TextView, parsed: Parsed, upper: bool,
                 m: regex.Match[str]) -> list[Mention]:
    """The unit read at a head and the owners nested in it, minus leaders' positions."""
    out = []
    family = _family_heads()
    for i, p in enumerate([parsed, *parsed.nested]):
        if i == 0 and _nameless(view, p) and _after_leader(view, p):
            continue
        if i == 0 and p.head in family and (_person_line(view, p) or _family_name(view, p)):
            continue
        if i > 0 and ((p.level and _after_leader(view, parsed)) or " và " in p.head):
            continue  # "Chủ tịch UBND tỉnh"; "Văn phòng HĐND và UBND huyện" names two
        name = display_name(view, p, upper)
        rule = "unit.known" if p.known else ("unit.level" if p.level else "unit.grammar")
        if upper:
            rule += ".header"
        out.append(Mention(p.start, p.end, name, lexicon_key(name), rule))
    return out


@cache
def _leader_regex() -> regex.Pattern[str]:
    words = list(bodies.unit_words()["leader_positions"])
    return regex.compile(alternation(words) + r"\s+$", regex.I)


def _after_leader(view: TextView, p: Parsed) -> bool:
    """"Giám đốc Sở", "Chủ tịch UBND tỉnh": the unit word is part of a position."""
    return _leader_before(view.folded[p.start - 20 if p.start > 20 else 0:p.start])


@lru_cache(maxsize=8192)
def _leader_before(before: str) -> bool:
    """Whether ``before`` ends with a leader's position; cached by the words before a unit
    ("Giám đốc ", "phối hợp với "), which recur."""
    return bool(_leader_regex().search(before))


def _person_line(view: TextView, p: Parsed) -> bool:
    """"Đoàn Thư" alone on a line under a news article is its author (Đoàn is a family
    name, ``heads_family_names``), not a delegation; so is a signer's name under the
    position in a signature block."""
    if p.head not in _family_heads():
        return False
    a, b = view.line_bounds(p.start)
    if p.end <= b and _SPACE_RUN.match(view.text, p.end, b).end() != b:
        return False  # a word after it on its line (test first: a line may be long)
    words = view.text[a:b].split()
    return view.text[a:b].strip() == view.text[p.start:p.end] and len(words) <= 4 and all(
        w[:1].isupper() for w in words)


def _family_name(view: TextView, p: Parsed) -> bool:
    """"Phó Chủ tịch UBND tỉnh Đoàn Anh Dũng phát biểu": a head that is also a family name
    (``heads_family_names``), then a given name (``unit.given_name``) that ends the words
    in capitals, with a position said of it (``unit.role_before_name``,
    ``unit.role_after_name``), is a person.
    "Bí thư Đoàn Thanh niên" and "Đoàn kiểm tra" go on in lower case: bodies."""
    if p.head not in _family_heads():
        return False
    head_end = p.start + len(p.head)
    m = _GIVEN_NAME.match(view.folded, head_end)
    if not m or not _given_words(view, head_end + 1, m.end()):
        return False
    text, lists = lists_for(view.folded, view.folded_lower)
    nxt = _NEXT_CHAR.match(view.folded, m.end())
    if nxt and nxt.group(1).isalpha() and not lists.stop.match(text, nxt.start(1)):
        return False  # "Đoàn Thanh niên": the name goes on in lower case
    before = view.folded[max(0, p.start - 60):p.start]
    return bool(_ROLE_BEFORE.search(before) or _ROLE_AFTER.match(view.folded, m.end()))


def _given_words(view: TextView, start: int, end: int) -> bool:
    """Whether the capitalised words after "Đoàn" can be a given name: none of them opens
    a head or a verb of two words ("Trưởng Đoàn Kiểm Tra", "Đoàn Thanh Tra" in title
    case are bodies). One-word verbs are given names too ("Thành", "Đạt", "Giao")."""
    text, lists = lists_for(view.folded, view.folded_lower)
    for w in _WORD.finditer(view.folded, start, end):
        stop = lists.stop.match(text, w.start())
        if (stop and " " in stop.group(0)) or lists.head.match(text, w.start()):
            return False
    return True


@cache
def _family_heads() -> frozenset[str]:
    return frozenset(w.lower() for w in bodies.unit_words()["heads_family_names"])


def _nameless(view: TextView, p: Parsed) -> bool:
    """A level body or a head with only an owner or place after it ("Văn phòng Sở")."""
    if p.level:
        return True
    if p.known:
        return False
    return _bare(view.folded[p.start:p.end], p.head)


@lru_cache(maxsize=8192)
def _bare(name: str, head: str) -> bool:
    """Whether only an owner or a place follows the head of ``name`` ("Văn phòng Sở").
    Cached: names recur ("Văn phòng UBND tỉnh" on most pages that name one)."""
    words = name.lower().split()
    rest = " ".join(words[len(head.split()):])
    return rest in _owners_and_places()


@cache
def _owners_and_places() -> frozenset[str]:
    w = bodies.unit_words()
    return frozenset(x.lower() for x in (*w["owners"], *w["places"]))


def _list_items(view: TextView, start: int) -> list[Mention]:
    """"các Phòng: Kế hoạch Tài chính, Quản lý Công nghiệp" → one Phòng per item."""
    at = _plural_end(view.folded[max(0, start - 8):start])
    if at < 0:
        return []
    m = _LIST_HEAD.match(view.folded, max(0, start - 8) + at)
    if not m:
        return []
    head = squash(m.group("head")).capitalize()
    out: list[Mention] = []
    line_end = view.line_bounds(m.end())[1]
    for item in _ITEM.finditer(view.folded[m.end():line_end]):
        a, _, quote = view.span(m.end() + item.start(), m.end() + item.end())
        if not quote[:1].isupper():
            break
        stop = _item_stop(quote)
        quote = quote[:stop].rstrip()
        for part in _split_and(head, quote):
            i = view.text.index(part, a)
            name = f"{head} {squash(part)}"
            out.append(Mention(i, i + len(part), name, lexicon_key(name), "unit.list"))
    return out


@lru_cache(maxsize=8192)
def _plural_end(before: str) -> int:
    """Where "các"/"những" starts in the few characters before a head, or -1. Cached:
    the words before a head recur ("nhiệm " before "vụ" on most pages)."""
    m = _PLURAL_END.search(before)
    return m.start() if m else -1


def _item_stop(item: str) -> int:
    """Where a list item's name ends: at the first lower-case stop word ("… triển khai")."""
    text, lists = lists_for(item, lowered_twin(item))
    for m in _LOWER_WORD.finditer(item):
        if lists.stop.match(text, m.start()) and not item[m.start():].startswith("và "):
            return m.start()
    return len(item)


def _split_and(head: str, item: str) -> list[str]:
    """"Nội vụ và Tư pháp" → two items, unless "Sở Kế hoạch và Đầu tư" is one body."""
    if len(item.split()) > 8:
        return []
    if " và " not in item or bodies.lookup(f"{head} {item}") or bodies.lookup(f"Sở {item}"):
        return [item]
    return [x.strip() for x in item.split(" và ") if x.strip()[:1].isupper()]


def _alias(view: TextView, end: int, last: Mention | None, aliases: dict[str, str]) -> None:
    """"Trung tâm Khuyến công … (Trung tâm KC&TVPTCN)": remember the short name."""
    if last is None or last.end != end or view.folded[end:end + 80].lstrip()[:1] not in "(":
        return  # ``unit.alias`` opens with "(" past white space (none past reach: try)
    m = _ALIAS.match(view.folded, end)
    if not m:
        return
    alias = squash(m.group("a"))
    if _PLURAL_START.match(alias) or len(alias) >= len(last.name):
        return
    aliases[lexicon_key(alias)] = last.key
    text, lists = lists_for(alias, lowered_twin(alias))
    if not lists.head.match(text):
        aliases["@" + alias] = last.key


def _resolve_aliases(view: TextView, out: list[Mention], aliases: dict[str, str]) -> list[Mention]:
    """Point mentions of a defined short name at the full name's unit."""
    covered: _Covered | None = None  # built at the first short name not a head (most: none)
    for alias in aliases:
        if alias.startswith("@"):
            word = alias[1:]
            covered = covered or _Covered(out)
            found = [Mention(a, a + len(word), word, alias, "unit.alias")
                     for a in _whole_word_at(view.folded, word) if not covered(a)]
            if found:  # one alias's matches do not overlap: they count from the next one
                out.extend(found)
                covered = _Covered(out)
    names = {x.key: x.name for x in out}
    for x in out:
        target = aliases.get(x.key)
        if target and target in names:
            x.key, x.name = target, names[target]
    return sorted(out, key=lambda x: x.start)


def _whole_word_at(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands in ``text`` as a whole word (no letter or digit either side),
    from left to right without overlap: "KC&TVPTCN" in "… (KC&TVPTCN) …", not in
    "KC&TVPTCNX". A find in C for each, where a pattern compiled for each page's alias
    cost ~0.3 ms on the page that defined it."""
    n, pos = len(word), 0
    while (a := text.find(word, pos)) >= 0:
        b = a + n
        if (a and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
            pos = a + 1
            continue
        yield a
        pos = b


class _Covered:
    """Whether a position lies inside a mention: a bisect over the mentions sorted by
    start, with the furthest end reached so far. Asked once a match of an alias ("Trung
    tâm KC&TVPTCN" named 40 times on a long page), it was a scan of every mention per
    match: quadratic on a long page (91k steps on one of 88k characters)."""

    def __init__(self, mentions: list[Mention]) -> None:
        spans = sorted((x.start, x.end) for x in mentions)
        self.starts = [a for a, _ in spans]
        self.reach = list(accumulate((b for _, b in spans), max))

    def __call__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos)
        return i > 0 and self.reach[i - 1] > pos


def merge(view: TextView, mentions: list[Mention]) -> list[Unit]:
    """List each unit once: first mention's span, all mentions, roles merged; a bare
    form ("UBND tỉnh") joins its one fuller form ("UBND tỉnh Lạng Sơn")."""
    groups: dict[str, list[Mention]] = {}
    for x in mentions:
        groups.setdefault(x.key, []).append(x)
    by_base: dict[str, list[str]] = {}
    for k in groups:
        by_base.setdefault(place_base(k), []).append(k)
    for base, keys in by_base.items():
        if len(keys) < 2:
            continue  # one form only: nothing to join
        full = [k for k in keys if k != base]
        bare = [k for k in keys if k == base]
        if len(full) == 1 and bare:
            for k in bare:
                groups[full[0]].extend(groups.pop(k))
    units = []
    for group in groups.values():
        if len(group) > 1:
            group.sort(key=_start)
        first = group[0]
        name = min(group, key=lambda x: (-len(x.key), x.start)).name
        a, b, quote = view.span(first.start, first.end)
        found = set().union(*(x.roles for x in group))
        units.append(Unit(
            span=(a, b), quote=quote, rule=first.rule, name=name,
            role=[r for r in _ROLES if r in found] or None,
            mentions=[(x.start, x.end) for x in group],
        ))
    units.sort(key=lambda u: u.span[0])
    return units


#: Roles in the contract's order (iterating the enum each time costs a generator).
_ROLES = tuple(Role)


def _start(x: Mention) -> int:
    return x.start
