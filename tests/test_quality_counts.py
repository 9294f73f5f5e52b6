"""The counts behind the garbage check, taken the cheap way, are the counts by definition.

``quality.garbage_reason`` and ``vietnamese_ratio`` run on every converted txt, docx and
html, so they count a page's characters in C (its ASCII bytes, one scan for the few
characters that are not Vietnamese letters) instead of judging each of its ~10,000
characters in Python; ``legacy.needs_detection`` looks for a legacy sign by one scan.
These examples hold each shortcut to what it stands for.
"""

from __future__ import annotations

import sys
from collections import Counter

import pytest

from pipeline.convert import legacy, quality
from pipeline.convert.quality import _census, _non_space, assess, vietnamese_ratio

#: Quotations of real texts with the white space converters meet: a no-break space from
#: Word, an ideographic space, tabs, a form feed from Tesseract, a line separator.
SPACED = [
    "Sở Nội vụ\r\n\r\n\r\n  Số:\u00a0 12/SNV ",
    "UBND\u3000tỉnh\tQuảng Ninh\f",
    "Kế hoạch\u2028số 04/KH-SCT\u202fngày 05/3/2020",
    "",
    " \n\t",
]


@pytest.mark.parametrize("text", SPACED)
def test_non_space_is_the_length_of_the_text_without_its_white_space(text: str) -> None:
    assert _non_space(text, _census(text)) == len("".join(text.split()))


def test_every_white_space_character_is_counted_as_one() -> None:
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert "\u00a0" in spaces and "\u3000" in spaces
    assert [ch for ch in spaces if _non_space(ch, _census(ch)) != 0] == []


@pytest.mark.parametrize(("text", "ratio"), [
    ("Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập “Tự do”", 1.0),
    ("Kế hoạch số 04/KH-SCT", 1.0),
    ("UBND TINH", 1.0),  # no non-ASCII letter: nothing against the decoding
    # ệ í ệ đ ộ are letters of the alphabet, "°" a symbol against it, "²" neither.
    ("Diện tích 25 m², nhiệt độ 30°C", 5 / 6),
    # TCVN3: é é are Vietnamese letters (e with sắc), ß is not; "·" is punctuation.
    ("Céng hßa X· héi", 2 / 3),
    ("Coäng hoøa", 0.0),  # VNI: "ä" and "ø" are foreign letters
])
def test_vietnamese_ratio(text: str, ratio: float) -> None:
    assert vietnamese_ratio(text) == pytest.approx(ratio)


def test_every_legacy_sign_and_no_vietnamese_letter_is_found_by_the_sign_scan() -> None:
    found = legacy._sign_pattern().search
    assert all(found(ch) for ch in legacy.legacy_signs())
    assert found("\ue000") and found("\uf8ff")  # a symbol font's private-use codes
    assert not [ch for ch in quality.vietnamese_letters() | legacy.CLEAN_SYMBOLS
                if found(ch)]
    assert not found("Cộng hòa xã hội chủ nghĩa Việt Nam – “Độc lập”… 25 m²\n\t")


def test_a_remembered_word_is_judged_as_when_it_was_new() -> None:
    text = ("uY BAN NgAN nAN ceNG HoA Minh Vfr UBND tỉnh Đắk Lắk - 163/2024/QH15 "
            "Ủy ban nhân dân tỉnh Đắk Lắk hßa 56:]+9-}")
    quality._GOOD.clear()
    quality._PROBLEM.clear()
    first = assess(text)
    assert assess(text) == first
    # 22 words ("-" has nothing to judge), 14 good: BAN, Minh, UBND, 163/2024/QH15, ...
    assert first.words == 22 and first.problems == {
        "case": 5, "syllable": 1, "letters": 1, "symbols": 1}
    assert first.examples["case"] == ("uY", "NgAN", "nAN")


def test_the_pieces_pattern_takes_exactly_the_letters_and_digits_isalnum_takes() -> None:
    """``judge_word`` asks whether a token is only letters, digits and separators with
    one ``fullmatch``; its ``[^\\W_]`` must be ``str.isalnum``, code point by code point."""
    pieces = next(iter(quality._PIECES.values()))
    differ = [hex(c) for c in range(sys.maxunicode + 1)
              if chr(c).isalnum() is not bool(pieces.fullmatch(chr(c)))
              and not quality._SPLIT.match(chr(c)) and not quality._NUMBER_SPLIT.match(chr(c))]
    assert differ == []


@pytest.mark.parametrize(("token", "problem"), [
    ("1688/SKHĐT-VP", None), ("2775/SNV-CCHC&VTLT", None), ("90,35%", None),
    ("7:30", None), ("TP.HCM", None), ("Covid-19", None), ("ISO/9001:2015", None),
    ("29/11/2024;", None), ("1.234.567", None), ("2019–2020", None), ("./.", ""),
    ("h_a", "symbols"), ("a/b_c", "symbols"),
])
def test_a_token_of_pieces(token: str, problem: str | None) -> None:
    assert quality._judge(token) == problem


def test_the_census_counts_across_its_pieces() -> None:
    """A text longer than one piece of the scan (``_PIECE``): a real report read as
    Windows-1252, whose every Vietnamese letter became two or three foreign characters,
    repeated past the piece's length; every character is counted once."""
    from corpus.fixtures.garble import utf8_as_cp1252
    from tests.conftest import REPO

    report = (REPO / "corpus" / "texts" / "hanoi_2024_par_index.txt").read_text(encoding="utf-8")
    text = utf8_as_cp1252(report) * (2 * quality._PIECE // len(report) + 1)
    assert len(text) > 2 * quality._PIECE
    ascii_bytes, others = _census(text)
    viet = quality.vietnamese_letters()
    assert others == Counter(ch for ch in text if not ch.isascii() and ch not in viet)
    assert len(ascii_bytes) == sum(ch.isascii() for ch in text)
