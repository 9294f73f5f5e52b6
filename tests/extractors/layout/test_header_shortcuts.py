"""The header's cheap tests before its searches must never skip what the search would
find: "ngày" in every place-and-date line and only a place's characters before it, two
capitals in a row in every upper-case piece a body line is cut into."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors.layout.header import (
    _STRIP,
    BEFORE_DATE_WORD,
    COMMA_BEFORE_DATE_WORD,
    MOTTO_LEADS,
    PLACE_DATE_WORD,
    ZONE_CHARS,
    Header,
    _heading_leads,
    _heading_lines,
    _place_date,
    _upper_pair,
    content_lines,
)
from extractors.text.patterns import Example, patterns
from extractors.text.prefilter import openers
from extractors.text.view import TextView, fold


@pytest.mark.parametrize("example", patterns("document")["header.place_date"].examples,
                         ids=lambda ex: ex.text[:30])
def test_every_place_and_date_line_holds_its_word(example: Example) -> None:
    """The header looks for the place and date only where "ngày" is written: every
    example the pattern matches holds the word, as written."""
    m = patterns("document")["header.place_date"].regex.search(fold(example.text))
    assert m is not None and PLACE_DATE_WORD in m.group(0)


@pytest.mark.parametrize("example", patterns("document")["header.place_date"].examples,
                         ids=lambda ex: ex.text[:30])
@pytest.mark.parametrize("above", ["", "ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 12/KH-UBND\n",
                                   # a citation's "ngày" first (corpus texts)
                                   "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6"
                                   " năm 2015;\n",
                                   # a comma before a "ngày" of no place (corpus texts)
                                   "Thứ 4, ngày 13/05/2020 | 03:59 PM\n",
                                   "UBND tỉnh vừa ký quyết định 1273/QĐ-UBND, ngày 11 tháng 5 năm"
                                   " 2020 về việc\n"])
def test_place_and_date_search_from_the_run_before_ngay(example: Example, above: str) -> None:
    """The header searches for the place and date only from the first "ngày" with a comma
    before it, from where the run of a place's characters (``BEFORE_DATE_WORD``) ends
    there: every example's match has its comma and starts inside that run, and the header
    finds what a search of the whole zone finds, whatever lines stand above."""
    rx = patterns("document")["header.place_date"].regex
    text = above + example.text
    f = fold(text)
    m = rx.search(f)
    assert m is not None
    own = f.index(PLACE_DATE_WORD, m.start())
    assert COMMA_BEFORE_DATE_WORD.match(f, 0, own) is not None
    assert BEFORE_DATE_WORD.match(f, 0, own).start() <= m.start()
    h = Header(end=len(text))
    _place_date(TextView(text), h)
    assert h.place is not None and (h.place.start, h.place.end) == TextView(text).span(
        *m.span("place"))[:2]


def test_upper_case_letters_are_what_isupper_says() -> None:
    """The header's cheap test for a body line reads capitals with ``\\p{Lu}``: on every
    letter it must say what ``str.isupper`` (the test of a body piece) says."""
    lu = regex.compile(r"\p{Lu}")
    differ = [c for c in map(chr, range(0x110000))
              if c.isalpha() and c.isupper() != bool(lu.match(c))]
    assert differ == []


def test_letters_only_regex_knows_are_not_printable() -> None:
    """The cheap test for a body line passes over what ``\\P{L}`` takes between two
    capitals, in a printable line: every character ``regex`` calls a letter and
    ``str.isalpha`` does not (a newer Unicode's) must be one ``isprintable`` refuses."""
    letter = regex.compile(r"\p{L}")
    differ = [c for c in map(chr, range(0x110000))
              if letter.match(c) and not c.isalpha() and c.isprintable()]
    assert differ == []


@pytest.mark.parametrize(("line", "pair"), [
    ("UBND TỈNH LẠNG SƠN", True),
    ("Sở Nội vụ tỉnh Lạng Sơn", False),   # capitals, never two in a row
    ("Thực hiện Kế hoạch số 12 của UBND", True),
    ("S.N.V.", True),                     # only marks between the letters
    ("Sở Nội vụ tỉnh Lạng Sơn\n", False),
    # a letter only regex knows (U+0558, Armenian, newer than this Python's Unicode)
    ("UB\u0558ND", True), ("U\u0558B", True), ("U\u0558b", False),
])
def test_upper_pair(line: str, pair: bool) -> None:
    assert _upper_pair(line, 0, len(line)) is pair


def test_motto_is_tried_at_its_first_words() -> None:
    """The motto is tried only where "cộng" or "độc" stands: the words every match of
    ``header.motto`` opens with (case-blind)."""
    assert set(openers(patterns("document")["header.motto"].source) or ()) == set(MOTTO_LEADS)


HEADING_ZONES = [
    # header zones as documents print them (corpus texts; a PDF's broken heading)
    "UBND TỈNH LẠNG SƠN\nSỞ CÔNG THƯƠNG\nSố: 12/KH-SCT\n\n**KẾ HOẠCH**\n"
    "Cải cách hành chính năm 2024",
    "ỦY BAN NHÂN DÂN\nTỈNH ĐẮK LẮK\n\n\tKẾ\nHOẠCH\nKhắc phục hạn chế",
    "Kế hoạch Cải cách hành chính năm 2022\nThực hiện Quyết định số 1009/QĐ-UBND",
    "| ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n> # BÁO CÁO\nKết quả",
]


CORPUS = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus/texts").glob("*.txt"))]


@pytest.mark.parametrize("text", HEADING_ZONES + CORPUS, ids=lambda t: t[:24])
def test_heading_lines_hold_every_line_a_heading_can_open(text: str) -> None:
    """The one scan for where a kind heading can open keeps every line of the zone whose
    content (``content_lines``) opens with a heading's first letters, and the first line
    with content."""
    view = TextView(text)
    end = min(len(text), ZONE_CHARS) + 600
    lines = content_lines(view, 0, end)
    n = len(lines)
    first = next((i for i, (a, b) in enumerate(lines) if b > a), None)
    kept = _heading_lines(view, n, first)
    every = [i for i, (a, b) in enumerate(lines) if view.folded.startswith(_heading_leads(), a)]
    assert set(every) <= set(kept) and (first is None or first in kept)
    assert all(i < n for i in kept)


def test_fold_keeps_the_marks_content_lines_strips() -> None:
    """The scan reads a folded line's marks as ``content_lines`` reads the text's."""
    assert all(ch in _STRIP for ch in fold(_STRIP))
