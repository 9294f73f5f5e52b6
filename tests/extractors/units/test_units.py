"""Units: a head and its name up to the natural boundary, listed once; the contract's traps
(plurals, positions, levels with no body, portals) are not units. Sentences are written
the way plans, dispatches, reports and news from many provinces write them."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.units import find as units

CASES = [
    # plain heads and names, right boundary at a verb or a preposition
    ("Phòng Tư pháp huyện chủ trì thẩm định hồ sơ.", ["Phòng Tư pháp huyện"]),
    ("Về chỉ số hài lòng, Cục Thuế xếp thứ nhất, Kho bạc Nhà nước đứng thứ hai.",
     ["Cục Thuế", "Kho bạc Nhà nước"]),
    ("Năm 2023, Sở Tư pháp đứng đầu khối sở, Sở Xây dựng đứng cuối.",
     ["Sở Tư pháp", "Sở Xây dựng"]),
    ("Ban Chỉ đạo sắp xếp đơn vị hành chính họp phiên thứ nhất.",
     ["Ban Chỉ đạo sắp xếp đơn vị hành chính"]),
    ("Giao Phòng Tài chính - Kế hoạch tham mưu UBND huyện bố trí kinh phí.",
     ["Phòng Tài chính - Kế hoạch", "UBND huyện"]),
    ("UBND huyện Đại Từ tổ chức hội nghị triển khai Kế hoạch.", ["UBND huyện Đại Từ"]),
    ("Ủy ban nhân dân xã Tân Lập có trách nhiệm niêm yết công khai TTHC.",
     ["Ủy ban nhân dân xã Tân Lập"]),
    ("Hồ sơ được tiếp nhận tại Trung tâm Phục vụ hành chính công tỉnh Bắc Giang.",
     ["Trung tâm Phục vụ hành chính công tỉnh Bắc Giang"]),
    ("Sở Giao thông – Vận tải đã tiếp nhận 1.200 hồ sơ.", ["Sở Giao thông – Vận tải"]),
    ("Đề nghị Sở Văn hóa, Thể thao và Du lịch cử cán bộ tham dự.",
     ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Cục Kiểm soát thủ tục hành chính thuộc Văn phòng Chính phủ hướng dẫn.",
     ["Cục Kiểm soát thủ tục hành chính", "Văn phòng Chính phủ"]),
    ("Phòng Văn hóa và Thông tin thành phố tuyên truyền trên Cổng thông tin điện tử.",
     ["Phòng Văn hóa và Thông tin thành phố"]),
    ("Chi cục Thuế khu vực Đông Anh phối hợp thực hiện.", ["Chi cục Thuế khu vực Đông Anh"]),
    ("Văn phòng HĐND và UBND huyện Mường Tè tổng hợp báo cáo.",
     ["Văn phòng HĐND và UBND huyện Mường Tè"]),
    ("Công an xã Hòa Tiến phối hợp với UBND xã kiểm tra.", ["Công an xã Hòa Tiến", "UBND xã"]),
    ("Kho bạc Nhà nước tỉnh thực hiện kiểm soát chi.", ["Kho bạc Nhà nước tỉnh"]),
    ("Tổ công tác thực hiện rà soát thủ tục hành chính của huyện đã họp.",
     ["Tổ công tác"]),
    # an owner body is part of an internal unit's name, and a unit of its own
    ("Phòng Kiểm soát thủ tục hành chính Văn phòng UBND tỉnh kiểm tra.",
     ["Phòng Kiểm soát thủ tục hành chính Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh",
      "UBND tỉnh"]),
    ("Phòng Xây dựng chính quyền Sở Nội vụ theo dõi.",
     ["Phòng Xây dựng chính quyền Sở Nội vụ", "Sở Nội vụ"]),
    ("Thanh tra Sở có trách nhiệm kiểm tra.", ["Thanh tra Sở"]),
    ("Kết luận của Thanh tra tỉnh Quảng Nam được công khai.", ["Thanh tra tỉnh Quảng Nam"]),
    ("Văn phòng Sở Y tế tiếp nhận hồ sơ.", ["Văn phòng Sở Y tế", "Sở Y tế"]),
    # collegial bodies keep "của" + their owner
    ("Ban Chỉ đạo cải cách hành chính của tỉnh họp định kỳ.",
     ["Ban Chỉ đạo cải cách hành chính của tỉnh"]),
    ("Hội đồng thẩm định chỉ số cải cách hành chính của huyện chấm điểm.",
     ["Hội đồng thẩm định chỉ số cải cách hành chính của huyện"]),
    ("Đoàn kiểm tra công vụ năm 2023 làm việc tại xã.", ["Đoàn kiểm tra công vụ năm 2023"]),
    ("Phòng Kế hoạch thuộc Sở Tài chính chủ trì.", ["Phòng Kế hoạch", "Sở Tài chính"]),
    # "và", commas and dashes between units make separate units
    ("Sở Tư pháp và Sở Nội vụ cùng kiểm tra.", ["Sở Tư pháp", "Sở Nội vụ"]),
    ("Cục Thuế tỉnh - Bộ Tài chính hướng dẫn.", ["Cục Thuế tỉnh", "Bộ Tài chính"]),
    ("Mời đại diện Sở Tài chính, Sở Xây dựng, Sở Y tế dự họp.",
     ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]),
    ("Giao các phòng: Kinh tế Hạ tầng, Nông nghiệp và Môi trường triển khai.",
     ["Phòng Kinh tế Hạ tầng", "Phòng Nông nghiệp và Môi trường"]),
    ("Kiểm tra tại các Phòng: Tổ chức cán bộ, Kế hoạch tài chính.",
     ["Phòng Tổ chức cán bộ", "Phòng Kế hoạch tài chính"]),
    # short forms and defined abbreviations resolve to the full name, listed once
    ("Sở TT&TT hướng dẫn kết nối; Sở Thông tin và Truyền thông đã hoàn thành.",
     ["Sở Thông tin và Truyền thông"]),
    ("Báo cáo gửi Sở KH&ĐT trước ngày 15/12.", ["Sở Kế hoạch và Đầu tư"]),
    ("Trung tâm Hành chính công huyện (Trung tâm HCC) tiếp nhận; Trung tâm HCC trả kết quả.",
     ["Trung tâm Hành chính công huyện"]),
    # header lines in capitals come back in normal case
    ("ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI TỪ\n", ["Ủy ban nhân dân huyện Đại Từ"]),
    ("DỊCH VỤ CÔNG TRỰC TUYẾN\n", []),
    ("UBND TỈNH QUẢNG NGÃI\nSỞ TƯ PHÁP\n\nSố: 12/STP-VP", ["UBND tỉnh Quảng Ngãi", "Sở Tư pháp"]),
    ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO\n", ["Phòng Giáo dục và Đào tạo"]),
    # a place qualifier variant is the same unit, listed under the fullest form
    ("UBND tỉnh Lào Cai ban hành kế hoạch; UBND tỉnh giao Sở Nội vụ theo dõi.",
     ["UBND tỉnh Lào Cai", "Sở Nội vụ"]),
    ("Sở Xây dựng tỉnh Hà Nam kiểm tra; Sở Xây dựng đã khắc phục.",
     ["Sở Xây dựng tỉnh Hà Nam"]),
    # a long line wrapped by a PDF converter goes on; a short header line ends a name
    ("Hồ sơ đã được chuyển đến Phòng Quản lý đô thị và Phòng Kinh tế\nhạ tầng để thẩm định.",
     ["Phòng Quản lý đô thị", "Phòng Kinh tế hạ tầng"]),
    ("SỞ TƯ PHÁP\nTRUNG TÂM TRỢ GIÚP PHÁP LÝ\n", ["Sở Tư pháp", "Trung tâm Trợ giúp pháp lý"]),
    # traps: not units
    ("Các phòng chuyên môn thuộc Sở thực hiện nghiêm túc.", []),
    ("Yêu cầu các sở, ngành, UBND cấp huyện triển khai.", []),
    ("Chủ tịch UBND tỉnh chỉ đạo khẩn trương.", []),
    ("Giám đốc Sở yêu cầu Chánh Văn phòng Sở đôn đốc.", []),
    ("Tổ chức hội nghị tập huấn nghiệp vụ.", []),
    ("Ban hành quy chế làm việc của cơ quan.", []),
    ("Tiếp nhận hồ sơ trên phần mềm một cửa điện tử và Cổng dịch vụ công quốc gia.", []),
    ("Văn phòng điện tử được sử dụng thường xuyên.", []),
    ("Cơ sở Xây dựng Nam Hà đề nghị cấp phép.", []),
    ("Bảo vệ vững chắc Tổ quốc Việt Nam.", []),
    ("Ông Đoàn Văn Hùng phát biểu.", []),
    ("Bộ trưởng Quốc phòng Hoa Kỳ thăm Việt Nam.", []),
    ("Sở đã tiếp nhận 250 hồ sơ.", []),
    ("UBND các huyện, thành phố báo cáo kết quả.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_units(text: str, expected: list[str]) -> None:
    found = units.extract(Context(text))
    assert [u.name for u in found] == expected
    for u in found:
        assert text[u.start:u.end] == u.quote
        assert all(a < b <= len(text) for a, b in u.mentions)


def test_listed_once_with_every_mention() -> None:
    text = "Văn phòng Sở chủ trì. Văn phòng Sở tổng hợp. Giao Văn phòng Sở theo dõi."
    (unit,) = units.extract(Context(text))
    assert unit.name == "Văn phòng Sở"
    assert len(unit.mentions) == 3
    assert unit.span == unit.mentions[0]


def test_an_alias_opens_with_a_bracket_past_white_space() -> None:
    """``find._alias`` asks the regex only where a "(" is the first character past white
    space after a unit: every example of ``unit.alias`` opens so, and the pattern itself
    begins with white space and the bracket."""
    p = units._PATS["unit.alias"]
    assert p.source.lstrip().startswith(r"\s*\(")
    for ex in p.examples:
        assert ex.text.lstrip()[:1] == "("


#: Sở Công Thương's report on its 2021 inspection (seed 000), as written.
_INSPECTED = ("Sở Công Thương thông báo kết quả kiểm tra tại Văn phòng Sở, Phòng Quản lý "
              "thương mại, Phòng Quản lý công nghiệp, Trung tâm KC&TVPTCN")


@pytest.mark.parametrize(("word", "starts"), [
    ("KC&TVPTCN", [_INSPECTED.index("KC&TVPTCN")]),
    # "Văn phòng" is no "Phòng" (case kept); each "Phòng …" is, left to right
    ("Phòng", [_INSPECTED.index("Phòng Quản lý thương"), _INSPECTED.index("Phòng Quản lý công")]),
    # "Sở" of "Văn phòng Sở" and of "Sở Công Thương"; never inside a longer word
    ("Sở", [0, _INSPECTED.index("Sở,")]),
    ("Thương", [_INSPECTED.index("Thương thông")]),  # not the "thương" of "thương mại"
    ("KC&TVPT", []),  # the head of a longer word ("KC&TVPTCN") is no whole word
])
def test_a_short_name_is_found_as_a_whole_word(word: str, starts: list[int]) -> None:
    assert list(units._whole_word_at(_INSPECTED, word)) == starts


@pytest.mark.parametrize(("spans", "pos", "inside"), [
    # a unit and the owner nested in it ("Phòng Tư pháp Sở Nội vụ"), then another
    ([(0, 23), (14, 23), (40, 52)], 5, True),
    ([(0, 23), (14, 23), (40, 52)], 23, False),  # the end is past the mention
    ([(0, 23), (14, 23), (40, 52)], 45, True),
    ([(40, 52), (0, 23), (14, 23)], 30, False),  # in any order
    ([], 0, False),
])
def test_a_position_covered_by_a_mention(spans: list[tuple[int, int]], pos: int,
                                          inside: bool) -> None:
    mentions = [units.Mention(a, b, "", "", "unit.grammar") for a, b in spans]
    assert units._Covered(mentions)(pos) is inside
