"""How far before one of its words a match can begin: a pattern tried near that word only.

Some data patterns open with a part that can begin almost anywhere and hold a fixed word
further on: ``score.unit_points`` opens at a line start, a comma or "là", then a body's
name of up to sixty characters, then "95,43 điểm". ``regex`` tries such a pattern at
every character of a page (~17 ms on a 209k-character report with no score at all),
but a match holds its word ("điểm") at the top level, and the part before the word can
hold only so many characters that are not white space: the pattern's own syntax bounds
it (a ``{1,60}`` counts 60, a ``\\s*`` none). :func:`reach` reads that bound;
:func:`matches_before` tries the pattern only at the places no further than it before
each place of the word, left to right, as ``finditer`` does, and so finds what
``finditer`` finds: a match beginning anywhere else would hold its word after more
characters than the pattern allows.

White space, digits and the dots and commas of a figure do not count (a ``\\s*``, a
``\\d+`` or a ``\\d+(?:\\.\\d{3})*`` holds any number of them, and the window steps back
over as many as the page has), so a page indented with any run of spaces or a figure of
any length ("1.021.300") changes nothing; a pattern whose part before
the word is otherwise unbounded (a ``.*``, a ``\\w+``) has no reach and is scanned as
before. :func:`reaches` does the same for a pattern that is one alternation, a word for
each alternative ("cấp", "toàn", "các", "huyện" of ``dossier.agency_level``), and
:func:`first_match` answers "does the pattern occur" on a long page a stretch at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

import regex

from extractors.text.prefilter import (
    case_blind,
    find_all,
    matches_from,
    page_case_blind,
    starts_of,
)

if TYPE_CHECKING:
    from extractors.text.patterns import Pattern
    from extractors.text.view import TextView

_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_ONE = (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN, c.CATEGORY)
_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")
#: What no match counts: white space and digits, as ``regex`` itself reads ``\s`` and
#: ``\d`` (its Unicode is newer than ``str.isdigit``'s), and the "." and "," a figure
#: holds ("1.800", "8,75").
_FREE = regex.compile(r"[\d\s.,]+")
_FREE_CHAR = regex.compile(r"[\d\s.,]")


def _syntax(source: str) -> str:
    """``source`` in syntax ``re`` parses: a ``regex`` property class (``\\p{Lu}``) stands
    in as ``\\w``, one character that counts, never a free one."""
    return _NAMED_GROUP.sub("(?P<", _REGEX_ONLY.sub(r"\\w", source))


def reach(source: str, flags: int, word: str) -> int | None:
    """The most characters other than white space, digits, dots and commas a match of
    ``source`` can hold before ``word`` (a run of literals at the pattern's top level, case
    aside), or None when the pattern holds no such run or the part before it is unbounded.

    >>> reach(r"(?:với|đạt)\\s*(?P<v>\\d{1,3}(?:[.,]\\d{1,3})?)\\s*điểm", 0, "điểm")
    3
    >>> reach(r"\\w+\\s+điểm", 0, "điểm") is None, reach(r"\\d+\\s*giờ", 0, "điểm") is None
    (True, True)
    """
    items = _parse(source, flags)
    if items is None:
        return None
    want = case_blind(word)
    total = 0
    for i, (op, av) in enumerate(items):
        if op is c.LITERAL and _literal_run(items, i) == want:
            return total
        width = _width(op, av)
        if width is None:
            return None
        total += width
    return None


def reaches(source: str, flags: int) -> dict[str, int] | None:
    """A word every match holds and the most it holds before it (as :func:`reach`), for
    each alternative of a pattern whose top level is one alternation: "cấp" of "(?:UBND
    …\\s+)?cấp\\s+huyện", "huyện" of "\\d+\\s+huyện" (each alternative's first run of two
    literals or more, a word after an inner alternation rather than one in each of its
    branches, a number counting nothing). None when some alternative has no such word
    within a bound.

    >>> reaches(r"(?<!\\w)(?:toàn\\s+tỉnh|(?:các|\\d+)\\s+huyện)(?!\\w)", 0)
    {'toàn': 0, 'huyện': 3}
    """
    items = _parse(source, flags)
    return None if items is None else _reaches(items, 0)


def _reaches(items: list[tuple[Any, Any]], before: int) -> dict[str, int] | None:
    total = before
    for i, (op, av) in enumerate(items):
        run = _literal_run(items, i) if op is c.LITERAL else ""
        if len(run) >= 2:
            return {run: total}
        branches = _alternatives(op, av)
        width = _width(op, av)
        if branches is not None and width is not None:
            later = _reaches(items[i + 1:], total + width)
            if later is not None:
                return later  # one word all alternatives hold: "tháng" after "ba|sáu|\\d+"
        if branches is not None:
            out: dict[str, int] = {}
            for branch in branches:
                found = _reaches([*branch, *items[i + 1:]], total)
                if found is None:
                    break
                for word, most in found.items():
                    out[word] = max(most, out.get(word, most))
            else:
                return out
        if width is None:
            return None
        total += width
    return None


def _alternatives(op: Any, av: Any) -> list[list[tuple[Any, Any]]] | None:
    """The branches of a group that is one alternation ("(?:a|b)"), else None."""
    if op is c.SUBPATTERN:
        sub = list(av[-1])
        if len(sub) == 1 and sub[0][0] is c.BRANCH:
            return [list(b) for b in sub[0][1][1]]
        return None
    if op is c.BRANCH:
        return [list(b) for b in av[1]]
    return None


def _parse(source: str, flags: int) -> list[tuple[Any, Any]] | None:
    try:
        return list(_parser.parse(_syntax(source), flags & re.VERBOSE))
    except (re.error, RecursionError, OverflowError):
        return None


def _literal_run(items: list[tuple[Any, Any]], i: int) -> str:
    run = []
    for op, av in items[i:]:
        if op is not c.LITERAL:
            break
        run.append(chr(av))
    return case_blind("".join(run))


def _width(op: Any, av: Any) -> int | None:
    """The most characters other than white space and digits one item can hold (None:
    unbounded)."""
    if op in _ZERO_WIDTH:
        return 0
    if op in _ONE:
        return 0 if _free(op, av) else 1
    if op is c.SUBPATTERN or op is getattr(c, "ATOMIC_GROUP", None):
        return _sum(av[-1] if op is c.SUBPATTERN else av)
    if op is c.BRANCH:
        widths = [_sum(branch) for branch in av[1]]
        return None if None in widths else max(widths, default=0)
    if op in _REPEATS:
        most, sub = av[1], av[2]
        inner = _sum(sub)
        if inner == 0:
            return 0  # "\\s*", "\\d+": white space or digits only
        if inner is None or most is c.MAXREPEAT:
            return None
        return most * inner
    return None


def _sum(items: Iterable[tuple[Any, Any]]) -> int | None:
    total = 0
    for op, av in items:
        width = _width(op, av)
        if width is None:
            return None
        total += width
    return total


def _free(op: Any, av: Any) -> bool:
    """One character that is always white space, a digit (as ``regex`` reads them:
    ``\\s``, ``\\d``, a space, "0-9"), a "." or a ",": what :data:`_FREE` passes over in
    the text."""
    if op is c.LITERAL:
        return _FREE_CHAR.match(chr(av)) is not None
    if op is c.CATEGORY:
        return av in (c.CATEGORY_SPACE, c.CATEGORY_DIGIT)
    if op is c.IN:
        return bool(av) and all(_free_member(k, v) for k, v in av)
    return False


def _free_member(kind: Any, value: Any) -> bool:
    if kind is c.CATEGORY:
        return value in (c.CATEGORY_SPACE, c.CATEGORY_DIGIT)
    if kind is c.LITERAL:
        return _FREE_CHAR.match(chr(value)) is not None
    if kind is c.RANGE:
        return ord("0") <= value[0] and value[1] <= ord("9")
    return False


def window_start(text: str, at: int, most: int) -> int:
    """The first place from which ``text[start:at]`` holds at most ``most`` characters
    other than white space, digits, dots and commas: where a match holding its word at
    ``at`` can begin, earliest.

    >>> window_start("ab  12 ef", 7, 1)  # "b  12 " holds one
    1
    """
    lo = max(0, at - most)
    while lo > 0 and most:
        solid = len(_FREE.sub("", text[lo:at]))
        if solid >= most:
            break
        lo = max(0, lo - (most - solid))
    while lo > 0 and _is_free(text[lo - 1]):  # free characters add nothing
        lo -= 1
    return lo


def _is_free(ch: str) -> bool:
    """Whether ``regex`` may read ``ch`` as white space or a digit, or it is a "." or ",":
    an ASCII one asked of ``str`` (its white space holds every one ``regex``'s does), any
    other of ``regex``."""
    if ch.isascii():
        return ch.isspace() or "0" <= ch <= "9" or ch in ".,"
    return _FREE_CHAR.match(ch) is not None


def windows(text: str, places: Iterable[int], most: int) -> Iterator[tuple[int, int]]:
    """(first start, last start) of each place's window (:func:`window_start`)."""
    for at in places:
        yield window_start(text, at, most), at


def matches_in(rx: Any, text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Any]:
    """What ``rx.finditer(text)`` yields when every match begins in one of ``spans``
    ((first, last) start, any order, overlaps allowed): each start tried once, in text
    order; after a match the next is looked for from its end, as ``finditer`` does."""
    nxt = 0
    for lo, hi in sorted(spans):
        start = max(nxt, lo)
        while start <= hi:
            m = rx.match(text, start)
            if m is None:
                start += 1
                continue
            yield m
            start = m.end() if m.end() > start else start + 1
        nxt = max(nxt, start)


def matches_before(rx: Any, text: str, places: Iterable[int], most: int) -> Iterator[Any]:
    """What ``rx.finditer(text)`` yields for a pattern whose every match holds its word
    with at most ``most`` counted characters before it (:func:`reach`), ``places`` the
    word's places in ``text`` (places where a match cannot hold it may be left out)."""
    return matches_in(rx, text, windows(text, places, most))


def matches_near(view: TextView, rx: Any, near: dict[str, int]) -> Iterator[Any]:
    """What ``rx.finditer(view.folded)`` yields for a pattern with :func:`reaches`
    ``near``: tried only in the windows before each place of each word (case-blind,
    ``prefilter.starts_of``)."""
    text = view.folded
    spans = [(window_start(text, at, most), at)
             for word, most in near.items() for at in starts_of(view, (word,))]
    return matches_in(rx, text, spans)


def scan_from(view: TextView, pat: Pattern, words: tuple[str, ...] | None,
              near: dict[str, int] | None) -> Iterator[Any]:
    """What ``pat.scan(view)`` yields, the pattern tried only where a match can begin:
    at its first ``words`` (``prefilter.openers``: "từ", "quý", "tháng" of a period;
    "sở", "ubnd" of an owner), or, where a number opens it ("6 tháng đầu năm 2023", "12
    huyện"), in the stretch before the words it holds (``near``, from :func:`reaches`);
    through the whole page only when neither is known."""
    if not pat.may_match(view):
        return iter(())
    if words is None:
        return pat.scan(view) if near is None else matches_near(view, pat.regex, near)
    return matches_from(pat.regex, view.folded, starts_of(view, words))


#: How much of a long page :func:`first_match` reads at a time.
CHUNK = 16384


def is_long(view: TextView) -> bool:
    """A page where asking whether a pattern occurs is cheaper a stretch at a time
    (:func:`first_match`) than by its words' places and the page's words (``has_words``,
    ``starts_of``: a search of the whole page each)."""
    return len(view.folded) > 4 * CHUNK


def first_match(view: TextView, rx: Any, words: Iterable[str]) -> Any:
    """The first match of ``rx`` in ``view.folded``, for a pattern whose every match
    begins at one of ``words`` (case-blind): what ``next(matches_from(rx, text,
    starts_of(view, words)), None)`` gives, looked for a :data:`CHUNK` at a time from the
    page's start. "Is this report about an assessment" is so answered by its first
    "thẩm định", not by every place of sixteen words and a search for each of their
    phrases through 615k characters (~10 ms)."""
    words = list(words)
    text = view.folded
    blind = page_case_blind(view)
    tail = max(map(len, words), default=1) - 1
    for lo in range(0, len(text), CHUNK):
        hi = lo + CHUNK
        for at in find_all(blind[lo:hi + tail], words, lo):
            if at >= hi:
                break
            m = rx.match(text, at)
            if m is not None:
                return m
    return None


def stops(source: str, flags: int, candidates: str) -> str:
    """The characters of ``candidates`` that no part of the pattern matches or looks at
    (its lookarounds included), read from its own syntax: no match holds one, so none
    crosses one, and the matches between two such characters are found from the first
    alone (:func:`scan_between`). A part read loosely (a negated class, ``.``, a group
    reference) is taken to match every character; case never counts.

    >>> stops(r"quý\\s+(?P<q>I|[1-4])\\s*(?:/|-)\\s*(?P<y>\\d{4})", 0, ";/(q")
    ';('
    """
    items = _parse(source, flags)
    if items is None:
        return ""
    return "".join(ch for ch in candidates if not _holds_any(items, ch))


#: Characters that end a stretch of prose where a figure's words can be (a clause, a
#: cell, a bracket, a quotation): those of :func:`stops` are looked for among them.
STOP_CANDIDATES = ";|():!?\"“”*%[]="


class Stops:
    """The characters none of ``pats`` holds or looks at (:func:`stops` of each, the
    ones they all share), and the stretch between two of them around a sentence: the
    matches of the patterns there are those of the page (:func:`scan_between`). A
    figure's sentence in a 209k-character report reads the periods from the last ";"
    or "(" before it to the first after, not the page's."""

    def __init__(self, pats: Iterable[Pattern]) -> None:
        self.chars = "".join(sorted(set.intersection(
            *(set(stops(p.source, p.flags, STOP_CANDIDATES)) for p in pats))))
        escaped = regex.escape(self.chars)
        self._before = regex.compile(f"(?r)[{escaped}]") if self.chars else None
        self._after = regex.compile(f"[{escaped}]") if self.chars else None

    def __bool__(self) -> bool:
        return bool(self.chars)

    def stretch(self, text: str, lo: int, hi: int, far: int) -> tuple[int, int] | None:
        """``(start, end)``: just after the last stop before ``lo`` (or the text's start)
        and the first stop at or after ``hi`` (or the text's end); None when no stop,
        nor the text's edge, stands within ``far`` of ``[lo, hi)`` (then the page is
        read)."""
        if self._before is None or self._after is None:
            return None
        before = self._before.search(text, max(0, lo - far), lo)
        start = before.end() if before else 0 if lo <= far else None
        after = self._after.search(text, hi, hi + far)
        end = after.start() if after else len(text) if len(text) - hi <= far else None
        if start is None or end is None:
            return None
        return start, end


def _holds_any(items: Iterable[tuple[Any, Any]], ch: str) -> bool:
    return any(_holds(op, av, ch) for op, av in items)


def _holds(op: Any, av: Any, ch: str) -> bool:
    """Whether one item of a pattern may match or look at ``ch`` (True when unsure)."""
    if op is c.LITERAL:
        return case_blind(chr(av)) == case_blind(ch)
    if op is c.IN:
        return any(_member_holds(kind, value, ch) for kind, value in av)
    if op is c.CATEGORY:
        return _category_holds(av, ch)
    if op is c.AT:
        return False
    if op is c.SUBPATTERN:
        return _holds_any(av[-1], ch)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _holds_any(av, ch)
    if op is c.BRANCH:
        return any(_holds_any(branch, ch) for branch in av[1])
    if op in _REPEATS:
        return _holds_any(av[2], ch)
    if op in (c.ASSERT, c.ASSERT_NOT):
        return _holds_any(av[1], ch)
    return True  # NOT_LITERAL, ANY, a group reference …


def _member_holds(kind: Any, value: Any, ch: str) -> bool:
    if kind is c.LITERAL:
        return case_blind(chr(value)) == case_blind(ch)
    if kind is c.RANGE:
        return any(value[0] <= ord(x) <= value[1] for x in {ch, ch.lower(), ch.upper()})
    if kind is c.CATEGORY:
        return _category_holds(value, ch)
    return True  # a negated class


def _category_holds(value: Any, ch: str) -> bool:
    if value is c.CATEGORY_DIGIT:
        return regex.match(r"\d", ch) is not None
    if value is c.CATEGORY_SPACE:
        return regex.match(r"\s", ch) is not None
    if value is c.CATEGORY_WORD:
        return regex.match(r"\w", ch) is not None
    return True  # a negated category


def scan_between(view: TextView, rx: Any, words: tuple[str, ...] | None,
                 near: dict[str, int] | None, lo: int, hi: int, end: int) -> Iterator[Any]:
    """What ``scan_from`` yields of matches starting in ``[lo, hi)``, for a pattern that
    holds none of the characters at ``lo - 1`` and ``end`` (:func:`stops`), ``hi <= end``:
    no match crosses either, so the matches before ``lo`` leave the next to be looked
    for at ``lo`` or before, and each match that starts before ``hi`` holds its words
    before ``end``. A report of 209k characters asks a figure's sentence for its
    periods, not the page (~8 ms). Tried at ``words`` (or in the stretch before the
    words of ``near``) written in ``[lo, end)``, where a match holds them; without
    either, at every place from ``lo``."""
    text = view.folded
    if words is None and near is None:
        for m in rx.finditer(text, lo):
            if m.start() >= hi:
                return
            yield m
        return
    blind = page_case_blind(view)
    if words is not None:
        places = [at for at in find_all(blind[lo:end], words, lo) if at < hi]
        yield from matches_from(rx, text, places)
        return
    assert near is not None
    spans = []
    for word, most in near.items():
        for at in find_all(blind[lo:end], (word,), lo):
            first = max(lo, window_start(text, at, most))
            if first < hi:
                spans.append((first, min(at, hi - 1)))
    yield from matches_in(rx, text, spans)
