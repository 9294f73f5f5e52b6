"""Read a news article's headline, publication date and author.

Provincial portals and newspapers publish "tin bài" with no Nghị định 30 header: the
headline comes first (after web furniture such as "A- A A+ | Tăng tương phản"), then a
byline ("Hằng Nga 08:17, 24/07/2024", "Thứ Hai, 24/07/2024 08:17", "Cập nhật: …",
"Ngày đăng: …"), and the author often again at the end ("Tác giả: Tô Dậu",
"---Tô Dậu---", "Hằng Nga (Báo Thái Nguyên)", "PV").

>>> n = read_news(TextView("Sở Nội vụ kiểm tra\\n\\nHằng Nga 08:17, 24/07/2024\\n\\nNội dung."))
>>> n.headline.value, n.date.value, n.author.value
('Sở Nội vụ kiểm tra', '2024-07-24', 'Hằng Nga')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import regex

from extractors.layout.bylines import byline_names, labelled_byline
from extractors.layout.header import Found, first_content_lines, line_content
from extractors.text.patterns import patterns
from extractors.text.prefilter import ODD_SPACES, openers, page_case_blind
from extractors.text.view import TextView, squash

_PATS = patterns("document")
#: Portal furniture above the headline that reads like text: the year's slogan, a
#: greeting ("Chào mừng kỷ niệm …"), the site's name, a section name ("Tin tức - Sự
#: kiện") or a breadcrumb ("Trang chủ > Tin tức > Cải cách hành chính").
_BANNERS = [_PATS["news.banner"].regex, _PATS["news.breadcrumb"].regex]

_FURNITURE = _PATS["news.furniture"].regex


@cache
def _furniture_at() -> re.Pattern[str]:
    """The words ``news.furniture`` opens with ("a-", "tăng", "chia", "in", "menu";
    ``prefilter.openers``), in a case-blind line: the places where furniture can begin."""
    pat = _PATS["news.furniture"]
    words = openers(pat.source, pat.regex.flags)
    assert words, "news.furniture must open with words"
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))


def _has_furniture(piece: str, blind: str) -> bool:
    """Whether ``news.furniture`` matches anywhere in ``piece`` (``blind`` its case-blind
    copy, a slice of ``page_case_blind``): tried only where one of its first words is
    written, one scan in C, not the case-blind alternation searched at every character
    of a head line (~3.5 µs a line)."""
    return any(_FURNITURE.match(piece, m.start()) for m in _furniture_at().finditer(blind))
#: "Hằng Nga 08:17, 24/07/2024", "Thứ Hai, 24/07/2024 08:17", "Cập nhật: …" (a date in
#: d/m/y or in words, groups d, m, y or wd, wm, wy).
_BYLINE = _PATS["news.byline"].regex
_TAIL_STOP = _PATS["news.tail_stop"].regex


def _not_headline(piece: str) -> bool:
    """A banner, a breadcrumb, or a markdown table row ("Quốc gia | Việt Nam", "---|---")
    is page furniture, not the headline under it."""
    return "|" in piece or not _THREE_WORDS.match(piece) or any(rx.match(piece) for rx in _BANNERS)


#: Three words (runs of letters) from the start: whether a line holds at least three,
#: read up to its third word, not every word of a long first line listed to count them.
#: Possessive, so a word is never split into two runs.
_THREE_WORDS = regex.compile(r"(?:\P{L}*+\p{L}++){3}")


@dataclass
class News:
    headline: Found | None = None
    date: Found | None = None
    author: Found | None = None
    #: further authors of a shared byline ("Đức Tính - Nông Quý" → Nông Quý)
    coauthors: list[Found] = field(default_factory=list)


def read_news(view: TextView) -> News:
    """Headline, date and author of a news article (any may be missing); the people and
    document stages both ask, so the context reads it once per page (``Context.news``)."""
    return _read(view)


def _read(view: TextView) -> News:
    news = News()
    lines = _head_lines(view, min(len(view.text), 4000))
    tried: set[tuple[int, int]] = set()  # lines a byline was searched in, in vain
    blind = page_case_blind(view)
    for i, (a, b) in enumerate(lines[:12]):
        piece = view.folded[a:b]
        if (len(piece) < 12 or _has_furniture(piece, blind[a:b]) or _BYLINE.match(piece)
                or _not_headline(piece)):
            continue  # (the cheap test first: each is only a test, in any order)
        if len(piece) <= 250 and not piece.rstrip().endswith((".", ":", ";")):
            b = _wrapped(view, a, b, lines[i + 1:i + 4])
            news.headline = Found(squash(view.text[a:b]).rstrip(" ."), a, b, "news.headline")
        _byline(view, news, lines[i + 1:i + 5], tried)
        break  # an article that opens with its lead paragraph has no headline here
    if news.date is None:
        _byline(view, news, lines[:12], tried)
    tail = _tail_authors(view)
    if tail:
        news.author, news.coauthors = tail[0], tail[1:]
    return news


#: ``_read`` looks at the first 12 non-empty lines and at most four after the 12th.
_HEAD_LINES = 16


def _head_lines(view: TextView, limit: int) -> list[tuple[int, int]]:
    """The first 16 non-empty content lines before ``limit``, as far as ``_read`` looks
    at them: listing every line of the first 4000 characters only to read 16 cost as
    much as the rest of the byline search."""
    return first_content_lines(view, 0, limit, _HEAD_LINES)


def _wrapped(view: TextView, a: int, b: int, after: list[tuple[int, int]]) -> int:
    """The end of a headline printed over several lines (a PDF's text layer keeps each
    printed line): "Các giải pháp giúp Sở Công Thương dẫn đầu về" + "cải cách hành
    chính", then the byline. A next line, right under it (no blank line), goes on the
    headline when it starts in lower case or when the byline comes right after it;
    never a byline, a sentence's end or a headline over 250 characters."""
    f = view.folded
    for n, (c, d) in enumerate(after[:2]):
        piece = f[c:d]
        if (view.text[b:c].count("\n") != 1 or _BYLINE.match(piece) or _FURNITURE.search(piece)
                or d - a > 250 or f[a:b].rstrip().endswith((".", ":", ";"))):
            break
        next_is_byline = n + 1 < len(after) and _BYLINE.match(f[slice(*after[n + 1])])
        if not (piece[:1].islower() or next_is_byline):
            break
        b = d
    return b


def _may_end_a_byline(f: str, a: int, b: int) -> bool:
    """Whether the line ``f[a:b]`` ends as ``news.byline`` must: its pattern closes on the
    line's end (``[ \t]*$``) after a year or a time ("24/07/2024", "08:17", "08:17 PM")
    or a "(GMT+7)". A line that ends otherwise ("… tại Hà Nội.") is not searched: most
    lines of a page, each a search of up to its whole length. Read from the end, the
    line not copied."""
    while b > a and f[b - 1] in " \t":
        b -= 1
    last = f[b - 1:b]
    return last.isdigit() or (last in _END_LAST and f[max(a, b - 2):b].endswith(_ENDS))


#: What a byline's line ends with besides a digit, and those ends' last characters
#: (most lines end otherwise, and are let go on that one character).
_ENDS = (")", "AM", "PM", "SA", "CH")
_END_LAST = frozenset(end[-1] for end in _ENDS)


#: A byline's match starts at most this far into its line ("Hằng Nga 08:17, …").
_BYLINE_LEAD = 40

#: ``news.byline`` matched right to left (``REVERSE``): the same strings, so a line it
#: finds nothing in holds no byline. Its pattern ends with the line (``[ \t]*$``), so
#: each place but the line's end fails at once, where the pattern read left to right
#: tries its optional author, label, weekday and time at every place.
_BYLINE_BACK = regex.compile(_BYLINE.pattern, _BYLINE.flags | regex.REVERSE)


def _byline_match(f: str, a: int, b: int) -> regex.Match[str] | None:
    """``news.byline`` in the line ``f[a:b]`` starting at most 40 characters in, as the
    leftmost match of a search, which is the first of the matches tried at each place
    from ``a``. A long line ("… ngày 24/07/2024") is tried only at those 41 places, not
    searched to its end: each search place tries the pattern's optional author, label,
    weekday and time.

    Asked first right to left (``_BYLINE_BACK``, one attempt at the line's end): most
    lines that end like a byline ("… (Hình từ Internet)", "… năm 2025", "| 25.000")
    hold none, found in ~2 µs instead of ~17 for the search left to right."""
    if _BYLINE_BACK.search(f, a, b) is None:
        return None
    if b - a <= 3 * _BYLINE_LEAD:
        m = _BYLINE.search(f, a, b)
        return m if m and m.start() - a <= _BYLINE_LEAD else None
    for at in range(a, a + _BYLINE_LEAD + 1):
        m = _BYLINE.match(f, at, b)
        if m:
            return m
    return None


def _byline(view: TextView, news: News, lines: list[tuple[int, int]],
            tried: set[tuple[int, int]]) -> None:
    """The first of ``lines`` that is a byline gives the date (and the author, on it or
    on a line beside it in ``lines``). ``tried`` holds the lines searched in vain by an
    earlier call, which are not searched again: the lines under a headline are asked
    first, then the first 12, which hold them (a search of a line ~0.016 ms)."""
    for i, (a, b) in enumerate(lines):
        if (a, b) in tried or not _may_end_a_byline(view.folded, a, b):
            continue
        m = _byline_match(view.folded, a, b)
        if m is None:
            tried.add((a, b))
            continue  # a sentence that ends with a date is not a byline
        g = "" if m.group("d") else "w"
        d, mo, y = int(m.group(g + "d")), int(m.group(g + "m")), m.group(g + "y")
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            tried.add((a, b))
            continue
        start = m.start("d") if m.group("d") else m.start("wd") - len("ngày ")
        news.date = Found(f"{y}-{mo:02d}-{d:02d}", *view.span(start, m.end(g + "y"))[:2],
                          "news.byline")
        if m.group("author"):
            news.author = Found(m.group("author"), m.start("author"), m.end("author"),
                                "news.byline")
        else:  # "HẠNH CHÂU" on its own line right above or below the date
            for c, d in lines[max(0, i - 1):i] + lines[i + 1:i + 2]:
                found = _authors_of(view, c, d, "news.byline")
                if found:
                    news.author, news.coauthors = found[0], found[1:]
                    break
        return


def _tail_authors(view: TextView) -> list[Found]:
    """The byline at the end, above the portal's furniture ("Tổng số điểm …", "Lượt
    xem"): the last line of the last six non-empty ones of the last 2500 characters
    before the first furniture line that names authors (``byline_names``)."""
    f = view.folded
    first = view.line_of(max(0, len(f) - 2500))
    stop = _tail_stop(view, first)
    last: list[tuple[int, int]] = []
    starts = view.line_starts
    for i in range(stop - 1, first - 1, -1):  # read up from the stop: six lines, not all
        if i + 1 < len(starts) and starts[i + 1] - starts[i] == 1:
            continue  # a line break alone (~4 of the ~10 lines read up): no content
        a, b = line_content(view, i)
        if b > a:
            last.append((a, b))
            if len(last) == 6:
                break
    last.reverse()
    labelled = [(a, b) for a, b in last if labelled_byline(f[a:b])]
    for a, b in reversed(labelled or last):  # "Tác giả: Tô Dậu" before any bare name
        found = _authors_of(view, a, b, "news.author_line")
        if found:
            return found
    return []


#: The marks and spaces a tail line's content is stripped of before ``news.tail_stop``
#: is matched (``content_lines`` strips ``_STRIP`` of the text, then ``str.strip``):
#: every white space but the line break (fold turns a tab or a no-break space into a
#: space, which stays one of these).
_TAIL_MARKS = " \t*#|>_" + ODD_SPACES


@cache
def _tail_stop_at() -> re.Pattern[str]:
    """A line break, its marks and spaces, then a word ``news.tail_stop`` opens with
    ("tin", "lượt", "chia"; ``prefilter.openers``), in the case-blind tail: the lines
    where furniture can stand, found by one scan instead of the pattern at every line."""
    pat = _PATS["news.tail_stop"]
    words = openers(pat.source, pat.regex.flags)
    assert words, "news.tail_stop must open with words"
    alt = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"\n[{re.escape(_TAIL_MARKS)}]*(?:{alt})")


def _tail_stop(view: TextView, first: int) -> int:
    """The first line from line ``first`` whose content (marks and spaces stripped) is
    furniture (``news.tail_stop``: "Tin liên quan", "Lượt xem: 120"), or the number of
    lines the text has. Only lines opening with one of the pattern's first words are
    asked (most of a tail's ~24 lines open otherwise)."""
    f, starts = view.folded, view.line_starts
    n = len(starts) if starts[-1] < len(f) else len(starts) - 1  # no empty last line
    if first >= n:
        return n
    lo = starts[first]
    for i in _tail_stop_lines(view, first, lo):
        a, b = line_content(view, i)
        if _TAIL_STOP.match(f[a:b].strip()):
            return i
    return n


def _tail_stop_lines(view: TextView, first: int, lo: int) -> list[int]:
    """The lines from line ``first`` (at ``lo``) that may be furniture, ascending, found
    in the case-blind page (``page_case_blind``: the page's lower case, which other
    stages made; lower-casing the tail here cost ~0.02 ms for 2,500 characters)."""
    blind = page_case_blind(view)
    lines = [first] if lo == 0 else []  # the text's first line has no break before it
    # lo > 0 is a line start: the break before it is at lo - 1.
    lines += [view.line_of(m.start() + 1) for m in _tail_stop_at().finditer(blind, max(lo - 1, 0))]
    return lines


def _normal_case(name: str) -> str:
    """"HẠNH CHÂU" → "Hạnh Châu"; initials ("TD", "N.H") and "Nhóm PV" stay as printed."""
    syllables = name.split()
    if len(syllables) > 1 and all(s.isupper() and s.isalpha() for s in syllables):
        return " ".join(s.capitalize() for s in syllables)
    return name


def _authors_of(view: TextView, a: int, b: int, rule: str) -> list[Found]:
    """The authors a whole line ``[a, b)`` names, spans in the text."""
    line = view.folded[a:b]
    names = byline_names(line.strip())  # most lines name no one: asked first
    if not names or _TAIL_STOP.match(line.strip()) or _FURNITURE.search(line):
        return []  # "Back To Top", "Chia sẻ"
    off = a + len(line) - len(line.lstrip())
    out = []
    for x, y, _value in names:
        na, nb, quote = view.span(off + x, off + y)
        out.append(Found(_normal_case(squash(quote)), na, nb, rule))
    return out
