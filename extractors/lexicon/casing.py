"""Put an all-caps header line back into the case Vietnamese writes a body's name in.

Header lines are typed in capitals ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "UBND TỈNH LẠNG SƠN") but a
body is *named* in normal case: the type of body and each field of work start with a
capital, the rest is lower case, a place keeps its own capitals ("Sở Kế hoạch và Đầu tư",
"UBND tỉnh Lạng Sơn", "Ủy ban nhân dân huyện Buôn Đôn"). A name the bodies lexicon
lists (compared by :func:`~extractors.lexicon.names.name_key`) takes the case of its
standard name, so the issuer and the units of one document agree; otherwise
:func:`normal_case` applies that rule.

>>> normal_case("SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
'Sở Kế hoạch và Đầu tư'
>>> normal_case("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI")
'Sở Lao động, Thương binh và Xã hội'
>>> normal_case("UBND TỈNH ĐĂK LĂK")
'UBND tỉnh Đắk Lắk'
"""

from __future__ import annotations

from functools import cache

import regex

from extractors.lexicon import bodies
from extractors.lexicon.gazetteer import standard_name
from extractors.lexicon.names import name_key
from extractors.text.patterns import load_data
from extractors.text.view import fold, squash

# Level words before a place name: lower case, and everything after them is a place.
_LEVEL = regex.compile(r"\b(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+")
# Words after which the next syllable opens a field of work: "Sở Tài nguyên và Môi trường".
_OPENERS = {"sở", "ban", "phòng", "cục", "viện", "trung tâm", "chi cục", "văn phòng",
            "thanh tra", "và", "bộ", "tổng cục", "-", ","}
_LOWER_WORDS = {"và", "các", "của", "nhân", "dân", "khu", "tỉnh", "huyện"}


@cache
def _canonical() -> dict[str, str]:
    """:func:`name_key` → standard name, for every name the bodies lexicon lists
    (``bodies.yaml``) and the two bodies named by a level alone."""
    names = [*bodies.standard_names(), "Ủy ban nhân dân", "Hội đồng nhân dân"]
    return {name_key(n): n for n in names}


def canonical_body(name: str) -> str | None:
    """The standard spelling of a body's name, when the lexicon lists it.

    >>> canonical_body("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI")
    'Sở Lao động - Thương binh và Xã hội'
    """
    return _canonical().get(name_key(name))


_TOKENS = regex.compile(r"[-,]|[^\s,-]+")
_SEPARATORS = regex.compile(r"[\s,\-]+")


def _known_case(line: str) -> str | None:
    """The line's own words in the case of the listed name they spell, its separators
    kept ("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI" → "Sở Lao động, Thương binh và Xã hội");
    a word after a dash or a comma opens a field of work ("SỞ GIAO THÔNG - VẬN TẢI" →
    "Sở Giao thông - Vận tải"). None unless the words are the listed name's word for word:
    "UBND" is "Ủy ban nhân dân" to the key, but the line says "UBND"."""
    known = canonical_body(line)
    if known is None:
        return None
    tokens = _TOKENS.findall(line)
    words = [t for t in tokens if t not in ("-", ",")]
    standard = _SEPARATORS.split(known.strip())
    if len(words) != len(standard) or any(
            name_key(w) != name_key(k) for w, k in zip(words, standard, strict=True)):
        return None
    out: list[str] = []
    cased = iter(standard)
    for token in tokens:
        if token in ("-", ","):
            out.append(token)
            continue
        word = next(cased)
        opens = bool(out) and out[-1] in ("-", ",")
        out.append(word[:1].upper() + word[1:] if opens else word)
    return _SPACE_COMMA.sub(",", " ".join(out))


#: Compiled once: ``regex``'s cache of patterns by string costs ~3 µs a call, and these
#: run for every word of a body name.
_SPACE_COMMA = regex.compile(r"\s+,")
_BODY_WORD = regex.compile(r"[-,]|[^\s,-]+")
_VOWEL = regex.compile(r"[AEIOUYĂÂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢ"
                       r"ÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]")


def normal_case(line: str) -> str:
    """Normal case for an all-caps body name; a line already in mixed case is kept."""
    line = squash(line)
    if not line or not _mostly_upper(line):
        return line
    known = _known_case(line)
    if known:
        return known
    m = _place_split(line)
    if m:
        body = _body_case(line[:m.start()].strip())
        return f"{body} {_level(m.group(1))} {_place_case(line[m.end():])}".strip()
    return _body_case(line)


def _place_split(line: str) -> regex.Match[str] | None:
    """The level word where the place begins: the first one, unless a later one ends a
    listed name ("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI TỈNH X": "XÃ" is part of the
    name, "TỈNH" opens the place)."""
    matches = list(_LEVEL.finditer(fold(line)))
    if not matches or matches[0].start() == 0:
        return None
    return next((m for m in matches if canonical_body(line[:m.start()])), matches[0])


def _mostly_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _level(word: str) -> str:
    return "TP." if word.startswith("TP") else word.lower()


def _place_case(place: str) -> str:
    """A place keeps its capitals: "LẠNG SƠN" → "Lạng Sơn" (a province in its standard
    spelling, "ĐĂK LĂK" → "Đắk Lắk")."""
    place = squash(place)
    known = standard_name(place)
    if known:
        return known
    return " ".join(w if _ROMAN.match(w) else w[:1].upper() + w[1:].lower()
                    for w in place.split())


def _body_case(body: str) -> str:
    """ "SỞ GIAO THÔNG VẬN TẢI" → "Sở Giao thông vận tải" (the rule, when no gazetteer
    entry is known); acronyms stay upper case."""
    known = _known_case(body)
    if known:
        return known
    acronyms = set(load_data("document")["words"]["acronyms"])
    words = _BODY_WORD.findall(body)
    out: list[str] = []
    for i, word in enumerate(words):
        low = word.lower()
        prev = out[-1].lower() if out else ""
        prev2 = " ".join(w.lower() for w in out[-2:])
        if word in acronyms or (len(word) > 1 and word.isupper() and not _is_syllable(word)) \
                or _ROMAN.match(word):
            out.append(word)
        elif i == 0 or ((prev in _OPENERS or prev2 in _OPENERS) and low not in _LOWER_WORDS):
            out.append(low[:1].upper() + low[1:])
        else:
            out.append(low)
    return _SPACE_COMMA.sub(",", " ".join(out))


# A Roman numeral stays upper case: "Chi cục Thuế khu vực XVII", "Đội Thuế số II".
_ROMAN = regex.compile(
    r"(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable has a vowel; "UBND", "KHĐT", "CNTT" do not."""
    return bool(_VOWEL.search(word.upper()))
