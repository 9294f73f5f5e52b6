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

from dataclasses import dataclass, field

import regex

from extractors.layout.bylines import byline_names, labelled_byline
from extractors.layout.header import Found, content_lines
from extractors.text.patterns import patterns
from extractors.text.view import TextView, squash

_PATS = patterns("document")
#: Portal furniture above the headline that reads like text: the year's slogan, a
#: greeting ("Chào mừng kỷ niệm …"), the site's name, a section name ("Tin tức - Sự
#: kiện") or a breadcrumb ("Trang chủ > Tin tức > Cải cách hành chính").
_BANNERS = [_PATS["news.banner"].regex, _PATS["news.breadcrumb"].regex]

_FURNITURE = _PATS["news.furniture"].regex
#: "Hằng Nga 08:17, 24/07/2024", "Thứ Hai, 24/07/2024 08:17", "Cập nhật: …" (a date in
#: d/m/y or in words, groups d, m, y or wd, wm, wy).
_BYLINE = _PATS["news.byline"].regex
_TAIL_STOP = _PATS["news.tail_stop"].regex


def _not_headline(piece: str) -> bool:
    """A banner, a breadcrumb, or a markdown table row ("Quốc gia | Việt Nam", "---|---")
    is page furniture, not the headline under it."""
    return "|" in piece or len(_WORD.findall(piece)) < 3 or any(rx.match(piece) for rx in _BANNERS)


_WORD = regex.compile(r"\p{L}+")


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
    for i, (a, b) in enumerate(lines[:12]):
        piece = view.folded[a:b]
        if _FURNITURE.search(piece) or len(piece) < 12 or _BYLINE.match(piece) or _not_headline(
                piece):
            continue
        if len(piece) <= 250 and not piece.rstrip().endswith((".", ":", ";")):
            b = _wrapped(view, a, b, lines[i + 1:i + 4])
            news.headline = Found(squash(view.text[a:b]).rstrip(" ."), a, b, "news.headline")
        _byline(view, news, lines[i + 1:i + 5])
        break  # an article that opens with its lead paragraph has no headline here
    if news.date is None:
        _byline(view, news, lines[:12])
    tail = _tail_authors(view)
    if tail:
        news.author, news.coauthors = tail[0], tail[1:]
    return news


#: ``_read`` looks at the first 12 non-empty lines and at most four after the 12th.
_HEAD_LINES = 16
_HEAD_TRY = 40  # lines read first for them: a page's head seldom has 24 blank lines


def _head_lines(view: TextView, limit: int) -> list[tuple[int, int]]:
    """The non-empty content lines before ``limit`` as far as ``_read`` looks at them: those
    of the first 40 lines when 16 of them are non-empty (a prefix of the whole list, so the
    same first 16), else all of them. Listing every line of the first 4000 characters only
    to read 16 cost as much as the rest of the byline search."""
    starts = view.line_starts
    if len(starts) > _HEAD_TRY and starts[_HEAD_TRY] < limit:
        lines = [(a, b) for a, b in content_lines(view, 0, starts[_HEAD_TRY]) if b > a]
        if len(lines) >= _HEAD_LINES:
            return lines
    return [(a, b) for a, b in content_lines(view, 0, limit) if b > a]


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


def _may_end_a_byline(line: str) -> bool:
    """Whether ``line`` ends as ``news.byline`` must: its pattern closes on the line's end
    (``[ \t]*$``) after a year or a time ("24/07/2024", "08:17", "08:17 PM") or a
    "(GMT+7)". A line that ends otherwise ("… tại Hà Nội.") is not searched: most lines
    of a page, each a search of up to its whole length."""
    tail = line.rstrip(" \t")
    return tail[-1:].isdigit() or tail.endswith((")", "AM", "PM", "SA", "CH"))


def _byline(view: TextView, news: News, lines: list[tuple[int, int]]) -> None:
    for i, (a, b) in enumerate(lines):
        if not _may_end_a_byline(view.folded[a:b]):
            continue
        m = _BYLINE.search(view.folded, a, b)
        if not m or m.start() - a > 40:
            continue  # a sentence that ends with a date is not a byline
        g = "" if m.group("d") else "w"
        d, mo, y = int(m.group(g + "d")), int(m.group(g + "m")), m.group(g + "y")
        if not (1 <= d <= 31 and 1 <= mo <= 12):
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
    xem"): the last line of the last six that names authors (``byline_names``)."""
    f = view.folded
    lines = [(a, b) for a, b in content_lines(view, max(0, len(f) - 2500), len(f)) if b > a]
    for a, b in lines:
        if _TAIL_STOP.match(f[a:b].strip()):
            lines = lines[: lines.index((a, b))]
            break
    last = lines[-6:]
    labelled = [(a, b) for a, b in last if labelled_byline(f[a:b])]
    for a, b in reversed(labelled or last):  # "Tác giả: Tô Dậu" before any bare name
        found = _authors_of(view, a, b, "news.author_line")
        if found:
            return found
    return []


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
