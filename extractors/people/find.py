"""people extractor: named persons and the positions the text gives them.

"Ông Nguyễn Bá Chính, Giám đốc Sở Công Thương, nhấn mạnh …" →
``Person(name="Nguyễn Bá Chính", position="Giám đốc Sở Công Thương")``.

Rules find where a name can be; underthesea decides where a name *is* inside a sentence
(its word segmentation keeps "Nguyễn Văn Sơn" one proper-noun token even in "Phó Chủ tịch
UBND tỉnh Lạng Sơn Nguyễn Văn Sơn") and is kept only where a rule agrees:

- a title word before the name ("ông", "bà", "đồng chí", "chị", "đ/c");
- a position right before it ("Phó Chủ tịch UBND tỉnh Nguyễn Văn Sơn") or after it with a
  comma or dash ("Đào Duy Thái – Phó Giám đốc Sở");
- and always: 2–4 capitalised syllables, not a street, school or city ("đường Nguyễn
  Huệ", "TP. Hồ Chí Minh", "tư tưởng Hồ Chí Minh").

The signer ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Luận") and a news article's author
("Tác giả: Tô Dậu", "Hằng Nga 08:17, 24/07/2024", position null) come from the document
extractor's ``signature`` and ``news`` readers, not from a second copy of those rules.

underthesea runs only on short windows (a capitalised run with a title or position word
next to it, at most ~240 characters: its NER slows down badly on long strings), and
only on the windows whose names the capitals cannot bound alone (``people_runs``: about
one window in seven), and of those only where some name could count (``_may_confirm``:
two in five); it is loaded once per process (``people_ner.load``), and its tokens are
realigned to the stored text (``people_ner.align``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import cache
from itertools import accumulate

import regex

from extractors.context import Context
from extractors.lexicon.gazetteer import standard_name
from extractors.lexicon.names import name_key
from extractors.people import ner as people_ner
from extractors.people import runs as people_runs
from extractors.people.rules import (
    Candidate,
    author,
    breaks_name,
    has_surname,
    position_after,
    signer,
    word_regex,
    word_set,
    words,
)
from extractors.text.patterns import alternation, patterns
from extractors.text.trie import lowered, trie_alternation
from extractors.text.view import TextView, squash
from schemas import Person

_SYL = r"\p{Lu}\p{Ll}+"
_NAME = regex.compile(rf"{_SYL}(?:[ ]{_SYL}){{1,3}}")
_WORD_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}])({_SYL})[ ]$")
_CAPITAL = regex.compile(r"\p{Lu}(?=\p{Ll})")  # where a name can start
#: A run of two capitalised syllables or more: a position after a name ("Đào Duy Thái –
#: Phó Giám đốc") needs a name ending right there, which is where such a run ends (a
#: capitalised syllable after a space would go on the run), not a year ("1955 -\nGiám
#: đốc Công an tỉnh") or a unit ("Đảng ủy, Phó Giám đốc").
_RUN = regex.compile(rf"{_SYL}(?:[ ]{_SYL})+")
#: A name of 3–4 syllables from its start: after a council's place ("UBND tỉnh Lê Văn
#: Phước") only such a name is a person (``_not_person``).
_LONG_NAME = regex.compile(rf"{_SYL}(?:[ ]{_SYL}){{2,3}}")
_FAMILY_BACK = 12  # how far before its token ``_family_name_before`` may move a name
_COUNCIL_PLACE = patterns("people")["person.council_place"].regex
_GAP_BREAK = patterns("people")["person.gap_break"].regex


_rx = word_regex


@cache
def _trigger() -> regex.Pattern[str]:
    alt = alternation(words()["titles"] + words()["positions"])
    return regex.compile(rf"(?<!\p{{L}}){alt}(?!\p{{L}})", regex.I)


@cache
def _trigger_tree() -> str:
    """The titles and positions, lower case, as one prefix tree."""
    return trie_alternation([w.lower() for w in words()["titles"] + words()["positions"]])


@cache
def _trigger_lower() -> re.Pattern[str]:
    """``_trigger`` for the lower-cased page, as a prefix tree run by stdlib ``re`` (4×
    faster; ``[^\\W\\d_]`` is a letter)."""
    return re.compile(rf"(?<![^\W\d_]){_trigger_tree()}(?![^\W\d_])")


@cache
def _trigger_words() -> re.Pattern[str]:
    """``_trigger_lower`` without its look-behind: a pattern that opens with the words
    lets ``re`` skip to their first letters, where one that opens with a look-behind is
    tried at every position (the searches of ``_windows`` 2× faster)."""
    return re.compile(rf"{_trigger_tree()}(?![^\W\d_])")


_LETTER = re.compile(r"[^\W\d_]")


def _lower_search(text: str, pos: int, endpos: int) -> re.Match[str] | None:
    """``_trigger_lower().search(text, pos, endpos)``: the first place from ``pos`` where
    the words match (``_trigger_words``) and no letter stands before, the look-behind
    checked here ("anh" in "thanh" is skipped and the search goes on after its start)."""
    return _lower_searcher()(text, pos, endpos)


@cache
def _lower_searcher() -> Callable[[str, int, int], re.Match[str] | None]:
    """``_lower_search`` with its patterns' methods bound once: ``_windows`` calls it
    about twice for each capitalised run of a page (~120 times)."""
    words, letter = _trigger_words().search, _LETTER.match

    def search(text: str, pos: int, endpos: int) -> re.Match[str] | None:
        while True:
            m = words(text, pos, endpos)
            if m is None or not ((s := m.start()) and letter(text, s - 1)):
                return m
            pos = s + 1

    return search


def extract(ctx: Context) -> list[Person]:
    """Every named person, listed once (first mention), with the fullest position."""
    unit_spans = [m for u in ctx.need("units") for m in u.mentions]
    cands = [*signer(ctx), *author(ctx), *_sentence_names(ctx, unit_spans)]
    by_name: dict[str, Candidate] = {}
    for c in sorted(cands, key=lambda c: c.start):
        key = name_key(c.name)  # "Nguyễn Thị Hoà" and "NGUYỄN THỊ HÒA" are one person
        seen = by_name.get(key)
        if seen is None:
            by_name[key] = c
        elif c.position and (not seen.position or len(c.position) > len(seen.position)):
            seen.position = c.position
    out = []
    for c in by_name.values():
        a, b, quote = ctx.span(c.start, c.end)
        out.append(Person(span=(a, b), quote=quote, rule=c.rule, name=c.name,
                          position=c.position))
    return sorted(out, key=lambda p: p.start)


def _windows(view: TextView, unit_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Short windows worth tagging: a capitalised 2–4 syllable run outside any unit, with
    a title or position word within 50 characters before it or right after it; each
    window spans the trigger and the run (underthesea's cost grows with length).

    The names come in order (~70 a page, one in twenty gets a window), so whether a
    unit's mention covers a name (of the mentions starting at or before it, the
    furthest end reaches past it) and the sentence it is in are found by moving forward
    through the mentions and the sentences, not by a search per name."""
    out: list[tuple[int, int]] = []
    low = lowered(view)
    if low is None:
        text, trigger, search = view.folded, _trigger().match, _trigger().search
    else:
        text, trigger, search = low, _trigger_lower().match, _lower_searcher()
    spans = sorted(unit_spans)
    unit_starts = [u for u, _ in spans]
    unit_reach = list(accumulate((v for _, v in spans), max))
    bounds = view.sentence_bounds or [(0, len(view.text))]
    n_units, n_sentences = len(spans), len(bounds)
    u = k = 0  # how many unit mentions, and sentences, start at or before the name
    for m in _NAME.finditer(view.text):
        a, b = m.span()
        while u < n_units and unit_starts[u] <= a:
            u += 1
        if u and unit_reach[u - 1] >= b:
            continue  # inside a unit's mention: "Sở Công Thương"
        while k < n_sentences and bounds[k][0] <= a:
            k += 1
        sent_a, sent_b = bounds[k - 1] if k else bounds[0]  # ``view.sentence_of(a)``
        lo = a - 50 if a - 50 > sent_a else sent_a
        hi = b + 40 if b + 40 < sent_b else sent_b
        if not (search(text, lo, a + 1)
                or (trigger(text, a) and people_runs.opens_clause(view.text, a, 0))
                or search(text, b, hi)):  # "Ông Trần Văn Nam cho biết"
            continue
        lo, hi = _snap(view.text, lo, hi)
        if out and lo <= out[-1][1] and hi - out[-1][0] <= 240:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _meets(spans: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test whether ``[a, b)`` overlaps one of ``spans`` (a name that takes words of a
    unit's mention, "Công Thương" of "Sở Công Thương", is no person): of the spans
    starting before ``b`` (bisect on starts), the furthest end must pass ``a``, instead
    of a scan of every unit mention per name."""
    spans = sorted(spans)
    starts = [u for u, _ in spans]
    reach = list(accumulate((v for _, v in spans), max))

    def meets(a: int, b: int) -> bool:
        i = bisect_left(starts, b)
        return i > 0 and reach[i - 1] > a

    return meets


def _snap(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Widen a window to whole words ("Nam Đị" would be tagged as a word)."""
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _sentence_names(view: TextView, unit_spans: list[tuple[int, int]]) -> list[Candidate]:
    """Names in running text: underthesea proposes, a title or position confirms; a
    capitalised run inside a unit's name ("Sở Công Thương") is never a person.

    underthesea (~1.7 ms a window) runs only where the rules cannot decide alone
    (``people_runs.decide``): "ông Nguyễn Văn An, Giám đốc" needs no tagger; nor does
    a window where no name could be kept (``_may_confirm``): "xã Phú Dương, huyện …"."""
    out: list[Candidate] = []
    meets_unit = _meets(unit_spans)
    for a, b in _windows(view, unit_spans):
        spans = people_runs.decide(view, a, b)
        if spans is None:
            spans = people_ner.proper_nouns(
                view, a, b, lambda end, a=a: _may_confirm(view, a - _FAMILY_BACK, end))
        for start, end in spans:
            if meets_unit(start, end):
                continue
            c = _confirm(view, start, end)
            if c:
                out.append(c)
    return out


def _confirm(view: TextView, start: int, end: int) -> Candidate | None:
    """Keep an underthesea name only if a rule agrees (see the module docstring)."""
    start, end = _trim_name(view.text, start, end)
    start = _family_name_before(view.text, start, end)
    name = view.text[start:end]
    if not _NAME.fullmatch(name) or _not_person(view, start, name):
        return None
    if standard_name(name) is not None or name in words()["not_person_names"]:
        return None  # "Hà Nội", "Việt Nam": before the searches around it
    before_start = max(0, start - 60)
    before = view.folded[before_start:start]
    titled = bool(people_runs.titled().search(before))
    pos_after = position_after(view, end, _rx("positions"))
    pos_before = _position_before(view, before_start, start)
    if pos_before and not (titled or pos_after) and not has_surname(name):
        pos_before = None
    if titled or pos_after or pos_before:
        position = pos_before or pos_after  # "Phó Thủ tướng X, Trưởng ban …": the first
        rule = "people.title" if titled else "people.position"
        return Candidate(start, end, name, position, rule)
    return None


def _may_confirm(view: TextView, lo: int, hi: int) -> bool:
    """Whether ``_confirm`` could keep some name lying in ``[lo, hi)``, whatever its
    bounds: ``False`` lets the window go untagged, as nothing underthesea tags there
    could count.

    A name ``_confirm`` keeps is 2–4 capitalised syllables ``[s, e)`` that is not a place
    by the words before it (``_not_person``) and has a title before it, a position after
    it, or a position before it and a family name first. Those tests read only what is
    before ``s`` (and its first syllable) or after ``e``, so each possible start and end
    is tried once, not each pair: "xã Phú Dương, huyện …" (a place word before every
    run, no title, no position) needs no tagger. A larger ``hi`` can only add starts
    and ends, never drop one (``people_ner.proper_nouns`` relies on that).
    """
    text, folded = view.text, view.folded
    for m in _CAPITAL.finditer(text, max(0, lo), hi):
        s = m.start()
        if not _NAME.match(text, s, hi):
            continue
        first = text[s:text.index(" ", s)]
        before = folded[max(0, s - 30):s]
        if _rx("not_person_before", r"\s*$").search(before):
            if not (_COUNCIL_PLACE.search(before) and has_surname(first)
                    and _LONG_NAME.match(text, s, hi)):
                continue  # "đường Nguyễn Huệ": a street, unless "UBND tỉnh Lê Văn Phước"
        elif breaks_name(first, first=True):
            continue
        before_start = max(0, s - 60)
        if people_runs.titled().search(folded[before_start:s]) or (
                has_surname(first) and _position_before(view, before_start, s)):
            return True
    positions = _rx("positions")
    for m in _RUN.finditer(text, max(0, lo)):  # no endpos: it would cut a run ending
        e = m.end()  # past ``hi`` short, to a name ending at ``hi``
        if e > hi:
            return False
        if position_after(view, e, positions):
            return True
    return False


def _trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop trailing syllables that begin a position or a unit ("… Dũng Phó Giám đốc")."""
    breakers = word_set("name_breakers")
    syl = text[start:end].split(" ")
    while len(syl) > 2 and syl[-1] in breakers:
        syl.pop()
    for i, s in enumerate(syl[1:], 1):
        if s in breakers:
            syl = syl[:i]
            break
    return start, start + len(" ".join(syl))


def _family_name_before(text: str, start: int, end: int) -> int:
    """Where a name starts when the family name before it is also a unit word: in "Phó
    Chủ tịch UBND tỉnh Đoàn Anh Dũng phát biểu" underthesea reads "Đoàn" as a
    delegation and tags "Anh Dũng"; the name takes its family name back."""
    m = _WORD_BEFORE.search(text, max(0, start - _FAMILY_BACK), start)
    if m is None or has_surname(text[start:end]):
        return start
    word = m.group(1)
    if word in word_set("surnames") and word in word_set("name_breakers"):
        return m.start(1)
    return start


def _not_person(view: TextView, start: int, name: str) -> bool:
    """A street, school, city or idea of that name, or a word of a unit; but after a
    council's place ("Phó Chủ tịch UBND tỉnh Lê Văn Phước") a full name (3–4 syllables,
    a family name first) is the person holding that post, not the province."""
    before = view.folded[max(0, start - 30):start]
    if _rx("not_person_before", r"\s*$").search(before):
        return not (_COUNCIL_PLACE.search(before) and len(name.split()) >= 3
                    and has_surname(name))
    return breaks_name(name.split()[0], first=True)


@cache
def _position_ends() -> regex.Pattern[str]:
    """The last letter of a position word ("ư" of "Bí thư"), case-blind as the words
    are matched, searched right to left: no position can end after the last one."""
    lasts = sorted({w[-1] for w in words()["positions"]})
    chars = "".join(r"\s" if c.isspace() else regex.escape(c) for c in lasts)
    return regex.compile(f"[{chars}]", regex.I | regex.REVERSE)


def load() -> None:
    """Compile now the word lists' patterns a page with a name compiles on first use
    ("Ông Nguyễn Văn An, Giám đốc Sở …": ``positions``, ``not_person_before``; ~5 ms),
    for a process that forks its workers after: they share them instead of each
    compiling them."""
    _rx("positions")
    _rx("not_person_before", r"\s*$")
    _position_ends()
    people_runs.titled()


def _position_before(view: TextView, a: int, b: int) -> str | None:
    """"Phó Chủ tịch UBND tỉnh Lạng Sơn Nguyễn Văn Sơn": the position right before.

    Where no position could end close enough with nothing breaking the gap (the last
    letter a position can end with is 45 characters back or more, or a break follows
    it: "Giám đốc Công an tỉnh Nam Định\n22\n" before a table's next name), the
    positions are not searched: ~20 times cheaper, and that is each name of a table."""
    before = view.folded[a:b]
    last = _position_ends().search(before)
    if last is None or last.end() < len(before) - 45 or _GAP_BREAK.search(before, last.end()):
        return None
    found = list(_rx("positions").finditer(before))
    if not found:
        return None
    m = found[-1]
    gap = before[m.end():]
    if _GAP_BREAK.search(gap) or len(gap) > 45:
        return None
    return squash(view.text[a + m.start():b]).rstrip(" ,–-|") or None
