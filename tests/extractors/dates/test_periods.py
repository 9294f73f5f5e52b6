"""Period expressions → (period_start, period_end), one table of how reports write them."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from extractors.context import Context, StageOrderError
from extractors.dates.periods import (
    _dated_periods,
    _stretch,
    find_periods,
    periods_across,
    periods_between,
    periods_of,
    report_period,
)
from extractors.text.view import TextView
from schemas import DocumentMeta

# (text, expected [(quote, start, end)] of the non-report-term periods, left to right)
CASES = [
    ("Tổng số hồ sơ tiếp nhận 8.586 hồ sơ (tính từ ngày 01/01/2021 - 31/8/2021)",
     [("tính từ ngày 01/01/2021 - 31/8/2021", "2021-01-01", "2021-08-31")]),
    ("Từ ngày 15/12/2020 đến 14/3/2021, Trung tâm đã tiếp nhận 3.210 hồ sơ.",
     [("Từ ngày 15/12/2020 đến 14/3/2021", "2020-12-15", "2021-03-14")]),
    ("kỳ báo cáo từ ngày 15/12/2022 đến ngày 14/3/2023",
     [("từ ngày 15/12/2022 đến ngày 14/3/2023", "2022-12-15", "2023-03-14")]),
    ("Từ 01/01 đến 31/5/2023, UBND huyện Lục Yên tiếp nhận 4.120 hồ sơ.",
     [("Từ 01/01 đến 31/5/2023", "2023-01-01", "2023-05-31")]),
    ("Từ ngày 01/01/2022 đến thời điểm báo cáo, Sở đã tiếp nhận 1.713 hồ sơ",
     [("Từ ngày 01/01/2022 đến thời điểm báo cáo", "2022-01-01", None)]),
    ("Từ đầu năm đến thời điểm báo cáo, Sở đã tiếp nhận 15.726 hồ sơ",
     [("Từ đầu năm đến thời điểm báo cáo", None, None)]),
    ("Từ đầu năm 2023 đến nay, toàn tỉnh tiếp nhận trên 250.000 hồ sơ",
     [("Từ đầu năm 2023 đến nay", "2023-01-01", None)]),
    ("từ đầu năm đến ngày 15/6/2024 đã giải quyết 980 hồ sơ",
     [("từ đầu năm đến ngày 15/6/2024", "2024-01-01", "2024-06-15")]),
    ("Báo cáo kết quả thực hiện quý I/2024", [("quý I/2024", "2024-01-01", "2024-03-31")]),
    ("Trong quý II năm 2023, Bộ phận Một cửa tiếp nhận",
     [("quý II năm 2023", "2023-04-01", "2023-06-30")]),
    ("Quý IV-2022 đã giải quyết", [("Quý IV-2022", "2022-10-01", "2022-12-31")]),
    ("Trong 6 tháng đầu năm 2023, Sở Tư pháp tiếp nhận",
     [("6 tháng đầu năm 2023", "2023-01-01", "2023-06-30")]),
    ("Kết quả 9 tháng năm 2022", [("9 tháng năm 2022", "2022-01-01", "2022-09-30")]),
    ("06 tháng cuối năm 2021", [("06 tháng cuối năm 2021", "2021-07-01", "2021-12-31")]),
    ("sáu tháng đầu năm, Sở đã tiếp nhận", [("sáu tháng đầu năm", None, None)]),
    ("Năm 2022, Trung tâm tiếp nhận 12.000 hồ sơ",
     [("Năm 2022", "2022-01-01", "2022-12-31")]),
    ("Trong tháng 10/2023, Bộ phận Một cửa tiếp nhận",
     [("tháng 10/2023", "2023-10-01", "2023-10-31")]),
    ("trong tháng 2 năm 2024", [("tháng 2 năm 2024", "2024-02-01", "2024-02-29")]),
    ("từ tháng 01 đến tháng 6 năm 2023",
     [("từ tháng 01 đến tháng 6 năm 2023", "2023-01-01", "2023-06-30")]),
    ("Từ tháng 10/2022 đến tháng 9/2023",
     [("Từ tháng 10/2022 đến tháng 9/2023", "2022-10-01", "2023-09-30")]),
    ("Tính đến ngày 30/6/2024, UBND huyện đã tiếp nhận",
     [("Tính đến ngày 30/6/2024", None, "2024-06-30")]),
    ("từ ngày 15 tháng 12 năm 2020 đến ngày 14 tháng 3 năm 2021",
     [("từ ngày 15 tháng 12 năm 2020 đến ngày 14 tháng 3 năm 2021", "2020-12-15",
       "2021-03-14")]),
    # not periods
    ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh", []),
    ("thời hạn giải quyết 6 tháng kể từ ngày nhận đủ hồ sơ", []),
    ("Kế hoạch giai đoạn 2021-2025", []),
    ("ngay từ đầu năm các Phòng đã tham mưu", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_period(text: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    view = TextView(text)
    got = [p for p in find_periods(view) if not p.report_term]
    assert [(text[slice(*p.span)], p.start, p.end) for p in got] == expected


def test_periods_wait_for_the_document_date() -> None:
    """A yearless "tháng 10 vừa qua" is dated by the document, so a stage that asks for the
    context's periods before the document stage has run is an error, not a silent guess."""
    ctx = Context("Như trong tháng 10 vừa qua, Trung tâm đã tiếp nhận 19.000 hồ sơ")
    with pytest.raises(StageOrderError):
        periods_of(ctx)
    ctx.document = DocumentMeta(issued_date="2019-11-25")
    assert [(p.start, p.end) for p in periods_of(ctx)] == [("2019-10-01", "2019-10-31")]


def test_comparison_is_marked() -> None:
    view = TextView("tiếp nhận 1.200 hồ sơ, tăng 15% so với cùng kỳ năm 2022")
    (p,) = find_periods(view)
    assert p.comparison and p.start == "2022-01-01"


@pytest.mark.parametrize(("text", "expected"), [
    ("Kỳ báo cáo: từ ngày 15/12/2022 đến ngày 14/3/2023.\nTrong kỳ báo cáo, Sở tiếp nhận",
     ("2022-12-15", "2023-03-14")),
    ("UBND HUYỆN A\n\nBÁO CÁO\nKết quả công tác cải cách hành chính quý I năm 2024\n\nI.",
     ("2024-01-01", "2024-03-31")),
    ("KẾ HOẠCH\nCải cách hành chính năm 2024\n", None),
])
def test_report_period(text: str, expected: tuple[str, str] | None) -> None:
    p = report_period(Context(text, document=DocumentMeta()))
    assert (None if p is None else (p.start, p.end)) == expected


@pytest.mark.parametrize(("text", "date", "expected"), [
    # a news page dated 25/11/2019 speaking of "tháng 10 vừa qua": October 2019
    ("Như trong tháng 10 vừa qua, Trung tâm đã tiếp nhận 19.000 hồ sơ", "2019-11-25",
     [("tháng 10", "2019-10-01", "2019-10-31")]),
    # a month after the page's month is last year's: "tháng 12 vừa qua" in January
    ("Trong tháng 12 vừa qua, huyện Tuần Giáo đã tiếp nhận", "2024-01-08",
     [("tháng 12", "2023-12-01", "2023-12-31")]),
    ("trong quý I vừa qua, toàn tỉnh tiếp nhận", "2021-04-15",
     [("quý I", "2021-01-01", "2021-03-31")]),
    # no date: the year of the period written above ("Quý I/2020" in the headline)
    ("Quý I/2020 không có hồ sơ quá hạn\n\nTrong 3 tháng đầu năm, huyện Đầm Hà tiếp nhận",
     None, [("Quý I/2020", "2020-01-01", "2020-03-31"),
            ("3 tháng đầu năm", "2020-01-01", "2020-03-31")]),
    # "từ đầu năm đến nay" keeps no invented year; a bare "tháng 10," is no period
    ("Từ đầu năm đến nay, Sở đã tiếp nhận 900 hồ sơ", "2022-10-25",
     [("Từ đầu năm đến nay", None, None)]),
    ("trong tháng 10, Sở tiếp nhận 40 hồ sơ", "2022-10-25", []),
    ("sáu tháng đầu năm, Sở đã tiếp nhận", None, [("sáu tháng đầu năm", None, None)]),
])
def test_yearless_period_takes_the_document_year(
        text: str, date: str | None, expected: list[tuple[str, str | None, str | None]]) -> None:
    got = [p for p in find_periods(TextView(text), date) if not p.report_term]
    assert [(text[slice(*p.span)], p.start, p.end) for p in got] == expected


CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


def _stretches(ctx: Context) -> list[tuple[int, int]]:
    """Each sentence, each line and each stretch between two of the page's periods."""
    spans = [(a, b + 1) for a, b in ctx.sentence_bounds]
    spans += [(a, b) for a, b in pairwise(ctx.line_starts)]
    found = periods_of(ctx)
    spans += [(p.span[0] + 1, q.span[1] - 1) for p, q in pairwise(found)
              if p.span[0] + 1 <= q.span[1] - 1]
    return spans


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_a_stretch_reads_the_pages_periods_there(path: Path) -> None:
    """A long page's periods asked of a stretch are read from the last stop before it
    (``_stretch``: none crosses a ";", ":" or "(" …) to the first after it: for every
    sentence, line and stretch between periods of every corpus text (and its dates as the
    document's or none), the periods that start or run in it are the page's there."""
    text = path.read_text(encoding="utf-8")
    for date in ("2024-06-30", None):
        ctx = Context(text, document=DocumentMeta(issued_date=date))
        whole = periods_of(ctx)
        for lo, hi in _stretches(ctx):
            read = _stretch(ctx, lo, hi)
            if read is None:
                continue
            assert [p for p in read[0] if lo <= p.span[0] < hi] == [
                p for p in whole if lo <= p.span[0] < hi], (lo, hi)
            assert [p for p in read[0] if p.span[0] < hi and p.span[1] > lo] == [
                p for p in whole if p.span[0] < hi and p.span[1] > lo], (lo, hi)


def test_a_long_page_asks_its_stretches_only() -> None:
    """On a page past 64k characters whose periods no one has read, a figure's sentence
    reads its own stretch (the page's are not read), with the page's answer."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in CORPUS)
    text = "\n\n".join([text] * (65536 // len(text) + 1))  # run together past 64k
    ctx = Context(text, document=DocumentMeta(issued_date="2024-06-30"))
    whole = periods_of(Context(text, document=DocumentMeta(issued_date="2024-06-30")))
    at = next(p for p in whole if p.span[0] > len(text) // 2).span[0]
    lo, hi = ctx.sentence_of(at)
    assert periods_between(ctx, lo, hi + 1) == [p for p in whole if lo <= p.span[0] < hi + 1]
    assert periods_across(ctx, at, at + 1) == [p for p in whole if p.span[0] == at]
    assert _dated_periods not in ctx._memo
