"""Accent-free search: fold Vietnamese text so "dak lak" finds "Đắk Lắk".

FTS5's ``unicode61 remove_diacritics 2`` tokenizer strips tone and vowel marks
("Quyết" → "quyet"), but "đ" is a letter of its own, not "d" with a mark, so "dinh" never
matches "định". The store therefore indexes a folded copy of each title and text
(marks removed, đ/Đ → d, lower case) in an FTS5 table that keeps no copy of its rows
(contentless: the text as written is in ``documents``), and ``fts_query`` turns whatever
a reader types into a query over the folded columns:

>>> search_fold("Quyết định số 1009/QĐ-UBND của UBND tỉnh Đắk Lắk")
'quyet dinh so 1009/qd-ubnd cua ubnd tinh dak lak'
>>> fts_query("hồ sơ trễ hạn")
'{title_folded text_folded} : ("ho" "so" "tre" "han")'

Matching is on the folded copy, but a reader wants to see the words as written:
``snippet`` finds the query's words in the original text and quotes them with their
accents ("ho so tre han" → "…có 12 【hồ sơ】 giải quyết 【trễ hạn】…").
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache

#: Columns of ``documents_fts`` that hold the folded copies.
FOLDED_COLUMNS = ("title_folded", "text_folded")

_D = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_WORD = re.compile(r"\w+")


def search_fold(text: str | None) -> str:
    """Lower-case ``text`` with every diacritic removed and đ/Đ written as d.

    A *search* fold, for whole texts and what a reader types: it keeps every word as
    written ("UBND" stays "ubnd", so a search for "ubnd" finds it) and merges words that
    differ only in marks ("Phú Tân" / "Phù Tần"). It never decides that two names are
    one: that is :func:`extractors.lexicon.names.name_key`. Same length is NOT kept
    (decomposition then removal); folded text is for matching only, never for offsets.

    The common text, lower-cased, is Vietnamese letters, ASCII and typographic
    punctuation alone: it goes through two C codecs (``_slotted``). A text with other
    characters ("≥", "한국") goes so between them, and they character by character
    (``_BARE``); lower case is per character but for "Σ" (its final form depends on the
    next letter), so a text with a "Σ" goes character by character whole. All give the
    same folds (the test compares them on every code point and on every text we have).
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower()
    try:
        return _slotted(text)
    except UnicodeEncodeError:  # a character without a slot
        pass
    parts = _OUTSIDE.split(text)
    if "Σ" in text or len(parts) > _MAX_PARTS:
        return text.translate(_BARE).lower()
    parts[::2] = map(_slotted, parts[::2])
    parts[1::2] = [part.translate(_BARE).lower() for part in parts[1::2]]
    return "".join(parts)


def _slotted(text: str) -> str:
    """``search_fold`` of a text whose lower case ``SLOT_CHARACTERS`` and ASCII hold
    (else ``UnicodeEncodeError``): one byte a character, each byte decoded folded."""
    raw = codecs.charmap_encode(text.lower(), "strict", _SLOTS)[0]
    return codecs.charmap_decode(raw, "strict", _FOLDED)[0]


class _Bare(dict):
    """Each character without its marks, đ/Đ as d/D, worked out the first time it is
    met ("ế" → "e", "Ỷ" → "Y", "a" → "a"), for ``str.translate``.

    Folding character by character is folding the whole text: the canonical
    decomposition of a string is its characters' decompositions, with only the marks
    reordered, and the marks are what is dropped. ``str.translate`` then runs in C over
    a text's few hundred distinct characters, instead of a Python test of each of its
    ten thousand. Lower case is applied to the whole result, as before (a Greek final
    sigma depends on its neighbour).
    """

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFD", chr(code).translate(_D))
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        self[code] = bare
        return bare


_BARE = _Bare()


def vietnamese_letters() -> list[str]:
    """The 67 lower-case letters Vietnamese writes with marks: 12 vowels (a ă â e ê i o
    ô ơ u ư y) under 6 tones, less the six plain ASCII ones, and đ ("ế", "ữ", "đ")."""
    vowels = ["a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302",
              "o\u031b", "u", "u\u031b", "y"]
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    letters = [unicodedata.normalize("NFC", v + t) for v in vowels for t in tones]
    return [c for c in letters if not c.isascii()] + ["đ"]


#: The characters ``search_fold`` folds through codecs, after ASCII: Vietnamese
#: letters, Latin-1's punctuation and signs ("§", "°", "½", no-break space) and the
#: typographic punctuation official texts are typed with ("–", "“", "…", "•", "‰", "″").
#: A charmap codec has 256 slots: ASCII takes 128, these the rest (at most 128).
SLOT_CHARACTERS: tuple[str, ...] = tuple(
    c for c in [*vietnamese_letters(), *map(chr, range(0xA0, 0xC0)),
                *map(chr, range(0x2010, 0x2028)), *map(chr, range(0x2030, 0x2035))]
    if len(c.translate(_BARE).lower()) == 1)


def _slot_tables() -> tuple[object, str]:
    """The two codecs' tables: lower-case text → one byte a character (ASCII as itself,
    ``SLOT_CHARACTERS`` at 128 on), and each byte → its character folded ("ế" → byte
    128 + i → "e"). Unused bytes decode to nothing a text holds."""
    if len(SLOT_CHARACTERS) > 128:
        raise ValueError(f"{len(SLOT_CHARACTERS)} characters for 128 slots")
    ascii_ = "".join(map(chr, range(128)))
    unused = "\ufffe" * (128 - len(SLOT_CHARACTERS))
    slots = codecs.charmap_build(ascii_ + "".join(SLOT_CHARACTERS) + unused)
    folded = ascii_ + "".join(c.translate(_BARE).lower() for c in SLOT_CHARACTERS) + unused
    return slots, folded


_SLOTS, _FOLDED = _slot_tables()


def _outside() -> re.Pattern[str]:
    """Runs of characters ``_slotted`` cannot take, captured (``re.split`` keeps them at
    odd places): all but ASCII, ``SLOT_CHARACTERS`` and their capitals ("Ế", "Đ")."""
    capitals = [c.upper() for c in SLOT_CHARACTERS]
    inside = {c for c in [*SLOT_CHARACTERS, *capitals] if len(c) == 1 and c.lower()
              in SLOT_CHARACTERS}
    return re.compile("([^\\x00-\\x7f" + "".join(map(re.escape, sorted(inside))) + "]+)")


_OUTSIDE = _outside()
#: Past this many runs, character by character is as quick (a page in another script).
_MAX_PARTS = 257


def fts_terms(query: str | None) -> str:
    """Every word of ``query``, folded and quoted, all required: an FTS5 MATCH expression
    over any columns. Punctuation and FTS5 operators are dropped, so user input never
    raises an FTS5 syntax error; nothing left is ``""``, which matches nothing.

    >>> fts_terms('Quyết định 1009/QĐ-UBND'), fts_terms('"')
    ('"quyet" "dinh" "1009" "qd" "ubnd"', '""')
    """
    words = _WORD.findall(search_fold(query or ""))
    return " ".join(f'"{w}"' for w in words) if words else '""'


def fts_query(query: str | None) -> str:
    """An FTS5 MATCH expression: every word of ``query``, folded, all required, over the
    folded columns. Punctuation is dropped, so user input never raises an FTS5 syntax
    error ("1009/QĐ-UBND" → "1009" "qd" "ubnd")."""
    terms = fts_terms(query)
    if terms == '""':
        return terms
    return "{" + " ".join(FOLDED_COLUMNS) + "} : (" + terms + ")"


#: What ``snippet`` puts around the words found: brackets no Vietnamese text uses, so
#: that a page can turn them into highlights without mistaking the text's own "[…]".
MARK = ("【", "】")


def snippet(text: str | None, query: str | None, *, words: int = 14,
            mark: tuple[str, str] = MARK) -> str:
    """The ``words``-word stretch of ``text`` holding the most of the query's words, as
    written (accents kept), the words found between ``mark``; "…" where text is cut.
    Words are compared folded, as the search matched them.

    >>> snippet("Trong kỳ có 12 hồ sơ giải quyết trễ hạn (tỷ lệ 0,2%).", "ho so tre han")
    'Trong kỳ có 12 【hồ sơ】 giải quyết 【trễ hạn】 (tỷ lệ 0,2%).'
    """
    query_words = _WORD.findall(search_fold(query or ""))
    wanted = set(query_words)
    if not text or not wanted:
        return ""
    tokens = [(m.start(), m.end(), _fold_word(m.group()) in wanted)
              for m in _WORD.finditer(text)]
    if not tokens:
        return ""
    first = _best_window(text, tokens, query_words, words)
    last = min(first + words, len(tokens)) - 1
    cuts: dict[int, str] = {}
    for i in range(first, last + 1):
        start, end, hit = tokens[i]
        if not hit:
            continue
        joined = i > first and tokens[i - 1][2] and not text[tokens[i - 1][1]:start].strip()
        if joined:
            cuts.pop(tokens[i - 1][1])
        else:
            cuts[start] = mark[0]
        cuts[end] = mark[1]
    stop = len(text) if last == len(tokens) - 1 else tokens[last][1]
    out, pos = [], tokens[first][0]
    for at in sorted(cuts):
        out += [text[pos:at], cuts[at]]
        pos = at
    out.append(text[pos:stop])
    return ("…" if first else "") + " ".join("".join(out).split()) + \
        ("…" if last < len(tokens) - 1 else "")


#: A language has few words: fold each once (a snippet folds every word of a document).
_fold_word = lru_cache(maxsize=65536)(search_fold)


def _best_window(text: str, tokens: list[tuple[int, int, bool]], query: list[str],
                 words: int) -> int:
    """Index of the first token of the best window: the query as a phrase first, then
    the most distinct query words; the words found stand in the middle of the window."""
    folded = [_fold_word(text[a:b]) if hit else "" for a, b, hit in tokens]
    best: tuple[bool, int] = (False, 0)
    at = span = 0
    for i, (_, _, hit) in enumerate(tokens):
        if not hit:
            continue
        window = folded[i:i + words]
        score = (window[:len(query)] == query, len({w for w in window if w}))
        if score > best:
            best, at = score, i
            span = max(j for j, w in enumerate(window) if w) + 1
    return max(0, min(at - (words - span) // 2, len(tokens) - words))
