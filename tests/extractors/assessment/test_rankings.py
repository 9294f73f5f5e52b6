"""Table tests for rankings: places in an assessment's ranking, never moves."""

from __future__ import annotations

import pytest

from extractors import extract

# (text, expected [(rank, of)])
CASES = [
    ("Chỉ số CCHC năm 2022 của tỉnh xếp thứ 13/63 tỉnh, thành phố.", [(13, 63)]),
    ("Sở Tư pháp xếp thứ hạng 4/20 cơ quan cấp tỉnh.", [(4, 20)]),
    ("Năm 2023, tỉnh Quảng Ninh đứng thứ 1/63 về Chỉ số PAR INDEX.", [(1, 63)]),
    ("Chỉ số SIPAS của tỉnh đứng thứ 5/63 tỉnh, thành phố", [(5, 63)]),
    ("huyện Cư M'gar xếp vị trí thứ 2 trong khối huyện về Chỉ số CCHC", [(2, None)]),
    ("Chỉ số PCI năm 2021 của tỉnh xếp hạng 12/63", [(12, 63)]),
    ("tỉnh đứng thứ 12 trên 63 tỉnh, thành về Chỉ số CCHC", [(12, 63)]),
    ("Kết quả Chỉ số CCHC, Sở xếp thứ nhất khối sở, ngành", [(1, None)]),
    ("Sở Công Thương đứng đầu khối các sở, ngành về Chỉ số CCHC năm 2023.", [(1, None)]),
    ("Tỉnh Đồng Tháp dẫn đầu cả nước về Chỉ số cải cách hành chính", [(1, None)]),
    ("đạt 77,4/89,5 điểm, xếp thứ 13/20 đơn vị, tăng 1 bậc so với năm 2022", [(13, 20)]),
    ("xếp thứ 18/22, tụt 10 bậc so với năm 2017", [(18, 22)]),
    ("Thành phố xếp hạng thứ 3 trong 11 huyện, thành phố về Chỉ số CCHC", [(3, 11)]),
    ("Sở Nội vụ xếp thứ 2/19, Sở Tư pháp xếp thứ 5/19", [(2, 19), (5, 19)]),
    ("năm 2021 xếp thứ 30/63, năm 2022 đứng ở vị trí thứ 25/63", [(30, 63), (25, 63)]),
    ("Theo bảng xếp hạng, UBND huyện đứng vị trí số 1", [(1, None)]),
    ("xếp hạng 7/18 đơn vị cấp huyện", [(7, 18)]),
    ("Sở Y tế xếp thứ hai trong khối sở về Chỉ số hài lòng", [(2, None)]),
    ("Chỉ số DDCI năm 2022 của huyện đứng thứ 3/9", [(3, 9)]),
    ("Chỉ số CCHC của Sở giữ vị trí thứ 4/21", [(4, 21)]),
    # ranked lists and tables
    ("Sở Thông tin và Truyền thông dẫn đầu chỉ số CCHC năm 2022 với 95,73 điểm; thứ hai là "
     "Văn phòng UBND tỉnh 95,43 điểm; thứ ba là Sở Nội vụ 95,39 điểm.", [(1, None), (2, None),
                                                                        (3, None)]),
    ("Huyện Lập Thạch lần đầu vươn lên đứng vị trí thứ nhất với tỷ lệ chậm, quá hạn 0,33%",
     [(1, None)]),
    ("| STT | Đơn vị | Điểm thẩm định | Chỉ số (%) | Xếp hạng |\n"
     "| 1 | Sở Tư pháp | 90,12 | 90,12 | 1 |\n| 2 | Sở Nội vụ | 89,4 | 89,40 | 2 |",
     [(1, None), (2, None)]),
    # traps: no ranking here
    ("Thứ hai là ngày tiếp công dân định kỳ của lãnh đạo Sở", []),
    ("Hội nghị lần thứ hai là dịp để đánh giá chỉ số CCHC", []),
    ("chương trình Đại hội do Tổng Bí thư đứng đầu; cải cách thể chế được đánh giá cao", []),
    ("Việt Nam thuộc nhóm 4 nước dẫn đầu ASEAN về chỉ số chính phủ số", []),
    ("Bạc Liêu có 11/53 điểm du lịch tiêu biểu của ĐBSCL và dẫn đầu khu vực theo đánh giá", []),
    ("Tỷ lệ huy động ngân sách từ GDP đạt trên 12%, xếp thứ 20/63 tỉnh, thành", []),
    ("năm 2021 và 2022 đều xếp hạng 4 tại giải vô địch bóng chuyền quốc gia", []),
    ("Chỉ số CCHC tăng 3 bậc so với năm 2022", []),
    ("tụt 10 bậc so với năm trước", []),
    ("giữ nguyên hạng so với năm 2022", []),
    ("Tăng 01 bậc so với năm 2022.", []),
    ("Hội nghị lần thứ 2 Ban Chấp hành Đảng bộ tỉnh", []),
    ("Họp giao ban vào thứ 2 hằng tuần", []),
    ("Huế có diện tích: 4.947 km², xếp thứ 29; dân số: 1.432.986 người, xếp thứ 29", []),
    ("Năm 2022, dân số Bắc Ninh chiếm 1,4% cả nước và đứng thứ 22/63 tỉnh, thành phố", []),
    ("nhà thầu đồng thời được xếp thứ nhất ở nhiều gói thầu", []),
    ("nâng cao trách nhiệm của người đứng đầu cơ quan, đơn vị", []),
    ("Phó Chủ tịch UBND tỉnh dẫn đầu đoàn công tác của tỉnh", []),
    ("Công ty dẫn đầu về doanh thu bán lẻ xăng dầu", []),
    ("kết quả xếp hạng năm 2023 được công bố", []),
    ("Sở xếp loại xuất sắc năm 2023", []),
    ("xếp thứ tự ưu tiên các nhiệm vụ", []),
    ("1. Công tác chỉ đạo\n2. Cải cách thể chế\n3. Cải cách TTHC", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rankings(text: str, expected: list) -> None:
    got = extract(text).rankings
    for r in got:
        assert text[r.start:r.end] == r.quote
        assert r.rule.startswith("rank.")
    assert [(r.rank, r.of) for r in got] == expected


@pytest.mark.parametrize(("text", "year"), [
    ("Chỉ số CCHC năm 2018 của Sở xếp thứ hạng 18/22, tụt 10 bậc so với năm 2017.", 2018),
    ("Với 90,35 điểm, Sở đứng đầu khối các sở về Chỉ số CCHC năm 2023.", 2023),
    ("Kết quả Chỉ số CCHC năm 2021 của tỉnh.\n\nSở xếp thứ 4/20, tăng so với năm 2020.", 2021),
])
def test_ranking_year(text: str, year: int) -> None:
    assert [r.year for r in extract(text).rankings] == [year]
