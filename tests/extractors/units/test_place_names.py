"""Units named by a place of the 2025 reform or of the Central Highlands: the place name is
read whole — its apostrophe ("huyện Ea H'leo"), a 2025 commune's number ("phường Hà
Giang 1"), the special zone ("đặc khu Phú Quốc") — and a family name that is also a
head ("Đoàn") is no delegation when a given name and a position come with it. Every
sentence is quoted from a real page or document, named beside it."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.lexicon.places import is_commune_2025, is_place_name
from extractors.units import find as units

CASES = [
    # đặc khu: the commune-level special zone since 1 July 2025
    # https://nongnghiepmoitruong.vn/phu-quoc-len-dac-khu-de-khai-thac-tiem-nang-bien-dao-d761038.html
    ("Ngày 2/7, HĐND đặc khu Phú Quốc đã ký nghị quyết về việc đổi 29 ấp thuộc các xã "
     "Dương Tơ, Hàm Ninh, Gành Dầu, Cửa Dương, Cửa Cạn và Bãi Thơm, TP Phú Quốc (cũ) thành "
     "29 khu phố thuộc đặc khu Phú Quốc, tỉnh An Giang.",
     ["HĐND đặc khu Phú Quốc"]),
    # https://plo.vn/dac-khu-phu-quoc-thanh-lap-8-to-cong-tac-theo-doi-dia-ban-cac-khu-pho-post870003.html
    ("Ngày 11-9, UBND đặc khu Phú Quốc (tỉnh An Giang) tổ chức Hội nghị công bố Quyết định "
     "thành lập tổ công tác theo dõi địa bàn các khu phố.",
     ["UBND đặc khu Phú Quốc"]),
    # the same page: the chair's post is a position, as "Chủ tịch UBND tỉnh" is
    ("Theo ông Trần Minh Khoa, Chủ tịch UBND đặc khu Phú Quốc, tám Tổ này có vai trò như "
     "cánh tay nối dài của bộ máy chính quyền đặc khu.",
     []),
    # an apostrophe inside a place name (here a curly one)
    # http://baodaklak.vn/channel/3482/201906/dai-hoi-dai-bieu-cac-dan-toc-thieu-so-huyen-ea-hleo-lan-thu-iii-nam-2019-5639394/
    ("Sáng 28-6, UBND huyện Ea H’leo tổ chức Đại hội đại biểu các dân tộc thiểu số (DTTS) "
     "huyện Ea H’leo lần thứ III năm 2019.",
     ["UBND huyện Ea H’leo"]),
    # a commune whose name starts with a head word
    # https://hethongphapluat.vn/quyet-dinh-67-hdbt-nam-1986-dieu-chinh-dia-gioi-hanh-chinh-mot-so-xa-phuong-thi-tran-thuoc-huyen-da-huoai-huyen-don-duong-huyen-dy-linh-va-thanh-pho-da-lat-thuoc-tinh-lam-dong-do-hoi-dong-bo-truong-ban-hanh.html
    ("- Xã Đoàn Kết có 9.900 hécta đất với 269 nhân khẩu.", []),
    # Đoàn, a family name: no delegation "Đoàn Tấn Bửu"
    # https://nld.com.vn/Print.aspx?NewsID=20201208130105158
    ("Sau khi kiện toàn nhân sự, lãnh đạo UBND tỉnh gồm: Chủ tịch Phạm Thiện Nghĩa; 3 Phó "
     "Chủ tịch là ông Trần Trí Quang, ông Huỳnh Minh Tuấn và ông Đoàn Tấn Bửu.",
     []),
    # but a body whose name goes on in lower case stays a body after a position
    # https://baokhanhhoa.vn/chinh-tri/202208/doan-can-chu-dong-linh-hoat-doi-moi-trong-qua-trinh-trien-khai-cac-phong-trao-gan-chat-voi-yeu-cau-nhiem-vu-chinh-tri-cua-dia-phuong-8260204/
    ("Kính thưa đồng chí Nguyễn  Tường Lâm, Bí thư Trung ương Đoàn Thanh niên Cộng sản Hồ "
     "Chí Minh,",
     ["Đoàn Thanh niên Cộng sản Hồ Chí Minh"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_place_and_family_names(text: str, expected: list[str]) -> None:
    found = units.extract(Context(text))
    assert [u.name for u in found] == expected
    for u in found:
        assert text[u.start:u.end] == u.quote


@pytest.mark.parametrize(("name", "expected"), [
    ("Đam Rông 3", True),    # xã Đam Rông 3, Lâm Đồng (2025)
    ("Móng Cái 1", True),    # phường Móng Cái 1, Quảng Ninh (2025)
    ("D'Ran", True),         # xã D'Ran, Lâm Đồng (2025), straight or curly apostrophe
    ("D’Ran", True),
    ("Phú Quý", True),       # đặc khu Phú Quý, Lâm Đồng (2025)
    ("Hòa Bình 10", False),
    ("Lâm Đồng 3", False),
])
def test_commune_since_2025(name: str, expected: bool) -> None:
    assert is_commune_2025(name) is expected


@pytest.mark.parametrize(("name", "expected"), [
    ("Đoàn Kết", True),      # communes in several provinces, before 2025 and since
    ("Vụ Bản", True),        # huyện Vụ Bản, Nam Định (before 2025)
    ("Đoàn kiểm tra", False),
    ("Sở Nội vụ", False),
])
def test_place_name_registered(name: str, expected: bool) -> None:
    assert is_place_name(name) is expected
