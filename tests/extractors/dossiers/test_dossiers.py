"""Dossier counts: one table of how reports, notices, plans and news write them.

Each case is a text (sentences written the way provincial reports write one-stop-shop
statistics) and the facts expected from it, as (metric, count, agency, period_start,
period_end, approx). Traps must yield nothing.
"""

from __future__ import annotations

import gzip
import json
from itertools import islice

import pytest

from extractors import extract
from extractors.context import Context
from extractors.runner import run
from extractors.text.view import nfc
from tests.conftest import shared_path

Row = tuple[str, int, str | None, str | None, str | None, bool]

CASES: list[tuple[str, list[Row]]] = [
    # --- prose, one or several figures per sentence ---
    ("Trong quý I/2024, Sở Tư pháp đã tiếp nhận 2.345 hồ sơ, trong đó tiếp nhận trực tuyến "
     "2.100 hồ sơ; đã giải quyết 2.300 hồ sơ, trong đó đúng hạn 2.290 hồ sơ, quá hạn 10 hồ sơ.",
     [("received", 2345, "Sở Tư pháp", "2024-01-01", "2024-03-31", False),
      ("received_online", 2100, "Sở Tư pháp", "2024-01-01", "2024-03-31", False),
      ("resolved", 2300, "Sở Tư pháp", "2024-01-01", "2024-03-31", False),
      ("resolved_on_time", 2290, "Sở Tư pháp", "2024-01-01", "2024-03-31", False),
      ("overdue", 10, "Sở Tư pháp", "2024-01-01", "2024-03-31", False)]),
    ("Trong 6 tháng đầu năm 2023, UBND huyện Lục Yên tiếp nhận khoảng 4.120 hồ sơ; "
     "giải quyết trước hạn 1.020 hồ sơ, đúng hạn 3.050 hồ sơ, trễ hạn 12 hồ sơ.",
     [("received", 4120, "UBND huyện Lục Yên", "2023-01-01", "2023-06-30", True),
      ("resolved_early", 1020, "UBND huyện Lục Yên", "2023-01-01", "2023-06-30", False),
      ("resolved_on_time", 3050, "UBND huyện Lục Yên", "2023-01-01", "2023-06-30", False),
      ("overdue", 12, "UBND huyện Lục Yên", "2023-01-01", "2023-06-30", False)]),
    ("Năm 2022, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hơn 85.000 hồ sơ, "
     "trong đó trực tuyến 52.310 hồ sơ.",
     [("received", 85000, "Trung tâm Phục vụ hành chính công tỉnh", "2022-01-01",
       "2022-12-31", True),
      ("received_online", 52310, "Trung tâm Phục vụ hành chính công tỉnh", "2022-01-01",
       "2022-12-31", False)]),
    ("Tổng số hồ sơ tiếp nhận trong tháng 10/2023 là 1.245 hồ sơ (kỳ trước chuyển sang 35 "
     "hồ sơ, tiếp nhận mới 1.210 hồ sơ).",
     [("received", 1245, None, "2023-10-01", "2023-10-31", False),
      ("carried_over", 35, None, "2023-10-01", "2023-10-31", False),
      ("received_new", 1210, None, "2023-10-01", "2023-10-31", False)]),
    ("Từ ngày 15/12/2020 đến 14/3/2021, Sở Tài nguyên và Môi trường đã giải quyết 560 hồ "
     "sơ, số hồ sơ đang giải quyết là 42, số hồ sơ đang giải quyết quá hạn là 3.",
     [("resolved", 560, "Sở Tài nguyên và Môi trường", "2020-12-15", "2021-03-14", False),
      ("pending", 42, "Sở Tài nguyên và Môi trường", "2020-12-15", "2021-03-14", False),
      ("pending_overdue", 3, "Sở Tài nguyên và Môi trường", "2020-12-15", "2021-03-14",
       False)]),
    ("Sở Y tế tiếp nhận 980 hồ sơ, trả lại 15 hồ sơ do không đủ điều kiện, "
     "không có hồ sơ trễ hạn.",
     [("received", 980, "Sở Y tế", None, None, False),
      ("returned", 15, "Sở Y tế", None, None, False),
      ("overdue", 0, "Sở Y tế", None, None, False)]),
    ("9 tháng năm 2022, UBND thị xã Ninh Hòa đã giải quyết 7.800 hồ sơ đúng và trước hạn, "
     "đạt tỷ lệ 99,5%.",
     [("resolved_early_or_on_time", 7800, "UBND thị xã Ninh Hòa", "2022-01-01", "2022-09-30",
       False)]),
    ("Bộ phận Một cửa của UBND xã Tân Phú tiếp nhận 312 hồ sơ trực tuyến.",
     [("received_online", 312, "UBND xã Tân Phú", None, None, False)]),
    ("Tính đến ngày 30/6/2024, Chi nhánh Văn phòng đăng ký đất đai huyện Cái Nước đã "
     "tiếp nhận 1.540 hồ sơ, 12 hồ sơ đang giải quyết.",
     [("received", 1540, "Chi nhánh Văn phòng đăng ký đất đai huyện Cái Nước", None,
       "2024-06-30", False),
      ("pending", 12, "Chi nhánh Văn phòng đăng ký đất đai huyện Cái Nước", None,
       "2024-06-30", False)]),
    ("Sở Công Thương đã tiếp nhận, giải quyết 3.456 hồ sơ; 5 hồ sơ bị từ chối; "
     "có 2 hồ sơ công dân xin rút.",
     [("received", 3456, "Sở Công Thương", None, None, False),
      ("returned", 5, "Sở Công Thương", None, None, False),
      ("returned", 2, "Sở Công Thương", None, None, False)]),
    # a count written in thousands ("9,5 ngàn") is rounded: approximate
    ("Trong tháng 3-2022, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận 9,5 ngàn HS, "
     "có 21 HS giải quyết trễ hạn.",
     [("received", 9500, "Trung tâm Phục vụ hành chính công tỉnh", "2022-03-01", "2022-03-31",
       True),
      ("overdue", 21, "Trung tâm Phục vụ hành chính công tỉnh", "2022-03-01", "2022-03-31",
       False)]),
    ("Quý II/2022, UBND huyện Phù Ninh đã tiếp nhận mới 3.210 hồ sơ, hồ sơ tồn kỳ trước "
     "chuyển sang là 85.",
     [("received_new", 3210, "UBND huyện Phù Ninh", "2022-04-01", "2022-06-30", False),
      ("carried_over", 85, "UBND huyện Phù Ninh", "2022-04-01", "2022-06-30", False)]),
    ("Các cơ quan tiếp nhận nhiều hồ sơ trong năm 2021 là: Công an tỉnh 4.100 hồ sơ, "
     "Sở Tư pháp 1.250 hồ sơ và Sở Xây dựng 980 hồ sơ.",
     [("received", 4100, "Công an tỉnh", "2021-01-01", "2021-12-31", False),
      ("received", 1250, "Sở Tư pháp", "2021-01-01", "2021-12-31", False),
      ("received", 980, "Sở Xây dựng", "2021-01-01", "2021-12-31", False)]),
    # several agencies, the subject carried by "Sở" and the paragraph
    ("Tại Sở Nội vụ, đoàn kiểm tra làm việc với Văn phòng Sở. Trong quý II năm 2023, Sở đã "
     "tiếp nhận 210 hồ sơ, giải quyết đúng hạn 205 hồ sơ.\n\nTại Sở Tài chính, từ đầu năm "
     "đến nay, Sở đã tiếp nhận 88 hồ sơ. Số hồ sơ đã giải quyết là 80.",
     [("received", 210, "Sở Nội vụ", "2023-04-01", "2023-06-30", False),
      ("resolved_on_time", 205, "Sở Nội vụ", "2023-04-01", "2023-06-30", False),
      ("received", 88, "Sở Tài chính", None, None, False),
      ("resolved", 80, "Sở Tài chính", None, None, False)]),
    ("- UBND huyện Mường Khương: tiếp nhận 1.020 hồ sơ, giải quyết 1.001 hồ sơ.\n"
     "- UBND huyện Bát Xát: tiếp nhận 860 hồ sơ, giải quyết 845 hồ sơ.",
     [("received", 1020, "UBND huyện Mường Khương", None, None, False),
      ("resolved", 1001, "UBND huyện Mường Khương", None, None, False),
      ("received", 860, "UBND huyện Bát Xát", None, None, False),
      ("resolved", 845, "UBND huyện Bát Xát", None, None, False)]),
    ("Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/3/2023.\n\nTrong kỳ báo cáo, Sở Xây dựng "
     "tiếp nhận 430 hồ sơ; xử lý quá hạn 2 hồ sơ.",
     [("received", 430, "Sở Xây dựng", "2022-12-15", "2023-03-14", False),
      ("overdue", 2, "Sở Xây dựng", "2022-12-15", "2023-03-14", False)]),
    ("Số hồ sơ tiếp nhận trực tuyến: 12.345; số hồ sơ giải quyết sớm hạn: 4.500.",
     [("received_online", 12345, None, None, None, False),
      ("resolved_early", 4500, None, None, None, False)]),
    ("Trong tháng 02/2024, toàn tỉnh tiếp nhận xấp xỉ 20.000 hồ sơ, so với cùng kỳ năm "
     "2023 tăng 1.500 hồ sơ.",
     [("received", 20000, None, "2024-02-01", "2024-02-29", True)]),
    # tables flattened to text
    ("Kết quả giải quyết hồ sơ TTHC quý III/2023:\n"
     "| STT | Đơn vị | Tổng số hồ sơ tiếp nhận | Trực tuyến | Đã giải quyết | Quá hạn |\n"
     "|---|---|---|---|---|---|\n"
     "| 1 | Sở Tư pháp | 1.234 | 1.000 | 1.200 | 0 |\n"
     "| 2 | Sở Nội vụ | 456 | 400 | 450 | 2 |\n",
     [("received", 1234, "Sở Tư pháp", "2023-07-01", "2023-09-30", False),
      ("received_online", 1000, "Sở Tư pháp", "2023-07-01", "2023-09-30", False),
      ("resolved", 1200, "Sở Tư pháp", "2023-07-01", "2023-09-30", False),
      ("overdue", 0, "Sở Tư pháp", "2023-07-01", "2023-09-30", False),
      ("received", 456, "Sở Nội vụ", "2023-07-01", "2023-09-30", False),
      ("received_online", 400, "Sở Nội vụ", "2023-07-01", "2023-09-30", False),
      ("resolved", 450, "Sở Nội vụ", "2023-07-01", "2023-09-30", False),
      ("overdue", 2, "Sở Nội vụ", "2023-07-01", "2023-09-30", False)]),
    ("Tình hình tiếp nhận hồ sơ năm 2023\n"
     "TT\tĐơn vị\tTiếp nhận\tĐúng hạn\tTỷ lệ (%)\n"
     "1\tUBND huyện A Lưới\t2.010\t1.990\t99,0\n"
     "2\tUBND thị xã Hương Trà\t3.120\t3.100\t99,4\n",
     [("received", 2010, "UBND huyện A Lưới", "2023-01-01", "2023-12-31", False),
      ("resolved_on_time", 1990, "UBND huyện A Lưới", "2023-01-01", "2023-12-31", False),
      ("received", 3120, "UBND thị xã Hương Trà", "2023-01-01", "2023-12-31", False),
      ("resolved_on_time", 3100, "UBND thị xã Hương Trà", "2023-01-01", "2023-12-31",
       False)]),
    ("Số liệu hồ sơ TTHC:\n"
     "| Đơn vị | Số hồ sơ tiếp nhận | | Số hồ sơ đã giải quyết | | |\n"
     "| | Tổng số | Kỳ trước chuyển sang | Tổng số | Trước hạn | Quá hạn |\n"
     "| Sở Xây dựng | 520 | 20 | 500 | 120 | 5 |\n"
     "| Tổng cộng | 520 | 20 | 500 | 120 | 5 |\n",
     [("received", 520, "Sở Xây dựng", None, None, False),
      ("carried_over", 20, "Sở Xây dựng", None, None, False),
      ("resolved", 500, "Sở Xây dựng", None, None, False),
      ("resolved_early", 120, "Sở Xây dựng", None, None, False),
      ("overdue", 5, "Sở Xây dựng", None, None, False),
      ("received", 520, None, None, None, False),
      ("carried_over", 20, None, None, None, False),
      ("resolved", 500, None, None, None, False),
      ("resolved_early", 120, None, None, None, False),
      ("overdue", 5, None, None, None, False)]),
    ("Hồ sơ TTHC của Sở Khoa học và Công nghệ:\n"
     "| Nội dung | Quý I | Quý II |\n"
     "| Tiếp nhận | 40 | 52 |\n"
     "| Đã giải quyết | 38 | 50 |\n",
     [("received", 40, "Sở Khoa học và Công nghệ", None, None, False),
      ("received", 52, "Sở Khoa học và Công nghệ", None, None, False),
      ("resolved", 38, "Sở Khoa học và Công nghệ", None, None, False),
      ("resolved", 50, "Sở Khoa học và Công nghệ", None, None, False)]),
    # --- traps: nothing here is a count of dossiers by status ---
    ("giảm số lượng hồ sơ phải nộp từ 6 bản xuống còn 2 bản.", []),
    ("Sở đã xây dựng 20 bộ hồ sơ mẫu và 15 video hướng dẫn.", []),
    ("giảm 1 thành phần hồ sơ là bản sao giấy phép đã được cấp.", []),
    ("Số lượng hồ sơ: 02 bộ.", []),
    ("Đoàn đã kiểm tra ngẫu nhiên 30 hồ sơ đã giải quyết.", []),
    ("Ban Tổ chức Tỉnh ủy thẩm định 45 hồ sơ cán bộ diện Ban Thường vụ quản lý.", []),
    ("Tòa án nhân dân huyện đã thụ lý 120 hồ sơ vụ án dân sự.", []),
    ("Bên mời thầu đã nhận được 5 hồ sơ dự thầu.", []),
    ("tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,9% hồ sơ.", []),
    ("Sở đã số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính.", []),
    ("Thực hiện số hóa 1.250 hồ sơ còn hiệu lực.", []),
    ("Theo Quyết định số 1009/QĐ-UBND ngày 04/5/2019 về hồ sơ thủ tục, có 122 TTHC.", []),
    ("Phấn đấu không có hồ sơ trễ hạn trong năm 2024.", []),
    ("Thời hạn giải quyết hồ sơ là 15 ngày làm việc kể từ ngày nhận đủ hồ sơ.", []),
    ("Tổng số TTHC đang thực hiện là 56, trong đó có 37 thủ tục liên thông.", []),
    ("Số lượng hồ sơ tiếp nhận giảm 142 hồ sơ so với tháng 9/2020.", []),
    ("hồ sơ đến hạn giải quyết là 4.169 hồ sơ.", []),
    ("Tổ chức gửi hồ sơ qua Trung tâm Phục vụ hành chính công tỉnh (điểm tiếp nhận 1: Tầng 1, "
     "số 298 đường Trần Hưng Đạo).", []),
    ("Thời hạn giải quyết: 11 ngày làm việc kể từ ngày nhận đầy đủ hồ sơ.\n# 5. Phí", []),
    ("Đã tiếp nhận 25 phản ánh, kiến nghị về hồ sơ hành chính.", []),
]


def _rows(text: str) -> tuple[list[Row], object]:
    result = extract(text)
    for f in result.dossiers:
        assert text[f.start:f.end] == f.quote
        assert f.rule.startswith("dossier.")
    return [(f.metric.value, f.count, f.agency, f.period_start, f.period_end, f.approx)
            for f in result.dossiers], result


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dossiers(text: str, expected: list[Row]) -> None:
    got, _ = _rows(text)
    assert got == expected


def test_enough_cases_and_traps() -> None:
    traps = sum(1 for _, exp in CASES if not exp)
    assert len(CASES) >= 30 and traps * 3 >= len(CASES)


def test_real_pages_do_not_break_it() -> None:
    """300 real pages (laws, news, notices): no exception, every quote at its span."""
    path = shared_path("bulk", "vn-legal-web.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in islice(f, 300):
            text = nfc(json.loads(line).get("text") or "")
            for fact in run(Context(text), skip=["people"]).dossiers:
                assert text[fact.start:fact.end] == fact.quote
