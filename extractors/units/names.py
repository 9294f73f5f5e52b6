"""How a unit is named and when two names are the same unit.

A unit is listed "under the name the text uses", tidied: white space squashed, a
lower-case head capitalised ("phòng Tổng hợp Quy hoạch" → "Phòng Tổng hợp Quy hoạch"),
a header line in capitals put back in normal case ("UBND TỈNH ĐẮK LẮK" → "UBND tỉnh Đắk
Lắk", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" → "Sở Kế hoạch và Đầu tư"), and a listed short form
replaced by its full name ("Sở TT&TT" → "Sở Thông tin và Truyền thông").

Two names are one unit when their :func:`lexicon_key` is equal: the lexicon's
:func:`~extractors.lexicon.names.name_key` (case-blind, "UBND" = "Ủy ban nhân dân",
dashes and commas ignored: "Sở Giao thông – Vận tải" = "Sở Giao thông Vận tải"), with
what the lexicon knows about the name on top (a short form is its body, a province is
spelt the standard way). :func:`place_base` strips a trailing place qualifier, so that
"UBND tỉnh" and "UBND tỉnh Lạng Sơn", or "Sở Xây dựng" and "Sở Xây dựng tỉnh Thái
Bình", can be merged.
"""

from __future__ import annotations

from functools import cache, lru_cache

import regex

from extractors.lexicon import bodies
from extractors.lexicon.gazetteer import standard_name
from extractors.lexicon.names import name_key
from extractors.text.view import TextView, squash
from extractors.units.grammar import Parsed

_PLACE_WORD_LIST = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn",
                    "đặc khu")
_PLACE_WORDS = rf"(?:{'|'.join(_PLACE_WORD_LIST)})"
#: The place words as " tỉnh " …: where ``_PLACE_TAIL`` can match in a key (single spaces)
_PLACE_WORDS_SPACED = tuple(f" {w} " for w in _PLACE_WORD_LIST)
#: The place words as " tỉnh" …: where ``_PLACE_QUALIFIER`` can match in a key
_PLACE_WORDS_LEFT = tuple(f" {w}" for w in _PLACE_WORD_LIST)
_UY_BAN = "ủy ban "
_UY_BAN_LEVEL = regex.compile(rf"^ủy ban ({_PLACE_WORDS})")
_PLACE_TAIL = regex.compile(rf"\s{_PLACE_WORDS}\s(.+)$")
_PLACE_QUALIFIER = regex.compile(rf"\s{_PLACE_WORDS}(?:\s.+)?$")
_LEVEL = regex.compile(rf"\s{_PLACE_WORDS}")
_SPACES = regex.compile(r"\s+")
_LEVEL_TWO_WORDS = regex.compile(r"\b(thành|thị|đặc) (Phố|Xã|Trấn|Khu)\b")
_KEEP_UPPER = regex.compile(r"^(?:UBND|HĐND|TTHC|CCHC|TP\.?|[\p{Lu}\d&\-]*[\d&][\p{Lu}\d&\-]*)$")


@lru_cache(maxsize=8192)
def lexicon_key(name: str) -> str:
    """The key under which names of one unit meet: :func:`name_key`, plus what the lexicon
    knows — a listed short form is its body ("Sở KH&ĐT" = "Sở Kế hoạch và Đầu tư"), "Ủy
    ban tỉnh" is the People's Committee, a province in the tail is spelt the standard way
    ("UBND tỉnh Đăk Lăk" = "UBND tỉnh Đắk Lắk"). Cached: names recur across pages.

    >>> lexicon_key("UBND Tỉnh") == lexicon_key("Ủy ban nhân dân tỉnh")
    True
    >>> lexicon_key("Sở KH&ĐT") == lexicon_key("SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
    True
    """
    k = name_key(name)
    if k.startswith(_UY_BAN):  # ``_UY_BAN_LEVEL`` opens with it
        k = _UY_BAN_LEVEL.sub(r"ủy ban nhân dân \1", k)
    body = bodies.lookup(k)
    if body:
        k = name_key(body.name)
    # a key's white space is single spaces (``name_key``; any other is not printable), so
    # a place word of ``_PLACE_TAIL`` stands between two; most names hold none ("Sở Nội vụ")
    may = any(w in k for w in _PLACE_WORDS_SPACED) or not k.isprintable()
    m = _PLACE_TAIL.search(k) if may else None
    if m and (std := standard_name(m.group(1))):
        k = k[:m.start(1)] + name_key(std)
    if "  " in k or not k.isprintable():  # white space other than single spaces
        k = _SPACES.sub(" ", k)
    return k.strip()


@cache
def _level_heads() -> frozenset[str]:
    w = bodies.unit_words()
    heads = {lexicon_key(h) for h in (*w["heads_level"], *w["heads_named"], *w["owners"])}
    return frozenset(heads | {"văn phòng ủy ban nhân dân", "văn phòng hội đồng nhân dân"})


@lru_cache(maxsize=8192)
def place_base(k: str) -> str:
    """A key without its trailing place name ("… tỉnh lạng sơn" → "… tỉnh"), or without
    the bare level too when what is left is still a name ("sở xây dựng tỉnh" → "sở xây
    dựng"; but "ủy ban nhân dân tỉnh" keeps "tỉnh": the level is that body's name)."""
    # before a place word stands a space, or white space other than " " (not printable)
    may = any(w in k for w in _PLACE_WORDS_LEFT) or not k.isprintable()
    m = _PLACE_QUALIFIER.search(k) if may else None
    if not m:
        return k
    rest = k[:m.start()]
    if rest in _level_heads() or rest.endswith((" sở", " bộ")):
        level = _LEVEL.match(k, m.start())
        return rest + level.group(0)
    return rest


def display_name(view: TextView, p: Parsed, upper: bool) -> str:
    """The name a unit is listed under (see the module docstring)."""
    quote = squash(view.text[p.start:p.end])
    if p.known:
        core = squash(view.text[p.start:p.core_end])
        place = quote[len(core):].strip()
        if upper:
            place = _recase_place(place)
        if upper or name_key(core) != name_key(p.known.name):
            return f"{p.known.name} {place}".strip() if place else p.known.name
        return quote
    if upper:
        return _recase(quote, p)
    return quote[:1].upper() + quote[1:]


def _recase(quote: str, p: Parsed) -> str:
    """"PHÒNG TƯ PHÁP HUYỆN ĐẠI TỪ" → "Phòng Tư pháp huyện Đại Từ"."""
    words = quote.split()
    n_head = len(p.head.split())
    head = " ".join(words[:n_head])
    head = head if _KEEP_UPPER.match(head) else head.capitalize()
    out, in_place = [head], False
    for i, w in enumerate(words[n_head:]):
        if regex.fullmatch(_PLACE_WORDS.replace(" ", r"\s"), w.lower()) or w.lower() in (
                "thành", "thị", "đặc"):
            in_place = True
            out.append(w.lower())
        elif _KEEP_UPPER.match(w):
            out.append(w)
        elif in_place or (i == 0 and not p.level):
            out.append(w.capitalize())
        else:
            out.append(w.lower())
    return _LEVEL_TWO_WORDS.sub(lambda m: m.group(0).lower(), " ".join(out))


def _recase_place(place: str) -> str:
    """"TỈNH ĐẮK LẮK" → "tỉnh Đắk Lắk"."""
    words = place.split()
    if not words:
        return ""
    out = []
    for w in words:
        low = w.lower()
        out.append(low if low in ("tỉnh", "huyện", "xã", "quận", "phường", "thành", "phố",
                                  "thị", "trấn", "đặc", "khu") and not out[1:] else w.capitalize())
    return " ".join(out)
