"""The header's cheap tests before its searches must never skip what the search would
find: "ngày" in every place-and-date line, two capitals in a row in every upper-case
piece a body line is cut into."""

from __future__ import annotations

import pytest
import regex

from extractors.layout.header import PLACE_DATE_WORD, _upper_pair
from extractors.text.patterns import Example, patterns
from extractors.text.view import fold


@pytest.mark.parametrize("example", patterns("document")["header.place_date"].examples,
                         ids=lambda ex: ex.text[:30])
def test_every_place_and_date_line_holds_its_word(example: Example) -> None:
    """The header looks for the place and date only where "ngày" is written: every
    example the pattern matches holds the word, as written."""
    m = patterns("document")["header.place_date"].regex.search(fold(example.text))
    assert m is not None and PLACE_DATE_WORD in m.group(0)


def test_upper_case_letters_are_what_isupper_says() -> None:
    """The header's cheap test for a body line reads capitals with ``\\p{Lu}``: on every
    letter it must say what ``str.isupper`` (the test of a body piece) says."""
    lu = regex.compile(r"\p{Lu}")
    differ = [c for c in map(chr, range(0x110000))
              if c.isalpha() and c.isupper() != bool(lu.match(c))]
    assert differ == []


@pytest.mark.parametrize(("line", "pair"), [
    ("UBND TỈNH LẠNG SƠN", True),
    ("Sở Nội vụ tỉnh Lạng Sơn", False),   # capitals, never two in a row
    ("Thực hiện Kế hoạch số 12 của UBND", True),
    ("S.N.V.", True),                     # only marks between the letters
])
def test_upper_pair(line: str, pair: bool) -> None:
    assert _upper_pair(line, 0, len(line)) is pair
