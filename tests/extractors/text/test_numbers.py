"""Table tests for the shared Vietnamese number parser and finder (extractors/text/numbers.py)."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from extractors.text import numbers
from extractors.text.numbers import (
    COUNT,
    NumberContext,
    detect_style,
    excluded_spans,
    find_numbers,
    parse_vn_number,
)
from extractors.text.prefilter import page_case_blind
from extractors.text.view import TextView, fold

EN = NumberContext(style="en")

PARSE_CASES = [
    # (written, context, expected)
    ("8.586", None, 8586),
    ("19.850", None, 19850),
    ("1.234.567", None, 1234567),
    ("8,75", None, 8.75),
    ("1.234,5", None, 1234.5),
    ("0,5", None, 0.5),
    ("01", None, 1),
    ("06", None, 6),
    ("122", None, 122),
    ("90,35%", None, 90.35),
    ("99,9 %", None, 99.9),
    ("100%", None, 100),
    ("15,804", None, 15.804),  # a score: "15,804/20 điểm"
    ("4,186", None, 4.186),  # "trừ 4,186 điểm"
    ("8,586", COUNT, 8586),  # "8,586 hồ sơ": a count is whole, so the comma groups thousands
    ("8,586", EN, 8586),
    ("8.586", EN, 8.586),  # an English-style document's decimal
    ("8.586", NumberContext(style="en", count=True), 8586),
    ("1,234.5", None, 1234.5),
    ("12,345,678", None, 12345678),
    ("99.8", None, 99.8),  # English-style decimal printed by some portals
    ("một", None, 1),
    ("hai", None, 2),
    ("mười", None, 10),
    ("mười lăm", None, 15),
    ("hai mươi mốt", None, 21),
    ("bảy", None, 7),
    ("không", None, 0),
    ("50 phần trăm", None, 50),
    # traps: not numbers
    ("3.2.1", None, None),  # a criterion code
    ("0208.3855", None, None),  # a phone number
    ("17/7/2019", None, None),
    ("1009/QĐ-UBND", None, None),
    ("", None, None),
    ("cửa", None, None),
    ("mười mười", None, None),
    ("8,75,1", None, None),
    ("091234567", None, None),
]


@pytest.mark.parametrize(("written", "context", "expected"), PARSE_CASES)
def test_parse_vn_number(written: str, context: NumberContext | None, expected) -> None:
    got = parse_vn_number(written, context=context)
    assert got == expected
    if expected is not None:
        assert type(got) is type(expected)


FIND_CASES = [
    # (text, kwargs, expected [(quote, value, is_percent)])
    ("Sở đã tiếp nhận 1.713 hồ sơ TTHC", {}, [("1.713", 1713, False)]),
    ("tiếp nhận trực tuyến gần 19.830 hồ sơ (đạt tỷ lệ 99,9%)", {},
     [("19.830", 19830, False), ("99,9%", 99.9, True)]),
    ("Chỉ số hài lòng đạt 79,02 %", {}, [("79,02 %", 79.02, True)]),
    ("Tổng số TTHC là 123, trong đó có 26 TTHC mức độ 3 và 62 TTHC mức độ 4.", {},
     [("123", 123, False), ("26", 26, False), ("3", 3, False), ("62", 62, False),
      ("4", 4, False)]),
    ("đạt 8,75/11 điểm đạt 79 %", {"fractions": True},
     [("8,75", 8.75, False), ("11", 11, False), ("79 %", 79, True)]),
    ("Tiêu chí thành phần 3.2.1: 0,5/01 điểm", {"fractions": True},
     [("0,5", 0.5, False), ("01", 1, False)]),
    ("| 1 | Sở Tư pháp | 1,234 | 1,200 | 34 |", {"context": COUNT},
     [("1", 1, False), ("1,234", 1234, False), ("1,200", 1200, False), ("34", 34, False)]),
    ("tiếp nhận 8,586 hồ sơ", {"context": EN}, [("8,586", 8586, False)]),
    ("có hai thủ tục liên thông và một cửa", {"words": True}, [("hai", 2, False)]),
    ("ba hồ sơ trễ hạn, mười lăm TTHC", {"words": True}, [("ba", 3, False),
                                                          ("mười lăm", 15, False)]),
    ("Tính đến 31/12/2023, tỷ lệ đạt 97.5% hồ sơ.", {}, [("97.5%", 97.5, True)]),
    ("Kết quả đạt 90,35 điểm.", {}, [("90,35", 90.35, False)]),
    ("ngày 08:17, 24/07/2024 có 45 hồ sơ", {}, [("45", 45, False)]),
    ("Điện thoại: 0208.3855.xxx; đã giải quyết 13 hồ sơ", {}, [("13", 13, False)]),
    ("Hotline 0912 345 678 - tiếp nhận 20 hồ sơ", {}, [("20", 20, False)]),
    ("Nghị định 61/2018/NĐ-CP quy định 5 nhóm", {}, [("5", 5, False)]),
    ("đạt 50 phần trăm", {}, [("50 phần trăm", 50, True)]),
    # traps: nothing is a number here
    ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019", {}, []),
    ("Nghị định số 30/2020/NĐ-CP", {}, []),
    ("Trang 1/5", {"fractions": True}, []),
    ("Điện thoại: (0208) 3855 123", {}, []),
    ("ĐT: 0263.3822.345", {}, []),
    ("có 02/05 Quyết định không kịp thời", {}, []),
    ("Tiêu chí thành phần 3.2.1", {}, []),
    ("Quyết định số 25/2018 ngày 08/10/2021", {"fractions": True}, []),
    ("tháng 01/2024", {"fractions": True}, []),
    ("giai đoạn 2021-2025", {}, []),
    ("theo tiêu chuẩn ISO 9001:2015", {}, []),
    ("thực hiện cơ chế một cửa, một cửa liên thông", {"words": True}, []),
    ("hồ sơ mã H23.45-240101-0001", {}, []),
    ("vào lúc 9h30 và 14:00", {}, []),
]


@pytest.mark.parametrize(("text", "kwargs", "expected"), FIND_CASES)
def test_find_numbers(text: str, kwargs: dict, expected: list) -> None:
    folded = fold(text)
    got = list(find_numbers(folded, **kwargs))
    for m in got:
        assert folded[m.start:m.end] == text[m.start:m.end]
    assert [(text[m.start:m.end], m.value, m.is_percent) for m in got] == expected


@pytest.mark.parametrize("text", [t for t, _, _ in FIND_CASES] + [
    # quotations of corpus texts: "ĐT" inside a name, a standard, dates and a fraction
    "Sở LĐ-TB&XH (209 hồ sơ), Sở Tư pháp (128 hồ sơ), Sở KH&ĐT (107 hồ sơ)",
    "cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn ISO 9001:2015 vào hoạt động",
    "Căn cứ Quyết định số 130/QĐ-SKHĐT ngày 27/11/2018 của Sở Kế hoạch và Đầu tư",
    "Số lượng hồ sơ được giải quyết là 1.456/1.625, trong đó giải quyết đúng hạn 1.447 hồ"
    " sơ (tỷ lệ 99,4%).",
])
def test_excluded_spans_are_what_a_scan_of_every_character_finds(text: str) -> None:
    """``excluded_spans`` tries the pattern only where a span can open; the spans are
    those of a plain ``finditer``, over the whole text and a range inside it."""
    folded = fold(text)
    for start, end in ((0, len(folded)), (4, len(folded) - 3)):
        assert excluded_spans(folded, start, end) == [
            m.span() for m in numbers._NOT_NUMBERS.finditer(folded, start, end)]


@pytest.mark.parametrize("mark", numbers.NO_SPAN)
def test_no_span_runs_across_a_no_span_mark(mark: str) -> None:
    """A ``NO_SPAN`` mark written anywhere inside a date, a document number, a phone, a
    range, a time or a code ends what a span can take: no span holds it (so the percents'
    reading of spans may start afresh after one)."""
    texts = [t for t, _, _ in FIND_CASES] + [
        "Điện thoại: 0208 3855 123 - 0912 345 678", "Trang 1 trên 5", "Page 2 of 7",
        "TCVN ISO 9001:2015", "giảm 5-10% so với", "(0208) 3855.xxx", "+84 208 3855 123",
        "lúc 14 giờ 00 ngày 17.7.19"]
    tried = 0
    for text in texts:
        folded = fold(text)
        for x, y in (m.span() for m in numbers._NOT_NUMBERS.finditer(folded)):
            for at in range(x + 1, y):
                changed = folded[:at] + mark + folded[at:]
                assert not any(a <= at < b for a, b in (
                    m.span() for m in numbers._NOT_NUMBERS.finditer(changed))), changed
                tried += 1
    assert tried > 200


@pytest.mark.parametrize("text", [
    "Có 5 phường; xã Tân An đạt 12-15% và ĐT: 0208.3855 | 99,5%",
    "Ngày 17/7/2019 | 45,5% | tháng 01/2024; 30%! 1.456/1.625 (99,4%)",
    "ISO 9001:2015; 8% \"2021-2025\" 7 %? Trang 3/5 | 10 phần trăm",
    # a phone's span holds the figure before "%": no percentage, before or after a mark
    "tỷ lệ 98%; liên hệ 0208 3855 99% | gọi 0208 3855; 97%",
])
def test_percents_read_spans_only_after_the_last_no_span_mark(text: str) -> None:
    """With marks that end every span between the percentages, the percentages and the
    spans kept out are still those of reading every number."""
    folded = fold(text)
    assert list(find_numbers(folded, percents=True)) == [
        m for m in find_numbers(folded) if m.is_percent]


@pytest.mark.parametrize("text", [t for t, _, _ in FIND_CASES])
def test_percents_only_are_the_percentages_of_a_full_read(text: str) -> None:
    """``percents=True`` tries numbers only before a "%" or "phần trăm", and finds just
    the percentages that reading every number finds."""
    folded = fold(text)
    assert list(find_numbers(folded, percents=True)) == [
        m for m in find_numbers(folded) if m.is_percent]


def test_find_numbers_respects_bounds() -> None:
    text = "có 5 hồ sơ; có 7 hồ sơ"
    assert [m.value for m in find_numbers(text, 10)] == [7]
    assert [m.value for m in find_numbers(text, 0, 10)] == [5]


@pytest.mark.parametrize(("text", "expected"), [
    ("tiếp nhận 12,345 hồ sơ, đúng hạn 12,001 (97.2%)", "en"),
    ("tổng 1,234,567 lượt", "en"),
    ("đạt 8,75/11 điểm, tổng 1.234.567 lượt", "vi"),
    ("giải quyết 1.234,5 giờ", "vi"),
    ("có 122 TTHC", None),
    ("có 8,586 hồ sơ", None),  # one ambiguous number decides nothing
])
def test_detect_style(text: str, expected: str | None) -> None:
    assert detect_style(text) == expected


def test_module_doctests() -> None:
    result = doctest.testmod(numbers)
    assert result.failed == 0 and result.attempted > 5


_CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", _CORPUS, ids=lambda p: p.stem)
def test_numbers_read_with_the_page_case_blind_are_the_same(path: Path) -> None:
    """``blind=`` (the page lower-cased once, as rates and dossiers pass it) finds what
    lower-casing each stretch finds: over the page, a percent at a time, each sentence."""
    view = TextView(path.read_text())
    text, blind = view.folded, page_case_blind(view)
    for kw in ({"percents": True}, {"words": True, "context": numbers.COUNT}, {"fractions": True}):
        assert list(find_numbers(text, blind=blind, **kw)) == list(find_numbers(text, **kw))
    for a, b in view.sentence_bounds:
        assert (list(find_numbers(text, a, b, words=True, blind=blind))
                == list(find_numbers(text, a, b, words=True)))


_CORPUS_TEXTS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("text", [
    "lúc 14 giờ 00 ngày 17.7.19", "Điện thoại: 0208 3855 123", "SĐT: 0912 345 678",
    "Trang 1 trên 5", "TCVN ISO 9001:2015 về", "số 130/QĐ-SKHĐT ngày 27/11/2018",
    *[t for t, _, _ in FIND_CASES],
    *[p.read_text(encoding="utf-8") for p in _CORPUS_TEXTS],
])
def test_no_span_holds_a_marked_letter_before_a_space(text: str) -> None:
    """No span of ``_NOT_NUMBERS``, tried at every place of the text, holds a marked
    letter with the white space after it (``_MARKED_END``): a percentage's spans may be
    read from the last such space before it. "giờ" of a time holds one, and its "ờ" is
    no such letter."""
    folded = fold(text)
    for at in range(len(folded)):
        m = numbers._NOT_NUMBERS.match(folded, at)
        if m is not None:
            assert numbers._MARKED_END.search(m.group(0)) is None, m.group(0)
    assert numbers._MARKED_END.search("lúc 14 giờ 00") is None


@pytest.mark.parametrize("path", _CORPUS_TEXTS, ids=lambda p: p.stem)
def test_percents_of_a_corpus_text_are_those_of_a_full_read(path: Path) -> None:
    """On every corpus text, the percentages read a few words back from each (after the
    last marked letter and space, or mark) are those of reading every number."""
    folded = fold(path.read_text(encoding="utf-8"))
    assert list(find_numbers(folded, percents=True)) == [
        m for m in find_numbers(folded) if m.is_percent]
