"""Unit names that are one unit share a key; a key without its place is its base."""

from __future__ import annotations

import pytest

from extractors.units.names import lexicon_key, place_base


@pytest.mark.parametrize(("one", "other"), [
    ("UBND tỉnh Đăk Lăk", "Ủy ban nhân dân tỉnh Đắk Lắk"),  # the province spelt its way
    ("Ủy ban tỉnh Lạng Sơn", "UBND tỉnh Lạng Sơn"),  # "Ủy ban tỉnh" is the People's Committee
    ("Sở KH&ĐT", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"),  # a listed short form
    ("Sở Nội vụ", "Sở  Nội\nvụ"),
])
def test_one_unit_one_key(one: str, other: str) -> None:
    assert lexicon_key(one) == lexicon_key(other)


@pytest.mark.parametrize(("key", "base"), [
    (lexicon_key("UBND tỉnh Lạng Sơn"), lexicon_key("UBND tỉnh")),
    (lexicon_key("Sở Xây dựng tỉnh Thái Bình"), lexicon_key("Sở Xây dựng")),
    (lexicon_key("Sở Nội vụ"), "sở nội vụ"),  # no place word: the key is its own base
    # a key of other hands, with a line break before the place word, is read as well
    ("sở xây dựng\ntỉnh thái bình", "sở xây dựng"),
])
def test_place_base(key: str, base: str) -> None:
    assert place_base(key) == base
