"""Two cross-category gaps seen on crawled pages: positions typed in title case ("Bộ
Trưởng", "Cục Trưởng") are not units, and a rate written as a label ("Tỷ lệ cắt giảm chi
phí: 100%") is a rate."""

from __future__ import annotations

import pytest

from extractors import extract
from tests.conftest import assert_spans


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Bộ Trưởng Bộ Nội vụ Phạm Thị Thanh Trà phát biểu chỉ đạo.", ["Bộ Nội vụ"]),
        ("Thứ Trưởng Bộ Tư pháp dự và phát biểu.", ["Bộ Tư pháp"]),
        ("Phó Chủ Tịch UBND tỉnh Lê Văn Hải chủ trì.", []),
        ("Phó Cục Trưởng Cục Kiểm soát thủ tục hành chính làm việc với tỉnh.",
         ["Cục Kiểm soát thủ tục hành chính"]),
        ("Ông Nguyễn Văn An, Tổ Trưởng, báo cáo kết quả.", []),
        ("Bộ Nội vụ và Cục Thuế tỉnh phối hợp.", ["Bộ Nội vụ", "Cục Thuế tỉnh"]),
    ],
)
def test_title_case_positions_are_no_units(text: str, units: list[str]) -> None:
    result = extract(text)
    assert [u.name for u in result.units] == units
    assert_spans(result)


_PLAN = ("Thủ tục cấp giấy phép kinh doanh\nChi phí tuân thủ TTHC trước khi đơn giản hóa: "
         "1.200.000 đồng/năm.\nChi phí tuân thủ TTHC sau khi đơn giản hóa: 0 đồng/năm.\n")


@pytest.mark.parametrize(
    ("text", "percents"),
    [
        ("Tỷ lệ cắt giảm chi phí: 100%", [100.0]),
        (_PLAN + "Tỷ lệ cắt giảm chi phí: 100%.", [100.0]),
        ("| Tỷ lệ cắt giảm chi phí: | 45,5% |", [45.5]),
        (_PLAN + "- Tỷ lệ cắt giảm: 100%", [100.0]),
        ("Kế hoạch tài chính năm 2021.\nTỷ lệ tăng trưởng GDP: 7,5%", []),
        ("Tỷ lệ hộ nghèo: 3,2%", []),
        ("Tỷ lệ giải ngân vốn đầu tư công: 95%", []),
    ],
)
def test_rates_written_as_labels(text: str, percents: list[float]) -> None:
    result = extract(text)
    assert [r.percent for r in result.rates] == percents
    assert_spans(result)
