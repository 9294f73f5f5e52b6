"""Dossier counts whose meaning a breakdown decides, bare counts after "còn"/"gồm", and
paragraphs printed twice.

Each case is (text, expected facts as (metric, count, agency, period_start, period_end));
sentences are written the way provincial reports and news pages write them. A third are
traps: what looks like a breakdown or a bare count but is not one.
"""

from __future__ import annotations

import pytest

from extractors import extract

Row = tuple[str, int, str | None, str | None, str | None]
Q2_22 = ("2022-04-01", "2022-06-30")
Y23 = ("2023-01-01", "2023-12-31")

CASES: list[tuple[str, list[Row]]] = [
    # a pending whole and its parts: late parts are pending_overdue, in-time parts
    # pending_on_time (the contract: "where the text splits the pending ones")
    ("Trong quý II/2022, UBND huyện Krông Pắc đang giải quyết 420 hồ sơ, trong đó 400 hồ sơ "
     "trong hạn và 20 hồ sơ đã quá hạn.",
     [("pending", 420, "UBND huyện Krông Pắc", *Q2_22),
      ("pending_on_time", 400, "UBND huyện Krông Pắc", *Q2_22),
      ("pending_overdue", 20, "UBND huyện Krông Pắc", *Q2_22)]),
    ("Năm 2023, Sở Tư pháp tiếp nhận 2.310 hồ sơ. Trong số 145 hồ sơ đang giải quyết, có "
     "131 hồ sơ chưa đến hạn và 14 hồ sơ quá hạn.",
     [("received", 2310, "Sở Tư pháp", *Y23),
      ("pending", 145, "Sở Tư pháp", *Y23),
      ("pending_on_time", 131, "Sở Tư pháp", *Y23),
      ("pending_overdue", 14, "Sở Tư pháp", *Y23)]),
    ("Năm 2023, Sở Xây dựng có số hồ sơ đang giải quyết gồm 88 hồ sơ, có 80 hồ sơ trong hạn, "
     "8 hồ sơ đã quá hạn.",
     [("pending", 88, "Sở Xây dựng", *Y23),
      ("pending_on_time", 80, "Sở Xây dựng", *Y23),
      ("pending_overdue", 8, "Sở Xây dựng", *Y23)]),
    # a whole split into new intake and carry-over is the total in process (received)
    ("Tổng số hồ sơ đã giải quyết trong năm 2023 của UBND thị xã Sơn Tây là 12.400 hồ sơ, "
     "trong đó tiếp nhận mới 11.900 hồ sơ, kỳ trước chuyển sang 500 hồ sơ.",
     [("received", 12400, "UBND thị xã Sơn Tây", *Y23),
      ("received_new", 11900, "UBND thị xã Sơn Tây", *Y23),
      ("carried_over", 500, "UBND thị xã Sơn Tây", *Y23)]),
    ("Năm 2023, Trung tâm Phục vụ hành chính công tỉnh lũy kế đã và đang giải quyết trong kỳ "
     "là 9.310 hồ sơ.",
     [("received", 9310, "Trung tâm Phục vụ hành chính công tỉnh", *Y23)]),
    # a bare count after "còn" / "gồm"
    ("Năm 2023, tại Sở Y tế số hồ sơ giải quyết trễ hạn còn 27, chiếm 0,5%.",
     [("overdue", 27, "Sở Y tế", *Y23)]),
    # late resolved and late pending counted together are overdue; late pending alone not
    ("Năm 2023, Sở Nội vụ có hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn nhưng chưa "
     "có kết quả là 9 hồ sơ.",
     [("overdue", 9, "Sở Nội vụ", *Y23)]),
    ("Năm 2023, tại UBND huyện Đức Trọng hồ sơ quá hạn giải quyết nhưng chưa có kết quả "
     "45 hồ sơ.",
     [("pending_overdue", 45, "UBND huyện Đức Trọng", *Y23)]),
]

# traps: what looks like a pending breakdown, an intake split or a bare count but is not
TRAPS: list[tuple[str, list[Row]]] = [
    # parts of a RESOLVED whole stay resolved-late; a ";" ends a pending breakdown
    ("Năm 2023, Sở Công Thương đã giải quyết 300 hồ sơ, trong đó quá hạn 4 hồ sơ; đang giải "
     "quyết 25 hồ sơ.",
     [("resolved", 300, "Sở Công Thương", *Y23),
      ("overdue", 4, "Sở Công Thương", *Y23),
      ("pending", 25, "Sở Công Thương", *Y23)]),
    ("Năm 2023, Sở Tài chính đang giải quyết 60 hồ sơ; trả quá hạn 3 hồ sơ.",
     [("pending", 60, "Sở Tài chính", *Y23),
      ("overdue", 3, "Sở Tài chính", *Y23)]),
    ("Năm 2023, Sở Nội vụ đã giải quyết 1.200 hồ sơ, trong đó trước hạn 900 hồ sơ.",
     [("resolved", 1200, "Sở Nội vụ", *Y23),
      ("resolved_early", 900, "Sở Nội vụ", *Y23)]),
    ("Thời hạn giải quyết hồ sơ còn 5 ngày làm việc.", []),
    ("Trong số 20 hồ sơ được kiểm tra, có 3 hồ sơ chưa đúng quy trình.", []),
    ("Trong số các hồ sơ đang giải quyết, nhiều hồ sơ còn vướng mắc về đất đai.", []),
    ("Phấn đấu số hồ sơ quá hạn còn dưới 1%.", []),
]


def _rows(text: str) -> list[Row]:
    out = []
    for f in extract(text).dossiers:
        assert text[f.start:f.end] == f.quote
        out.append((f.metric.value, f.count, f.agency, f.period_start, f.period_end))
    return out


@pytest.mark.parametrize(("text", "expected"), CASES + TRAPS)
def test_breakdowns(text: str, expected: list[Row]) -> None:
    assert _rows(text) == expected


def test_a_third_are_traps() -> None:
    assert 3 * len(TRAPS) >= len(CASES) + len(TRAPS) >= 12


LEAD = ("Trong tháng 5/2023, Trung tâm Phục vụ hành chính công tỉnh đã tiếp nhận 6.020 hồ sơ, "
        "đã giải quyết 5.870 hồ sơ.")


@pytest.mark.parametrize(("text", "expected"), [
    # a news lead printed again as the body's first paragraph: its figures count once
    (f"{LEAD}\n\n{LEAD}\n\nTrung tâm đang giải quyết 150 hồ sơ.",
     [("received", 6020), ("resolved", 5870), ("pending", 150)]),
    # the same count said again in another sentence is a second statement: both stay
    ("Trong tháng 5/2023, Sở Tư pháp tiếp nhận 120 hồ sơ. Như vậy, Sở Tư pháp tiếp nhận "
     "120 hồ sơ trong tháng 5/2023.",
     [("received", 120), ("received", 120)]),
    # the same sentence about another body is another fact
    ("Trong tháng 5/2023, Sở Tư pháp tiếp nhận 120 hồ sơ.\n\nTrong tháng 5/2023, Sở Nội vụ "
     "tiếp nhận 120 hồ sơ.",
     [("received", 120), ("received", 120)]),
])
def test_repeated_paragraph_counts_once(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(m, c) for m, c, *_ in _rows(text)] == expected


LEVELS = [
    # each tier as the text states it; "toàn tỉnh" after "Với cấp xã" is the communes
    ("Quý I, toàn tỉnh đã tiếp nhận 659.245 hồ sơ. Với cấp tỉnh, quý I đã tiếp nhận 54.575 "
     "hồ sơ. Với cấp huyện, 12 huyện đã tiếp nhận 340.060 hồ sơ. Với cấp xã, toàn tỉnh quý "
     "I tiếp nhận 264.610 hồ sơ.",
     [(659245, None, "all"), (54575, None, "province"), (340060, None, "district"),
      (264610, None, "commune")]),
    # a named agency keeps its name and no level
    ("Sở Tư pháp đã tiếp nhận 120 hồ sơ.", [(120, "Sở Tư pháp", None)]),
    # two tiers at once are a level, but no one tier
    ("Tại cấp huyện và cấp xã đã tiếp nhận 900 hồ sơ.", [(900, None, None)]),
]


@pytest.mark.parametrize(("text", "expected"), LEVELS)
def test_levels(text: str, expected: list[tuple]) -> None:
    got = extract(text, with_people=False).dossiers
    assert [(d.count, d.agency, d.level and d.level.value) for d in got] == expected


def test_a_headline_restatement_takes_the_figure_it_rounds() -> None:
    """"Trên 7.600" in the headline is the body's 7.677: same level and period, so the
    answers never count it apart (and never add it)."""
    text = ("Trên 7.600 hồ sơ bị quá hạn trong quý I\n\nTrong quý I năm 2020, toàn tỉnh có "
            "7.677 hồ sơ quá hạn.")
    first, exact = extract(text, with_people=False).dossiers
    assert (first.count, first.approx, exact.count) == (7600, True, 7677)
    assert (first.level, first.period_start, first.period_end) == (
        exact.level, exact.period_start, exact.period_end)
