"""Who was assessed, in which index, for which year and at which stage: each row is a
text and what its scores (S), ranks (R) and index rates (%) answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.assessment.about import About, named
from extractors.runner import context_of, run, select

CASES = [
    # the body named before the figure, the index named before it
    ("Năm 2022, Chỉ số CCHC của Sở Tư pháp đạt 88,52/100 điểm, xếp thứ 3/19.",
     [("S", 88.52, "Sở Tư pháp", "par_index", 2022, None, None),
      ("R", 3, "Sở Tư pháp", "par_index", 2022, None, None)]),
    # a list: "thứ hai là X" names the body after the rank
    ("Chỉ số CCHC năm 2022: Sở Tài chính dẫn đầu với 95,73 điểm; thứ hai là Văn phòng "
     "UBND tỉnh 95,43 điểm.",
     [("S", 95.73, "Sở Tài chính", "par_index", 2022, None, None),
      ("S", 95.43, "Văn phòng UBND tỉnh", "par_index", 2022, None, None),
      ("R", 1, "Sở Tài chính", "par_index", 2022, None, None),
      ("R", 2, "Văn phòng UBND tỉnh", "par_index", 2022, None, None)]),
    # the body after the figure when none is before it
    ("Với 90,35 điểm, Sở Nội vụ đứng đầu khối các sở về cải cách hành chính năm 2023.",
     [("S", 90.35, "Sở Nội vụ", "par_index", 2023, None, None),
      ("R", 1, "Sở Nội vụ", "par_index", 2023, None, None)]),
    # a province assessed as a whole is its standard name; SIPAS is its own index;
    # a comparison year is not the year assessed
    ("Chỉ số hài lòng về sự phục vụ hành chính năm 2019 của tỉnh An Giang đạt 89,81%, "
     "xếp hạng 8/63 tỉnh, thành phố, tăng 2 bậc so với năm 2018.",
     [("R", 8, "An Giang", "sipas", 2019, None, None),
      ("%", 89.81, "An Giang", "sipas", 2019, None, None)]),
    ("Chỉ số PAPI năm 2022 của UBND tỉnh Lào Cai xếp thứ 10/63.",
     [("R", 10, "Lào Cai", "papi", 2022, None, None)]),
    # a city of a province is not the province of the same name
    ("Kết quả Chỉ số CCHC năm 2022: UBND thành phố Tuyên Quang đứng đầu với 54,14 điểm.",
     [("S", 54.14, "UBND thành phố Tuyên Quang", "par_index", 2022, None, None),
      ("R", 1, "UBND thành phố Tuyên Quang", "par_index", 2022, None, None)]),
    # self-assessed beside appraised; the appraising council is not the subject
    ("Năm 2023, Chỉ số CCHC của Sở Y tế tự chấm 83,3/89,5 điểm; kết quả Hội đồng thẩm "
     "định của tỉnh thẩm định đạt 77,4/89,5 điểm.",
     [("S", 83.3, "Sở Y tế", "par_index", 2023, "self", None),
      ("S", 77.4, "Sở Y tế", "par_index", 2023, "appraised", None)]),
    # criterion lines belong to the document's subject, with the document's index;
    # the component is named by its code, else by its heading
    ("SỞ TƯ PHÁP\nBÁO CÁO\nKết quả Chỉ số CCHC năm 2021 của Sở Tư pháp xếp thứ 2/20.\n"
     "1. Công tác chỉ đạo, điều hành CCHC (8/9 điểm)\n"
     "- Tiêu chí thành phần 1.4: Công tác tuyên truyền CCHC: 1/2 điểm.\n",
     [("S", 8, "Sở Tư pháp", "par_index", 2021, None, "Công tác chỉ đạo, điều hành CCHC"),
      ("S", 1, "Sở Tư pháp", "par_index", 2021, None, "1.4"),
      ("R", 2, "Sở Tư pháp", "par_index", 2021, None, None)]),
    # the satisfaction part of the PAR Index is still the PAR Index
    ("Chỉ số CCHC năm 2023 của Sở Xây dựng đạt 86 điểm.\n"
     "6. Kết quả đo lường hài lòng của người dân, tổ chức (15,8/20 điểm)\n",
     [("S", 86, "Sở Xây dựng", "par_index", 2023, None, None),
      ("S", 15.8, "Sở Xây dựng", "par_index", 2023, None,
       "Kết quả đo lường hài lòng của người dân, tổ chức")]),
    # a national figure has no subject; the compared year's value is that year's
    ("Chỉ số SIPAS năm 2023 ở mức 82,66%, tăng 2,58% so với năm 2022 (80,08%).",
     [("%", 82.66, None, "sipas", 2023, None, None),
      ("%", 80.08, None, "sipas", 2022, None, None)]),
    # a range describes the field: neither end is a rate
    ("Chỉ số hài lòng ở 63 tỉnh nằm trong khoảng 75,03% - 90,61%.", []),
    # a satisfaction rate in a text about SIPAS is the district's result
    ("Kết quả Chỉ số SIPAS năm 2023 của các huyện.\n\nThấp nhất là thị xã Sa Pa, với tỷ "
     "lệ hài lòng đạt 79,91%.",
     [("%", 79.91, "thị xã Sa Pa", "sipas", 2023, None, None)]),
    # another named index
    ("Năm 2022, Trà Vinh đứng đầu cả nước về Chỉ số Xanh.",
     [("R", 1, "Trà Vinh", "other", 2022, None, None)]),
]


def _rows(text: str) -> list[tuple]:
    e = extract(text, with_people=False)
    rows = [("S", s.value, s.subject, s.index, s.year, s.stage, s.criterion) for s in e.scores]
    rows += [("R", r.rank, r.subject, r.index, r.year, None, r.criterion) for r in e.rankings]
    rows += [("%", r.percent, r.subject, r.index, r.year, None, None) for r in e.rates if r.index]
    return [(k, v, s, str(i) if i else None, y, str(st) if st else None, c)
            for k, v, s, i, y, st, c in rows]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_who_which_index_which_year(text: str, expected: list[tuple]) -> None:
    assert _rows(text) == expected


CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_names_near_a_sentence_are_the_pages_names_there(path: Path) -> None:
    """A figure's sentence reads its names from that stretch alone (``names_near``): for
    every sentence of every corpus text, they are the page's names (:func:`named`, overlaps
    resolved over the whole text) that start in it."""
    ctx = run(context_of(path.read_text(encoding="utf-8")),
              stages=select("dates", "references", "units", "people", "document"))
    ctx.__dict__.pop("province_mentions", None)  # the provinces too read a stretch at a time
    about = About(ctx)
    near = []
    pos = 0
    while pos < len(ctx.folded):
        s, e = ctx.sentence_of(pos)
        near.append((s, e, about.names_near(s, e)))
        pos = max(e, pos) + 1
    every = named(ctx)
    for s, e, found in near:
        assert found == [n for n in every if s <= n.start <= e], (s, e)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_name_within_a_label_is_asked_of_the_pages_names(path: Path) -> None:
    """Whether a criterion's label holds a name is asked only where such a name starts
    (``name_within``); for every line of every corpus text taken as a label, the answer
    is the one every name of the page (:func:`named`) gives."""
    ctx = run(context_of(path.read_text(encoding="utf-8")),
              stages=select("dates", "references", "units", "people", "document"))
    ctx.__dict__.pop("province_mentions", None)  # the provinces too read a stretch at a time
    answers = [(line, About(ctx).name_within(line.lower())) for line in ctx.folded.splitlines()]
    every = named(ctx)
    for line, answer in answers:
        low = line.lower()
        assert answer == any(n.name.lower() in low for n in every), line
