"""Gazetteer of Vietnamese state bodies: ministries, central bodies, provincial departments.

The sibling of ``extractors.lexicon.gazetteer`` (provinces): the facts live in
``extractors/lexicon/data/bodies.yaml``; this module loads them and answers:

- :func:`known_bodies` — where is a listed body named in this text, by full or short name
  ("Sở KH&ĐT" → Sở Kế hoạch và Đầu tư), in any capitalisation ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
  and with dash or comma variants ("Sở Giao thông – Vận tải")?
- :func:`body_by_code` — which body issues "1688/SKHĐT-VP" (``SKHĐT``)?
- :func:`lookup` — the listed body a written name stands for.

>>> [b.name for _, _, b in known_bodies("Giao Sở KH&ĐT phối hợp Sở Nội vụ")]
['Sở Kế hoạch và Đầu tư', 'Sở Nội vụ']
>>> body_by_code("SKHĐT")
'Sở Kế hoạch và Đầu tư'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from extractors.text.patterns import load_data, word_lists
from extractors.text.view import fold


@dataclass(frozen=True)
class Body:
    """A listed body: canonical name, level, short forms written in text, issuer codes."""

    name: str
    level: str
    short: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()


@cache
def bodies() -> tuple[Body, ...]:
    """Every body of ``bodies.yaml``, in file order."""
    return tuple(
        Body(
            name=item["name"],
            level=item["level"],
            short=tuple(item.get("short") or ()),
            codes=tuple(item.get("codes") or ()),
        )
        for item in load_data("bodies")["bodies"]
    )


@cache
def unit_words() -> dict[str, tuple[str, ...]]:
    """The unit grammar's word lists (``words:`` of ``bodies.yaml``)."""
    return {k: tuple(v) for k, v in word_lists(load_data("bodies")).items()}


_KEY_SEP = regex.compile(r"[\s,\-]+")


@lru_cache(maxsize=8192)
def key(name: str) -> str:
    """Matching key of a name: folded, lower case, dashes and commas read as spaces
    ("Sở Giao thông – Vận tải" = "sở giao thông vận tải"). Cached: the same few
    hundred names recur across pages ("UBND tỉnh", "Sở Nội vụ")."""
    s = fold(name).lower()
    s = _KEY_SEP.sub(" ", s)
    return s.strip(" .")


@cache
def _by_key() -> dict[str, Body]:
    table: dict[str, Body] = {}
    for body in bodies():
        for spelling in (body.name, *body.short):
            table[key(spelling)] = body
    return table


def lookup(name: str) -> Body | None:
    """The listed body ``name`` stands for, or None.

    >>> lookup("Sở TT&TT").name
    'Sở Thông tin và Truyền thông'
    """
    return _by_key().get(key(name))


@cache
def _codes() -> dict[str, str]:
    table = {code.upper(): body.name for body in bodies() for code in body.codes}
    table.update({k.upper(): v for k, v in (load_data("bodies").get("level_codes") or {}).items()})
    return table


def body_by_code(code: str) -> str | None:
    """The body behind an issuer code of a document number (``SCT`` → Sở Công Thương).

    >>> body_by_code("UBND")
    'Ủy ban nhân dân'
    """
    return _codes().get(fold(code).strip().upper())


def _spelling_regex(spelling: str) -> str:
    """Words of a name with any run of spaces, dashes or a comma between them."""
    words = regex.split(r"[\s,\-]+", fold(spelling).strip())
    return r"(?:\s*[,\-]\s*|\s+)".join(regex.escape(w) for w in words)


@cache
def _matcher() -> regex.Pattern[str]:
    spellings = sorted(_by_key(), key=len, reverse=True)
    alt = "|".join(_spelling_regex(s) for s in spellings)
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}&])(?:{alt})(?![\p{{L}}\p{{N}}&])", regex.I)


def match_at(folded: str, pos: int) -> tuple[int, Body] | None:
    """A listed body's name starting exactly at ``pos`` of a folded text: (end, body)."""
    m = _matcher().match(folded, pos)
    if not m:
        return None
    return m.end(), _by_key()[key(m.group(0))]


def known_bodies(text: str) -> list[tuple[int, int, Body]]:
    """Every listed body named in ``text``, as ``(start, end, Body)`` in text order."""
    folded = fold(text)
    return [(m.start(), m.end(), _by_key()[key(m.group(0))])
            for m in _matcher().finditer(folded)]
