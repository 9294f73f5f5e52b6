"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII) → Unicode, through viparse.

Files typed before Unicode was the norm use fonts that put Vietnamese letters on Latin-1
code points: ".VnTime" text reads "Céng hßa X· héi chñ nghÜa" and "VNI-Times" text reads
"Coäng hoøa xaõ hoäi chuû nghóa" once extracted. viparse (MIT) keeps validated tables and
a content detector for these; this module is the only place that calls it, so an engine
swap touches one file. We never hand-write a charmap.
"""

from __future__ import annotations

import logging

import viparse
from viparse.normalize.detector import detect_encoding as _detect_by_fonts

log = logging.getLogger(__name__)

#: The legacy encodings detected automatically (VPS is never guessed, as viparse says).
LEGACY = ("tcvn3", "vni", "viscii")
#: Longer texts are judged by a sample of this many characters (beginning, middle, end):
#: viparse reads ~150 k characters a second, so all of a 50 MB text would take minutes,
#: and a file typed in one font says which it is in any part.
SAMPLE = 150_000


def encoding_of_font(font: str | None) -> str | None:
    """The legacy encoding a font name implies: ".VnTime" → tcvn3, "VNI-Times" → vni."""
    if not font:
        return None
    return _detect_by_fonts([font]).encoding


def detect(text: str) -> str | None:
    """The legacy encoding of ``text`` judged by its content, or None (Unicode/unsure).

    >>> detect("Céng hßa X· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc")
    'tcvn3'
    """
    if not text.strip() or text.isascii():
        return None
    found = viparse.detect_text_encoding(sample(text))
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
    return "\n".join(
        viparse.fix(line, encoding=encoding) if line.strip() and not line.isascii() else line
        for line in text.split("\n")
    )


def upper_font(font: str | None) -> bool:
    """True for the capitals-only TCVN3 fonts (".VnTimeH", ".VnArialH").

    TCVN3 has no code points for capital accented letters: headings were typed with the
    lower-case codes in an "H" font that draws them as capitals, so "QUYÕT §ÞNH" in
    .VnTimeH must come back as "QUYẾT ĐỊNH", not "QUYếT ĐịNH".
    """
    return bool(font) and font.strip().upper().startswith(".VN") and font.strip().endswith("H")


def repair(text: str) -> tuple[str, str | None]:
    """Detect a legacy encoding in ``text`` and convert it; return ``(text, encoding)``.

    Text that is already Unicode comes back unchanged with ``None``.
    """
    encoding = detect(text)
    if encoding is None:
        return text, None
    log.info("converting %s text to Unicode", encoding)
    return convert(text, encoding), encoding
