"""The provinces gazetteer: the data is complete and clean, and names are found in text
the way officials and journalists write them."""

from __future__ import annotations

import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest

from extractors.lexicon import gazetteer
from extractors.lexicon.gazetteer import (
    AFTER,
    BEFORE,
    find_provinces,
    province_by_slug,
    provinces,
    standard_name,
    successor,
)
from extractors.lexicon.names import name_key
from extractors.text.patterns import load_data
from extractors.text.view import TextView, fold


def _ascii(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def test_counts() -> None:
    assert len(provinces(BEFORE)) == 63
    assert len(provinces(AFTER)) == 34
    assert sum(p.kind == "thành phố" for p in provinces(BEFORE)) == 5
    assert sum(p.kind == "thành phố" for p in provinces(AFTER)) == 6


@pytest.mark.parametrize("generation", [BEFORE, AFTER])
def test_names_unique_sorted_and_nfc(generation: str) -> None:
    names = [item["name"] for item in load_data("provinces")[generation]]
    assert len(names) == len(set(names))
    assert names == sorted(names, key=lambda n: _ascii(n).lower())
    for name in names:
        assert unicodedata.normalize("NFC", name) == name


def test_no_spelling_or_slug_names_two_places() -> None:
    seen: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for p in provinces(BEFORE):
        for spelling in (p.name, *p.variants):
            assert seen.setdefault(name_key(spelling), p.name) == p.name, spelling
        for slug in p.slugs:
            assert slugs.setdefault(slug, p.name) == p.name, slug
            assert slug.isascii() and slug == slug.lower()


def test_every_old_province_has_exactly_one_successor() -> None:
    absorbed = [name for p in provinces(AFTER) for name in p.absorbed]
    assert sorted(absorbed) == sorted(p.name for p in provinces(BEFORE))
    for old in provinces(BEFORE):
        assert successor(old).generation == AFTER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND TỈNH ĐẮK LẮK\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ", ["Đắk Lắk"]),
        ("Đăk Lăk, ngày 17 tháng 7 năm 2019", ["Đắk Lắk"]),
        ("trên địa bàn tỉnh Đồng Tháp.", ["Đồng Tháp"]),
        ("UBND tỉnh Thừa Thiên - Huế; Sở Nội vụ TT-Huế", ["Thừa Thiên Huế", "Thừa Thiên Huế"]),
        ("Sở Tư pháp TP.HCM và Bà Rịa-Vũng Tàu", ["Hồ Chí Minh", "Bà Rịa - Vũng Tàu"]),
        ("Ủy ban nhân dân tỉnh Hoà Bình; Thanh Hoá, ngày 02/3/2023", ["Hòa Bình", "Thanh Hóa"]),
        ("Công an xã Thái Bình, huyện Long An", []),
        ("bờ Thái Bình Dương; Hà Nam Ninh cũ", []),
        ("vì hòa bình và phát triển", []),
        ("Đại học Huế", []),
        ("thành phố Cần Thơ; TP. Đà Nẵng", ["Cần Thơ", "Đà Nẵng"]),
        ("tỉnh Đắk Nông, tỉnh Đăk Nông", ["Đắk Nông", "Đắk Nông"]),
    ],
)
def test_find_provinces(text: str, expected: list[str]) -> None:
    found = find_provinces(text)
    assert [p.name for _, _, p in found] == expected
    for start, end, _ in found:
        assert text[start:end].strip() == text[start:end]


@pytest.mark.parametrize(
    ("host", "on_date", "expected"),
    [
        ("sct.dongthap.gov.vn", None, "Đồng Tháp"),
        ("https://snv.daklak.gov.vn/tin-tuc/123", "2024-01-02", "Đắk Lắk"),
        ("baothainguyen.vn", None, "Thái Nguyên"),
        ("hochiminhcity.gov.vn", None, "Hồ Chí Minh"),
        ("sonoivu.thaibinh.gov.vn", "2025-08-01", "Hưng Yên"),
        ("example.com", None, None),
    ],
)
def test_province_by_slug(host: str, on_date: str | None, expected: str | None) -> None:
    found = province_by_slug(host, on_date)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("name", "on_date", "expected"),
    [
        ("Đăk Lăk", "2019-07-17", "Đắk Lắk"),
        ("Tiền Giang", "2025-09-01", "Đồng Tháp"),
        ("Tiền Giang", "2024-01", "Tiền Giang"),
        ("Thừa Thiên Huế", "2025-03-01", "Huế"),
        ("Huế", "2020-05-05", "Thừa Thiên Huế"),
        ("Bình Dương", "2025-07-01", "Hồ Chí Minh"),
        ("Khánh Hoà", None, "Khánh Hòa"),
        ("Atlantis", None, None),
    ],
)
def test_standard_name(name: str, on_date: str | None, expected: str | None) -> None:
    assert standard_name(name, on_date) == expected


CORPUS = sorted(Path(__file__).resolve().parents[3].joinpath("corpus", "texts").glob("*.txt"))


def _scanned_mentions(text: str) -> list[tuple[int, int, str]]:
    """The mentions as ``province_mentions`` read them before ``_scan_kept``: every match
    of the prefix-tree scan of the whole page, then the same tests."""
    folded = fold(text)
    out = []
    for m in gazetteer._scan(folded.lower()):
        prefix = gazetteer._prefix(folded, m.start())
        if prefix is None or (not prefix and not gazetteer._bare_ok(folded, m.start(), m.end())):
            continue
        out.append((m.start(), m.end(), prefix))
    return out


@pytest.mark.parametrize("text", [
    "UBND TỈNH ĐẮK LẮK", "tỉnh đồng nai và TP.HCM", "Hà Nam Định", "hà Nam Định",
    "Tây Ninh Bình Định", "thành phố  hồ chí minh", "T.P Hà Nội, Khánh Hòa Bình",
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "Thừa Thiên - Huế, TT-Huế",
    "ủy ban nhân dân lạng sơn", "uỷ ban nhân\ndân. lạng sơn", "thành\nphố. hà nội",
    "người dân hà nội, khu phố hà nam, hội đồng nhân dân bắc ninh", "ubnd.. cà mau",
    *[p.read_text(encoding="utf-8") for p in CORPUS],
])
def test_kept_mentions_are_those_of_the_whole_scan(text: str) -> None:
    """Province mentions found from capitals and strong words (``_scan_kept``) are those
    of the scan of every letter that ``province_mentions`` would keep, names hidden by an
    earlier one ("hà Nam Định": "hà Nam") included."""
    found = [(m.start, m.end, m.prefix) for m in gazetteer.province_mentions(text)]
    assert found == _scanned_mentions(text)


@pytest.mark.parametrize("text", [
    "UBND TỈNH ĐẮK LẮK", "tỉnh đồng nai và TP.HCM", "hà Nam Định, tỉnh Nam Định",
    "tp . Hà Nội, T.P Hà Nội, thành phố  hồ chí minh", "xã Long An, tỉnh Long An",
    "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "Nhân dân Hà Nội", "tỉnhHà Nam",
    "ủy ban nhân dân lạng sơn", "uỷ ban nhân\ndân. lạng sơn", "thành\nphố. hà nội",
    "người dân hà nội, khu phố hà nam, hội đồng nhân dân bắc ninh", "ubnd.. cà mau",
    *[p.read_text(encoding="utf-8") for p in CORPUS],
])
def test_strong_mentions_are_those_with_a_strong_word(text: str) -> None:
    """``strong_mentions`` (read after the strong words only) are the mentions of
    ``province_mentions`` with a prefix word, in the same order."""
    expected = [(m.start, m.end, m.province, m.prefix)
                for m in gazetteer.province_mentions(text) if m.prefix]
    assert [(m.start, m.end, m.province, m.prefix)
            for m in gazetteer.strong_mentions(text)] == expected
    view = TextView(text)  # the strong words' places kept on the page, then reused
    assert [(m.start, m.end, m.province, m.prefix)
            for m in gazetteer.strong_mentions(view)] == expected
    assert gazetteer.province_mentions(view) == gazetteer.province_mentions(text)


@pytest.mark.parametrize("text", [
    "UBND TỈNH ĐẮK LẮK", "hà Nam Định, tỉnh Nam Định", "Bà Rịa - Vũng Tàu và Hà Nội",
    "T.P Hà Nội, Khánh Hòa Bình", "Thừa Thiên - Huế, TT-Huế",
    *[p.read_text(encoding="utf-8") for p in CORPUS],
])
def test_mentions_between_are_the_pages_mentions_there(text: str) -> None:
    """The mentions read from a stretch (``mentions_between``: a line, a stretch cut inside
    a word, the tail of a name) are the page's (``province_mentions``) that start in it;
    a mention that covers a place starts no earlier than ``runs_back`` of it."""
    whole = gazetteer.province_mentions(text)
    view = TextView(text)
    starts = [0, *(i + 1 for i, ch in enumerate(view.folded) if ch == "\n")]
    cuts = sorted({*starts, *(m.start + 1 for m in whole), *(m.end - 1 for m in whole),
                   len(view.folded)})
    for lo, hi in pairwise(cuts):
        assert gazetteer.mentions_between(view, lo, hi) == [
            m for m in whole if lo <= m.start <= hi], (lo, hi)
    for m in whole:
        for q in range(m.start + 1, m.end):
            assert gazetteer.runs_back(view, q) <= m.start
    assert gazetteer.mentions_between(TextView(text), 0, len(text)) == whole


def test_every_capital_of_a_first_letter_is_tried() -> None:
    """``_capitals`` lists every upper-case character whose lower case opens a first word
    ("K" and the Kelvin sign for "k"), over every code point."""
    capitals = gazetteer._capitals()
    for c in map(chr, range(0x110000)):
        low = c.lower()
        if c.isupper() and low in capitals:
            assert c in capitals[low], hex(ord(c))
