"""Put an all-caps header line back into the case Vietnamese writes a body's name in.

Header lines are typed in capitals ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "UBND TỈNH LẠNG SƠN") but a
body is *named* in normal case: the type of body and each field of work start with a
capital, the rest is lower case, a place keeps its own capitals ("Sở Kế hoạch và Đầu tư",
"UBND tỉnh Lạng Sơn", "Ủy ban nhân dân huyện Buôn Đôn"). The standard name from a
gazetteer wins; otherwise :func:`normal_case` applies that rule.

>>> normal_case("SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
'Sở Kế hoạch và Đầu tư'
>>> normal_case("UBND TỈNH ĐĂK LĂK")
'UBND tỉnh Đắk Lắk'
"""

from __future__ import annotations

from functools import cache

import regex

from extractors.lexicon.gazetteer import standard_name
from extractors.text.patterns import data_path, load_data
from extractors.text.view import fold, squash

# Level words before a place name: lower case, and everything after them is a place.
_LEVEL = regex.compile(r"\b(TỈNH|THÀNH PHỐ|TP\.?|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+")
# Words after which the next syllable opens a field of work: "Sở Tài nguyên và Môi trường".
_OPENERS = {"sở", "ban", "phòng", "cục", "viện", "trung tâm", "chi cục", "văn phòng",
            "thanh tra", "và", "bộ", "tổng cục", "-", ","}
_LOWER_WORDS = {"và", "các", "của", "nhân", "dân", "khu", "tỉnh", "huyện"}


@cache
def _canonical() -> dict[str, str]:
    """Key (folded, lower case) → standard name, from the bodies gazetteer when there is
    one (``bodies.yaml``), else from ``document.yaml``'s ``body_names``."""
    names: list[str] = list(load_data("document")["words"]["body_names"])
    if data_path("bodies").exists():
        names.extend(_names_in(load_data("bodies")))
    names.extend(["Ủy ban nhân dân", "Hội đồng nhân dân", "UBND", "HĐND"])
    return {_key(n): n for n in names}


def _names_in(data: object) -> list[str]:
    """Every ``name`` string in a bodies data file, whatever its nesting."""
    if isinstance(data, dict):
        own = [data["name"]] if isinstance(data.get("name"), str) else []
        return own + [n for v in data.values() for n in _names_in(v)]
    if isinstance(data, list):
        return [n for v in data for n in _names_in(v)]
    return []


def _key(name: str) -> str:
    return regex.sub(r"\s*([-,])\s*", r" \1 ", fold(squash(name)).lower()).strip()


def canonical_body(name: str) -> str | None:
    """The standard spelling of a body's name, when the gazetteer knows it."""
    return _canonical().get(_key(name))


def normal_case(line: str) -> str:
    """Normal case for an all-caps body name; a line already in mixed case is kept."""
    line = squash(line)
    if not line or not _mostly_upper(line):
        return line
    known = canonical_body(line)
    if known:
        return known
    m = _LEVEL.search(fold(line))
    if m and m.start() > 0:
        body = _body_case(line[:m.start()].strip())
        return f"{body} {_level(m.group(1))} {_place_case(line[m.end():])}".strip()
    return _body_case(line)


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
    known = canonical_body(body)
    if known:
        return known
    acronyms = set(load_data("document")["words"]["acronyms"])
    words = regex.findall(r"[-,]|[^\s,-]+", body)
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
    return regex.sub(r"\s+([,])", r"\1", " ".join(out))


# A Roman numeral stays upper case: "Chi cục Thuế khu vực XVII", "Đội Thuế số II".
_ROMAN = regex.compile(
    r"(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")


def _is_syllable(word: str) -> bool:
    """A Vietnamese syllable has a vowel; "UBND", "KHĐT", "CNTT" do not."""
    return bool(regex.search(r"[AEIOUYĂÂÊÔƠƯÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢ"
                                  r"ÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]", word.upper()))
