"""The prefilter's words: what a pattern cannot match without, and the exact shortcut
``matches_from`` (issue 19). Every data pattern's examples are also checked against its
own condition in ``test_patterns.py``; these are the rules, one example each."""

from __future__ import annotations

import pytest
import regex

from extractors.text.prefilter import ODD_SPACES, holds, key, matches_from, required_words


@pytest.mark.parametrize(("pattern", "condition"), [
    # an alternation needs one branch; words joined by \s+ are one phrase
    (r"SIPAS|chỉ\s+số\s+hài\s+lòng", ("or", ("sipas", "chỉ số hài lòng"))),
    # a sequence needs all its parts, longest first; an optional part nothing
    (r"(?:bộ\s+)?chỉ\s+số\s+766", "chỉ số 766"),
    (r"năng\s+lực\s*,\s*cạnh\s+tranh", ("and", ("cạnh tranh", "năng lực"))),
    # zero-width assertions do not break a run; case is folded
    (r"\bPCI\b", "pci"),
    # a repetition of at least one needs its item, of none nothing
    (r"(?:số\s+)+\d+", "số"),
    (r"(?:số\s+)*\d+", None),
    # regex-only classes are never literals
    (r"\p{Lu}\p{Ll}+\s+điểm", "điểm"),
    # nothing to ask: digits and classes only
    (r"\d+/\d{4}", None),
])
def test_required_words(pattern: str, condition) -> None:
    assert required_words(pattern, regex.IGNORECASE) == condition


@pytest.mark.parametrize(("text", "holds_"), [
    ("Chỉ số hài lòng về sự phục vụ hành chính", True),
    ("Kết quả SIPAS 2023 của tỉnh", True),
    ("chỉ số\nhài   lòng", True),  # a line break and spaces are one space
    ("mức độ hài lòng của người dân", False),  # the words, not the phrase
])
def test_a_condition_holds_of_a_text(text: str, holds_: bool) -> None:
    condition = required_words(r"SIPAS|chỉ\s+số\s+hài\s+lòng", regex.IGNORECASE)
    assert holds(condition, key(text), {}) is holds_


@pytest.mark.parametrize(("text", "expected"), [
    ("Chỉ số\nhài   lòng ", "chỉ số hài lòng"),  # breaks and runs of spaces: one space
    ("\n\nUBND TỈNH  LẠNG SƠN\n", "ubnd tỉnh lạng sơn"),
    ("Sở Nội vụ\tthông báo\r\n", "sở nội vụ thông báo"),  # a tab: the general way
    ("İSO 9001", "iso 9001"),  # the one letter whose casefold is two characters
    ("", ""),
])
def test_key_squashes_white_space_as_split_does(text: str, expected: str) -> None:
    assert key(text) == expected == " ".join(text.replace("İ", "i").casefold().split())


def test_odd_spaces_are_every_space_but_the_plain_two() -> None:
    assert set(ODD_SPACES) == {c for c in map(chr, range(0x110000))
                               if c.isspace() and c not in " \n"}


@pytest.mark.parametrize("text", [
    "Số hiệu: 575/QĐ-UBND\nLoại văn bản: Quyết định\n| Ngày ban hành: | 12/3/2024 |",
    "Ký hiệu 12/KH-SNV | Người ký: Nguyễn Văn An",
])
def test_matches_from_finds_what_finditer_finds(text: str) -> None:
    cell = regex.compile(r"(?:^|[\n|])[ \t]*(?i:Số\s+hiệu|Ký\s+hiệu|Loại\s+văn\s+bản|"
                         r"Ngày\s+ban\s+hành|Người\s+ký)[ \t]*:?[\s|:]*(?P<v>[^|\n]+)")
    starts = [0] + [i for i, ch in enumerate(text) if ch in "\n|"]
    assert ([m.span() for m in matches_from(cell, text, starts)]
            == [m.span() for m in cell.finditer(text)])
