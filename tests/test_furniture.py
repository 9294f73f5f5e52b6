"""Furniture lines written as text in an article are dropped; real lines stay. Every
pattern of pipeline/convert/data/furniture.yaml runs against its own examples."""

from __future__ import annotations

import pytest

from pipeline.convert.furniture import drop_furniture_lines, is_furniture, line_patterns
from pipeline.convert.html import convert

CASES = [(p.id, ex, True) for p in line_patterns() for ex in p.examples] + [
    (p.id, ex, False) for p in line_patterns() for ex in p.counterexamples]


@pytest.mark.parametrize(("pid", "line", "furniture"), CASES)
def test_each_pattern_on_its_examples(pid: str, line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture, pid


def test_a_page_loses_its_font_buttons_and_banner_but_keeps_its_words() -> None:
    page = ("<html><body><article><h1>Chỉ số CCHC năm 2019</h1><p>19/05/2020</p>"
            "<p>A A</p><p>An Giang xếp hạng 11/63 tỉnh, thành phố.</p>"
            "<p>THƯ VIỆN PHÁP LUẬT là vi phạm pháp luật về Sở hữu trí tuệ.</p>"
            "</article></body></html>").encode()
    text = convert(page, "tin.html").text
    assert "A A" not in text.split("\n") and "THƯ VIỆN" not in text
    assert "An Giang xếp hạng 11/63 tỉnh, thành phố." in text


def test_plain_lines_are_kept_in_order() -> None:
    assert drop_furniture_lines("Một\nA- A A+\nHai") == "Một\nHai"
