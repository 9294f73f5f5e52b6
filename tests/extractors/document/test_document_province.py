"""A document's province when its text never names it: district-level headers and
place-and-date lines, provincial newspapers' bylines, districts and communes in the body —
and the order in which that evidence counts (a "tỉnh X" mention beats districts; districts
beat a bare province name; after 1 July 2025 the old province's successor)."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.document.find import extract

BODY = "\n\nNội dung triển khai công tác cải cách hành chính trong năm.\n\n"

CASES: list[tuple[str, str, str | None, str | None]] = [
    ("district_header",
     "UBND HUYỆN LỘC BÌNH\nVĂN PHÒNG HĐND VÀ UBND\n\nSố: 15/BC-VP\n\nLộc Bình, ngày 10 tháng 3 "
     "năm 2023\n\nBÁO CÁO\nKết quả cải cách hành chính quý I" + BODY,
     "Lạng Sơn", "province.header_body_district"),
    ("place_date_line_names_a_city",
     "SỞ NỘI VỤ\n\nSố: 120/SNV-CCHC\nV/v kiểm tra cải cách hành chính\n\nBuôn Ma Thuột, ngày 12 "
     "tháng 3 năm 2024" + BODY,
     "Đắk Lắk", "province.place_district"),
    ("place_date_line_tp_abbreviation",
     "PHÒNG NỘI VỤ\n\nSố: 07/PNV\nV/v báo cáo\n\nTp. Pleiku, ngày 02 tháng 4 năm 2021" + BODY,
     "Gia Lai", None),
    ("news_districts_only",
     "Lộc Bình đẩy mạnh dịch vụ công trực tuyến\n\n14/06/2023\n\nNăm 2023, UBND huyện Lộc Bình "
     "đã phối hợp với huyện Đình Lập, huyện Cao Lộc tổ chức tập huấn cho công chức các xã."
     "\n\nMinh Anh",
     "Lạng Sơn", "province.places"),
    ("news_commune_and_district",
     "Một cửa điện tử ở cấp xã\n\n02/11/2022\n\nUBND xã Tân Lập, huyện Đồng Hỷ vừa đưa vào "
     "sử dụng bộ phận một cửa hiện đại.\n\nH.Nam",
     "Thái Nguyên", "province.places"),
    ("news_byline_tag",
     "Toàn tỉnh có 570 trang thông tin điện tử\n\n(GLO)- Theo thống kê, toàn tỉnh hiện có 570 "
     "đơn vị đã xây dựng trang thông tin điện tử.\n\nPhương Linh",
     "Gia Lai", "province.press"),
    ("tinh_mention_beats_districts",
     "Hội nghị trực tuyến\n\n05/05/2022\n\nUBND tỉnh Quảng Trị kết nối với huyện Lộc Bình, "
     "huyện Đình Lập để trao đổi kinh nghiệm.\n\nPV",
     "Quảng Trị", "province.mention"),
    ("districts_beat_a_bare_province_name",
     "Đoàn công tác học tập kinh nghiệm\n\n05/05/2022\n\nĐoàn cán bộ huyện Lệ Thủy, huyện "
     "Tuyên Hóa học tập mô hình một cửa của Hà Nội.\n\nPV",
     "Quảng Bình", "province.places"),
    ("after_the_merger_the_successor",
     "Xã mới vận hành chính quyền hai cấp\n\n15/08/2025\n\nCông chức huyện Lộc Bình (cũ) và "
     "huyện Đình Lập (cũ) làm việc tại trụ sở mới.\n\nPV",
     "Lạng Sơn", "province.places"),
    ("after_the_merger_to_the_new_province",
     "Trung tâm phục vụ hành chính công\n\n15/08/2025\n\nNgười dân thị xã Sa Pa (cũ), huyện "
     "Bát Xát (cũ) đến làm thủ tục.\n\nPV",
     "Lào Cai", "province.places"),
    ("after_the_merger_absorbed_province",
     "Xã mới vận hành\n\n20/09/2025\n\nCán bộ TP. Buôn Ma Thuột và huyện Cư M'gar làm việc."
     "\n\nPV",
     "Đắk Lắk", "province.places"),
    ("after_the_merger_moved_province",
     "Xã mới vận hành\n\n20/09/2025\n\nCán bộ huyện Tuy An, huyện Sơn Hòa (Phú Yên cũ) làm việc."
     "\n\nPV",
     "Đắk Lắk", "province.places"),
    ("a_bare_name_written_more_often_beats_one_district",
     "Đề thi vào 10 Hải Phòng 2025\n\n12/06/2025\n\nĐề thi của Hải Phòng có đoạn văn: “xã Tà "
     "Xùa, huyện Bắc Yên có cảnh quan hùng vĩ”. Thí sinh Hải Phòng làm bài.\n\nPV",
     "Hải Phòng", "province.bare_mention"),
    ("ambiguous_district_alone_decides_nothing",
     "Tập huấn một cửa\n\n10/10/2020\n\nUBND huyện Châu Thành tổ chức tập huấn.\n\nPV",
     None, None),
    ("street_and_numbered_ward_decide_nothing",
     "Khai trương điểm tiếp nhận\n\n10/10/2020\n\nĐiểm tiếp nhận tại số 5 đường Lê Lợi, "
     "phường 1 mở cửa cả thứ Bảy.\n\nPV",
     None, None),
]


@pytest.mark.parametrize(("case", "text", "province", "rule"), CASES, ids=[c[0] for c in CASES])
def test_province_evidence(case: str, text: str, province: str | None, rule: str | None) -> None:
    meta = extract(Context(text))
    assert meta.province == province
    src = meta.sources.get("province")
    if rule:
        assert src is not None and src.rule == rule
    if src:
        assert text[src.span[0]:src.span[1]] == src.quote
