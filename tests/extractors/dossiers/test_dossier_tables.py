"""Dossier tables, one fact per cell with its agency or tier (issue 18, part 5).

Figures from corpus/texts/lamdong_2020_q1_hoso_cac_cap.txt (Q1 2020 by tier) and
corpus/texts/lamdong_2019_10_hoso_qua_han.txt (October 2019), laid out as converters
write tables: one row a line, " | " between cells, empty cells kept.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.dossiers import tables
from extractors.text.view import TextView

Row = tuple[str, int, str | None, str | None]

BY_TIER = ("Kết quả giải quyết hồ sơ thủ tục hành chính quý I năm 2020\n\n"
           "| Cấp | Số hồ sơ tiếp nhận | Số hồ sơ đã giải quyết | | | "
           "Số hồ sơ đang giải quyết | | |\n"
           "| | | Tổng số | Đúng và trước hạn | Quá hạn | Tổng số | Chưa đến hạn | Quá hạn |\n"
           "Cấp tỉnh | 54.575 | 51.780 | 51.072 | 708 | 2.800 | 2.672 | 128\n"
           "| Cấp xã | 264.610 | 261.896 | 260.612 | | | | |\n"
           "Toàn tỉnh | 659.245 | 643.272 | 635.593 | 7.677 | 7.172 | 5.950 | 1.222")
BY_AGENCY = ("Tình hình tiếp nhận, giải quyết hồ sơ tháng 10 năm 2019\n\n"
             "| STT | Đơn vị | Tổng số hồ sơ tiếp nhận | Số hồ sơ đã giải quyết | | |\n"
             "| | | | Trước hạn | Đúng hạn | Quá hạn |\n"
             "1 | Trung tâm Phục vụ Hành chính công tỉnh | 19.361 | 13.529 | 1.958 | 154\n"
             "2 | Cấp huyện | 21.686 | 13.767 | 3.254 | 634")


@pytest.mark.parametrize(("text", "expected"), [
    (BY_TIER, [
        ("received", 54575, None, "province"), ("resolved", 51780, None, "province"),
        ("resolved_early_or_on_time", 51072, None, "province"),
        ("overdue", 708, None, "province"), ("pending", 2800, None, "province"),
        ("pending_on_time", 2672, None, "province"),
        ("pending_overdue", 128, None, "province"),
        ("received", 264610, None, "commune"), ("resolved", 261896, None, "commune"),
        ("resolved_early_or_on_time", 260612, None, "commune"),
        ("received", 659245, None, "all"), ("resolved", 643272, None, "all"),
        ("resolved_early_or_on_time", 635593, None, "all"), ("overdue", 7677, None, "all"),
        ("pending", 7172, None, "all"), ("pending_on_time", 5950, None, "all"),
        ("pending_overdue", 1222, None, "all")]),
    (BY_AGENCY, [
        ("received", 19361, "Trung tâm Phục vụ Hành chính công tỉnh", None),
        ("resolved_early", 13529, "Trung tâm Phục vụ Hành chính công tỉnh", None),
        ("resolved_on_time", 1958, "Trung tâm Phục vụ Hành chính công tỉnh", None),
        ("overdue", 154, "Trung tâm Phục vụ Hành chính công tỉnh", None),
        ("received", 21686, None, "district"), ("resolved_early", 13767, None, "district"),
        ("resolved_on_time", 3254, None, "district"), ("overdue", 634, None, "district")]),
])
def test_dossier_tables(text: str, expected: list[Row]) -> None:
    found = extract(text).dossiers
    for d in found:
        assert text[d.start:d.end] == d.quote and d.rule == "dossier.table"
    assert [(d.metric.value, d.count, d.agency, d.level and d.level.value)
            for d in found] == expected


CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


def _tables_cut_at_once(view: TextView) -> list[tuple[int, int, list, int]]:
    """Each table's (start, end, rows, caption start) with every line's cells cut as it is
    read, as the tables were read before a table's cells waited for a reader."""
    text = view.text
    out, current, first, last, previous = [], [], 0, 0, -2
    starts = [*view.line_starts, len(text) + 1]

    def close() -> None:
        line = view.line_of(first)
        out.append((first, last, current, view.line_starts[max(0, line - 3)]))

    for i in range(len(view.line_starts)):
        a, b = starts[i], starts[i + 1] - 1
        if "|" not in text[a:b] and "\t" not in text[a:b]:
            continue
        if i != previous + 1 and len(current) >= 2:
            close()
        if i != previous + 1:
            current = []
        previous = i
        row = tables._cells(text, a, b)
        if row is not None and tables._RULE_LINE.match(text[a:b]):
            continue
        if row is not None:
            if not current:
                first = a
            current.append(row)
            last = b
            continue
        if len(current) >= 2:
            close()
        current = []
    if len(current) >= 2:
        close()
    return out


@pytest.mark.parametrize("text", [BY_TIER, BY_AGENCY, *[p.read_text(encoding="utf-8")
                                                        for p in CORPUS]])
def test_a_tables_cells_are_cut_when_read(text: str) -> None:
    """A table's rows are cut from its lines when first read; the tables, their rows and
    captions are those of cutting every line as it is read (on the examples above and
    every corpus text)."""
    view = TextView(text)
    assert [(t.start, t.end, t.rows, t.caption_start) for t in tables.find_tables(view)] == (
        _tables_cut_at_once(view))
