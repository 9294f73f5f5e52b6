"""One key for Vietnamese names: two spellings of one name get the same key.

The same body or place is typed many ways: in capitals on a header line ("SỞ NỘI VỤ"),
with the old tone placement ("Uỷ ban nhân dân tỉnh Hoà Bình"), decomposed by a
Windows-1258 conversion (NFD), with a Latin eth for Đ ("ÐẮK LẮK"), with a hyphen, an en
dash or a comma between its fields ("Sở Lao động - Thương binh và Xã hội", "… – …",
"Sở Lao động, Thương binh và Xã hội"), abbreviated ("UBND TP. Huế"). Every place that
asks "is this the same name?" — the gazetteers' lookups, the merging of units, the
casing of header lines, the store's grouping of agencies — asks :func:`name_key`, so
they cannot disagree.

>>> name_key("UỶ BAN NHÂN DÂN TP. HUẾ") == name_key("UBND thành phố Huế")
True
>>> name_key("Sở Lao động - Thương binh và Xã hội")
'sở lao động thương binh và xã hội'

What the key equates:

- capitals and lower case (``str.casefold``), NFC and NFD;
- the characters :func:`extractors.text.view.fold` unifies: "Ð" (eth) and "Đ", en and
  em dashes and the minus sign with "-", non-breaking and other odd spaces with " ";
- old and new tone placement at the end of a syllable in "oa", "oe", "uy": "Uỷ" = "Ủy",
  "Hoà" = "Hòa", "khoẻ" = "khỏe"; never after "q" or "g", where the "u" or "i" belongs
  to the consonant ("quý" keeps its tone on "y", "già" and "gìa" are left as typed);
- separators: any run of spaces, line breaks, hyphens, dashes and commas between two
  words is one space. Documents write a department's fields either way — in the bulk
  corpus of 3,945 pages "Lao động … Thương binh và Xã hội" comes 162 times with a
  hyphen, 22 with an en dash, 10 with nothing and 3 with a comma, and the gold lists the
  comma form as an alias of the hyphen form — and no two bodies or places are told apart
  by such a mark alone. "&" binds without spaces ("LĐ-TB & XH" = "LĐ-TB&XH");
- the abbreviations of a body's kind, as whole words: "UBND" = "Ủy ban nhân dân", "HĐND"
  = "Hội đồng nhân dân", "TP." / "Tp" / "T.P" = "thành phố", "CCHC" = "cải cách hành
  chính", "TTHC" = "thủ tục hành chính" (the contract's scorer reads them the same way);
- dots, commas, colons and semicolons at either end ("Sở Nội vụ." = "Sở Nội vụ").

What it does not do — each is a separate question with its own function:

- merge different names: "Sở Nội vụ" ≠ "Sở Ngoại vụ", "huyện Phú Tân" ≠ "thị xã Phú
  Tân" (the level word is part of the name), "tỉnh Đắk Lắk" ≠ "Đắk Lắk";
- map a province to its successor: "Tiền Giang" and "Đồng Tháp" are two names even after
  Nghị quyết 202/2025/QH15 merged them (that is
  :func:`extractors.lexicon.gazetteer.province_on`);
- know spellings that differ in letters: "Đăk Lăk" / "Đắk Lắk", "Sở KH&ĐT" / "Sở Kế
  hoạch và Đầu tư" (the gazetteers list such variants and look them up by this key);
- drop a trailing place qualifier ("Sở Xây dựng tỉnh Thái Bình" / "Sở Xây dựng"): the
  units extractor builds that on top of this key.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from extractors.text.view import fold

_WORD_EDGE_BEFORE = r"(?<![\p{L}\p{N}])"
_WORD_EDGE_AFTER = r"(?![\p{L}\p{N}])"
#: Abbreviations of a body's kind, matched on the case-folded name, each with the letters
#: one of which every match holds: a name without them is not searched (a ``regex``
#: substitution costs ~0.3 µs even where nothing matches; most names hold no
#: abbreviation).
_ABBREVIATIONS = tuple(
    (regex.compile(_WORD_EDGE_BEFORE + pattern), full, needles)
    for pattern, full, needles in (
        (r"ubnd" + _WORD_EDGE_AFTER, "ủy ban nhân dân", ("ubnd",)),
        (r"hđnd" + _WORD_EDGE_AFTER, "hội đồng nhân dân", ("hđnd",)),
        (r"cchc" + _WORD_EDGE_AFTER, "cải cách hành chính", ("cchc",)),
        (r"tthc" + _WORD_EDGE_AFTER, "thủ tục hành chính", ("tthc",)),
        # "TP.", "TP. ", "TP.HCM", "T.P", "Tp Huế"; not "TPHCM" (one word)
        (r"t\.?p(?:\.|" + _WORD_EDGE_AFTER + ")", "thành phố ", ("tp", "t.p")),
    )
)
_AMPERSAND = regex.compile(r"\s*&\s*")
_SEPARATORS = regex.compile(r"[\s,\-]+")
_EDGES = " .,;:"


@lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """The key under which spellings of one name meet (see the module docstring).

    Cached: the same few hundred names ("UBND tỉnh", "Sở Nội vụ") recur on every page.

    >>> name_key("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI")
    'sở lao động thương binh và xã hội'
    >>> name_key("Sở Nội vụ") == name_key("Sở Ngoại vụ")
    False
    """
    s = fold(unicodedata.normalize("NFC", name)).casefold()
    for pattern, full, needles in _ABBREVIATIONS:
        for needle in needles:  # a loop, not any() of a generator: ~2 us less a name
            if needle in s:
                s = pattern.sub(full, s)
                break
    if "&" in s:
        s = _AMPERSAND.sub("&", s)
    if "," in s or "-" in s or "  " in s or not s.isprintable():
        # else every separator is one space already (white space other than " " is
        # not printable): a ``regex`` substitution costs ~1 µs even where it changes nothing
        s = _SEPARATORS.sub(" ", s)
    return s.strip(_EDGES)


def accent_free_key(name: str) -> str:
    """:func:`name_key` without tone and vowel marks, "đ" read as "d": for ordering names
    the way a Vietnamese index does (tone marks aside) and for matching what a reader
    types without accents. Never for deciding that two names are one: "Phú Tân" and
    "Phù Tần" share this key.

    >>> accent_free_key("Đắk Lắk")
    'dak lak'
    """
    s = unicodedata.normalize("NFD", name_key(name).replace("đ", "d"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))
