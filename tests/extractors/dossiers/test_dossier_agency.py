"""Whose dossiers: levels with no body, bodies that only report the figures, and the
subject of a news page carried across its paragraphs.

Each case is (text, expected facts as (metric, count, agency, period_start, period_end)).
A third are traps: bodies that look like levels or sources but own their figures.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from extractors import extract
from extractors.dossiers import agencies
from extractors.runner import context_of, run, select

Row = tuple[str, int, str | None, str | None, str | None]
Y23 = ("2023-01-01", "2023-12-31")
TT = "Trung tâm Phục vụ hành chính công tỉnh"

CASES: list[tuple[str, list[Row]]] = [
    # the body that REPORTS the figures is no owner; the level they are about is (null)
    ("Thống kê của UBND tỉnh cho biết, trong năm 2023 toàn tỉnh đã tiếp nhận 812.400 hồ sơ.",
     [("received", 812400, None, *Y23)]),
    ("Theo báo cáo của Sở Nội vụ, năm 2023 các sở, ngành tiếp nhận 45.200 hồ sơ.",
     [("received", 45200, None, *Y23)]),
    ("Theo Báo cáo số 12/BC-VPUBND của Văn phòng UBND tỉnh, năm 2023 Trung tâm Phục vụ hành "
     "chính công tỉnh đã tiếp nhận 30.100 hồ sơ.",
     [("received", 30100, TT, *Y23)]),
    # figures split by level: each level's own (null), the centre named first not carried
    (f"Năm 2023, {TT} tiếp nhận 54.000 hồ sơ. Nếu tính riêng từng cấp, cấp huyện tiếp nhận "
     "120.500 hồ sơ, đã giải quyết 118.000 hồ sơ; cấp xã tiếp nhận 260.000 hồ sơ.",
     [("received", 54000, TT, *Y23), ("received", 120500, None, *Y23),
      ("resolved", 118000, None, *Y23), ("received", 260000, None, *Y23)]),
    ("Năm 2023, UBND huyện Mộc Châu tiếp nhận 8.200 hồ sơ.\n\nỞ cấp xã, đã tiếp nhận 15.300 "
     "hồ sơ. Trong số này đã giải quyết 15.100 hồ sơ.",
     [("received", 8200, "UBND huyện Mộc Châu", *Y23), ("received", 15300, None, *Y23),
      ("resolved", 15100, None, *Y23)]),
    # a level's one-stop desks are named as such
    ("Tại Bộ phận một cửa cấp huyện, cấp xã, năm 2023 đã tiếp nhận mới 9.120 hồ sơ.",
     [("received_new", 9120, "Bộ phận một cửa cấp huyện, cấp xã", *Y23)]),
    # a news lead's subject and period carry to the next paragraph
    (f"Tháng 5/2023, {TT} tiếp nhận 6.100 hồ sơ.\n\nTrong đó có 1.020 hồ sơ kỳ trước chuyển "
     "sang.\n\nTrung tâm đã giải quyết 5.800 hồ sơ.",
     [("received", 6100, TT, "2023-05-01", "2023-05-31"),
      ("carried_over", 1020, TT, "2023-05-01", "2023-05-31"),
      ("resolved", 5800, TT, "2023-05-01", "2023-05-31")]),
    ("Năm 2023, Trung tâm Hành chính công và xúc tiến đầu tư đã tiếp nhận 25.400 hồ sơ.",
     [("received", 25400, "Trung tâm Hành chính công và xúc tiến đầu tư", *Y23)]),
    # --- traps: these are bodies, not levels or sources ---
    ("Năm 2023, Công an tỉnh tiếp nhận 3.100 hồ sơ.",
     [("received", 3100, "Công an tỉnh", *Y23)]),
    ("Năm 2023, Trung tâm Hành chính công huyện đã tiếp nhận 6.000 hồ sơ.",
     [("received", 6000, "Trung tâm Hành chính công huyện", *Y23)]),
    ("Theo Sở Nội vụ, năm 2023 UBND huyện Bảo Lâm tiếp nhận 2.100 hồ sơ.",
     [("received", 2100, "UBND huyện Bảo Lâm", *Y23)]),
    ("Sở Tư pháp cho biết, năm 2023 Sở đã tiếp nhận 5.400 hồ sơ.",
     [("received", 5400, "Sở Tư pháp", *Y23)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_agency(text: str, expected: list[Row]) -> None:
    got = []
    for f in extract(text).dossiers:
        assert text[f.start:f.end] == f.quote
        got.append((f.metric.value, f.count, f.agency, f.period_start, f.period_end))
    assert got == expected


CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_a_stretch_reads_the_pages_mentions_there(path: Path) -> None:
    """A long page's levels and anaphors asked of a stretch are read from the last stop
    before it (``agencies._stretch``: none crosses a ";", ":" or "(" …), with the page's
    bodies: for every sentence and line of every corpus text, the mentions that start in
    it are the page's there."""
    ctx = run(context_of(path.read_text(encoding="utf-8")),
              stages=select("dates", "references", "units", "people", "document"))
    whole = agencies.find_mentions(ctx)
    spans = [(a, b + 1) for a, b in ctx.sentence_bounds]
    spans += list(pairwise(ctx.line_starts))
    for lo, hi in spans:
        read = agencies._stretch(ctx, lo, hi)
        if read is not None:
            assert read == [m for m in whole if lo <= m.start < hi], (lo, hi)


def test_a_long_page_reads_its_owners_a_stretch_at_a_time() -> None:
    """On a page past 64k characters whose mentions no one has read whole, a figure's
    owner in its sentence, its paragraph's topic and the document's most named body are
    those the page's mentions give, and the levels and anaphors of the page are not read."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in CORPUS)
    text = "\n\n".join([text] * (65536 // len(text) + 1))  # run together past 64k
    ctx = run(context_of(text), stages=select("dates", "references", "units", "people",
                                               "document"))
    page = run(context_of(text), stages=select("dates", "references", "units", "people",
                                                "document"))
    agencies.mentions(page)
    for a, b in ctx.sentence_bounds[::7]:
        para = ctx.line_bounds(a)[0]
        assert agencies.in_sentence(ctx, a, b) == agencies.in_sentence(page, a, b), (a, b)
        assert agencies.paragraph_topic(ctx, para, b) == agencies.paragraph_topic(page, para, b)
        assert agencies.coordinated(ctx, a, b) == agencies.coordinated(page, a, b)
    assert agencies.document_owner(ctx, None) == agencies.document_owner(page, None)
    assert agencies.find_mentions not in ctx._memo
