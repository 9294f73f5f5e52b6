"""The metadata table's cheap search for where a cell can open must never skip a place
its cell pattern would match: every letter ``regex`` takes case-blind for a label's
first two, stdlib ``re`` takes too, and the cells found are the plain scan's."""

from __future__ import annotations

import pytest
import regex

from extractors.layout import doc_table
from extractors.layout.doc_table import _LABEL_LEADS, read_table
from extractors.text.patterns import patterns
from extractors.text.view import TextView


@pytest.mark.parametrize("letter", sorted({ch for lead in _LABEL_LEADS for ch in lead}))
def test_case_blind_letters_of_label_leads_are_the_same_in_re_and_regex(letter: str) -> None:
    """"s" is also "S" and "ſ", "k" also the Kelvin sign "K": ``re`` and ``regex`` must
    take the same code points for each letter (so ``re``'s cheap search finds all)."""
    import re

    every = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode(
        "utf-8", "replace")
    ours = {m.group() for m in re.finditer(f"(?i:{re.escape(letter)})", every)}
    theirs = {m.group() for m in regex.finditer(f"(?i:{regex.escape(letter)})", every)}
    assert ours == theirs


@pytest.mark.parametrize("text", [
    # Cells as republishers crawl them (quotations of real pages' tables).
    "Số hiệu: | 47/BC-UBND | Loại văn bản: | Báo cáo | Nơi ban hành: | Thành phố Hồ Chí Minh"
    " | Người ký: | Trần Vĩnh Tuyến | Ngày ban hành: | 30/03/2020",
    "Số ký hiệu | 45/KH-UBND\nNgày ban hành | 12/03/2021\nCơ quan ban hành | UBND tỉnh Sơn La",
    "| **Số hiệu:** | 47/BC-UBND |\n| **Người ký:** | Trần Vĩnh Tuyến |",
    "SỐ HIỆU:\n|\n47/BC-UBND\nHÌNH THỨC VĂN BẢN:\nBáo cáo",
    "Căn cứ Luật Tổ chức chính quyền địa phương;\nSở Nội vụ\nKý hiệu: 12/TB-SNV",
])
def test_cells_found_are_the_plain_scans(text: str) -> None:
    view = TextView(text)
    plain = [m.span() for m in doc_table._CELL.finditer(view.folded)]
    starts = [0, *doc_table._cell_starts(view.folded, len(view.folded))]
    assert [m.span() for m in doc_table.matches_from(doc_table._CELL, view.folded, starts)] \
        == plain
    assert plain and read_table(view)


def test_flat_table_words_open_the_hints_labels() -> None:
    """``_flat`` tries the flattened-table hint only before "người", "loại", "ngày": the
    first words of the labels the hint requires."""
    required = patterns("document")["table.flat_hint"].required
    assert required is not None and required[0] == "or"
    assert {words.split()[0] for words in required[1]} == set(doc_table.FLAT_LABEL_WORDS)
