"""The news reader's cheap ways must read what the plain ways read: the head's first 16
non-empty lines are those ``content_lines`` lists first, the tail's furniture line is the
first line the pattern matches (asked only at lines opening with its first words), and a
byline is the leftmost match of a search however long its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from extractors.layout import news
from extractors.layout.header import content_lines, first_content_lines
from extractors.text.patterns import patterns
from extractors.text.prefilter import case_blind
from extractors.text.view import TextView

CORPUS = sorted(Path("corpus/texts").glob("*.txt"))

# Tails as portals print them (quotations of real pages: the module's and the
# patterns' examples); "İ" (a capital that lower-cases to two characters) makes the page's
# lower case unusable, so the page is read through case_blind instead.
TAILS = [
    "Sở Nội vụ kiểm tra\n\nNội dung.\n\nHằng Nga (Báo Thái Nguyên)\n\nTin liên quan\n"
    "Lượt xem: 120",
    "Nội dung.\n**Tác giả: Tô Dậu**\n  * Chia sẻ\n| Tags: CCHC, một cửa |\n---Tô Dậu---",
    "Nội dung.\n\nPV\n\u00a0Các tin đã đưa\nTin liên quan",
    "İ\nNội dung.\n\nHẠNH CHÂU\n> Tin liên quan\nBack To Top",
    "Nội dung.\nTin, ảnh: Minh Khang",
]


def _plain_tail_lines(view: TextView) -> list[tuple[int, int]]:
    """The tail lines before the furniture, as the reader listed them before: every line
    of the last 2500 characters, each asked the pattern."""
    f = view.folded
    lines = [(a, b) for a, b in content_lines(view, max(0, len(f) - 2500), len(f)) if b > a]
    for i, (a, b) in enumerate(lines):
        if patterns("document")["news.tail_stop"].regex.match(f[a:b].strip()):
            return lines[:i]
    return lines


def _texts() -> list[str]:
    return TAILS + [p.read_text(encoding="utf-8") for p in CORPUS]


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:24])
def test_tail_stops_at_the_first_furniture_line(text: str) -> None:
    view = TextView(text)
    first = view.line_of(max(0, len(view.folded) - 2500))
    stop = news._tail_stop(view, first)
    plain = _plain_tail_lines(view)
    kept = [(a, b) for a, b in content_lines(view, view.line_starts[first], len(text))
            if b > a and view.line_of(a) < stop]
    assert kept == plain


@pytest.mark.parametrize(("text", "author"), [
    (TAILS[0], "Hằng Nga"), (TAILS[1], "Tô Dậu"), (TAILS[2], "PV"), (TAILS[3], "Hạnh Châu"),
    (TAILS[4], "Minh Khang"),
])
def test_tail_author(text: str, author: str) -> None:
    found = news._tail_authors(TextView(text))
    assert found and found[0].value == author


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:24])
def test_head_lines_are_the_first_content_lines(text: str) -> None:
    view = TextView(text)
    limit = min(len(text), 4000)
    every = [(a, b) for a, b in content_lines(view, 0, limit) if b > a]
    assert first_content_lines(view, 0, limit, 16) == every[:16]


@pytest.mark.parametrize(("line", "date"), [
    ("Hằng Nga 08:17, 24/07/2024", "24/07/2024"),
    ("Thứ Hai, 24/07/2024 08:17", "24/07/2024"),
    # a sentence that ends with a date: its match starts too far in (corpus texts)
    ("UBND tỉnh vừa ký quyết định 1273/QĐ-UBND về việc công bố danh mục thủ tục hành"
     " chính, có hiệu lực từ ngày 11/05/2020", None),
    # longer than 120 characters: tried only at its first 41 places (corpus texts)
    ("Chủ đề công tác năm 2020: \"Huyện Đầm Hà tự hào tiến bước dưới cờ Đảng\" - Chào mừng kỷ"
     " niệm 90 năm Ngày thành lập Đảng Cộng Sản Việt Nam (03/02/1930 - 03/02/2020)", None),
    ("Kết quả tiếp nhận hồ sơ, giải quyết và trả kết quả TTHC tại bộ phận một cửa cấp huyện,"
     " xã từ ngày 21/7đến 20/8/2021", None),
    ("Cập nhật: " + "\u00a0" * 120 + "24/07/2024", "24/07/2024"),
])
def test_byline_is_the_leftmost_match_near_the_line_start(line: str, date: str | None) -> None:
    view = TextView(line)
    m = news._byline_match(view.folded, 0, len(line))
    plain = news._BYLINE.search(view.folded, 0, len(line))
    expected = plain if plain and plain.start() <= 40 else None
    assert (m and m.span()) == (expected and expected.span())
    assert (m and f"{m.group('d')}/{m.group('m')}/{m.group('y')}") == date


def _plain_byline(f: str, a: int, b: int) -> tuple[int, int] | None:
    """The byline's span as a plain search finds it: the leftmost match, kept when it
    starts at most 40 characters into the line."""
    m = news._BYLINE.search(f, a, b)
    return m.span() if m and m.start() - a <= news._BYLINE_LEAD else None


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:24])
def test_byline_of_every_line_is_the_plain_searchs(text: str) -> None:
    """Every line of the corpus texts and portal tails (the right-to-left test first, the
    first 41 places of a long line): the span a plain search keeps, or none."""
    view = TextView(text)
    f = view.folded
    lines = [(a, b) for a, b in content_lines(view, 0, len(f)) if b > a]
    for a, b in lines:
        m = news._byline_match(f, a, b)
        assert (m and m.span()) == _plain_byline(f, a, b), f[a:b]
    # the right-to-left pattern finds what the left-to-right one finds, on any line
    assert all(news._BYLINE_BACK.search(f, a, b) for a, b in lines
               if news._BYLINE.search(f, a, b))


@pytest.mark.parametrize("text", _texts(), ids=lambda t: t[:24])
def test_three_words_is_three_runs_of_letters(text: str) -> None:
    """A line holds three words when ``\\p{L}+`` finds at least three runs in it, on every
    line of the corpus texts and tails and on the start of each (one, two words)."""
    word = regex.compile(r"\p{L}+")
    lines = [line for line in text.splitlines() if line.strip()]
    pieces = lines + [line[:n] for line in lines for n in (3, 8, 14)]
    for piece in pieces:
        assert bool(news._THREE_WORDS.match(piece)) == (len(word.findall(piece)) >= 3), piece


FURNITURE = ["A- A A+ | Tăng tương phản", "Chia sẻ bài viết", "**MENU**", "_menu", "Trang chủ",
             "In bài | Bản in", "Sở Nội vụ kiểm tra công tác cải cách hành chính", "menubar"]


@pytest.mark.parametrize("text", FURNITURE + _texts(), ids=lambda t: t[:24])
def test_furniture_is_the_plain_searchs_on_every_line(text: str) -> None:
    """Furniture is found in a line where a search of the whole line finds it, on every
    line of the corpus texts, tails and furniture quotations."""
    view = TextView(text)
    blind = case_blind(view.folded)
    for a, b in content_lines(view, 0, len(text)):
        piece = view.folded[a:b]
        assert news._has_furniture(piece, blind[a:b]) == bool(news._FURNITURE.search(piece)), piece


ENDS = ["Hằng Nga 08:17, 24/07/2024", "24/07/2024 08:17 PM", "24/07/2024 (GMT+7)",
        "24/07/2024 08:17 SA  \t", "Thứ Hai, 24/07/2024 08:17 CH", "Nội dung.", "ACH", "M",
        "2", "(Hình từ Internet)", "x\n\n\ny 8"]


@pytest.mark.parametrize("text", ENDS + _texts(), ids=lambda t: t[:24])
def test_may_end_a_byline_reads_the_lines_end(text: str) -> None:
    """Whether a line ends as a byline must (a digit, ')', 'AM', 'PM', 'SA', 'CH' before
    its trailing spaces): the last character first, on every line of the corpus texts,
    tails and these ends, empty lines too."""
    def plain(f: str, a: int, b: int) -> bool:
        while b > a and f[b - 1] in " \t":
            b -= 1
        return f[b - 1:b].isdigit() or f[max(a, b - 2):b].endswith((")", "AM", "PM", "SA", "CH"))

    view = TextView(text)
    f = view.folded
    spans = [(a, b) for a, b in content_lines(view, 0, len(f))]
    spans += [(s, e) for s, e in zip([0, *view.line_starts[1:]],
                                     [x - 1 for x in view.line_starts[1:]] + [len(f)],
                                     strict=True)]
    for a, b in spans:
        assert news._may_end_a_byline(f, a, b) == plain(f, a, b), f[a:b]
