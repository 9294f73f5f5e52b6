"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII) → Unicode, through viparse.

Files typed before Unicode was the norm use fonts that put Vietnamese letters on Latin-1
code points: ".VnTime" text reads "Céng hßa X· héi chñ nghÜa" and "VNI-Times" text reads
"Coäng hoøa xaõ hoäi chuû nghóa" once extracted. viparse (MIT) keeps validated tables and
a content detector for these; this module is the only place that calls it, so an engine
swap touches one file. We never hand-write a charmap. viparse is imported when a text
needs it (~35 ms of CPU a process): a run of clean Unicode files never does.
"""

from __future__ import annotations

import logging
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

    from pipeline.convert.quality import Census

log = logging.getLogger(__name__)

#: The legacy encodings detected automatically (VPS is never guessed, as viparse says).
LEGACY = ("tcvn3", "vni", "viscii")
#: Longer texts are judged by a sample of this many characters (beginning, middle, end):
#: viparse reads ~150 k characters a second, so all of a 50 MB text would take minutes,
#: and a file typed in one font says which it is in any part.
SAMPLE = 150_000


#: Symbols of the Latin-1 block that clean Unicode Vietnamese uses ("25 m²", "30°C",
#: "± 5%", "«…»", a footnote's "¹", a Word non-breaking space): not a sign of a legacy
#: font on their own.
CLEAN_SYMBOLS = frozenset("\u00a0©®°±¹²³×÷«»½¼¾º")


@cache
def legacy_signs() -> frozenset[str]:
    """Characters a legacy font leaves in text read as Latin-1 or Windows-1252.

    TCVN3 puts "ộ" on 0xE9 and "à" on 0xB5, so "Cộng hòa xã" reads "Céng hßa X·"; VNI
    writes a base letter and a tone byte ("Coäng hoøa"); VISCII puts six capitals on C0
    control codes; ".VnTime" PDFs draw "ư" as U+2212. Every such reading leaves letters
    of the Latin-1 and Latin Extended blocks that are not in the Vietnamese alphabet
    ("ß", "µ", "ä", "ø", "Œ"), controls or that minus sign. The Vietnamese letters of those
    blocks ("à", "ă", "đ", "ơ") and ``CLEAN_SYMBOLS`` are not signs.
    """
    from pipeline.convert.quality import vietnamese_letters

    latin = {chr(c) for c in range(0x80, 0x250)} - vietnamese_letters() - CLEAN_SYMBOLS
    controls = {chr(c) for c in range(0x20)} - set("\t\n\r\f\v")
    return frozenset(latin | controls | {"\u02c6", "\u02dc", "\u2212"})


#: A legacy font leaves its signs on a large share of a text's non-ASCII letters (at least
#: 14 % in every paragraph of our legacy fixtures that viparse calls legacy: "Céng hßa"
#: is 2 of 6); a Unicode page quoting a foreign name ("Łódź"), a stray "Ð" for "Đ" or a
#: pinyin "ǎ" for "ă" has a handful among thousands (at most 0.5 %), and viparse calls
#: such a page Unicode even when a quarter of its signs-bearing letters are legacy. Below
#: this share the detector is not asked.
MIN_SIGN_SHARE = 0.02


#: The ASCII controls among ``legacy_signs()`` (VISCII puts six capitals on them).
_CONTROLS = bytes(c for c in range(0x20) if chr(c) not in "\t\n\r\f\v")


@cache
def _sign_pattern() -> re.Pattern[str]:
    """One character of ``legacy_signs()`` or of the private-use area: a clean page is
    told by one scan that finds none (~0.02 ms for 10 k characters, where the set of its
    characters took ~0.12 ms)."""
    signs = "".join(f"\\u{ord(ch):04x}" for ch in sorted(legacy_signs()))
    return re.compile(f"[{signs}\\ue000-\\uf8ff]")


def needs_detection(text: str, census: Census | None = None) -> bool:
    """False when ``text`` shows no sign of a legacy font, so viparse need not judge it.

    viparse's detector scores ``text`` against every legacy table (~150 k characters a
    second); most texts are clean Unicode ("Cộng hòa xã hội chủ nghĩa Việt Nam", curly
    quotes, dashes, "m²"), which one scan for a sign says (``_sign_pattern``).
    A text whose ``legacy_signs()`` characters, or private-use ones (a symbol font's
    codes), are at least ``MIN_SIGN_SHARE`` of its non-ASCII letters still goes to the
    detector, which decides as before. Both are counted from the text's ``census``
    (``quality``: its ASCII bytes and its few characters that are neither ASCII nor
    Vietnamese letters), handed in when the caller has it: a Unicode page with one "Ð"
    costs one more scan, not a count of each of its 10,000 characters (~2 ms).

    >>> needs_detection("Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập “Tự do”")
    False
    >>> needs_detection("Céng hßa X· héi chñ nghÜa ViÖt Nam")
    True
    """
    if census is None:
        if not _sign_pattern().search(text):
            return False  # most texts: one scan, no count of their characters
        from pipeline.convert.quality import _census

        census = _census(text)
    ascii_bytes, others = census
    signs = legacy_signs()
    marked = len(ascii_bytes) - len(ascii_bytes.translate(None, _CONTROLS)) + sum(
        n for ch, n in others.items() if ch in signs or "\ue000" <= ch <= "\uf8ff")
    if not marked:
        return False
    # The non-ASCII letters: every Vietnamese one (those not ASCII and not ``others``)
    # and the foreign letters among ``others`` ("ß", "Ö").
    letters = len(text) - len(ascii_bytes) - others.total() + sum(
        n for ch, n in others.items() if ch.isalpha())
    return marked >= MIN_SIGN_SHARE * max(letters, 1)


def encoding_of_font(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ".VnTime" → tcvn3, "VNI-Times" → vni."""
    if not font:
        return None
    from viparse.normalize.detector import detect_encoding

    return detect_encoding([font]).encoding


def detect(text: str, census: Census | None = None) -> str | None:
    """The legacy encoding of ``text`` judged by its content, or None (Unicode/unsure).
    ``census``: the text's (``quality``), when the caller has it or will need it.

    >>> detect("Céng hßa X· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc")
    'tcvn3'
    """
    if text.isspace() or not text or text.isascii() or not needs_detection(text, census):
        return None
    return _detect_sample(sample(text))


@lru_cache(maxsize=4)
def _detect_sample(text: str) -> str | None:
    """viparse's verdict, kept for the few texts asked about twice (``doc`` asks once to
    pick antiword or LibreOffice, then again to convert)."""
    found = _viparse().detect_text_encoding(text)
    return found if found in LEGACY else None


def sample(text: str) -> str:
    """``text`` itself when short, else its beginning, middle and end (``SAMPLE`` in all),
    cut at line breaks so no line is judged by half its letters."""
    if len(text) <= SAMPLE:
        return text
    third = SAMPLE // 3
    middle = len(text) // 2 - third // 2
    parts = [text[:third], text[middle:middle + third], text[-third:]]
    return "\n".join(_whole_lines(part) for part in parts)


def _whole_lines(part: str) -> str:
    lines = part.split("\n")
    return "\n".join(lines[1:-1]) if len(lines) > 2 else part


def convert(text: str, encoding: str) -> str:
    """Convert ``text`` known to be in ``encoding``, line by line so breaks survive.

    viparse's ``fix`` tidies white space inside what it is given; calling it per line
    keeps the paragraph structure the extractors need.
    """
    fix = _viparse().fix
    return "\n".join(
        fix(line, encoding=encoding) if line.strip() and not line.isascii() else line
        for line in text.split("\n")
    )


def _viparse() -> ModuleType:
    """viparse itself, imported on first use."""
    import viparse

    return viparse


def upper_font(font: str | None) -> bool:
    """True for the capitals-only TCVN3 fonts (".VnTimeH", ".VnArialH").

    TCVN3 has no code points for capital accented letters: headings were typed with the
    lower-case codes in an "H" font that draws them as capitals, so "QUYÕT §ÞNH" in
    .VnTimeH must come back as "QUYẾT ĐỊNH", not "QUYếT ĐịNH".
    """
    return bool(font) and font.strip().upper().startswith(".VN") and font.strip().endswith("H")


def repair(text: str, census: Census | None = None) -> tuple[str, str | None]:
    """Detect a legacy encoding in ``text`` and convert it; return ``(text, encoding)``.
    ``census``: as ``detect``'s.

    Text that is already Unicode comes back unchanged with ``None``.
    """
    encoding = detect(text, census)
    if encoding is None:
        return text, None
    log.info("converting %s text to Unicode", encoding)
    return convert(text, encoding), encoding
