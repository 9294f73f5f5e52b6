"""The matching view: variants fold together and offsets never move."""

from __future__ import annotations

import re

import pytest
import regex

from extractors.text.view import TextView, _regex_class, fold, sentence_ends, squash

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


#: ``view.sentence_bounds``'s ends as one ``regex`` scan found them before they were spelt
#: out for stdlib ``re`` and split by the character they open with (``sentence_ends``):
#: both must find the same ends everywhere.
_REGEX_SENTENCE_END = regex.compile(
    r"(?:[.!?…;]+[\"')\]]*(?=\s+[\p{Lu}\d\-+•(])|\n\s*\n|\n(?=\s*[-+•*]))")


@pytest.mark.parametrize("pattern", [r"\s", r"[\p{Lu}\d]"])
def test_regex_classes_spelt_out_for_re_match_the_same_code_points(pattern: str) -> None:
    """``re`` has no ``\\p{Lu}`` and its ``\\s`` takes U+001C..U+001F: the sentence ends
    spell ``regex``'s classes out, and every code point must be in both or neither."""
    spelt = re.compile(f"[{_regex_class(pattern)}]")
    one = regex.compile(pattern)
    differ = [c for c in map(chr, range(0x110000))
              if bool(spelt.match(c)) != bool(one.match(c))]
    assert differ == []


@pytest.mark.parametrize("text", [
    # Real quotations (corpus and seeds), with the breaks converters leave.
    "Tổng số hồ sơ tiếp nhận: 9.120 hồ sơ; trong đó giải quyết đúng hạn 8.586 hồ sơ. "
    "Trễ hạn 12 hồ sơ.",
    "Căn cứ Luật Tổ chức chính quyền địa phương;\nCăn cứ Nghị định số 30/2020/NĐ-CP…\n\n"
    "QUYẾT ĐỊNH:",
    "Nội dung gồm:\n- Cải cách thể chế;\n  + Rà soát văn bản.\n• Cải cách thủ tục hành chính!",
    "Sở Nội vụ (SNV). 1. Mục tiêu? \"Đúng hạn.\" (Điều 5)",
    "kết thúc.\u001c Mới. Câu\u2028Hai.\u3000Ba",  # spaces re takes and regex does not
    "Ủy ban.\u00a0Ủy ban nhân dân.\tꟋ lạ. Ａ rộng",  # a capital only newer Unicode knows
    "Vì sao?. Vì chưa xong!… Còn lại;\n\n\n  - Mục một.\n\n",  # runs of stops, blank lines
    "",
])
def test_sentence_ends_are_regex_ends(text: str) -> None:
    ends = [m.end() for m in _REGEX_SENTENCE_END.finditer(text)]
    assert sentence_ends(text) == ends
