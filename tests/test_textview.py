"""The matching view: variants fold together and offsets never move."""

from __future__ import annotations

import pytest

from extractors.textview import TextView, fold, squash

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
