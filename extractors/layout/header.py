"""Read the header of an administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I).

The header holds, top to bottom and in two columns: the parent body and the issuing body
("UBND TỈNH ĐẮK LẮK" / "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"), the national motto, the number
("Số: 1688 /SKHĐT-VP"), the place and date ("Đăk Lăk, ngày 17 tháng 7 năm 2019"), then
either the kind heading and its subject ("KẾ HOẠCH" / "Khắc phục …") or, for a công văn,
the subject line under the number ("V/v Chỉ đạo thực hiện …"). Converted files often
flatten the two columns into one line ("Số: /KH-SCT Lạng Sơn, ngày tháng 01 năm 2024")
and break lines mid-phrase, so everything here works on pieces of lines, not whole lines.

>>> h = parse_header(TextView("UBND TỈNH LẠNG SƠN\\nSố: 12/KH-UBND\\n\\nKẾ HOẠCH\\nCải cách"))
>>> h.number.value, h.kind.value, h.title.value
('12/KH-UBND', 'ke_hoach', 'Cải cách')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

import regex

from extractors.text.patterns import load_data, patterns
from extractors.text.prefilter import find_all, matches_from
from extractors.text.view import TextView, squash

ZONE_CHARS = 3000  # a header never runs longer than this
_STRIP = " \t*#|>_"
_LETTER = regex.compile(r"\p{L}")
# Compiled once (``regex``'s cache of patterns by string costs ~3 µs a call).
_SPACES = regex.compile(r"\s+")
_BLANK_SERIAL = regex.compile(r"[.…_]+/")  # "…/KH-UBND": a serial left blank
_SPACE_CAPITAL = regex.compile(r"\s+\p{Lu}")


@dataclass(frozen=True)
class Found:
    """One header field: its value and where it was read (``text[start:end]``)."""

    value: str | None
    start: int
    end: int
    rule: str


@dataclass
class Header:
    """What the header says; any part may be missing."""

    bodies: list[Found] = field(default_factory=list)  # parent body first, issuer last
    number: Found | None = None
    symbol: str | None = None  # "KH-SCT" even when the number itself is blank
    number_at: int | None = None  # where "Số:" is, blank number or not
    place: Found | None = None
    date: Found | None = None
    kind: Found | None = None
    title: Found | None = None
    end: int = 0  # where the body of the text starts

    @property
    def issuer(self) -> Found | None:
        return self.bodies[-1] if self.bodies else None


@cache
def _pats() -> dict[str, regex.Pattern[str]]:
    """The header patterns, compiled as their data says (case-sensitive: "SỐ:", "V/v")."""
    return {pid: p.regex for pid, p in patterns("document").items() if pid.startswith("header.")}


# The words of the header zone are data (document.yaml, header.*), compiled once:
_TITLE_START = patterns("document")["header.title_start"].regex
_SUBJECT = patterns("document")["header.subject"]
_RULE_LINE = patterns("document")["header.rule_line"].regex  # "I. CĂN CỨ PHÁP LÝ" ends a title
# The line under a quyết định's subject that names who decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN
# TỈNH X", "GIÁM ĐỐC SỞ NỘI VỤ", "HỘI ĐỒNG NHÂN DÂN TỈNH X / KHÓA VII").
_AUTHORITY_LINE = patterns("document")["header.authority_line"].regex


@cache
def _headings() -> list[tuple[str, str]]:
    """(HEADING, kind), longest first ("THÔNG BÁO KẾT LUẬN" before "THÔNG BÁO")."""
    data = load_data("document")
    pairs = [(h, kind) for kind, hs in data["kind_headings"].items() for h in hs]
    pairs += [(h, "khac") for h in data["other_headings"]]
    return sorted(pairs, key=lambda p: len(p[0]), reverse=True)


@cache
def _heading_leads() -> tuple[str, ...]:
    """What a kind heading opens with: its first two letters ("KẾ" of "KẾ HOẠCH"), or
    its first where a space follows it (``_heading_re`` lets a space be other marks).
    Headings are matched case-sensitively, so a line opening otherwise holds none; not
    even a line in sentence case ("Kế hoạch này …"), as most of a page's lines open,
    which a test of the first letter alone let through to the heading pattern."""
    return tuple(sorted({h[:1] if h[1:2].isspace() else h[:2] for h, _ in _headings()}))


@cache
def _heading_re() -> regex.Pattern[str]:
    """Any kind heading at the start of a line piece (one alternation, longest first)."""
    alt = "|".join(regex.escape(h).replace(r"\ ", r"[\s*_]+") for h, _ in _headings())
    return regex.compile(rf"(?:{alt})(?![\p{{L}}])")


@cache
def _body_head_re() -> regex.Pattern[str]:
    heads = sorted(load_data("document")["words"]["body_heads"], key=len, reverse=True)
    alt = "|".join(regex.escape(h).replace(r"\ ", r"\s+") for h in heads)
    return regex.compile(rf"(?:{alt})(?![\p{{L}}])")


def parse_header(view: TextView) -> Header:
    """Parse the header zone at the top of ``view`` (read once per text as
    ``Context.header``)."""
    f = view.folded
    pats = _pats()
    limit = min(len(f), ZONE_CHARS)
    # The body's first words open a line: only the line starts are tried, not every
    # character of the zone (``prefilter.matches_from``; the same first match).
    starts = view.line_starts[:bisect.bisect_left(view.line_starts, limit)]
    body = next(matches_from(pats["header.body_start"], f, starts, 0, limit), None)
    h = Header(end=body.start() if body else limit)
    _number(view, h)
    _place_date(view, h)
    _kind_and_title(view, h)
    _subject(view, h)
    _bodies(view, h)
    return h


def _number(view: TextView, h: Header) -> None:
    m = _pats()["header.number"].search(view.folded, 0, h.end)
    if not m or (view.line_of(m.start()) > 25 and not _near_motto(view, m.start())):
        return
    h.symbol, h.number_at = m.group("symbol"), m.start()
    value = _SPACES.sub("", m.group("number")).rstrip(".")
    a, b, _ = view.span(m.start("number"), m.end("number"))
    if m.group("serial"):
        h.number = Found(_BLANK_SERIAL.sub("/", value), a, b, "header.number")


def _near_motto(view: TextView, at: int) -> bool:
    """Whether ``at`` is within a few lines of the motto: a header deep in a web page,
    behind a metadata table, is still a header."""
    mottos = _mottos(view)
    return bool(mottos) and abs(view.line_of(mottos[0].start()) - view.line_of(at)) <= 8


#: The word every place-and-date line holds, as written (``header.place_date`` is
#: case-sensitive: "Lạng Sơn, ngày 04 tháng 5 năm 2019").
PLACE_DATE_WORD = "ngày"


#: What a place-and-date line can hold before its "ngày": the place's letters, "TP.",
#: spaces and dashes, the comma (``header.place_date``), read right to left from "ngày";
#: and what must stand right before it: the comma and white space ("Lạng Sơn, ngày").
BEFORE_DATE_WORD = regex.compile(r"[\p{L}\s,.\-]*", regex.REVERSE)
COMMA_BEFORE_DATE_WORD = regex.compile(r",\s*", regex.REVERSE)


def _place_date(view: TextView, h: Header) -> None:
    f = view.folded
    end = min(len(f), h.end + 200)
    at = f.find(PLACE_DATE_WORD, 0, end)
    while at >= 0 and COMMA_BEFORE_DATE_WORD.match(f, 0, at) is None:
        at = f.find(PLACE_DATE_WORD, at + 1, end)  # "Căn cứ Luật … ngày 19 tháng 6": no place
    if at < 0:
        return  # most bulk pages: no search of the zone for a place's capitals
    # Every match holds "ngày" after a comma at or after this one, and only
    # BEFORE_DATE_WORD's characters between its start and its "ngày": none starts before
    # the run of them that ends here, so the search starts there, not at the top of the
    # zone (bodies, motto, number: their capitals were each tried as a place).
    lo = BEFORE_DATE_WORD.match(f, 0, at).start()
    m = _pats()["header.place_date"].search(f, lo, end)
    if not m:
        return
    year, month, day = m.group("year"), m.group("month"), m.group("day")
    value = None
    if month.isdigit() and 1 <= int(month) <= 12:
        value = f"{year}-{int(month):02d}"
        if day.isdigit() and 1 <= int(day) <= 31:
            value += f"-{int(day):02d}"
    date_start = view.folded.rfind("ngày", m.start(), m.end())
    h.date = Found(value, *view.span(date_start, m.end())[:2], "header.place_date")
    pa, pb, place = view.span(m.start("place"), m.end("place"))
    h.place = Found(squash(place), pa, pb, "header.place_date")
    h.end = max(h.end, m.end())


def content_lines(view: TextView, start: int, end: int) -> list[tuple[int, int]]:
    """Content bounds of each line in ``[start, end)``, markdown marks trimmed."""
    out = []
    text, starts = view.text, view.line_starts
    i, n = view.line_of(start), len(starts)
    while i < n and starts[i] < end:
        a = starts[i]
        b = starts[i + 1] - 1 if i + 1 < n else len(text)
        line = text[a:b].lstrip(_STRIP)  # str.strip in C, not a loop per character
        a = b - len(line)
        out.append((a, a + len(line.rstrip(_STRIP))))
        i += 1
    return out


def first_content_lines(view: TextView, start: int, end: int, count: int) -> list[tuple[int, int]]:
    """The first ``count`` non-empty lines of :func:`content_lines` ``(view, start, end)``:
    a news page's head is read from its first 16 ("Sở Nội vụ kiểm tra" / "Hằng Nga
    08:17, 24/07/2024" / …), and listing every line of 4,000 characters to keep 16 cost
    more than the reading."""
    out: list[tuple[int, int]] = []
    if count <= 0:
        return out
    text, starts = view.text, view.line_starts
    i, n = view.line_of(start), len(starts)
    while i < n and starts[i] < end:
        a = starts[i]
        b = starts[i + 1] - 1 if i + 1 < n else len(text)
        if b == a:  # a line break alone, no content (about a third of a head's lines)
            i += 1
            continue
        line = text[a:b].lstrip(_STRIP)
        if line:  # then its first character is no mark, and it stays after rstrip
            a = b - len(line)
            out.append((a, a + len(line.rstrip(_STRIP))))
            if len(out) == count:
                break
        i += 1
    return out


def line_content(view: TextView, i: int) -> tuple[int, int]:
    """The content bounds of line ``i``, as :func:`content_lines` gives them."""
    text, starts = view.text, view.line_starts
    a = starts[i]
    b = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
    line = text[a:b].lstrip(_STRIP)
    a = b - len(line)
    return a, a + len(line.rstrip(_STRIP))


def _clean(s: str) -> str:
    """A value without markdown marks or a table cell's line breaks: "**ỦY BAN NHÂN DÂN**
    TỈNH X", "ỦY BAN NHÂN DÂN<br>TỈNH X" → "ỦY BAN NHÂN DÂN TỈNH X"."""
    return squash(_BR.sub(" ", s).replace("*", " ").replace("#", " "))


_BR = regex.compile(r"<br\s*/?>", regex.IGNORECASE)


def _is_upper(s: str) -> bool:
    letters = "".join(filter(str.isalpha, s))  # filter/map run in C: called per line
    return len(letters) >= 2 and sum(map(str.isupper, letters)) >= 0.85 * len(letters)


def _kind_and_title(view: TextView, h: Header) -> None:
    f = view.folded
    n = bisect.bisect_left(view.line_starts, h.end + 600)  # the lines of the zone
    first_line = next((i for i in range(n) if _has_content(line_content(view, i))), None)
    first = None if first_line is None else line_content(view, first_line)[0]
    leads = _heading_leads()
    for i in _heading_lines(view, n, first_line):
        a, b = line_content(view, i)
        if a != first and not f.startswith(leads, a):
            continue  # no heading, whole or broken, opens with these letters
        nxt = line_content(view, i + 1) if i + 1 < n else None
        if nxt is not None and _broken_heading(view, a, b, nxt):
            b = nxt[1]  # "KẾ" / "HOẠCH": a heading broken by a PDF line
        line = f[a:b]
        m = _heading_re().match(line) or (a == first and _pasted_heading(view, a, b))
        if not m:
            continue
        rest = line[m.end():].strip(_STRIP + ":")
        if rest and not _TITLE_START.match(rest):
            continue  # "BÁO CÁO VIÊN", "KẾ HOẠCH SỐ 12" are not headings
        kind = dict(_headings())[_clean(m.group(0))]
        h.kind = Found(kind, a, a + m.end(), "header.kind_heading")
        title_from = a + m.end() if rest else b
        h.title = _title_after(view, h, title_from, "header.title_under_kind")
        h.end = max(h.end, h.title.end if h.title else b)
        return


def _has_content(bounds: tuple[int, int]) -> bool:
    return bounds[1] > bounds[0]


@cache
def _heading_line_at() -> re.Pattern[str]:
    """A line break, the marks ``content_lines`` strips, then what a kind heading opens
    with ("KẾ", "BÁ", ``_heading_leads``): where a heading line can begin. fold writes
    those marks as marks (a tab as a space), so a folded line's marks are the text's."""
    leads = "|".join(map(re.escape, _heading_leads()))
    return re.compile(rf"\n[{re.escape(_STRIP)}]*(?:{leads})")


def _heading_lines(view: TextView, n: int, first: int | None) -> list[int]:
    """The lines of the first ``n`` whose content can open with a heading, and the first
    line with content (a pasted "Kế hoạch …"), ascending: found by one scan of the zone
    in C, where listing the content of its ~40 lines to ask ~2 cost ~0.02 ms a page."""
    starts = view.line_starts
    if not n:
        return []
    # A match holds one line after its break: one of the zone's ends where line n starts.
    stop = starts[n] if n < len(starts) else len(view.folded)
    found = [] if first is None else [first]
    found += [view.line_of(m.start() + 1)
              for m in _heading_line_at().finditer(view.folded, 0, stop)]
    return sorted(set(found))


def _broken_heading(view: TextView, a: int, b: int, nxt: tuple[int, int]) -> bool:
    """Whether a short upper-case line and the next make one kind heading only together
    ("KẾ" / "HOẠCH", "BÁO" / "CÁO"), as PDF text breaks lines anywhere."""
    f = view.folded
    if b - a > 12 or len(f[a:b].split()) > 2 or not _is_upper(f[a:b]) or _heading_re().match(
            f, a, b):
        return False
    m = _heading_re().match(f, a, nxt[1])
    return bool(m) and m.end() > nxt[0] and not _LETTER.search(f, b, nxt[0])


_DOC_OPENER = patterns("document")["header.doc_opener"].regex


def _pasted_heading(view: TextView, a: int, b: int) -> regex.Match[str] | None:
    """A document pasted without its header opens with "Kế hoạch Cải cách hành chính năm
    2022" and then its body ("Thực hiện …"): the kind word in sentence case, on the first
    line (``a``, the caller checks)."""
    m = _heading_re().match(view.folded[a:b].upper())
    if not m or not _SPACE_CAPITAL.match(view.folded[a + m.end():b]):
        return None
    after = _pats()["header.body_start"].search(view.folded, b, b + 200)
    if after is None or view.folded[b:after.start()].strip() or not _DOC_OPENER.search(
            view.folded, after.start(), after.end()):
        return None  # a news headline followed by "Ngày 25/10/2022, …" stays news
    return _heading_re().match(view.folded[a:b].upper())


def _title_after(view: TextView, h: Header, start: int, rule: str) -> Found | None:
    """The subject from ``start`` to a blank line, the motto, the place-and-date line, an
    all-caps line or the body's first words ("Căn cứ", "Thực hiện", "Kính gửi")."""
    f = view.folded
    stop = min(len(f), start + 600)
    pats = _pats()
    for pat in ("header.motto", "header.place_date", "header.body_start", "header.number"):
        m = pats[pat].search(f, start, stop)
        if m and m.start() > start:
            stop = m.start()
    lines = [(a, b) for a, b in content_lines(view, start, stop)]
    began, end = None, start
    for a, b in lines:
        a, b = max(a, start), min(b, stop)
        piece = f[a:b].strip(_STRIP)
        if not piece:
            if began is not None:
                break
            continue
        if _RULE_LINE.match(piece) or (began is not None and not _continues(f[began:end], piece)):
            break
        began = a if began is None else began
        end = b
    if began is None:
        return None
    a, b, quote = view.span(began, end)
    value = _clean(quote).strip(" _\"'").rstrip(" .;:")
    return Found(value, a, b, rule) if value else None


# A title line that ends on one of these is unfinished: "… QUÝ I NĂM" / "2020", "… CỦA" /
# "UBND tỉnh năm 2021" (a PDF or a narrow cell broke it, whatever the next line's case).
_OPEN_END = patterns("document")["header.open_end"].regex
# The line naming who decides starts with a position ("CỤC TRƯỞNG CỤC HẢI QUAN"): it ends
# even an unfinished-looking title ("… XÁC ĐỊNH TRƯỚC MÃ SỐ").
_DECIDER = patterns("document")["header.decider"].regex


def _continues(title: str, piece: str) -> bool:
    """Whether ``piece`` (the next line) goes on with the title so far: the same case
    (an all-caps title does not run into "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"), or a line with
    no words to have a case ("2020", "2021 - 2025"), or a title left unfinished."""
    if _OPEN_END.search(title):
        return not _DECIDER.match(piece)
    if len(_LETTER.findall(piece)) < 2:
        return len(piece) <= 16
    return _is_upper(piece) == _is_upper(title) and not (
        _is_upper(piece) and _AUTHORITY_LINE.match(piece))


def _subject(view: TextView, h: Header) -> None:
    """A công văn's "V/v …" (only when no kind heading gave the title). Looked for in the
    zone only, at its words: asking the whole page for them first (``may_match``, three
    substring searches of ~10k characters where they are missing) cost more than the
    zone's own search (0.022 ms a page)."""
    if h.title is not None:
        return
    m = next(_subject_lines(view, h.end + 400), None)
    near_header = h.number_at is not None or h.date is not None
    if m and (near_header or view.line_of(m.start()) < 12):
        h.title = _title_after(view, h, m.end(), "header.subject")


#: The subject's first word, lower-cased: "V/v", "Về việc".
_SUBJECT_WORD = re.compile("v/v|về")


def _subject_lines(view: TextView, end: int) -> Iterator[regex.Match[str]]:
    """``header.subject`` in ``[0, end)``, tried only at its word and just before it (the
    spaces, tabs and "*" it may open with), not at each character (0.13 ms a page)."""
    f, low, rx = view.folded, view.folded_lower, _SUBJECT.regex
    if low is None:  # (rare) a search of each character, where the page has the words
        return rx.finditer(f, 0, end) if _SUBJECT.may_match(view) else iter(())
    starts: list[int] = []
    for word in _SUBJECT_WORD.finditer(low, 0, end):
        at = word.start()
        while at > 0 and f[at - 1] in " \t*":
            at -= 1
        starts.extend(range(max(at, starts[-1] + 1 if starts else 0), word.start() + 1))
    return matches_from(rx, f, starts, 0, end)


def _bodies(view: TextView, h: Header) -> None:
    """The parent and issuing bodies: the all-caps lines before the number, the motto or
    the kind heading, each line possibly carrying a flattened motto or a second body."""
    f = view.folded
    stops = [x.start for x in (h.kind, h.date) if x] + [h.end]
    stop = min(stops + ([h.number_at] if h.number_at is not None else []))
    pending: int | None = None  # an upper-case line that may open a broken head ("ỦY")
    start = _bodies_from(view, h)
    first = view.line_of(start)  # the bodies are in the first 15 lines from there
    last = min(max(stop, 1), view.line_starts[first + 15] if first + 15 < len(view.line_starts)
               else len(view.text))
    for a, b in content_lines(view, start, last):
        if b <= a or (not h.bodies and not _upper_pair(f, a, b)):
            continue  # an empty line, or one where no piece can be upper case: no body
        for sa, sb in _segments(view, a, min(b, stop) if a < stop else b):
            piece = f[sa:sb]
            if not _LETTER.search(piece):
                continue
            if not _is_upper(piece):
                if h.bodies:
                    return
                continue
            joined = pending is not None and _body_head_re().match(squash(_clean(f[pending:sb])))
            if joined:
                sa = pending  # "ỦY" / "BAN NHÂN DÂN": one head broken over two lines
            pending = None
            if joined or _body_head_re().match(piece):
                h.bodies.append(Found(_clean(view.text[sa:sb]), sa, sb, "header.body"))
            elif h.bodies and _next_line(view, h.bodies[-1].end, sa):
                # a body name broken over two lines: "SỞ THÔNG TIN VÀ" / "TRUYỀN THÔNG"
                last = h.bodies[-1]
                h.bodies[-1] = Found(_clean(view.text[last.start:sb]), last.start, sb,
                                     "header.body")
            elif not h.bodies:
                pending = sa


def _upper_pair(f: str, a: int, b: int) -> bool:
    r"""Whether two of the letters of ``f[a:b]`` that follow each other are upper case, as
    in any piece :func:`_is_upper` takes ("SỞ NỘI VỤ"): there at least 85% of two or more
    letters are, so two neighbours are. A news line ("Thực hiện Kế hoạch số 12 của UBND")
    has none mostly, and is not cut into pieces. ``\p{Lu}`` is ``str.isupper`` on every
    letter (the test checks every code point).

    Searched in the line as it is, two capitals with no ``\p{L}`` between, the first
    pair found ending the search (listing the line's letters first cost 0.019 ms a page,
    this 0.003). ``regex`` knows letters ``str.isalpha`` does not (newer Unicode), but
    none is printable here (the test checks every code point), so in a printable line
    (every line of a folded page, mostly) each ``\p{L}`` is ``str.isalpha`` and the
    search says what the letters say; any other line is read the plain way."""
    line = f[a:b]
    if line.isprintable():
        return _UPPER_PAIR.search(line) is not None
    return _UPPER_LETTERS.search("".join(filter(str.isalpha, line))) is not None


_UPPER_PAIR = regex.compile(r"\p{Lu}\P{L}*\p{Lu}")
_UPPER_LETTERS = regex.compile(r"\p{Lu}\p{Lu}")


def _next_line(view: TextView, end: int, start: int) -> bool:
    """Whether ``start`` is on a later line than ``end`` with only marks between ("**",
    "|", blank lines): "**ỦY BAN NHÂN DÂN" / "**" / "THÀNH PHỐ CẦN THƠ"."""
    return view.line_of(start) > view.line_of(end) and not _LETTER.search(
        view.folded[end:start])


def _bodies_from(view: TextView, h: Header) -> int:
    """Where to look for the bodies: the top of the text, or a few lines above the motto
    or the number when a web page puts a metadata table first ("Số ký hiệu: …", "Ngày ban
    hành: …", "Cơ quan ban hành: …", then "ỦY BAN NHÂN DÂN / TỈNH SƠN LA")."""
    anchors = [m.start() for m in _mottos(view)[:1]]
    anchors += [h.number_at] if h.number_at is not None else []
    if not anchors:
        return 0
    line = max(0, view.line_of(min(anchors)) - _LINES_ABOVE_ANCHOR)
    return view.line_starts[line]


_LINES_ABOVE_ANCHOR = 8  # bodies, blank lines and rules between them


def _mottos(view: TextView) -> list[regex.Match[str]]:
    """The motto lines in the top of the text, even when broken over lines ("CỘNG HÒA XÃ
    HỘI" / "CHỦ NGHĨA VIỆT NAM"); found once per text (the header's steps ask several
    times)."""
    found = view.__dict__.get("_mottos")
    if found is None:
        found = view.__dict__["_mottos"] = _motto_matches(view)
    return found  # type: ignore[no-any-return]


#: Where the motto can begin in the lower-cased text: "cộng hòa …" or "độc lập …".
MOTTO_LEADS = ("cộng", "độc")


def _motto_matches(view: TextView) -> list[regex.Match[str]]:
    """Every motto match in the zone, the motto tried only where its first word is (found
    by ``str.find``: ``re`` skips to either of two words ~3x slower than to one)."""
    f, low = view.folded, view.folded_lower
    end = min(len(f), ZONE_CHARS)
    rx = _pats()["header.motto"]
    if low is None:
        return list(rx.finditer(f, 0, end))
    return list(matches_from(rx, f, find_all(low[:end], MOTTO_LEADS), 0, end))


# A second body on a header line, and the tax offices of 2025 under "CỤC THUẾ" ("THUẾ
# TỈNH BẮC NINH", "THUẾ CƠ SỞ 1 TỈNH BẮC NINH", not the "THUẾ" of "CỤC THUẾ").
_SECOND_BODY = patterns("document")["header.second_body"].regex
_CELL = regex.compile(r"\||-{3,}|_{3,}|={3,}")


def _segments(view: TextView, a: int, b: int) -> list[tuple[int, int]]:
    """Pieces of a header line: the motto, table cells ("| … |") and rules ("-------")
    cut out, and two bodies typed on one line ("UBND TỈNH ĐẮK LẮK SỞ KẾ HOẠCH VÀ ĐẦU TƯ")
    split apart."""
    f = view.folded
    cuts = [(max(a, m.start()), min(b, m.end())) for m in _mottos(view)
            if m.start() < b and m.end() > a]
    cuts += [(m.start(), m.end()) for m in _CELL.finditer(f, a, b)]
    pieces, at = [], a
    for x, y in sorted(cuts):
        if x >= at:
            pieces.append((at, x))
            at = y
    pieces.append((at, b))
    out = []
    for pa, pb in pieces:
        cut = _SECOND_BODY.search(f, pa, pb)
        parts = [(pa, cut.start()), (cut.start(), pb)] if cut and cut.start() > pa else [(pa, pb)]
        for x, y in parts:
            x, y, _ = view.span(x, y)
            while x < y and view.text[x] in _STRIP:
                x += 1
            while y > x and view.text[y - 1] in _STRIP + "-–":
                y -= 1
            if y > x:
                out.append((x, y))
    return out
