"""Score and rank tables read row by row with their header (issue 18, part 5).

Figures are those of real texts: Sở Công Thương Lạng Sơn's PAR Index 2023 (seed 003:
self-assessed 83,3/89,5, appraised 77,4/89,5 = 86,49 %, 13th), Quảng Bình's 2022 decision
(corpus/texts/quangbinh_2023_par_index.txt), Tuyên Quang's 2022 index
(corpus/texts/tuyenquang_2022_par_index.txt); "8.00/8.00" is a criterion cell as an
appraisal report writes it.
"""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.assessment.tables import _points, column_role

LANGSON = ("Kết quả Chỉ số cải cách hành chính năm 2023\n\n"
           "Đơn vị | Điểm tự chấm | Điểm thẩm định | Chỉ số (%) | Xếp hạng\n"
           "Sở Công Thương | 83,3/89,5 | 77,4/89,5 | 86,49 | 13")
LANGSON_MD = ("Kết quả Chỉ số cải cách hành chính năm 2023\n\n"
              "| Đơn vị | Điểm tự chấm | Điểm thẩm định | Chỉ số (%) | Xếp hạng |\n"
              "|---|---|---|---|---|\n"
              "| Sở Công Thương | 83,3/89,5 | 77,4/89,5 | 86,49 | 13 |")
QUANGBINH = ("Chỉ số cải cách hành chính năm 2022 của các sở, ban, ngành\n\n"
             "| STT | Đơn vị | Chỉ số CCHC năm 2022 | |\n"
             "| | | Tổng điểm | Xếp hạng |\n"
             "| I | Sở, ban, ngành cấp tỉnh | | |\n"
             "1 | Sở Thông tin và Truyền thông | 95,73 | 1\n"
             "2 | Văn phòng UBND tỉnh | 95,43 | 2\n"
             "| II | UBND các huyện, thị xã, thành phố | | |\n"
             "1 | UBND huyện Lệ Thủy | 88,94 | 1")
TUYENQUANG = ("Chỉ số cải cách hành chính năm 2022\n\n"
              "STT\tĐơn vị\tTổng điểm\tChỉ số CCHC (%)\tXếp loại\n"
              "1\tSở Tư pháp\t62,62\t94,49\t\n"
              "2\tUBND thành phố Tuyên Quang\t54,14\t82,96\t")
CRITERIA = ("Chỉ số CCHC năm 2023 của Sở Công Thương\n\n"
            "TT | Lĩnh vực | Điểm tối đa | Điểm thẩm định\n"
            "1 | Công tác chỉ đạo, điều hành CCHC | 10 | 6,5\n"
            "2 | Cải cách thủ tục hành chính | 20 | 19,5\n"
            "| | Tổng cộng | 89,5 | 77,4 |")
FRACTION = ("Chỉ số CCHC năm 2023\n\n"
            "TT | Tiêu chí | Điểm đạt/Điểm tối đa\n"
            "1.1 | Công tác chỉ đạo, điều hành CCHC | 8.00/8.00")


@pytest.mark.parametrize(("text", "scores", "ranks"), [
    # the appraised column is the result, with the percent; the self-assessed is stage self
    (LANGSON,
     [("Sở Công Thương", 83.3, 89.5, None, "self"),
      ("Sở Công Thương", 77.4, 89.5, 86.49, "appraised")],
     [("Sở Công Thương", 13)]),
    # a two-level header, group rows, row numbers: one score and one rank per unit
    (QUANGBINH,
     [("Sở Thông tin và Truyền thông", 95.73, None, None, None),
      ("Văn phòng UBND tỉnh", 95.43, None, None, None),
      ("UBND huyện Lệ Thủy", 88.94, None, None, None)],
     [("Sở Thông tin và Truyền thông", 1), ("Văn phòng UBND tỉnh", 2),
      ("UBND huyện Lệ Thủy", 1)]),
    # Markdown, as trafilatura writes a page's table
    (LANGSON_MD,
     [("Sở Công Thương", 83.3, 89.5, None, "self"),
      ("Sở Công Thương", 77.4, 89.5, 86.49, "appraised")],
     [("Sở Công Thương", 13)]),
    # tabs; "Xếp loại" is a class, no rank
    (TUYENQUANG,
     [("Sở Tư pháp", 62.62, None, 94.49, None),
      ("UBND thành phố Tuyên Quang", 54.14, None, 82.96, None)],
     []),
])
def test_unit_tables(text: str, scores: list, ranks: list) -> None:
    found = extract(text)
    for fact in [*found.scores, *found.rankings]:
        assert text[fact.start:fact.end] == fact.quote
    assert [(s.subject, s.value, s.max, s.percent, s.stage and s.stage.value)
            for s in found.scores] == scores
    assert all(s.criterion is None and s.index == "par_index" for s in found.scores)
    assert [(r.subject, r.rank) for r in found.rankings] == ranks


@pytest.mark.parametrize(("text", "scores"), [
    # the total row is nobody's score; the list number "1" is no criterion code
    (CRITERIA, [(6.5, 10, "Công tác chỉ đạo, điều hành CCHC"),
                (19.5, 20, "Cải cách thủ tục hành chính")]),
    # "8.00/8.00" is points over a maximum, and "1.1" the criterion
    (FRACTION, [(8, 8, "1.1")]),
])
def test_criteria_tables(text: str, scores: list) -> None:
    found = extract(text).scores
    assert [(s.value, s.max, s.criterion) for s in found] == scores


@pytest.mark.parametrize(("label", "role"), [
    ("Điểm tự đánh giá", "self"),
    ("Điểm tự chấm", "self"),
    ("Điểm thẩm định", "appraised"),
    ("Điểm điều tra xã hội học", "survey"),
    ("Tổng điểm thẩm định và điều tra xã hội học", "total"),
    ("Tổng điểm tự đánh giá", "self"),
    ("Tổng điểm", "total"),
    ("Chỉ số CCHC năm 2022 Tổng điểm", "total"),
    ("Điểm đạt/Điểm tối đa", "total"),
    ("Điểm tối đa", "max"),
    ("Tổng điểm tối đa", "max"),
    ("Chỉ số (%)", "percent"),
    ("Tỷ lệ", "percent"),
    ("Xếp hạng", "rank"),
    ("Chỉ số CCHC năm 2022 Xếp hạng", "rank"),
    ("Xếp loại", None),
    ("STT", None),
    ("Đơn vị", None),
])
def test_column_roles(label: str, role: str | None) -> None:
    assert column_role(label) == role


@pytest.mark.parametrize(("cell", "top", "expected"), [
    ("92,5", None, (92.5, None)),
    ("8.00/8.00", None, (8.0, 8.0)),
    ("15,804/20", None, (15.804, 20.0)),
    ("15.804", 20.0, (15.804, 20.0)),  # a dot before three digits, in a points cell
    ("6,5", 10.0, (6.5, 10.0)),
    ("12", 10.0, None),  # over the maximum
    ("643", None, None),  # over 100 with no maximum: a count or a row total, no points
    ("Khá", None, None),
])
def test_points_cells(cell: str, top: float | None, expected) -> None:
    assert _points(cell, top) == expected


# corpus/texts/sonla_2025_par_index.txt: PAR Index 2024, Hải Phòng 96,17 % first, Bà Rịa -
# Vũng Tàu 93,35 % second, Sơn La 90,02 % twelfth.
PROVINCES = ("Chỉ số cải cách hành chính năm 2024 của các tỉnh, thành phố\n\n"
             "STT | Tỉnh, thành phố | Chỉ số CCHC năm 2024 (%) | Xếp hạng\n"
             "1 | TP. Hải Phòng | 96,17 | 1\n"
             "2 | Bà Rịa - Vũng Tàu | 93,35 | 2\n"
             "12 | Sơn La | 90,02 | 12")


def test_a_table_of_provinces_ranks_each_by_its_standard_name() -> None:
    """A table with places and no points: ranks only, each province as the gazetteer
    spells it; the index percents are no points."""
    found = extract(PROVINCES)
    assert found.scores == []
    assert [(r.subject, r.rank, r.index, r.year) for r in found.rankings] == [
        ("Hải Phòng", 1, "par_index", 2024), ("Bà Rịa - Vũng Tàu", 2, "par_index", 2024),
        ("Sơn La", 12, "par_index", 2024)]
