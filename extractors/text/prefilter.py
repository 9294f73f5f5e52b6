"""The words a pattern cannot match without: a cheap test before a whole-text scan.

A data pattern such as ``SIPAS|chỉ\\s+số\\s+hài\\s+lòng|mức\\s+độ\\s+hài\\s+lòng…``
cannot match a text that contains neither "sipas" nor "lòng" (case aside). ``regex``
tries a case-blind alternation at every position of a 10k-character page (~0.2 ms);
``"lòng" in text`` is a C substring search (~2 µs). So every compiled data pattern
carries ``required_words(source)``: a set of lower-case words of which any match
contains at least one, or None when the pattern has no such word ("\\d+/\\d+"). A scan
asks the text first (``TextView.contains_any``) and skips the pattern when none is
there; where one is, the pattern runs exactly as before, so facts cannot change.

The words come from the pattern's own syntax tree (``re``'s parser; ``regex``-only
escapes such as ``\\p{Lu}`` stand in as a digit class, which is never a literal): a
sequence needs its most selective literal run or group, an alternation needs one of its
branches' words, a repetition of at least one needs its item's, an optional part
nothing. Case is ignored on both sides (``casefold``), which can only let more texts
through, never fewer; ``tests/extractors/text/test_patterns.py`` checks that every
example of every data pattern passes its own test.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

#: A set of words whose shortest is below this says too little to be worth asking.
MIN_WORD = 2

_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)

Words = frozenset[str]


def required_words(source: str, flags: int = 0) -> Words | None:
    """Lower-case words one of which every match of ``source`` contains, or None.

    >>> sorted(required_words(r"SIPAS|chỉ\\s+số\\s+hài\\s+lòng", 0))
    ['lòng', 'sipas']
    >>> required_words(r"(?:số\\s+)?\\d+/\\d{4}", 0) is None
    True
    """
    try:
        tree = _parser.parse(_re_syntax(source), flags & re.VERBOSE)
    except (re.error, RecursionError, OverflowError):
        return None
    words = _sequence(list(tree))
    if not words or min(map(len, words)) < MIN_WORD:
        return None
    return words


def key(text: str) -> str:
    """The text as the words are looked up in: case folded, "İ" as "i" (the one letter
    ``regex`` matches case-blind to "i" whose ``casefold`` is two characters)."""
    return text.replace("\u0130", "i").casefold()


def _re_syntax(source: str) -> str:
    """``source`` in syntax ``re`` parses: a ``regex`` property class becomes ``\\d``
    (one character of a class, never a literal), ``(?<name>`` becomes ``(?P<name>``."""
    return _NAMED_GROUP.sub("(?P<", _REGEX_ONLY.sub(r"\\d", source))


def _better(a: Words | None, b: Words | None) -> Words | None:
    """The more selective of two requirements: the longer shortest word, then fewer."""
    if not a:
        return b
    if not b:
        return a
    return a if (min(map(len, a)), -len(a)) >= (min(map(len, b)), -len(b)) else b


def _sequence(items: list[tuple[Any, Any]]) -> Words | None:
    best: Words | None = None
    run: list[str] = []

    def close() -> None:
        nonlocal best, run
        if run:
            best = _better(best, frozenset({key("".join(run))}))
        run = []

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if op in _ZERO_WIDTH:
            continue  # "\bPCI\b": the letters on either side are still one run
        close()
        best = _better(best, _item(op, av))
    close()
    return best


def _item(op: Any, av: Any) -> Words | None:
    if op is c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            words = _sequence(list(branch))
            if not words:
                return None
            union |= words
        return frozenset(union)
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else None
    return None
