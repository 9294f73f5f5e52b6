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

White space does not count, so a page indented with any run of spaces or line breaks
changes nothing; a pattern whose part before the word is unbounded (a ``.*``, a ``\\w+``)
has no reach and is scanned as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from extractors.text.prefilter import _re_syntax, case_blind

_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
_ONE = (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN, c.CATEGORY)


def reach(source: str, flags: int, word: str) -> int | None:
    """The most characters other than white space a match of ``source`` can hold before
    ``word`` (a run of literals at the pattern's top level, case aside), or None when the
    pattern holds no such run or the part before it is unbounded.

    >>> reach(r"(?:với|đạt)\\s*(?P<v>\\d{1,3}(?:[.,]\\d{1,3})?)\\s*điểm", 0, "điểm")
    10
    >>> reach(r"\\w+\\s+điểm", 0, "điểm") is None, reach(r"\\d+\\s*giờ", 0, "điểm") is None
    (True, True)
    """
    try:
        items = list(_parser.parse(_re_syntax(source), flags & re.VERBOSE))
    except (re.error, RecursionError, OverflowError):
        return None
    want = case_blind(word)
    total = 0
    for i, (op, av) in enumerate(items):
        if op is c.LITERAL and _literal_run(items, i, len(want)) == want:
            return total
        width = _width(op, av)
        if width is None:
            return None
        total += width
    return None


def _literal_run(items: list[tuple[Any, Any]], i: int, n: int) -> str:
    run = []
    for op, av in items[i:i + n]:
        if op is not c.LITERAL:
            break
        run.append(chr(av))
    return case_blind("".join(run))


def _width(op: Any, av: Any) -> int | None:
    """The most characters other than white space one item can hold (None: unbounded)."""
    if op in _ZERO_WIDTH:
        return 0
    if op in _ONE:
        return 0 if _only_space(op, av) else 1
    if op is c.SUBPATTERN or op is getattr(c, "ATOMIC_GROUP", None):
        return _sum(av[-1] if op is c.SUBPATTERN else av)
    if op is c.BRANCH:
        widths = [_sum(branch) for branch in av[1]]
        return None if None in widths else max(widths, default=0)
    if op in _REPEATS:
        most, sub = av[1], av[2]
        inner = _sum(sub)
        if inner == 0:
            return 0  # "\s*", "\s+": white space only
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


def _only_space(op: Any, av: Any) -> bool:
    """One character that is always white space (``str.isspace``, which holds of every
    character ``regex``'s ``\\s`` takes: the prefilter's test checks it)."""
    if op is c.LITERAL:
        return chr(av).isspace()
    if op is c.CATEGORY:
        return av is c.CATEGORY_SPACE
    if op is c.IN:
        return bool(av) and all((k is c.CATEGORY and v is c.CATEGORY_SPACE)
                                or (k is c.LITERAL and chr(v).isspace()) for k, v in av)
    return False


def window_start(text: str, at: int, most: int) -> int:
    """The first place from which ``text[start:at]`` holds at most ``most`` characters
    other than white space: where a match holding its word at ``at`` can begin, earliest.

    >>> window_start("ab  cd ef", 7, 3)  # "b  cd " holds three
    1
    """
    lo = max(0, at - most)
    while lo > 0:
        solid = sum(map(len, text[lo:at].split()))  # what is not white space
        if solid >= most:
            break
        lo = max(0, lo - (most - solid))
    while lo > 0 and text[lo - 1].isspace():  # white space before adds nothing counted
        lo -= 1
    return lo


def matches_before(rx: Any, text: str, places: Iterable[int], most: int) -> Iterator[Any]:
    """What ``rx.finditer(text)`` yields for a pattern whose every match holds its word
    with at most ``most`` characters other than white space before it (:func:`reach`),
    ``places`` the word's places in ``text`` (ascending; places where a match cannot hold
    it may be left out). Each place's window is tried start by start, each start once;
    after a match the next is looked for from its end, as ``finditer`` does."""
    nxt = 0  # the first start not yet tried nor covered by a match
    for at in places:
        if at < nxt:
            continue
        start = max(nxt, window_start(text, at, most))
        while start <= at:
            m = rx.match(text, start)
            if m is not None:
                yield m
                start = m.end() if m.end() > start else start + 1
                nxt = start
                if start > at:
                    break
                continue
            start += 1
        nxt = max(nxt, at + 1)
