"""PDF text layers read in reading order, with numbers cut at line ends rejoined (issue 18).

The fixtures are the seed texts laid out by ``corpus/fixtures/layout_pdf.py`` the ways
that broke extraction on PDFs exported from Word (corpus/fixtures/README.md):

- ``002….narrow-header.pdf``: an NĐ 30 header typed with tab stops, the columns 8
  points apart, streamed row by row; read by the stream and the gap, the unit came out
  as "UBND tỉnh Đắk Lắk Cộng Hòa xã" and the date cut the "V/v" subject in two;
- ``000….hyphens.pdf``: line ends after the hyphens of "16/CT-TTg", "967/QĐ-UBND-HC"
  (pdfium marks them U+FFFE) and "20/2019/QĐ-UBND" at the foot of a page, read as
  "16/CT", "967/QĐ-UBND", "20/2019/QĐ";
- ``001….two-columns.pdf``: a news page in two columns streamed row by row across
  both, its headline over two lines;
- ``003….unruled-table.pdf``: seed 003's section scores as a table without rules,
  which must not be read as columns.

Expected lines are the seed's, as the layout prints them; expected facts are the
contract's gold for the seed, read by hand.
"""

from __future__ import annotations

import json
import re

import pypdfium2 as pdfium
import pytest

from extractors import extract
from extractors.text.view import nfc
from pipeline.convert import convert_path, pdftext
from pipeline.convert.clean import join_broken_lines, join_broken_pages
from tests.conftest import REPO, shared_path

FIX = REPO / "corpus" / "fixtures" / "pdf"
REPORT, NEWS, LETTER, PLAN = ("000_92b1fd73d68b9474", "001_cd0c8ec09d399e4a",
                              "002_d5467ff125b81b44", "003_3f0e39a7207b2158")
LAYOUTS = {f"{LETTER}.narrow-header.pdf": LETTER, f"{REPORT}.hyphens.pdf": REPORT,
           f"{NEWS}.two-columns.pdf": NEWS}


def lines_of(name: str) -> list[str]:
    return convert_path(FIX / name).text.split("\n")


def words(text: str) -> list[str]:
    return " ".join(nfc(re.sub(r"\*+", "", text)).split()).split()


@pytest.mark.parametrize(("name", "expected"), [
    # The left column of the header, then the right one.
    (f"{LETTER}.narrow-header.pdf",
     ["UBND TỈNH ĐẮK LẮK", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Số: 1688 /SKHĐT-VP",
      "V/v Chỉ đạo thực hiện công tác", "Cải cách hành chính của Sở Kế",
      "hoạch và Đầu tư năm 2019", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "", "Đăk Lăk, ngày 17 tháng 7 năm 2019", "",
      "Kính gửi: - Các đồng chí Lãnh đạo Sở; ."]),
    # The signature block: "Nơi nhận" cell, then the signer's.
    (f"{LETTER}.narrow-header.pdf",
     ["- Các phòng, đơn vị thuộc Sở (iDesk);", "- Lưu VT, VP.", "GIÁM ĐỐC", "",
      "Đinh Xuân Hà"]),
    # A number cut after its hyphen at a line end (pdfium's U+FFFE) is whole again.
    (f"{REPORT}.hyphens.pdf",
     ["biến phức tạp và thực hiện giãn cách xã hội theo Chỉ thị 16/CT-TTg",
      "của Thủ tướng Chính phủ trên toàn Tỉnh. Ngày 27/8/2021, Sở"]),
    (f"{REPORT}.hyphens.pdf",
     ["trên địa bàn tỉnh Đồng Tháp (QĐ số 967/QĐ-UBND-HC",
      "ngày 19/7/2021). Các thủ tục hành chính sau khi"]),
    # … and at the foot of a page (a plain "-": pdfium marks no hyphen across pages).
    (f"{REPORT}.hyphens.pdf",
     ["điện và cụm công nghiệp (Quyết định 20/2019/QĐ-UBND", "",
      "ngày 29/8/2019 và Quyết định số 25/2018 ngày"]),
    # Dash list items stay lines of their own.
    (f"{REPORT}.hyphens.pdf",
     ["Nơi nhận:", "- Lãnh đạo Sở;", "- Các Phòng, đơn vị thuộc Sở;", "- Lưu: VT, VP.",
      "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Nguyễn Văn Luận"]),
    # Headline and byline across the page, then the left column to its foot, then the
    # right column from its head.
    (f"{NEWS}.two-columns.pdf",
     ["Các giải pháp giúp Sở Công Thương dẫn đầu về", "cải cách hành chính",
      "Hằng Nga 08:17, 24/07/2024", "Với 90,35 điểm, Sở Công Thương"]),
    (f"{NEWS}.two-columns.pdf",
     ["nhằm tạo điều kiện thuận lợi cho", "người dân, DN.", "Thông qua công tác rà soát, từ"]),
    # A table without rules is no pair of columns: its rows stay in order, each score
    # under its field.
    (f"{PLAN}.unruled-table.pdf",
     ["II. NỘI DUNG", "1 Công tác chỉ đạo, điều hành CCHC", "6,5", "10",
      "2 Cải cách thủ tục hành chính", "19,5", "20", "3 Cải cách chế độ công vụ", "8", "9"]),
])
def test_converted_lines(name: str, expected: list[str]) -> None:
    lines = lines_of(name)
    starts = [i for i, line in enumerate(lines) if line == expected[0]]
    assert any(lines[i:i + len(expected)] == expected for i in starts), \
        "\n".join(lines[starts[0]:starts[0] + len(expected)] if starts else lines[:12])


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_word_of_the_seed_in_order(name: str) -> None:
    seed = shared_path("seeds", f"{LAYOUTS[name]}.txt").read_text(encoding="utf-8")
    assert words(convert_path(FIX / name).text) == words(seed)


def test_the_narrow_gap_is_narrower_than_column_gap() -> None:
    """The fixture is the hard case: on the first row, the gap between "UBND TỈNH ĐẮK
    LẮK" and "CỘNG HÒA" is under ``COLUMN_GAP`` line heights, so only the gutter of
    the x-projection of all the header lines separates them."""
    page = pdfium.PdfDocument(FIX / f"{LETTER}.narrow-header.pdf")[0]
    textpage = page.get_textpage()
    lines = pdftext._lines(pdftext._chars(textpage))
    first = lines[0]
    gaps = [b[0] - a[1] for a, b in zip(first.chars, first.chars[1:], strict=False)]
    assert pdftext.SPACE_GAP * first.height < max(gaps) < pdftext.COLUMN_GAP * first.height
    assert [b.start for b in pdftext._blocks(lines)] == [0]


def gold(seed: str) -> dict[str, str | None]:
    data = json.loads(shared_path("contract", "gold", f"{seed}.json").read_text("utf-8"))
    return data["document"]


@pytest.mark.parametrize(("name", "seed"), [*sorted(LAYOUTS.items()), (f"{PLAN}.pdf", PLAN)])
def test_extraction_from_the_layout(name: str, seed: str) -> None:
    """Unit, number, title (wrapped over lines: the V/v subject, the KẾ HOẠCH's title, the
    news headline), signer and date as the contract's gold; every reference number as
    the plain seed gives it."""
    result = extract(convert_path(FIX / name))
    meta, want = result.document, gold(seed)
    for field in ("number", "issuer", "title", "signer", "issued_date"):
        assert getattr(meta, field) == want[field], field
    assert not any("Cộng Hòa" in u.name for u in result.units)
    if seed == LETTER:
        assert "UBND tỉnh Đắk Lắk" in {u.name for u in result.units}
    text = shared_path("seeds", f"{seed}.txt").read_text(encoding="utf-8")
    assert {r.number for r in result.references} == {r.number for r in extract(text).references}


@pytest.mark.parametrize(("text", "expected"), [
    # Word broke the line after a number's hyphen: the number is whole, hyphen kept.
    ("Công văn số 2775/SNV-\nCCHC&VTLT ngày 12/6/2024",
     "Công văn số 2775/SNV-CCHC&VTLT\nngày 12/6/2024"),
    ("số 02/PA-BCA-\nC04 ngày", "số 02/PA-BCA-C04\nngày"),
    # pdfium's mark for a hyphen at a line end (U+FFFE) is a hyphen.
    ("Chỉ thị 16/CT\ufffe\nTTg của Thủ tướng", "Chỉ thị 16/CT-TTg\ncủa Thủ tướng"),
    ("dịch bệnh Covid-\n19 diễn biến", "dịch bệnh Covid-19\ndiễn biến"),
    # A continuation that is the whole next line: the next line goes.
    ("Quyết định số 02/PA-\nBCA-\nC04 ngày", "Quyết định số 02/PA-BCA-C04\nngày"),
    # A soft hyphen inside a word goes.
    ("giai đoạn 2021-20\xad\n25 của tỉnh", "giai đoạn 2021-2025\ncủa tỉnh"),
    # Dash list items, a spaced dash, a rule under the header: separate lines stay.
    ("- Sở Nội vụ (b/c);\n- Sở TTTT (P.h)", "- Sở Nội vụ (b/c);\n- Sở TTTT (P.h)"),
    ("Kính gửi: -\nCác đồng chí Lãnh đạo Sở", "Kính gửi: -\nCác đồng chí Lãnh đạo Sở"),
    ("Độc lập - Tự do -\nHạnh phúc", "Độc lập - Tự do -\nHạnh phúc"),
    ("TỈNH KHÁNH HÒA\n-------\nSố: 14084/KH-UBND", "TỈNH KHÁNH HÒA\n-------\nSố: 14084/KH-UBND"),
    ("Sở Giao thông -\n- Vận tải", "Sở Giao thông -\n- Vận tải"),
])
def test_join_broken_lines(text: str, expected: str) -> None:
    assert join_broken_lines(text) == expected


@pytest.mark.parametrize(("pages", "expected"), [
    (["pháp luật\nđiện (Quyết định 20/2019/QĐ-", "UBND ngày 29/8/2019 và"],
     ["pháp luật\nđiện (Quyết định 20/2019/QĐ-UBND", "ngày 29/8/2019 và"]),
    (["Quyết định số 20/2019/QĐ-\n", "UBND\nngày 29/8/2019"],
     ["Quyết định số 20/2019/QĐ-UBND", "ngày 29/8/2019"]),
    (["- Lưu: VT, VP.", "- Sở Nội vụ;"], ["- Lưu: VT, VP.", "- Sở Nội vụ;"]),
])
def test_join_broken_pages(pages: list[str], expected: list[str]) -> None:
    assert join_broken_pages(pages) == expected


def _layout_module():
    """``corpus/fixtures/layout_pdf.py``, the renderer the fixtures come from."""
    import importlib.util
    import sys

    if "layout_pdf" not in sys.modules:
        spec = importlib.util.spec_from_file_location("layout_pdf",
                                                      FIX.parent / "layout_pdf.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["layout_pdf"] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["layout_pdf"]


@pytest.mark.parametrize(("seed", "gap", "interleave"), [
    (REPORT, 12.0, True), (NEWS, 18.0, False), (LETTER, 12.0, True), (PLAN, 30.0, False),
])
def test_any_seed_set_in_two_columns_reads_in_order(seed: str, gap: float, interleave: bool,
                                                    tmp_path) -> None:
    """Every seed, set in two justified columns (streamed row by row across both, or a
    column at a time), reads back word for word: no justified row taken for a gutter,
    no column split off its page's first row."""
    layout = _layout_module()
    text = shared_path("seeds", f"{seed}.txt").read_text(encoding="utf-8")
    comp = layout.Composer()
    comp.two_column_text([" ".join(b) for b in layout._blocks(text)], gap=gap,
                         interleave=interleave)
    path = tmp_path / f"{seed}.pdf"
    layout.write_pdf(comp.pages, path)
    assert words(convert_path(path).text) == words(text)
