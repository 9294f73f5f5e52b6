"""Rule-only places of names: signature blocks, news bylines, and positions after a name.

The signature block ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Luận" → Nguyễn Văn Luận,
"Phó Giám đốc") is read by ``extractors.layout.signature`` and a news author ("Tác giả: Tô
Dậu", "Hằng Nga 08:17, 24/07/2024") by ``extractors.layout.news``, both owned by the document
extractor; this module only turns their answers into candidates. A position after a
name in running text ("…, Giám đốc Sở Công Thương, nhấn mạnh") is read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import regex

from extractors.text.patterns import alternation, load_data, patterns, word_lists
from extractors.text.view import TextView, squash

if TYPE_CHECKING:
    from extractors.context import Context

_SYL = r"\p{Lu}\p{Ll}+"
_NAME = regex.compile(rf"{_SYL}(?:[ ]{_SYL}){{1,3}}")
#: What joins a name to a position said after it: ", ", " – ", " (", ": ".
AFTER_NAME = regex.compile(r"\s*(?:,|–|-|\(|:)\s*")
_STOP = patterns("people")["person.position_stop"].regex


@cache
def words() -> dict[str, list[str]]:
    """The word lists of ``people.yaml``."""
    return word_lists(load_data("people"))


@cache
def word_set(name: str) -> frozenset[str]:
    """One list of ``people.yaml`` as a set, for membership tests ("Nguyễn" a family
    name) without a scan of the list."""
    return frozenset(words()[name])


@cache
def word_regex(name: str, suffix: str = "") -> regex.Pattern[str]:
    """One list of ``people.yaml`` as a case-blind alternation (longest first)."""
    return regex.compile(alternation(words()[name]) + suffix, regex.I)


def has_surname(name: str) -> bool:
    """Whether a name starts with a common family name ("NGUYỄN VĂN A", not "DÂN TỈNH")."""
    first = name.split()[0].capitalize()
    return first in word_set("surnames")


def breaks_name(syllable: str, first: bool = False) -> bool:
    """Whether a capitalised syllable cannot be part of a person's name ("Phó", "Sở",
    ``name_breakers``); a family name among them ("Đoàn") opens one: "ông Đoàn Tấn Bửu"
    is a name, "Trưởng Đoàn" is not."""
    if syllable not in word_set("name_breakers"):
        return False
    return not (first and syllable in word_set("surnames"))


@dataclass
class Candidate:
    """A person name found at ``[start, end)`` with its position, if any."""

    start: int
    end: int
    name: str
    position: str | None
    rule: str


def signer(view: Context) -> list[Candidate]:
    """The signer, as ``extractors.layout.signature`` reads the signature block."""
    sig = view.signature
    if sig is None or not sig.name or not sig.name_span:
        return []
    a, b = sig.name_span
    return [Candidate(a, b, sig.name, sig.position, "people.signature")]


def author(view: Context) -> list[Candidate]:
    """A news article's authors, as ``extractors.layout.news`` reads its byline ("Đức Tính -
    Nông Quý": both); kept only when shaped like a name (2–4 capitalised syllables, not
    initials such as "TD")."""
    news = view.news
    return [Candidate(f.start, f.end, f.value, None, "people.byline")
            for f in [news.author, *news.coauthors] if f and _NAME.fullmatch(f.value)]


def position_after(view: TextView, end: int, positions: regex.Pattern[str]) -> str | None:
    """", Giám đốc Sở Công Thương, nhấn mạnh" after a name → "Giám đốc Sở Công Thương"."""
    m = AFTER_NAME.match(view.folded[end:end + 6])
    if not m:
        return None
    start = end + m.end()
    p = positions.match(view.folded, start)
    if not p:
        return None
    stop = _STOP.search(view.folded, p.end(), min(len(view.folded), p.end() + 80))
    stop_at = stop.start() if stop else min(len(view.text), p.end() + 80)
    return squash(view.text[start:stop_at]) or None
