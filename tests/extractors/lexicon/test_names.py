"""The one name key (extractors/lexicon/names.py): which spellings are one name, and which
look alike but are not.

Each row is (one spelling, another spelling, same name?), so the table reads as the rule.
"""

from __future__ import annotations

import unicodedata

import pytest

from extractors import extract
from extractors.lexicon import name_key
from extractors.lexicon.casing import normal_case
from extractors.lexicon.names import accent_free_key
from extractors.text.view import fold

NFD = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hòa Bình")

SPELLINGS: list[tuple[str, str, bool]] = [
    # capitals: header lines are typed in capitals
    ("SỞ NỘI VỤ", "Sở Nội vụ", True),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư", True),
    ("Sở Công Thương", "Sở Công thương", True),
    # NFC and NFD (Windows-1258 conversions arrive decomposed)
    (NFD, "Ủy ban nhân dân tỉnh Hòa Bình", True),
    # Latin eth typed for Đ
    ("ÐẮK LẮK", "Đắk Lắk", True),
    ("Sở Tư pháp tỉnh Ðồng Nai", "Sở Tư pháp tỉnh Đồng Nai", True),
    # hyphen, en dash, em dash, minus; spaces around them or none
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động – Thương binh và Xã hội", True),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động—Thương binh và Xã hội", True),
    ("Sở Lao động-Thương binh và Xã hội", "Sở Lao động − Thương binh và Xã hội", True),
    ("Sở Quy hoạch - Kiến trúc", "Sở Quy hoạch Kiến trúc", True),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế", True),
    ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu", True),
    # commas between a department's fields read like the dash (documents write both)
    ("Sở Lao động, Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội", True),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa - Thể thao và Du lịch", True),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa Thể thao và Du lịch", True),
    # "&" binds without spaces
    ("Sở LĐ-TB & XH", "Sở LĐ-TB&XH", True),
    # old and new tone placement at the end of a syllable: oa, oe, uy
    ("Uỷ ban nhân dân", "Ủy ban nhân dân", True),
    ("Hoà Bình", "Hòa Bình", True),
    ("Khánh Hoà", "Khánh Hòa", True),
    ("Thanh Hoá", "Thanh Hóa", True),
    ("Sở Văn hoá và Thể thao", "Sở Văn hóa và Thể thao", True),
    ("Trung tâm Y tế huyện Thuỵ Anh", "Trung tâm Y tế huyện Thụy Anh", True),
    ("Phòng Y tế huyện Bố Trạch (Khoẻ)", "Phòng Y tế huyện Bố Trạch (Khỏe)", True),
    # … but not after q or g, where u and i belong to the consonant
    ("xã Quý Sơn", "xã Qúy Sơn", False),
    ("huyện Quỳnh Lưu", "huyện Qùynh Lưu", False),
    # abbreviations of a body's kind
    ("UBND tỉnh Lạng Sơn", "Ủy ban nhân dân tỉnh Lạng Sơn", True),
    ("UBND TỈNH LẠNG SƠN", "Uỷ ban nhân dân tỉnh Lạng Sơn", True),
    ("HĐND tỉnh", "Hội đồng nhân dân tỉnh", True),
    ("Văn phòng HĐND và UBND huyện Đại Từ",
     "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Đại Từ", True),
    ("Ban Chỉ đạo CCHC tỉnh", "Ban Chỉ đạo cải cách hành chính tỉnh", True),
    ("Tổ công tác TTHC", "Tổ công tác thủ tục hành chính", True),
    ("UBND TP. Huế", "Ủy ban nhân dân thành phố Huế", True),
    ("UBND TP.Huế", "UBND Tp Huế", True),
    ("UBND T.P Buôn Ma Thuột", "UBND thành phố Buôn Ma Thuột", True),
    ("TP.HCM", "TP. HCM", True),
    # white space: runs, line breaks, non-breaking spaces, ends
    ("Sở  Kế\nhoạch và Đầu tư", "Sở Kế hoạch và Đầu tư", True),
    ("Sở\u00a0Nội vụ", "Sở Nội vụ", True),
    ("  Sở Nội vụ. ", "Sở Nội vụ", True),
    # different bodies
    ("Sở Nội vụ", "Sở Ngoại vụ", False),
    ("Bộ Nội vụ", "Sở Nội vụ", False),
    ("Sở Văn hóa và Thể thao", "Sở Văn hóa, Thể thao và Du lịch", False),
    ("Phòng Văn hóa - Thông tin", "Phòng Văn hóa và Thông tin", False),
    ("UBND tỉnh", "HĐND tỉnh", False),
    ("Văn phòng UBND tỉnh", "UBND tỉnh", False),
    # different places, or one name at two levels
    ("huyện Phú Tân", "thị xã Phú Tân", False),
    ("UBND huyện Châu Thành", "UBND thành phố Châu Thành", False),
    ("xã Tân Lập", "phường Tân Lập", False),
    ("tỉnh Đắk Lắk", "Đắk Lắk", False),
    # the 2025 names: spelling only, never a successor (that is the gazetteer's province_on)
    ("Tiền Giang", "Đồng Tháp", False),
    ("tỉnh Hà Giang", "tỉnh Tuyên Quang", False),
    ("Thừa Thiên Huế", "Huế", False),
    ("Đăk Lăk", "Đắk Lắk", False),  # other letters: the gazetteer lists the variant
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư", False),  # a short form: the bodies lexicon
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở Nông nghiệp và Môi trường", False),
    # words that contain an abbreviation's letters are not the abbreviation
    ("TPHCM", "thành phố HCM", False),
    ("VPUBND", "Văn phòng Ủy ban nhân dân", False),
]


@pytest.mark.parametrize(("one", "other", "same"), SPELLINGS)
def test_name_key(one: str, other: str, same: bool) -> None:
    assert (name_key(one) == name_key(other)) is same, (name_key(one), name_key(other))


@pytest.mark.parametrize(("written", "key"), [
    ("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI", "sở lao động thương binh và xã hội"),
    ("UBND TP. Huế", "ủy ban nhân dân thành phố huế"),
    ("quý", "quý"),  # the tone stays on y after q
    ("gìa", "gìa"),  # and nothing moves after g
    ("Uỷ ban", "ủy ban"),
    # the separator substitution runs only where a separator is not one space already
    ("Sở Nội vụ", "sở nội vụ"),
    ("Sở  Nội\tvụ", "sở nội vụ"),
    ("Sở Nội\x85vụ", "sở nội vụ"),  # a next-line mark: white space, not printable
    ("Sở Tài chính-Kế hoạch", "sở tài chính kế hoạch"),
])
def test_the_key_itself(written: str, key: str) -> None:
    assert name_key(written) == key


def test_the_key_is_a_fixed_point() -> None:
    """A key is its own key: code may key a name that is already a key."""
    for one, other, _ in SPELLINGS:
        for s in (one, other):
            assert name_key(name_key(s)) == name_key(s)


@pytest.mark.parametrize(("written", "key"), [
    ("Đắk Lắk", "dak lak"),
    ("ÐẮK LẮK", "dak lak"),
    ("Uỷ ban nhân dân TP. Huế", "uy ban nhan dan thanh pho hue"),
    ("Phan Rang - Tháp Chàm", "phan rang thap cham"),
])
def test_accent_free_key(written: str, key: str) -> None:
    assert accent_free_key(written) == key


@pytest.mark.parametrize(("header", "issuer"), [
    ("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động, Thương binh và Xã hội"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI TỈNH LẠNG SƠN",
     "Sở Lao động, Thương binh và Xã hội tỉnh Lạng Sơn"),
    ("SỞ GIAO THÔNG - VẬN TẢI", "Sở Giao thông - Vận tải"),
    ("SỞ VĂN HOÁ, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("VĂN PHÒNG UBND TỈNH", "Văn phòng UBND tỉnh"),  # the acronym stays as written
    ("UBND", "UBND"),
])
def test_header_casing_takes_the_listed_names_case(header: str, issuer: str) -> None:
    """A header line in capitals is put in the case of the name the lexicon lists, with
    its own words and separators ("XÃ HỘI" is "Xã hội", not the commune word "xã")."""
    assert normal_case(header) == issuer


LDTBXH = """UBND TỈNH LẠNG SƠN
SỞ LAO ĐỘNG, THƯƠNG BINH VÀ XÃ HỘI
Số: 123/KH-SLĐTBXH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lạng Sơn, ngày 17 tháng 7 năm 2019

KẾ HOẠCH
Cải cách hành chính năm 2019

Giao Sở Lao động - Thương binh và Xã hội chủ trì thực hiện.
"""


def test_issuer_and_units_agree_on_the_department_of_labour() -> None:
    """The issuer read from the header and the unit named in the body are one name, both
    cased as the lexicon lists it (the header once gave "… và xã Hội")."""
    extraction = extract(LDTBXH)
    issuer = extraction.document.issuer
    assert issuer == "Sở Lao động, Thương binh và Xã hội"
    departments = [u.name for u in extraction.units if u.name.startswith("Sở")]
    assert len(departments) == 1, departments  # header and body mention: one unit
    assert name_key(departments[0]) == name_key(issuer)
    assert departments[0].endswith("Thương binh và Xã hội")


@pytest.mark.parametrize("name", sorted({n for a, b, _ in SPELLINGS for n in (a, b)}))
def test_abbreviations_are_searched_only_where_their_letters_are(name: str) -> None:
    """An abbreviation ("UBND", "TP.") is expanded only in a name holding its letters; no
    match of its pattern lacks them, so the key is the one every pattern would give."""
    from extractors.lexicon import names

    s = fold(unicodedata.normalize("NFC", name)).casefold()
    for pattern, _, needles in names._ABBREVIATIONS:
        for m in pattern.finditer(s):
            assert any(n in m.group(0) for n in needles), (name, m.group(0))
