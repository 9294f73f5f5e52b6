"""Gazetteer of Vietnamese state bodies: ministries, central bodies, provincial departments.

The sibling of ``extractors.lexicon.gazetteer`` (provinces): the facts live in
``extractors/lexicon/data/bodies.yaml``; this module loads them and answers:

- :func:`known_bodies` — where is a listed body named in this text, by full or short name
  ("Sở KH&ĐT" → Sở Kế hoạch và Đầu tư), in any capitalisation ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
  and with dash or comma variants ("Sở Giao thông – Vận tải")?
- :func:`body_by_code` — which body issues "1688/SKHĐT-VP" (``SKHĐT``)?
- :func:`lookup` — the listed body a written name stands for.
- :func:`standard_names`, :func:`provincial_names` — the one list of standard names that
  header casing and a document's own voice use ("Sở Lao động - Thương binh và Xã hội").

Names are compared by :func:`extractors.lexicon.names.name_key`, so a lookup and the
units extractor's merging agree on what one name is.

>>> [b.name for _, _, b in known_bodies("Giao Sở KH&ĐT phối hợp Sở Nội vụ")]
['Sở Kế hoạch và Đầu tư', 'Sở Nội vụ']
>>> body_by_code("SKHĐT")
'Sở Kế hoạch và Đầu tư'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import regex

from extractors.lexicon.names import name_key
from extractors.text.patterns import load_data, load_model, word_lists
from extractors.text.trie import trie_alternation
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
def standard_names() -> tuple[str, ...]:
    """Every standard name the file lists: the bodies of every level, then the offices
    named by their level (``level_names``: "Văn phòng Ủy ban nhân dân tỉnh")."""
    return (*(b.name for b in bodies()), *(load_data("bodies").get("level_names") or ()))


@cache
def provincial_names() -> tuple[str, ...]:
    """The standard names a province's own bodies go by: its departments and boards and
    the offices named by the level ("Trên đây là … của Sở Công Thương", "… của Văn phòng
    Ủy ban nhân dân tỉnh"); ``body_names`` of ``bodies.yaml``'s model."""
    return tuple(load_model("bodies").shared_words()["body_names"])


@cache
def unit_words() -> dict[str, tuple[str, ...]]:
    """The unit grammar's word lists (``words:`` of ``bodies.yaml``)."""
    return {k: tuple(v) for k, v in word_lists(load_data("bodies")).items()}


@cache
def _by_key() -> dict[str, Body]:
    """Every name and short form's :func:`name_key` → its body ("Sở Giao thông – Vận tải"
    and "SỞ GIAO THÔNG VẬN TẢI" are one key)."""
    return {name_key(spelling): body for body in bodies()
            for spelling in (body.name, *body.short)}


def lookup(name: str) -> Body | None:
    """The listed body ``name`` stands for, or None.

    >>> lookup("Sở TT&TT").name
    'Sở Thông tin và Truyền thông'
    """
    return _by_key().get(name_key(name))


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
    return _SEPARATOR.join(regex.escape(w) for w in words)


def _written() -> list[str]:
    """Every name and short form as written, lower-cased, its dashes, commas and spaces
    one space ("sở giao thông vận tải"), longest first."""
    written = dict.fromkeys(regex.sub(r"[\s,\-]+", " ", fold(s).lower()).strip(" .")
                            for body in bodies() for s in (body.name, *body.short))
    return sorted(written, key=len, reverse=True)


#: Between the words of a name: a run of spaces, or a dash or a comma with spaces around.
_SEPARATOR = r"(?:\s*[,\-]\s*|\s+)"


@cache
def _matcher() -> regex.Pattern[str]:
    """Every name and short form as written, longest first: the patterns match the
    written words ("Văn phòng HĐND và UBND"), and what they match is then looked up by
    its key (which expands "UBND")."""
    alt = "|".join(_spelling_regex(s) for s in _written())
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}&])(?:{alt})(?![\p{{L}}\p{{N}}&])", regex.I)


@cache
def _lower_matcher() -> re.Pattern[str]:
    """``_matcher`` for lower-cased text, as a prefix tree in stdlib ``re``
    (``extractors.text.trie``; ``[^\\W_]`` is a letter or digit): the case-blind flat
    alternation of some 200 names costs ~14 µs a call, this one ~1 µs, and the unit
    grammar asks at every head it reads."""
    alt = trie_alternation(_written(), space=_SEPARATOR)
    return re.compile(rf"(?<![^\W_])(?<!&){alt}(?![^\W_]|&)")


def match_at(folded: str, pos: int, lowered: str | None = None) -> tuple[int, Body] | None:
    """A listed body's name starting exactly at ``pos`` of a folded text: (end, body).
    ``lowered`` is ``folded`` lower-cased at the same offsets (``TextView.folded_lower``),
    where the faster prefix tree can run."""
    m = (_matcher().match(folded, pos) if lowered is None
         else _lower_matcher().match(lowered, pos))
    if not m:
        return None
    return m.end(), _by_key()[name_key(folded[pos:m.end()])]


def known_bodies(text: str) -> list[tuple[int, int, Body]]:
    """Every listed body named in ``text``, as ``(start, end, Body)`` in text order."""
    folded = fold(text)
    return [(m.start(), m.end(), _by_key()[name_key(m.group(0))])
            for m in _matcher().finditer(folded)]
