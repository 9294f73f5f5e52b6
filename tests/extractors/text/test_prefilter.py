"""The prefilter's words: what a pattern cannot match without, and the exact shortcut
``matches_from`` (issue 19). Every data pattern's examples are also checked against its
own condition in ``test_patterns.py``; these are the rules, one example each."""

from __future__ import annotations

import sys

import pytest
import regex

from extractors.assessment import rankings
from extractors.dates import periods
from extractors.dossiers import agencies
from extractors.text import prefilter
from extractors.text.patterns import data_files, patterns
from extractors.text.prefilter import (
    ODD_SPACES,
    case_blind,
    find_all,
    holds,
    key,
    matches_around,
    matches_from,
    opener_needs,
    openers,
    required_words,
    word_lead,
)
from extractors.text.view import TextView, fold


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
    # key() asks isprintable() before it looks for them: none may be printable
    assert not any(c.isprintable() for c in ODD_SPACES)


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


@pytest.mark.parametrize(("pattern", "words"), [
    # an alternation begins with one of its branches' first words; case is blind
    (r"\b(?:xếp|đứng)(?:\s+ở)?\s+thứ", ("xếp", "đứng")),
    (r"hồ\s+sơ|(?<!\w)HS(?!\w)", ("hồ", "hs")),
    # look-behinds and word boundaries only narrow where a match begins
    (r"(?<!người\s{1,3})\b(?:đứng\s+đầu|dẫn\s+đầu)", ("đứng", "dẫn")),
    # a match that may begin with a digit, a class or an optional part: no openers
    (r"(?<![\d.,])\d+\s+TTHC", None),
    (r"(?:^|[;,:]\s*)thứ\s+(?:nhất|hai)\s+là", None),
    (r"(?:tổng\s+)?điểm", None),
    (r"TTHC|\d+", None),
])
def test_openers(pattern: str, words) -> None:
    assert openers(pattern, regex.IGNORECASE) == words


@pytest.mark.parametrize(("pattern", "words"), [
    # an optional first part: its words, and the words of what follows it
    (r"(?:tổng\s+)?điểm", ("tổng", "điểm")),
    (r"(?:Chi\s+nhánh\s+)?Văn\s+phòng|(?-i:[Hh]uyện\s+\p{Lu})", ("chi", "văn", "huyện")),
    # what follows an optional part may begin with a digit; a range is no few letters
    (r"(?:tổng\s+)?\d+\s+điểm", None),
    (r"[A-Z]+\s+số", None),
])
def test_openers_through_optional_parts(pattern: str, words) -> None:
    assert openers(pattern, regex.IGNORECASE, optional=True) == words


@pytest.mark.parametrize(("pattern", "word"), [
    # marks, white space and two optional words before "thứ": the word leads
    (r"(?:^|[;,:]\s*|\.\s+)(?:đứng\s+|xếp\s+)?thứ\s+(?:hai|\d{1,2})\s+là", "thứ"),
    # any letter may stand before the word, or the word is made of the part's letters
    (r"\w+\s+thứ\s+\d", None),
    (r"(?:hạng\s+)?hạng\s+\d", None),
    (r"[A-Z]+\s+thứ", None),
])
def test_word_lead(pattern: str, word) -> None:
    lead = word_lead(pattern, regex.IGNORECASE)
    assert (lead and lead[0]) == word


@pytest.mark.parametrize("text", [
    "dẫn đầu với 95,73 điểm; thứ hai là Văn phòng UBND tỉnh 95,43 điểm; thứ ba là Sở Nội vụ",
    "Thứ nhất là Sở Tư pháp, đứng thứ 2 là Sở Nội vụ.\n\n   thứ ba là Sở Y tế",
    "Hội nghị lần thứ hai là dịp để tổng kết; năm thứ ba là năm bản lề",
    ";\n\n\t  XẾP   thứ 3 thuộc về huyện A, : thứ thứ 4 là B",
])
def test_matches_around_finds_what_finditer_finds(text: str) -> None:
    """A pattern tried only in the stretch of its lead's characters before each of its
    word's places finds what a scan of every character finds."""
    rx = regex.compile(r"(?:^|[;,:]\s*|\.\s+)(?:đứng\s+|xếp\s+)?thứ\s+(?P<rank>nhất|hai|ba|"
                       r"\d{1,2})\s+(?:là|thuộc\s+về)\b", regex.IGNORECASE)
    lead = word_lead(rx.pattern, rx.flags)
    view = TextView(fold(text))
    assert [m.span() for m in matches_around(view, rx, lead)] == [
        m.span() for m in rx.finditer(view.folded)]


def test_a_fold_safe_letter_is_written_alike_by_case_blind_and_key() -> None:
    """Every character ``case_blind`` writes as a ``FOLD_SAFE`` letter, ``key`` writes as
    the same letter, so a word of them missing from ``key``'s page is missing from the
    case-blind page too (``starts_of`` skips the search)."""
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        ch = chr(code)
        blind = case_blind(ch)
        if blind in prefilter.FOLD_SAFE:
            assert key(ch) == blind, hex(code)


def test_starts_of_skips_a_word_has_words_found_nowhere() -> None:
    view = TextView(fold("Sở Nội vụ xếp thứ 2; Chỉ số CCHC"))
    assert not view.has_words("tthc") and view.has_words("xếp")
    assert prefilter.starts_of(view, ("tthc", "xếp")) == [10]


def test_white_space_is_every_character_regex_takes_for_one() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    assert set(regex.findall(r"\s", every)) <= prefilter._spaces()
    assert {ch for ch in every if ch.isspace()} == prefilter._spaces()


@pytest.mark.parametrize(("text", "blind"), [
    ("Tổng số TTHC", "tổng số tthc"),
    ("ĐIỂM", "điểm"),
    # the two letters IGNORECASE takes for "i" and "s" whose lower() is not that letter
    ("\u0130SO 9001, H\u017f", "iso 9001, hs"),
])
def test_case_blind_keeps_every_offset(text: str, blind: str) -> None:
    assert case_blind(text) == blind and len(blind) == len(text)


@pytest.mark.parametrize("text", ["Tổng số TTHC", "\u0130SO 9001, H\u017f", "ĐIỂM Σ"])
def test_page_case_blind_is_case_blind_of_the_folded_page(text: str) -> None:
    view = TextView(fold(text))
    assert prefilter.page_case_blind(view) == case_blind(view.folded)


def test_find_all_finds_overlapping_words_once_each() -> None:
    text = case_blind("Có 12 DVCTT và 3 DVC")
    assert find_all(text, ("dvctt", "dvc")) == [6, 17]
    assert find_all(text[3:], ("dvc",), 3) == [6, 17]


OPENED = [(name, pid) for name in data_files() for pid, p in patterns(name).items()
          if openers(p.source, p.regex.flags) and not p.regex.flags & regex.REVERSE]
#: Patterns tried at the openers of ``openers(optional=True)`` (dossiers' agencies, periods).
OPENED_OPTIONAL = [("dossiers", pid) for pid in agencies._OPENERS if agencies._OPENERS[pid]] + [
    ("periods", pid) for pid in periods._OPENERS if periods._OPENERS[pid]]


@pytest.mark.parametrize(("name", "pid"), OPENED_OPTIONAL)
def test_every_example_begins_with_an_optional_opener(name: str, pid: str) -> None:
    pat = patterns(name)[pid]
    words = openers(pat.source, pat.regex.flags, optional=True)
    assert words
    for ex in pat.examples:
        m = pat.apply(fold(ex.text))
        assert m and case_blind(m.group(0)).startswith(words), (pid, ex.text, words)


@pytest.mark.parametrize(("name", "pid"), OPENED)
def test_every_example_begins_with_an_opener(name: str, pid: str) -> None:
    pat = patterns(name)[pid]
    words = openers(pat.source, pat.regex.flags)
    for ex in pat.examples:
        m = pat.apply(fold(ex.text))
        assert m and case_blind(m.group(0)).startswith(words), (pid, ex.text, words)


@pytest.mark.parametrize(("name", "pid"), [
    (name, pid) for name, pid in OPENED
    if any(opener_needs(patterns(name)[pid].source, patterns(name)[pid].regex.flags).values())])
def test_every_example_meets_the_needs_of_its_opener(name: str, pid: str) -> None:
    """A match begins with an opener whose alternative's words the text has, so a page
    without them is not searched for that opener (``starts_needed``)."""
    pat = patterns(name)[pid]
    needs = opener_needs(pat.source, pat.regex.flags)
    for ex in pat.examples:
        folded = fold(ex.text)
        m = pat.apply(folded)
        assert m and any(case_blind(m.group(0)).startswith(w) and holds(need, key(folded), {})
                         for w, need in needs.items()), (pid, ex.text)


def test_opener_letters_have_no_case_twin_outside_case_blind() -> None:
    """``find`` in the case-blind page sees every place IGNORECASE matches an opener (or
    a lead's word, and the walk back over a lead's letters stops nowhere IGNORECASE would
    go on): no such letter has a case twin that ``case_blind`` does not map onto it (the
    Greek final sigma or the micro sign would, so an opener with them must be refused)."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    letters = {ch for name, pid in OPENED
               for w in openers(patterns(name)[pid].source, patterns(name)[pid].regex.flags)
               for ch in w if ch.isalpha()}
    letters |= {ch for name, pid in OPENED_OPTIONAL
                for w in openers(patterns(name)[pid].source, patterns(name)[pid].regex.flags,
                                 optional=True)
                for ch in w if ch.isalpha()}
    # rankings' leads: the word ("thứ") and the letters of the part before it ("đứng")
    letters |= {ch for lead in rankings._LEADS.values() if lead
                for ch in (*lead[0], *lead[1]) if ch.isalpha()}
    for letter in sorted(letters):
        twins = regex.compile(regex.escape(letter), regex.IGNORECASE).findall(every)
        assert {case_blind(t) for t in twins} == {letter}, letter
