"""Where unit names start: every head word ("Sở", "Phòng", "UBND", "Ủy ban nhân dân")
and every listed body name, found in one scan of a document.

``head_regex`` is the case-blind alternation the grammar matches at a known position;
``head_scan`` finds every head of a whole page fast (see its docstring), at the same
offsets and with the same matches (checked on the 3,945 bulk pages).
"""

from __future__ import annotations

import re
from functools import cache

import regex

from extractors.lexicon import bodies
from extractors.text.patterns import alternation
from extractors.text.trie import lowered, trie_alternation
from extractors.text.view import TextView


@cache
def head_regex() -> regex.Pattern[str]:
    """Every head and every listed body name, as one alternation (longest first)."""
    alt = alternation(head_words())
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}/&\-_.])({alt})(?![\p{{L}}\p{{N}}&])", regex.I)


def head_words() -> list[str]:
    """Every word ``head_regex`` matches: the head words and every listed body's name."""
    w = bodies.unit_words()
    heads = [*w["heads_level"], *w["heads_named"], *w["owners"]]
    known = [s for b in bodies.bodies() for s in (b.name, *b.short)]
    return heads + [k for k in known if " " not in k] + _known_starts(known)


@cache
def head_tree() -> re.Pattern[str]:
    """``head_regex`` for lower-cased text, as a prefix tree in stdlib ``re`` (whose
    ``\\w`` is ``\\p{L}\\p{N}`` plus "_"; ``[^\\W_]`` is a letter or digit)."""
    alt = trie_alternation([x.lower() for x in head_words()])
    return re.compile(rf"(?<![\w/&\-.])({alt})(?![^\W_]|&)")


@cache
def _head_tree_unguarded() -> re.Pattern[str]:
    """``head_tree`` without its look-behind, which the caller checks (``head_scan``)."""
    alt = trie_alternation([x.lower() for x in head_words()])
    return re.compile(rf"({alt})(?![^\W_]|&)")


#: What may not stand right before a head (``head_tree``'s look-behind ``[\w/&\-.]``): a
#: letter or digit (``str.isalnum``), or one of these.
GLUED = "_/&-."


def head_scan(view: TextView) -> tuple[str, re.Pattern[str] | regex.Pattern[str], bool]:
    """A text and a pattern whose ``search`` finds every head of ``view.folded`` at the
    same offsets as ``head_regex``, and whether the caller must check the look-behind.

    The case-blind flat ``head_regex`` costs ~1.8 ms on a 10k-character page; the same
    words lower-cased, as a prefix tree (``extractors.text.trie``) run by stdlib ``re`` on the
    lower-cased text, find the same heads in ~0.2 ms ("Ủy ban", "ỦY BAN" and "ủy ban"
    all read "ủy ban"); ~0.15 ms without the look-behind in the pattern, which lets
    ``re`` skip to the letters a head can start with. Where that pattern matches glued to
    a word (the character before is alphanumeric or in ``GLUED``: "mã_sở", "/sở"), search
    again one character on. Take the head's own spelling from
    ``folded[m.start(1):m.end(1)]``.
    """
    low = lowered(view)
    if low is None:  # a letter whose lower case is longer ("İ"): keep offsets
        return view.folded, head_regex(), False
    return low, _head_tree_unguarded(), True


def _known_starts(known: list[str]) -> list[str]:
    """First two words of multi-word listed names ("Kho bạc", "Ngân hàng")."""
    return sorted({" ".join(k.split()[:2]) for k in known if " " in k})
