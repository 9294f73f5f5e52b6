"""Table tests for rates: percentages about procedures, dossiers, satisfaction and
e-government, and the percentages that are not rates."""

from __future__ import annotations

import pytest

from extractors import extract

# (text, expected [(metric, percent)])
CASES = [
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,8%.", [("on_time", 99.8)]),
    ("Chỉ số hài lòng của người dân, tổ chức đạt 82,35%.", [("satisfaction", 82.35)]),
    ("tiếp nhận trực tuyến 5.230 hồ sơ (đạt tỷ lệ 87,5%)", [("online_received", 87.5)]),
    ("đồng thời số hóa 100% hồ sơ, kết quả giải quyết TTHC", [("digitized", 100)]),
    ("Phấn đấu cắt giảm ít nhất 20% thủ tục hành chính nội bộ", [("simplified", 20)]),
    ("Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ (theo quy định phải đạt tối thiểu 80%)",
     [("online_services", 80)]),
    ("Tỷ lệ TTHC xử lý trực tuyến mức độ 3 đạt dưới 20%, mức độ 4 đạt dưới 10%.",
     [("level3", 20), ("level4", 10)]),
    ("tỷ lệ văn bản đi được ký số đạt 98%", [("electronic_documents", 98)]),
    ("Tỷ lệ văn bản trao đổi dưới dạng điện tử (đạt 67%).", [("electronic_documents", 67)]),
    ("Tỷ lệ hồ sơ trễ hạn chiếm 0,5%", [("overdue", 0.5)]),
    ("thanh toán trực tuyến đạt 45,2% số hồ sơ có yêu cầu nghĩa vụ tài chính",
     [("online_payment", 45.2)]),
    ("năm 2023 tỷ lệ hồ sơ trực tuyến là 97%, năm 2024 tỷ lệ này nâng lên 99%",
     [("online_received", 97), ("online_received", 99)]),
    ("Kết quả rà soát 100% các TTHC thuộc thẩm quyền", [("reviewed", 100)]),
    ("công khai 100% TTHC trên Cổng dịch vụ công", [("published", 100)]),
    ("Chỉ số SIPAS năm 2023 đạt 85.6%", [("satisfaction", 85.6)]),
    ("tỷ lệ giải quyết hồ sơ trước và đúng hạn đạt 98,7 %", [("on_time", 98.7)]),
    ("Tỷ lệ dịch vụ công trực tuyến toàn trình đạt 52%", [("online_full", 52)]),
    ("đơn giản hóa 19 TTHC đạt 15% vượt chỉ tiêu", [("simplified", 15)]),
    ("giải quyết 12.345 hồ sơ, tỷ lệ đúng hạn 99,12%, trễ hạn 0,88%",
     [("on_time", 99.12), ("overdue", 0.88)]),
    ("tỷ lệ hồ sơ được giải quyết đạt 96%", [("resolved", 96)]),
    ("Tỷ lệ hồ sơ TTHC tiếp nhận qua dịch vụ bưu chính công ích đạt 12%", [("received", 12)]),
    ("Năm 2023, Chỉ số CCHC của tỉnh Hòa Bình đạt 86,75%, tăng 1,2%",
     [("par_index", 86.75)]),
    ("đã giải quyết 8,98 ngàn HS các loại (đạt 88,2%)", [("resolved", 88.2)]),
    # the topic named earlier in the paragraph, the metric after a bracket
    ("TTHC chậm hạn tiếp tục giảm mạnh. Huyện Mường Khương đứng thứ nhất với tỷ lệ chậm, "
     "quá hạn 0,33%.", [("overdue", 0.33)]),
    ("Tháng 9, Trung tâm tiếp nhận 4.131 hồ sơ. Có 90 hồ sơ (chiếm 2,16%), các cơ quan thụ lý "
     "trả lại hồ sơ.", [("returned", 2.16)]),
    ("Số hồ sơ trễ hạn là 15 (chiếm 0,4%), do chưa đủ thành phần.", [("overdue", 0.4)]),
    ("100% thông tin chỉ đạo, điều hành của lãnh đạo tỉnh được cung cấp trên cổng thông tin "
     "điện tử.", [("e_government", 100)]),
    # a threshold that a count of bodies meets is no one's rate (the contract's band rule)
    ("Hồ sơ trễ hạn tiếp tục giảm mạnh. Có 5/9 huyện đạt tỷ lệ này dưới 3%.", []),
    ("Năm 2024, có 63/63 địa phương đều đạt kết quả Chỉ số CCHC trên 80%.", []),
    ("Chỉ số hài lòng xếp nhóm xuất sắc từ 90% trở lên.", []),
    # a percent that a ranking of the index ranks is the index
    ("trong công tác cải cách hành chính (CCHC), như Quảng Ninh, đạt 93,16%, xếp thứ 1; "
     "Hải Phòng đạt 92,04%, xếp thứ 2.", [("par_index", 93.16), ("par_index", 92.04)]),
    ("Hải Phòng đứng đầu bảng xếp hạng Chỉ số CCHC năm 2024. Xếp vị trí thứ 2/63 là tỉnh "
     "Bà Rịa - Vũng Tàu với kết quả đạt 93,35%.", [("par_index", 93.35)]),
    # traps: no rate here
    ("Thu ngân sách đạt 105% dự toán. Tỷ lệ này cao nhất khu vực.", []),
    ("doanh nghiệp do Nhà nước nắm giữ 100% vốn điều lệ thuộc thẩm quyền giải quyết của Sở", []),
    ("doanh thu tính đến thời điểm nộp hồ sơ đạt tối thiểu 02% tổng doanh thu", []),
    ("Năm 2023 tiếp nhận 12.000 hồ sơ trực tuyến. Tỷ lệ hộ nghèo giảm còn 4,3%.", []),
    ("Tỷ lệ hộ nghèo đạt 4,2%, xếp thứ 5 về giảm nghèo trong vùng", []),
    ("Hà Nội tăng 2,3%, xếp thứ 3 về chỉ số cải cách hành chính", []),
    ("đạt 8,75/11 điểm đạt 79 %", []),
    ("Chỉ số hài lòng đạt 79,02%~ 15,804/20 điểm", []),
    ("Giảm 0,66% điểm; Tăng 01 bậc so với năm 2022.", []),
    ("Tốc độ tăng trưởng GDP đạt 7,5%", []),
    ("Thu ngân sách nhà nước đạt 105% dự toán", []),
    ("tỷ lệ hộ nghèo giảm còn 2,1%", []),
    ("tỷ lệ giải ngân vốn đầu tư công đạt 65%", []),
    ("số hồ sơ tăng 15% so với cùng kỳ", []),
    ("Tỷ lệ bao phủ bảo hiểm y tế đạt 92%", []),
    ("thời điểm 31/12/2023, tỷ lệ che phủ rừng đạt 47%", []),
    ("từ 5-10% số hồ sơ", []),
    # a percent right after a rank, the index named earlier in the paragraph
    ("Kết quả Chỉ số hài lòng của người dân, tổ chức năm 2022 cho thấy sự tiến bộ rõ rệt ở "
     "nhiều đơn vị trên địa bàn tỉnh. Riêng khối cơ quan ngành dọc, Bảo hiểm xã hội tỉnh "
     "xếp thứ nhất với 94,12%.", [("satisfaction", 94.12)]),
    ("Về Chỉ số cải cách hành chính năm 2023 của các sở, ngành tỉnh Nghệ An, xét cả năm và "
     "cả các tiêu chí thành phần theo bộ chỉ số. Sở Tư pháp xếp thứ 2 với 91,05%.",
     [("par_index", 91.05)]),
    ("Chỉ số CCHC của huyện năm trước được cải thiện. Về mức độ hài lòng, xã Tân Lập đứng "
     "thứ 3 với tỷ lệ 88,5%.", [("satisfaction", 88.5)]),
    # a rank beside a percent of something else
    ("Huyện Yên Bình xếp thứ 2 với 15% tăng trưởng kinh tế.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_rates(text: str, expected: list) -> None:
    got = extract(text).rates
    for r in got:
        assert text[r.start:r.end] == r.quote
        assert r.rule.startswith("rate.")
    assert [(r.metric, r.percent) for r in got] == expected
