"""A pattern tried only near one of its words (``text.reach``, issue 19): how far before
the word a match can begin, read from the pattern's syntax, and the shortcut finding what
a scan of every character finds, on real texts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import regex

from extractors.text import reach as reach_module
from extractors.text.patterns import Pattern, patterns
from extractors.text.prefilter import matches_from, opener_needs, starts_of
from extractors.text.reach import (
    first_match,
    matches_before,
    matches_near,
    reach,
    reaches,
    window_start,
)
from extractors.text.view import TextView, fold

CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize(("pattern", "most"), [
    # the word's own run at the top level; what comes before counts one a character
    (r"(?:với|đạt)\s*điểm", 3),
    # white space, digits and a figure's dots and commas count nothing, however many
    (r"(?:với|đạt)\s*\d{1,3}(?:[.,]\d{1,3})?\s*điểm", 3),
    (r"\d+\s+điểm", 0),
    (r"\d+(?:\.\d{3})*\s+điểm", 0),
    # a bounded repeat counts its most; lookarounds nothing
    (r"(?<![\d.])[^\d,;]{1,60}?\s\d+\s*điểm(?=\s*[,.])", 60),
    # "\p{Lu}" is one letter, never a digit
    (r"\p{Lu}\p{Ll}+\s+điểm", None),
    (r"\p{Lu}\s+điểm", 1),
    # unbounded before the word, or no word at the top level: no reach
    (r"\w+\s+điểm", None),
    (r"(?:8 điểm|9 điểm)", None),
])
def test_reach(pattern: str, most: int | None) -> None:
    assert reach(pattern, regex.IGNORECASE, "điểm") == most


@pytest.mark.parametrize(("pattern", "near"), [
    # one word for each alternative of the top level
    (r"(?<!\w)(?:toàn\s+tỉnh|cấp\s+huyện)(?!\w)", {"toàn": 0, "cấp": 0}),
    # a word after an inner alternation, not one in each of its branches
    (r"\b(?:\d{1,2}|ba|sáu)\s+tháng\s+đầu\s+năm", {"tháng": 3}),
    # an alternative without a word within a bound: nothing to go by
    (r"(?:toàn\s+tỉnh|\w+\s+huyện)", None),
])
def test_reaches(pattern: str, near) -> None:
    assert reaches(pattern, regex.IGNORECASE) == near


@pytest.mark.parametrize(("text", "at", "most", "start"), [
    ("Sở Nội vụ 91,8 điểm", 15, 3, 5),  # "i vụ 91,8 " holds three: "ivụ" (not the ",")
    ("Sở Nội vụ 91,8 điểm", 15, 2, 6),  # and the space before "vụ" adds nothing
    ("A\n\n   12   điểm", 11, 1, 0),
])
def test_window_start(text: str, at: int, most: int, start: int) -> None:
    assert window_start(text, at, most) == start


def _texts() -> list[str]:
    return [fold(p.read_text(encoding="utf-8")) for p in CORPUS]


@pytest.mark.parametrize("pid", ["score.fraction", "score.points", "score.unit_points"])
def test_matches_before_finds_what_finditer_finds(pid: str) -> None:
    """On every corpus text, the score patterns tried only near each "điểm" find what a
    scan of every character finds."""
    pat = patterns("scores")[pid]
    most = reach(pat.source, pat.flags, "điểm")
    assert most is not None
    found = 0
    for text in _texts():
        view = TextView(text)
        want = [m.span() for m in pat.regex.finditer(text)]
        got = [m.span() for m in matches_before(pat.regex, text, starts_of(view, ("điểm",)),
                                                most)]
        assert got == want
        found += len(want)
    assert found  # the corpus has such scores: the test compares something


@pytest.mark.parametrize(("name", "pid"), [
    ("periods", "period.months_of_year"),
    ("dossiers", "dossier.agency_level"),
])
def test_matches_near_finds_what_finditer_finds(name: str, pid: str) -> None:
    pat = patterns(name)[pid]
    near = reaches(pat.source, pat.flags)
    assert near is not None
    found = 0
    for text in _texts():
        view = TextView(text)
        want = [m.span() for m in pat.regex.finditer(text)]
        assert [m.span() for m in matches_near(view, pat.regex, near)] == want
        found += len(want)
    assert found


def test_matches_before_keeps_finditer_order_after_a_match() -> None:
    """After a match the next is looked for from its end, and a window is tried from its
    first start: the leading body's score is found from the text's start."""
    rx = regex.compile(r"(?:^|[,;]|\blà)\s*(?:Sở|Văn\s+phòng)\s[^\d,;]{1,40}?\s\d+(?:,\d+)?"
                       r"\s*điểm", regex.I)
    text = ("Sở Thông tin và Truyền thông dẫn đầu với 95,73 điểm; thứ hai là Văn phòng UBND "
            "tỉnh 95,43 điểm")
    most = reach(rx.pattern, rx.flags, "điểm")
    view = TextView(text)
    got = [m.span() for m in matches_before(rx, text, starts_of(view, ("điểm",)), most)]
    assert got == [m.span() for m in rx.finditer(text)] and len(got) == 2


@pytest.mark.parametrize(("name", "pid"), [
    ("scores", "score.assessment_doc"),
    ("scores", "score.exam_doc"),
    ("rankings", "rank.prefilter"),
    ("procedures", "proc.prefilter"),
])
def test_first_match_is_the_first_of_matches_from(name: str, pid: str) -> None:
    """Read a stretch at a time, the first match is the one the pattern tried at every
    place of its first words gives: on each corpus text, and on all of them run together
    (a page longer than a few stretches, the case ``first_match`` is for)."""
    pat = patterns(name)[pid]
    words = opener_needs(pat.source, pat.regex.flags)
    assert words is not None
    texts = _texts()
    for text in [*texts, "\n\n".join(texts), "\n\n".join(reversed(texts))]:
        view = TextView(text)
        want = next(matches_from(pat.regex, text, starts_of(TextView(text), words)), None)
        got = first_match(view, pat.regex, words)
        assert (got and got.span()) == (want and want.span())


def test_every_character_regex_reads_as_space_or_digit_is_free() -> None:
    """The window steps back over every character a ``\\s``, a ``\\d`` or a figure's "."
    and "," of a pattern can take (``regex``'s Unicode, newer than ``str.isdigit``'s):
    none is counted."""
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    free = set(regex.findall(r"[\d\s.,]", every))
    assert free and all(reach_module._is_free(ch) for ch in free)


@pytest.mark.parametrize(("pattern", "candidates", "expected"), [
    # letters (case aside), digits, white space and a class's members are held
    (r"quý\s+(?P<q>I|[1-4])\s*(?:/|-)\s*(?P<y>\d{4})", ";/(Q1 ", ";("),
    # a lookaround looks at what it names; a negated class or "." may hold anything
    (r"\bnăm\s+\d{4}(?!\s*[-–;]\s*\d)", ";:-", ":"),
    (r"năm[^,]\d", ";:", ""),
    (r"năm.\d", ";:", ""),
    # "\w" holds letters and digits, not marks
    (r"\w+\s+huyện", "a;ố(", ";("),
])
def test_stops(pattern: str, candidates: str, expected: str) -> None:
    assert reach_module.stops(pattern, 0, candidates) == expected


@pytest.mark.parametrize("pid", sorted(patterns("periods")))
def test_no_period_holds_a_stop(pid: str) -> None:
    """No match of a period pattern on a corpus text holds a character ``stops`` reads as
    one it never holds (what ``dates.periods._stretch`` cuts at)."""
    pat = patterns("periods")[pid]
    held = reach_module.stops(pat.source, pat.flags, reach_module.STOP_CANDIDATES)
    assert held
    for path in CORPUS:
        for m in pat.regex.finditer(fold(path.read_text(encoding="utf-8"))):
            assert not set(m.group(0)) & set(held), m.group(0)


#: "quý I/2024" holds letters, digits, white space and "/": none of the candidates, so
#: each of them (";", "(", ")", ":" here) ends a stretch.
QUARTER = r"quý\s+(?P<q>I|[1-4])\s*/\s*(?P<y>\d{4})"
SENTENCE = "Kỳ báo cáo (quý I/2024): tiếp nhận 120 hồ sơ; giải quyết 118 hồ sơ."


@pytest.mark.parametrize(("lo", "hi", "far", "expected"), [
    # the stretch of "tiếp nhận 120 hồ sơ": from after ":" to ";"
    (SENTENCE.index("tiếp"), SENTENCE.index(";"), 100, (SENTENCE.index(":") + 1,
                                                        SENTENCE.index(";"))),
    # inside the brackets: from after "(" to ")"
    (SENTENCE.index("quý"), SENTENCE.index("quý") + 3, 100, (SENTENCE.index("(") + 1,
                                                             SENTENCE.index(")"))),
    # after the last stop, to the text's end when it is near
    (SENTENCE.index("giải"), SENTENCE.index("giải") + 4, 100, (SENTENCE.index(";") + 1,
                                                               len(SENTENCE))),
    # no stop within "far" of the stretch, and no edge: the page is to be read
    (SENTENCE.index("giải"), SENTENCE.index("giải") + 4, 3, None),
])
def test_stretch_between_stops(lo: int, hi: int, far: int,
                               expected: tuple[int, int] | None) -> None:
    stops = reach_module.Stops([Pattern(id="t.quarter", description="", source=QUARTER)])
    assert stops.chars == "".join(sorted(reach_module.STOP_CANDIDATES))
    assert stops.stretch(SENTENCE, lo, hi, far) == expected


def test_stops_are_what_every_pattern_leaves() -> None:
    """A pattern that holds a bracket ("(quý I)") takes the brackets out of the stops
    they share: a stretch may then run across them."""
    both = reach_module.Stops([Pattern(id="t.quarter", description="", source=QUARTER),
                               Pattern(id="t.bracket", description="", source=r"\(quý\s+I\)")])
    assert "(" not in both.chars and ")" not in both.chars
    assert ";" in both.chars and ":" in both.chars
