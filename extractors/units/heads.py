"""Where unit names start: every head word ("Sở", "Phòng", "UBND", "Ủy ban nhân dân")
and every listed body name, found in one scan of a document.

``head_regex`` is the case-blind alternation the grammar matches at a known position;
``head_scan`` finds every head of a whole page fast (see its docstring), at the same
offsets and with the same matches (checked on the 3,945 bulk pages).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial

import regex

from extractors.lexicon import bodies
from extractors.text.patterns import alternation
from extractors.text.trie import lowered, trie_alternation
from extractors.text.view import TextView


@cache
def head_regex() -> regex.Pattern[str]:
    """Every head and every listed body name, as one alternation (longest first)."""
    alt = alternation(_head_words())
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}/&\-_.])({alt})(?![\p{{L}}\p{{N}}&])", regex.I)


def _head_words() -> list[str]:
    w = bodies.unit_words()
    heads = [*w["heads_level"], *w["heads_named"], *w["owners"]]
    known = [s for b in bodies.bodies() for s in (b.name, *b.short)]
    return heads + [k for k in known if " " not in k] + _known_starts(known)


@cache
def head_tree() -> re.Pattern[str]:
    """``head_regex`` for lower-cased text, as a prefix tree in stdlib ``re`` (whose
    ``\\w`` is ``\\p{L}\\p{N}`` plus "_"; ``[^\\W_]`` is a letter or digit)."""
    alt = trie_alternation([x.lower() for x in _head_words()])
    return re.compile(rf"(?<![\w/&\-.])({alt})(?![^\W_]|&)")


@cache
def _head_tree_unguarded() -> re.Pattern[str]:
    """``head_tree`` without its look-behind, which ``next_head`` checks itself: a pattern
    that opens with its words lets ``re`` skip to the letters a head can start with, where
    a look-behind first makes it try every position."""
    alt = trie_alternation([x.lower() for x in _head_words()])
    return re.compile(rf"({alt})(?![^\W_]|&)")


def _next_head(text: str, pos: int) -> re.Match[str] | None:
    """The first head of lower-cased ``text`` at or after ``pos``, as ``head_tree`` finds
    it: where the unguarded pattern matches glued to a word ("mã_sở", "/sở"), look again
    one character on."""
    search = _head_tree_unguarded().search
    while m := search(text, pos):
        start = m.start()
        if start:
            c = text[start - 1]
            if c.isalnum() or c in "_/&-.":  # head_tree's look-behind: [\w/&\-.]
                pos = start + 1
                continue
        return m
    return None


HeadFinder = Callable[[int], "re.Match[str] | regex.Match[str] | None"]


def head_scan(view: TextView) -> tuple[str, HeadFinder]:
    """A text and a function that finds the next head at or after an offset of
    ``view.folded``, as ``head_regex`` would, at the same offsets.

    The case-blind flat ``head_regex`` costs ~1.8 ms on a 10k-character page; the same
    words lower-cased, as a prefix tree (``extractors.text.trie``) run by stdlib ``re`` on the
    lower-cased text, find the same heads in ~0.2 ms ("Ủy ban", "ỦY BAN" and "ủy ban"
    all read "ủy ban"), ~0.15 ms with the look-behind checked outside the pattern
    (``_next_head``). Take the head's own spelling from ``folded[m.start(1):m.end(1)]``.
    """
    low = lowered(view)
    if low is None:  # a letter whose lower case is longer ("İ"): keep offsets
        rx, folded = head_regex(), view.folded
        return folded, lambda pos: rx.search(folded, pos)
    return low, partial(_next_head, low)


def _known_starts(known: list[str]) -> list[str]:
    """First two words of multi-word listed names ("Kho bạc", "Ngân hàng")."""
    return sorted({" ".join(k.split()[:2]) for k in known if " " in k})
