"""Whether a line of a news article is its byline: who wrote it, as the portal prints it.

A byline stands alone on a line, under the headline or after the last paragraph, and
portals print it in many shapes:

- a name in normal case or in capitals ("Hằng Nga", "HẠNH CHÂU", "GIA KHÁNH"), the
  capitals put into normal case for the value ("Hạnh Châu"), the quote as printed;
- initials ("TD", "N.H", "Đ.Chính"), a team ("PV", "CTV", "Nhóm PV");
- two authors joined by a dash or "và" ("Đức Tính - Nông Quý": both wrote it, the
  first is the document's signer);
- a label ("Tác giả: Tô Dậu", "Tin, ảnh: Minh Khang", "Bài và ảnh: Thu Hà").

Not a byline: a section name in capitals ("TIN LIÊN QUAN", "CẢI CÁCH HÀNH CHÍNH"), a
news agency ("TTXVN", "VOV"), a place ("HÀ NỘI", or a dateline "HÀ NỘI (TTXVN)").
"""

from __future__ import annotations

from functools import cache

import regex

from extractors.lexicon.gazetteer import standard_name
from extractors.text.patterns import load_data, patterns, word_lists

_CAPS = r"\p{Lu}+(?:[ ]\p{Lu}+){1,3}"
_TITLE = r"\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}*){1,3}"
_INITIALS = (r"\p{Lu}\.[ ]?\p{Lu}\p{Ll}*(?:[ ]\p{Lu}\p{Ll}*)?|\p{Lu}\.\p{Lu}\.?"
             r"|(?!TTX|VOV|VTV|VNA|BBT)\p{Lu}{2,3}")
_ONE = rf"(?:{_TITLE}|{_CAPS}|{_INITIALS}|(?i:nhóm[ ])?(?:PV|CTV))"
_LINE = regex.compile(
    rf"^-*\s*(?P<name>{_ONE})(?:\s*(?:-|–|,|\s(?i:và)\s)\s*(?P<name2>{_ONE}))?"
    r"(?:\s*\([^)\n]{2,60}\))?\.?\s*-*$")
_LABEL = patterns("document")["news.byline_label"].regex


@cache
def _stop_syllables() -> frozenset[str]:
    return frozenset(w.casefold() for w in word_lists(load_data("document"))["byline_stops"])


def labelled_byline(line: str) -> bool:
    """A line with a byline label ("Tin, ảnh: Minh Khang"), which outranks a bare name."""
    return ":" in line and _LABEL.search(line) is not None  # a label ends with its ':'


def byline_names(line: str) -> list[tuple[int, int, str]]:
    """The authors a whole ``line`` names, as (start, end, value) within ``line``; [] when
    it is not a byline.

    >>> byline_names("HẠNH CHÂU")
    [(0, 9, 'Hạnh Châu')]
    >>> [v for _, _, v in byline_names("Đức Tính - Nông Quý")]
    ['Đức Tính', 'Nông Quý']
    >>> byline_names("TIN LIÊN QUAN"), byline_names("TTXVN")
    ([], [])
    """
    m = _LABEL.search(line) if ":" in line else None  # a label ends with its ':'
    groups = ("name",) if m else ("name", "name2")
    m = m or _LINE.match(line)
    if not m:
        return []
    out = []
    for g in groups:
        if m.group(g) is None:
            continue
        value = _value(m.group(g))
        if value is None:
            return []
        out.append((m.start(g), m.end(g), value))
    return out


def _value(name: str) -> str | None:
    """A name in capitals in normal case ("GIA KHÁNH" → "Gia Khánh"), or None when it is
    a section name, a place or a banner."""
    syllables = name.split()
    if len(syllables) > 1 and all(s.isupper() for s in syllables):
        if any(s.casefold() in _stop_syllables() for s in syllables):
            return None
        name = " ".join(s.capitalize() for s in syllables)
    if standard_name(name) is not None:
        return None
    banners = patterns("document")["news.banner"].regex
    return None if banners.match(name) else name
