"""People whose family name is also a unit word ("Đoàn": a delegation, a union) or who are
named right after a council's place word ("Chủ tịch UBND tỉnh Trương Hải Long": not a
province "Trương Hải Long"), and people whose position names a place of the 2025 reform
("đặc khu Phú Quốc") or of the Central Highlands ("huyện Ea H'leo"). Every sentence is
quoted from a real page or document, named beside it; the contract scores people by
name, the position is shown where the text gives one plainly."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.runner import run, select

NAMES = [
    # https://nld.com.vn/Print.aspx?NewsID=20201208130105158
    ("Sau khi kiện toàn nhân sự, lãnh đạo UBND tỉnh gồm: Chủ tịch Phạm Thiện Nghĩa; 3 Phó "
     "Chủ tịch là ông Trần Trí Quang, ông Huỳnh Minh Tuấn và ông Đoàn Tấn Bửu.",
     ["Phạm Thiện Nghĩa", "Trần Trí Quang", "Huỳnh Minh Tuấn", "Đoàn Tấn Bửu"]),
    # http://www.baomoi.com/vinh-long-bau-bo-sung-pho-chu-tich-ubnd-tinh-c47201903.epi
    ("Đồng thời, miễn nhiệm ủy viên UBND tỉnh đối với các ông Văn Công Minh- nguyên Giám đốc "
     "Sở Y tế, nghỉ hưu theo quy định; ông Đoàn Thanh Bình- nguyên Giám đốc Sở Xây dựng, nghỉ "
     "hưu; ông Nguyễn Văn Hiếu- nguyên Giám đốc Sở TN- MT, nghỉ hưu.",
     ["Văn Công Minh", "Đoàn Thanh Bình", "Nguyễn Văn Hiếu"]),
    # "Đoàn" + a word going on in lower case is a body, never a person
    # https://baokhanhhoa.vn/chinh-tri/202208/doan-can-chu-dong-linh-hoat-doi-moi-trong-qua-trinh-trien-khai-cac-phong-trao-gan-chat-voi-yeu-cau-nhiem-vu-chinh-tri-cua-dia-phuong-8260204/
    ("Kính thưa Đoàn Chủ tịch,", []),
    ("Hôm nay, tôi rất vui mừng đến dự Đại hội đại biểu Đoàn Thanh niên Cộng sản Hồ Chí Minh "
     "tỉnh Khánh Hòa lần thứ XII, nhiệm kỳ 2022 - 2027.", []),
    # https://www.baodaklak.vn/thoi-su/chuyen-doi-so/202505/tp-buon-ma-thuot-tiep-tuc-dan-dau-ve-chi-so-cai-cach-hanh-chinh-c1a18b3
    ("Đoàn kiểm tra cải cách hành chính năm 2024 của tỉnh kiểm tra tại xã Cư Króa (huyện "
     "M'Drắk).", []),
]

POSITIONS = [
    # https://plo.vn/dac-khu-phu-quoc-thanh-lap-8-to-cong-tac-theo-doi-dia-ban-cac-khu-pho-post870003.html
    ("Theo ông Trần Minh Khoa, Chủ tịch UBND đặc khu Phú Quốc, tám Tổ này có vai trò như "
     "cánh tay nối dài của bộ máy chính quyền đặc khu.",
     [("Trần Minh Khoa", "Chủ tịch UBND đặc khu Phú Quốc")]),
    # https://www.baodaklak.vn/channel/3481/202103/huyen-ea-hleo-thanh-lap-13-uy-ban-bau-cu-5727682/
    ("Ông Nguyễn Văn Hà, Chủ tịch UBND huyện Ea H'leo cho biết, tính đến thời điểm này, UBND "
     "huyện và UBND các xã, thị trấn đã thành lập Ủy ban Bầu cử (UBBC) theo quy định của "
     "pháp luật, gồm: UBBC huyện và 12 xã, thị trấn.",
     [("Nguyễn Văn Hà", "Chủ tịch UBND huyện Ea H'leo")]),
    # a full name right after a council's place word is the person, not the place
    # https://baogialai.com.vn/phat-huy-ban-linh-tri-tue-va-khat-vong-vuon-len-post260418.html
    ("Nhân dịp năm mới, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Trương Hải Long đã dành thời "
     "gian trả lời phỏng vấn của Báo Gia Lai xung quanh vấn đề này.",
     [("Trương Hải Long", "Chủ tịch UBND tỉnh")]),
    # https://quangnam.gov.vn/print/22693.html
    ("Ngày 22/11/2022, tại UBND tỉnh, Phó Chủ tịch UBND tỉnh Hồ Quang Bửu đã chủ trì Hội "
     "nghị trực tuyến tổng kết",
     [("Hồ Quang Bửu", "Phó Chủ tịch UBND tỉnh")]),
]


def people(text: str) -> list:
    found = run(Context(text), stages=select("units", "people")).people
    for p in found:
        assert text[p.start:p.end] == p.quote
    return found


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names(text: str, expected: list[str]) -> None:
    assert [p.name for p in people(text)] == expected


@pytest.mark.parametrize(("text", "expected"), POSITIONS)
def test_names_and_positions(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(p.name, p.position) for p in people(text)] == expected
