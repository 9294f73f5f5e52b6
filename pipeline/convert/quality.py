"""Is this text Vietnamese, or garbage from a wrong decoding or a broken text layer?

Three converters need the same judgement: ``text`` picks between Windows-1258 and a
legacy reading of the same bytes, ``pdf`` decides whether a page's text layer is usable
or must be OCR'd, and the CLI warns on a document that came out as mojibake. A correct
decoding of Vietnamese puts nearly all its non-ASCII letters in the Vietnamese alphabet
("ộ", "ư", "đ"); a wrong one is full of "µ", "ß", "Ì", "Þ" or "(cid:12)".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_CID = re.compile(r"\(cid:\d+\)")


@cache
def vietnamese_letters() -> frozenset[str]:
    """Every non-ASCII letter of the Vietnamese alphabet, both cases, NFC (134 + đ/Đ)."""
    letters = {"đ", "Đ"}
    for vowel in _VOWELS:
        for tone in _TONES:
            for case in (vowel, vowel.upper()):
                letter = unicodedata.normalize("NFC", case + tone)
                if not letter.isascii():
                    letters.add(letter)
    return frozenset(letters)


def vietnamese_ratio(text: str) -> float:
    """Share of non-ASCII letters in ``text`` that belong to the Vietnamese alphabet.

    1.0 for "Cộng hòa xã hội", near 0 for "Céng hßa X· héi"; 1.0 when there is no
    non-ASCII letter at all (plain ASCII says nothing against the decoding).

    >>> vietnamese_ratio("Cộng hòa xã hội chủ nghĩa")
    1.0
    """
    viet = vietnamese_letters()
    good = bad = 0
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            continue
        if ch in viet:
            good += 1
        elif ch.isalpha() or unicodedata.category(ch) in ("So", "Sm", "Co", "Cn", "Cc"):
            bad += 1
    return good / (good + bad) if good + bad else 1.0


def garbage_reason(text: str, *, min_chars: int = 40) -> str | None:
    """Why a page's text layer cannot be trusted, or None when it reads as Vietnamese.

    Reasons: pdfminer's ``(cid:N)`` placeholders for glyphs without a Unicode map,
    replacement characters, too little text to be a page of a document, or letters that
    are mostly outside the Vietnamese alphabet (a custom-encoded font).
    """
    stripped = "".join(text.split())
    if len(_CID.findall(text)) * 6 > max(len(stripped), 1) * 0.2:
        return "(cid:N) glyph codes instead of text"
    if stripped.count("\ufffd") > max(3, len(stripped) // 50):
        return "replacement characters instead of text"
    if len(stripped) < min_chars:
        return f"only {len(stripped)} characters of text"
    letters = sum(ch.isalpha() for ch in stripped)
    if letters < len(stripped) * 0.4:
        return "mostly symbols, few letters"
    if vietnamese_ratio(text) < 0.8:
        return "letters outside the Vietnamese alphabet (a legacy or custom font)"
    return None
