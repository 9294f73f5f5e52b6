"""Dates as a reader would list them: every written calendar date with a year, ISO values,
month dates as YYYY-MM; bare years, quarters, numbers and scores are not dates.

The sentences are written in the style of plans, reports, dispatches and news from many
provinces; none is copied from the seed documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors.context import Context
from extractors.dates import find as dates
from extractors.text.patterns import patterns
from extractors.text.prefilter import matches_from
from extractors.text.reach import matches_in
from extractors.text.view import TextView, fold

CASES: list[tuple[str, list[str]]] = [
    # numeric dates, one separator
    ("Ngày 12/3/2023, UBND huyện Mường Khương tổ chức hội nghị.", ["2023-03-12"]),
    ("Báo cáo gửi về Sở Nội vụ trước ngày 05/12/2022 để tổng hợp.", ["2022-12-05"]),
    ("Hiệu lực kể từ ngày 1/1/2025.", ["2025-01-01"]),
    ("Phiên họp được tổ chức ngày 17-7-2019 tại trụ sở Tỉnh ủy Gia Lai.", ["2019-07-17"]),
    ("Văn bản ký ngày 17.7.2019 tại Thừa Thiên Huế.", ["2019-07-17"]),
    ("Minh Anh 15:42, 03/09/2024 - Sáng nay, Sở Tư pháp Bình Định tổ chức tập huấn.",
     ["2024-09-03"]),
    ("Cập nhật lúc 2024-05-14T09:30 trên Cổng thông tin điện tử tỉnh.", ["2024-05-14"]),
    # written out
    ("Quảng Trị, ngày 08 tháng 9 năm 2021", ["2021-09-08"]),
    ("Bắc Giang, ngày 21 tháng 12\nnăm 2020", ["2020-12-21"]),
    ("Nghị quyết được thông qua ngày 3 tháng 4/2022.", ["2022-04-03"]),
    # month dates and blank days
    ("Tính đến tháng 10 năm 2023, toàn tỉnh có 98% hồ sơ được số hóa.", ["2023-10"]),
    ("Số liệu thống kê đến hết tháng 6/2024 của Văn phòng UBND tỉnh Hòa Bình.", ["2024-06"]),
    ("Sơn La, ngày   tháng 02 năm 2024", ["2024-02"]),
    ("Hà Tĩnh, ngày … tháng 11 năm 2023", ["2023-11"]),
    ("Kon Tum, ngày ...... tháng 5 năm 2022", ["2022-05"]),
    ("Cà Mau, ngày  /01/2024", ["2024-01"]),
    # ranges
    ("Số hồ sơ tiếp nhận (tính từ ngày 01/01/2022 - 30/6/2022) là 4.512 hồ sơ.",
     ["2022-01-01", "2022-06-30"]),
    ("Kỳ báo cáo từ ngày 15/12/2022 đến 14/6/2023.", ["2022-12-15", "2023-06-14"]),
    ("Số liệu từ 15/12 đến 14/3/2021 do Bộ phận Một cửa cung cấp.",
     ["2020-12-15", "2021-03-14"]),
    ("Đoàn làm việc trong hai ngày 20 - 21/4/2023 tại huyện Krông Pắc.",
     ["2023-04-20", "2023-04-21"]),
    ("Kiểm tra từ ngày 05 đến ngày 09 tháng 6 năm 2023.", ["2023-06-05", "2023-06-09"]),
    ("Từ ngày 01/01/2023 đến thời điểm báo cáo, Sở đã tiếp nhận 812 hồ sơ.", ["2023-01-01"]),
    ("Nhiệm kỳ (19/12/2019-29/09/2021) của Ban Chỉ đạo.", ["2019-12-19", "2021-09-29"]),
    # not dates
    ("Trong năm 2021, tỉnh Vĩnh Long đã đơn giản hóa 35 thủ tục.", []),
    ("Kết quả quý I/2024 cho thấy tỷ lệ giải quyết đúng hạn tăng.", []),
    ("Báo cáo 6 tháng đầu năm 2023 về công tác cải cách hành chính.", []),
    ("Thực hiện Nghị định số 30/2020/NĐ-CP và Quyết định số 1009/QĐ-UBND.", []),
    ("Quyết định số 25/2018 của UBND tỉnh đã hết hiệu lực.", []),
    ("Đơn vị xếp thứ 13/20, đạt 8,75/11 điểm.", []),
    ("Có 02/05 Quyết định công bố không kịp thời.", []),
    ("Đường dây nóng: 0262.3.852.123 hoặc 0913.123.456.", []),
    ("Phần mềm phiên bản 2.1.2019.3 đã được cập nhật.", []),
    ("Lượt truy cập Tháng 01 : 6.425", []),
    ("Cuộc họp bắt đầu lúc 08:30 tại hội trường tầng 3.", []),
    ("Ngày 31/2/2020 và ngày 0/5/2019 không có thật, tháng 13/2021 cũng vậy.", []),
    ("Mã hồ sơ 12/10/0199 được nhập sai.", []),
    ("Giai đoạn 2021-2025, tỉnh đặt mục tiêu 100% thủ tục được số hóa.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_dates(text: str, expected: list[str]) -> None:
    found = dates.extract(Context(text))
    assert [d.value for d in found] == expected
    for d in found:
        assert text[d.start:d.end] == d.quote


def test_found_dates_are_sorted_by_position() -> None:
    text = "Từ 15/12 đến 14/3/2021; ngày 2 tháng 1 năm 2020; tháng 5/2019"
    found = dates.extract(Context(text))
    assert [d.span for d in found] == sorted(d.span for d in found)


PERIODS = [
    ("tính từ ngày 01/01/2021 - 31/8/2021", [("2021-01-01", "2021-08-31")]),
    ("Từ ngày 01/01/2022 đến thời điểm báo cáo", [("2022-01-01", None)]),
    ("từ 15/12 đến 14/3/2021", [("2020-12-15", "2021-03-14")]),
    ("ngày 12/3/2023 và ngày 15/3/2023", []),
]


@pytest.mark.parametrize(("text", "expected"), PERIODS)
def test_periods(text: str, expected: list[tuple[str, str | None]]) -> None:
    view = TextView(text)
    got = dates.periods(view, dates.extract(Context(view.text)))
    assert [(a.value, b.value if b else None) for a, b in got] == expected


def test_dates_between() -> None:
    text = "Ngày 25/10/2022, theo Kế hoạch ngày 27/6/2022 và ngày 1/7/2022"
    found = dates.extract(Context(text))
    inside = dates.dates_between(found, text.index("Kế"), text.index(" và"))
    assert [d.value for d in inside] == ["2022-06-27"]


_CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))
_NUMERIC = patterns("dates")[dates.NUMERIC]


@pytest.mark.parametrize("text", [
    *[ex.text for ex in _NUMERIC.examples], *_NUMERIC.counterexamples,
    "04/5/2019", "1/2/3/2020", "12.12.2020/12/2021", "v/v 5/5/20255", "ngày 3 -7-2019",
])
def test_numeric_dates_found_at_their_separators_are_the_scans(text: str) -> None:
    """``date.numeric`` tried only before a separator ``numeric_spans`` finds, read
    by ``reach.matches_in``, finds what its scan of the text finds."""
    folded = fold(text)
    scan = [m.span() for m in _NUMERIC.regex.finditer(folded)]
    assert [m.span() for m in matches_in(_NUMERIC.regex, folded,
                                         dates.numeric_spans(folded))] == scan


def test_numeric_dates_at_separators_on_the_corpus() -> None:
    for path in _CORPUS:
        folded = fold(path.read_text(encoding="utf-8"))
        scan = [m.span() for m in _NUMERIC.regex.finditer(folded)]
        assert [m.span() for m in matches_in(_NUMERIC.regex, folded,
                                             dates.numeric_spans(folded))] == scan, path.name


def test_is_digit_takes_every_digit_regex_reads() -> None:
    """``is_digit`` may say yes where ``regex``'s ``\\d`` says no, never the reverse: a
    date's day is never missed for its digit (every code point)."""
    digit = regex.compile(r"\d")
    assert all(dates.is_digit(chr(code)) for code in range(0x110000)
               if digit.match(chr(code)))


_LED = [pid for pid in dates._LEADS if pid != dates.NUMERIC]


@pytest.mark.parametrize("text", [
    *[ex.text for pid in _LED for ex in patterns("dates")[pid].examples],
    *[t for pid in _LED for t in patterns("dates")[pid].counterexamples],
    "ngày ngày 15 đến 16/3/2021", "Từ\tngày 5 - 9/6/2023", "ngày", "ngày ", "từ",
    "trong 15 ngày, từ 2/3 đến 4/5/2020", "NGÀY 17 THÁNG 7 NĂM 2019", "ngày…tháng 3 năm 2023",
    "ngày\u00a0/01/2024", "tuyên truyền từ 1/2 - 3/4/2021",
])
def test_patterns_tried_at_their_leads_find_what_their_scans_find(text: str) -> None:
    """Each date pattern tried only where its first word and what follows it allow
    (``_starts``) finds what a scan of the whole text finds."""
    _assert_leads_find_the_scans(fold(text))


def test_patterns_tried_at_their_leads_on_the_corpus() -> None:
    for path in _CORPUS:
        _assert_leads_find_the_scans(fold(path.read_text(encoding="utf-8")))


def _assert_leads_find_the_scans(folded: str) -> None:
    view = TextView(folded)
    starts = dates._starts(view)
    assert starts is not None
    for pid in _LED:
        rx = patterns("dates")[pid].regex
        lead = dates._lead_starts(starts, dates._LEADS[pid])
        assert [m.span() for m in matches_from(rx, folded, lead)] == [
            m.span() for m in rx.finditer(folded)], pid
