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

from corpus.fixtures.garble import GARBLERS, to_legacy
from pipeline.convert import legacy, quality
from pipeline.convert.quality import (
    _census,
    _non_space,
    assess,
    garbage_reason,
    vietnamese_ratio,
)

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


def test_a_remembered_census_is_only_its_own_texts() -> None:
    """The census is remembered for the last text object counted: asked again for that
    text it is the same; for another text, even one equal to it, it is counted anew."""
    report = _report()
    pasted = report.replace("Hà Nội", "Hµ Néi")  # a TCVN3 name pasted in
    first = _census(report)
    assert _census(report) is first
    for text in (pasted, "".join(report), report + " ", report):
        ascii_bytes, others = _census(text)
        assert others == Counter(ch for ch in text if not ch.isascii()
                                 and ch not in quality.vietnamese_letters())
        assert ascii_bytes == text.encode("ascii", "ignore")


def _needs_detection_by_definition(text: str) -> bool:
    """``legacy.needs_detection`` as its docstring defines it, counted character by
    character: legacy signs and private-use codes against the non-ASCII letters."""
    signs = legacy.legacy_signs()
    marked = sum(1 for ch in text if ch in signs or "\ue000" <= ch <= "\uf8ff")
    letters = sum(1 for ch in text if not ch.isascii() and ch.isalpha())
    return marked > 0 and marked >= legacy.MIN_SIGN_SHARE * max(letters, 1)


def _report() -> str:
    from tests.conftest import REPO

    return (REPO / "corpus" / "texts" / "hanoi_2024_par_index.txt").read_text(encoding="utf-8")


def _lines_through(text: str, garble: object, share: int) -> str:
    """``text`` with about ``share`` % of its lines garbled, spread over the text (a
    Unicode file with lines pasted from a legacy font, a layer half lost)."""
    return "\n".join(garble(line) if i * 37 % 100 < share else line  # type: ignore[operator]
                     for i, line in enumerate(text.split("\n")))


@pytest.mark.parametrize("make", [
    lambda: "Cộng hòa xã hội chủ nghĩa Việt Nam – Độc lập “Tự do”",
    _report,
    lambda: _report() + " Ð",  # a stray "Ð" for "Đ" in a clean page: 1 sign, not 2 %
    lambda: _lines_through(_report(), lambda s: to_legacy(s, "tcvn3"), 5),
    lambda: _lines_through(_report(), lambda s: to_legacy(s, "tcvn3"), 1),
    lambda: to_legacy("Céng hßa x· héi chñ nghÜa ViÖt Nam", "tcvn3"),
    lambda: to_legacy("UỶ BAN NHÂN DÂN TỈNH THÁI BÌNH", "viscii"),  # Ỷ on a control code
    lambda: to_legacy(_report(), "vni"),
    lambda: "Ký hiệu \ue0a1\ue0b2 của phông chữ",  # a symbol font's private-use codes
])
def test_the_legacy_sign_share_counted_from_the_census_is_the_share_by_definition(
        make: object) -> None:
    text = make()  # type: ignore[operator]
    expected = _needs_detection_by_definition(text)
    assert legacy.needs_detection(text) is expected
    assert legacy.needs_detection(text, _census(text)) is expected


@pytest.mark.parametrize("garble", ["tcvn3-7bit", "vni-7bit", "tcvn3", "glyph-order"])
def test_the_garbage_check_trusts_without_judging_only_what_judging_trusts(
        garble: str) -> None:
    """A page whose words are mostly known good is trusted without judging its new ones;
    the verdict is the one the full judgement gives, also where more and more lines of a
    real letter come garbled, across the refusal threshold (a quarter of its words)."""
    from tests.conftest import shared_path

    letter = shared_path("seeds", "002_d5467ff125b81b44.txt").read_text(encoding="utf-8")
    texts = [_lines_through(letter, GARBLERS[garble], share) for share in range(0, 61, 5)]
    full = [garbage_reason(t, min_chars=0, quality=assess(t)) for t in texts]
    assert [garbage_reason(t, min_chars=0) for t in texts] == full
    assert full[0] is None and full[-1] is not None
