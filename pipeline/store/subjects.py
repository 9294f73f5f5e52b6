"""Who a figure is about: one key, one display name and one province for every way a
subject (a score's, a ranking's) or an agency (a dossier count's) is written.

Answers merge mentions from many documents, so "UBND tỉnh An Giang", "tỉnh An Giang" and
"An Giang" must be one subject (the province assessed as a whole), "Sở KH&ĐT" and "SỞ KẾ
HOẠCH VÀ ĐẦU TƯ" one department, and "Sở Kế hoạch và Đầu tư tỉnh Đắk Lắk" the department
"Sở Kế hoạch và Đầu tư" of the province Đắk Lắk. Names are compared the way the units
extractor merges units (:func:`extractors.units.names.lexicon_key`, built on the one
:func:`~extractors.lexicon.names.name_key`), and places are looked up in the lexicon's
gazetteer (provinces) and register of districts and communes.

>>> who("UBND tỉnh An Giang", None)
Who(key='an giang', name='An Giang', province='An Giang')
>>> who("UBND huyện Lệ Thủy", "Đắk Lắk").province
'Quảng Bình'
>>> who("Bộ Tư pháp", "Đắk Lắk").province is None
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.lexicon import bodies
from extractors.lexicon.gazetteer import Mention, province_mentions
from extractors.lexicon.names import name_key
from extractors.lexicon.places import find_places
from extractors.units.names import lexicon_key

#: The words before a province's name that make the name the province's own body:
#: "tỉnh An Giang", "UBND tỉnh An Giang", "Ủy ban nhân dân thành phố Cần Thơ", "TP. HCM".
_PROVINCE_HEAD = regex.compile(
    r"(?:(?:ủy\s+ban\s+nhân\s+dân|uỷ\s+ban\s+nhân\s+dân|ubnd)\s+)?"
    r"(?:tỉnh|thành\s+phố|t\.?\s*p\.?)\s*$", regex.I)
#: A People's Committee of a district or commune is the district or commune assessed:
#: "ủy ban nhân dân huyện lệ thủy" and "huyện lệ thủy" are one subject; so are "UBND
#: đặc khu Phú Quý" and "đặc khu Phú Quý" (the special zones of 2025).
_COMMITTEE_OF_PLACE = regex.compile(
    r"^ủy ban nhân dân (?=(?:huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu) )")
#: The province's committee named by its level alone: "UBND tỉnh" in a province's report.
_OWN_PROVINCE = frozenset({"tỉnh", "ủy ban nhân dân tỉnh"})
#: National bodies not listed in bodies.yaml are still national by their head word.
_NATIONAL_HEADS = ("bộ ", "chính phủ", "văn phòng chính phủ", "thủ tướng", "quốc hội")


@dataclass(frozen=True)
class Who:
    """A subject or agency as the answers key it: ``key`` merges spellings, ``name`` is
    this spelling without its province qualifier, ``province`` where it belongs (None for
    ministries and national bodies, or where nothing says)."""

    key: str
    name: str
    province: str | None


def who(name: str, doc_province: str | None) -> Who:
    """Resolve one written name in a document of ``doc_province`` (see the module doc).

    >>> who("Sở Kế hoạch và Đầu tư tỉnh Đắk Lắk", None)
    Who(key='sở kế hoạch và đầu tư', name='Sở Kế hoạch và Đầu tư', province='Đắk Lắk')
    """
    return _who(" ".join(name.split()), doc_province)


@lru_cache(maxsize=65536)
def _who(name: str, doc_province: str | None) -> Who:
    key = name_key(name)
    if key in _OWN_PROVINCE and doc_province:
        return Who(name_key(doc_province), doc_province, doc_province)
    tail = _province_tail(name)
    if tail is not None:
        start, province = tail
        base = name[:start].strip(" ,-–")
        if not base:
            return Who(name_key(province), province, province)
        return Who(_base_key(base), _shown(base), province)
    return Who(_base_key(name), _shown(name), _place_province(name, key, doc_province))


def _province_tail(name: str) -> tuple[int, str] | None:
    """Where a province named at the end of ``name`` starts (with its "tỉnh"/"UBND tỉnh"
    words), and which province: "Công an tỉnh Lạng Sơn" → (8, "Lạng Sơn"). A bare name
    counts only when it is the whole name ("An Giang"); "thành phố Lạng Sơn" is the city,
    not the province (Lạng Sơn is a "tỉnh"), so it has no province tail."""
    mentions = province_mentions(name)
    if not mentions or mentions[-1].end != len(name):
        return None
    m: Mention = mentions[-1]
    head = _PROVINCE_HEAD.search(name[:m.start])
    if head is None:
        return (0, m.province.name) if m.start == 0 else None
    said = name_key(head.group(0))
    kind_word = "thành phố" if said.endswith("thành phố") else "tỉnh"
    if kind_word != m.province.kind:
        return None
    return head.start(), m.province.name


def _base_key(name: str) -> str:
    return _COMMITTEE_OF_PLACE.sub("", lexicon_key(name))


def _shown(name: str) -> str:
    """The spelling shown for ``name``: a listed short form or a name in capitals as its
    body's name ("Sở KH&ĐT", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" → "Sở Kế hoạch và Đầu tư"), any other
    spelling as written ("Sở Giao thông – Vận tải")."""
    body = bodies.lookup(name_key(name))
    if body is not None and (name.isupper() or name_key(body.name) != name_key(name)):
        return body.name
    return name


def _place_province(name: str, key: str, doc_province: str | None) -> str | None:
    """The province of a body that names no province: its district or commune's
    ("UBND huyện Lệ Thủy" → Quảng Bình; an ambiguous "huyện Châu Thành" → the document's
    province when it has one), none for a national body, else the document's."""
    places = [p for p in find_places(name) if p.provinces]
    if places:
        candidates = places[-1].provinces
        if len(candidates) == 1:
            return candidates[0]
        if doc_province in candidates:
            return doc_province
    body = bodies.lookup(key)
    if (body is not None and body.level == "central") or key.startswith(_NATIONAL_HEADS):
        return None
    return doc_province


def display_name(spellings: Iterable[str]) -> str:
    """The name a merged subject or agency is shown under: the spelling written most
    often, ties to the fullest (longest), then the first in alphabetical order.

    >>> display_name(["Sở Công Thương", "SỞ CÔNG THƯƠNG", "Sở Công Thương"])
    'Sở Công Thương'
    >>> display_name(["huyện Lệ Thủy", "UBND huyện Lệ Thủy"])
    'UBND huyện Lệ Thủy'
    """
    counts = Counter(spellings)
    return min(counts, key=lambda s: (-counts[s], s.isupper(), -len(s), s))
