"""The matching view: variants fold together and offsets never move."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.text import view as view_module
from extractors.text.view import TextView, fold, squash

CORPUS = sorted(Path(__file__).resolve().parents[3].joinpath("corpus", "texts").glob("*.txt"))

CASES = [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "ỦY BAN NHÂN DÂN"),
    ("hoà giải, khoẻ mạnh, thuỷ lợi", "hòa giải, khỏe mạnh, thủy lợi"),
    ("Thanh Hoá", "Thanh Hóa"),
    ("Khánh Hoà", "Khánh Hòa"),
    ("hoàn thành", "hoàn thành"),  # not at the end of a syllable: unchanged
    ("quý I/2024", "quý I/2024"),  # "qu" + ý is already right
    ("QÐ-UBND", "QĐ-UBND"),  # Latin eth -> Đ
    ("Sở\u00a0Nội vụ", "Sở Nội vụ"),
    ("Giao thông – Vận tải", "Giao thông - Vận tải"),
    ("30/2020/NĐ-\u0421\u0420", "30/2020/NĐ-CP"),  # Cyrillic С Р
    ("“Về việc”", '"Về việc"'),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert len(fold(text)) == len(text)


def _fold_by_definition(text: str) -> str:
    """``fold`` as its patterns define it: the singles, then ``_OLD_TONE_RE``'s matches."""
    out = view_module._SINGLE_RE.sub(view_module._single, text)
    return view_module._OLD_TONE_RE.sub(lambda m: view_module._OLD_TONE[m.group(0)], out)


@pytest.mark.parametrize("text", [
    "hoà bình", "Оà bình", "оà", "quà, gòa, Qoà, GOÀ", "hoàn hoạch", "hoà\u00a0x", "hoà\u0430",
    "oàoà", "\noà", "oà²", "hoàÐ", "tuỳ\n", "UỶ", "xoà-", "",
])
def test_old_tones_found_by_their_letters_are_the_patterns(text: str) -> None:
    """The old-style pairs found by a scan for each first letter (``_OLD_TONE_AT``) are
    those ``_OLD_TONE_RE`` finds: a Cyrillic "о" made "o" first, a "q" or "g" before,
    a letter, a superscript or a line break after."""
    assert fold(text) == _fold_by_definition(text)


def test_old_tones_before_every_character() -> None:
    """Whatever follows a pair (every code point of the basic plane): a letter as
    ``regex`` reads it keeps the pair, anything else folds it."""
    for pair in ("oà", "Uỷ", "OẸ"):
        for code in range(0x10000):
            text = f"h{pair}{chr(code)}"
            assert fold(text) == _fold_by_definition(text), hex(code)


def test_fold_on_the_corpus() -> None:
    for path in CORPUS:
        text = path.read_text(encoding="utf-8")
        assert fold(text) == _fold_by_definition(text), path.name


def test_view_offsets_point_into_stored_text() -> None:
    text = "Ủy ban\u00a0nhân dân tỉnh Khánh Hoà.\nSố: 12/QÐ-UBND"
    view = TextView(text)
    i = view.folded.index("QĐ-UBND")
    assert text[i : i + 7] == "QÐ-UBND"


def test_squash_joins_broken_lines() -> None:
    assert squash("Sở Kế\nhoạch   và Đầu tư\n") == "Sở Kế hoạch và Đầu tư"


def test_sentences_cover_text() -> None:
    view = TextView("Ông A đi họp. Bà B về nhà.\n\n- Mục một;\n- Mục hai.")
    quotes = [view.text[a:b] for a, b in view.sentence_bounds]
    assert quotes[0] == "Ông A đi họp."
    assert quotes[1] == "Bà B về nhà."
    assert len(quotes) == 4


@pytest.mark.parametrize("text", [
    "Ông A đi họp. Bà B về nhà.\n\n- Mục một;\n- Mục hai.",
    'Giao Sở Nội vụ chủ trì." Sở Tư pháp phối hợp… Ủy ban nhân dân tỉnh (UBND) kiểm tra.',
    "đạt 95,43 điểm. 2. Kết quả\n  \n \nb) Nhiệm vụ; + thứ nhất. xếp thứ 2/63",
    # characters, not text: a run of two stops met by two scans, closing marks, white
    # space ``re`` takes and ``regex`` does not, a capital only newer Unicode knows
    "A?. B!… C;\n\n\n  - D.\n\n",
    "A.\u001c B.\u2028C.\u3000D.\tꟋ E.\u00a0Ａ",
    *[p.read_text(encoding="utf-8") for p in CORPUS],
])
def test_sentence_ends_as_the_regex_pattern_finds_them(text: str) -> None:
    """The stdlib ``re`` scan of sentence ends finds what ``_SENTENCE_END`` (the pattern
    as written, in ``regex``) finds, on short quotations and every corpus text."""
    folded = fold(text)
    expected = [m.end() for m in view_module._SENTENCE_END.finditer(folded)]
    assert view_module.sentence_ends(folded) == expected


def test_line_bounds() -> None:
    view = TextView("một\nhai\nba")
    assert view.line_bounds(5) == (4, 7)
    assert view.line_of(9) == 2


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\n\n", "một dòng", "một\nhai\nba", "cuối có xuống dòng\n", "\r\nWindows\r\n",
     "SỞ NỘI VỤ\n\nSố: 12/TB-SNV\u2028không phải dòng mới\n"],
)
def test_line_starts_are_one_past_every_newline(text: str) -> None:
    view = TextView(text)
    assert view.line_starts == [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    for offset in range(len(text)):
        a, b = view.line_bounds(offset)
        assert "\n" not in text[a:b] and a <= offset <= b


@pytest.mark.parametrize("text", [
    "Thanh Hoá", "Thanh Hoa\u0301", "Hòa", "Ho\u0300a", "", "Uỷ ban nhân dân",
])
def test_nfc_of_a_text_it_gave_is_that_text(text: str) -> None:
    """``nfc`` remembers the last text it gave: asked for it again (a converted page's
    garbage check), it is that very text, NFC; any other text is normalized."""
    import unicodedata

    from extractors.text.view import nfc

    normal = nfc(text)
    assert normal == unicodedata.normalize("NFC", text)
    assert nfc(normal) is normal
    assert nfc("Ho\u0300a") == "Hòa" and nfc(normal) == normal
