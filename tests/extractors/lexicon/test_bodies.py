"""The bodies gazetteer (extractors/lexicon/data/bodies.yaml) is clean and answers lookups."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.lexicon.bodies import (
    bodies,
    body_by_code,
    known_bodies,
    lookup,
    match_at,
    provincial_names,
)
from extractors.lexicon.names import name_key
from extractors.text.patterns import data_path, load_data
from extractors.text.view import TextView


def test_file_is_nfc() -> None:
    raw = data_path("bodies").read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw


def test_bodies_sorted_by_name() -> None:
    names = [b.name for b in bodies()]
    assert names == sorted(names)


def test_no_name_or_short_form_twice() -> None:
    seen: dict[str, str] = {}
    spellings = [s for body in bodies() for s in (body.name, *body.short)]
    for spelling in [*spellings, *load_data("bodies")["level_names"]]:
        k = name_key(spelling)
        assert k not in seen, f"{spelling!r} repeats {seen[k]!r}"
        seen[k] = spelling


def test_level_names_sorted_and_provincial() -> None:
    names = load_data("bodies")["level_names"]
    assert names == sorted(names)
    assert all(n.endswith(" tỉnh") for n in names)
    assert set(names) <= set(provincial_names())


def test_no_issuer_code_twice() -> None:
    codes = [c.upper() for b in bodies() for c in b.codes]
    codes += [c.upper() for c in load_data("bodies")["level_codes"]]
    assert len(codes) == len(set(codes))


def test_levels_are_known() -> None:
    assert {b.level for b in bodies()} <= {"central", "province", "district", "any"}


@pytest.mark.parametrize(("code", "expected"), [
    ("SKHĐT", "Sở Kế hoạch và Đầu tư"),
    ("SKH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("SCT", "Sở Công Thương"),
    ("SNV", "Sở Nội vụ"),
    ("STTTT", "Sở Thông tin và Truyền thông"),
    ("UBND", "Ủy ban nhân dân"),
    ("BNV", "Bộ Nội vụ"),
    ("XYZ", None),
])
def test_body_by_code(code: str, expected: str | None) -> None:
    assert body_by_code(code) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Sở TTTT", "Sở Thông tin và Truyền thông"),
    ("SỞ GIAO THÔNG VẬN TẢI", "Sở Giao thông vận tải"),
    ("Sở Giao thông – Vận tải", "Sở Giao thông vận tải"),
    ("Bộ Văn hoá Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("Sở Hạnh phúc", None),
])
def test_lookup(written: str, expected: str | None) -> None:
    found = lookup(written)
    assert (found.name if found else None) == expected


def test_known_bodies_in_text() -> None:
    text = "Giao Sở GD&ĐT phối hợp Bộ Y tế và Văn phòng Chính phủ."
    found = [(text[a:b], body.name) for a, b, body in known_bodies(text)]
    assert found == [("Sở GD&ĐT", "Sở Giáo dục và Đào tạo"), ("Bộ Y tế", "Bộ Y tế"),
                     ("Văn phòng Chính phủ", "Văn phòng Chính phủ")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Giao Sở Nội vụ chủ trì", "Sở Nội vụ"),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ TỈNH", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),
    ("phối hợp Sở Giao thông - Vận tải,", "Sở Giao thông - Vận tải"),
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động, Thương binh và Xã hội"),
    ("Sở KH&ĐT tỉnh", "Sở KH&ĐT"),
    ("Sở KH&ĐTX", None),
    ("TTHC&Sở Nội vụ", None),  # glued to an abbreviation by "&"
])
def test_match_at_lowered_same_as_flat(text: str, expected: str | None) -> None:
    """The prefix tree on the lower-cased text finds, at every offset, the body the
    case-blind flat alternation finds on the folded text."""
    view = TextView(text)
    flat = [match_at(view.folded, i) for i in range(len(text))]
    assert [match_at(view.folded, i, view.folded_lower) for i in range(len(text))] == flat
    found = [text[i:m[0]] for i, m in enumerate(flat) if m]
    assert found == ([expected] if expected else [])
