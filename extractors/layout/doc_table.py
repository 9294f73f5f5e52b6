"""Read a republisher's metadata table: number, kind, date of issue, signer, place.

Legal republishers and portals (thuvienphapluat-style pages, provincial "văn bản" pages)
put a table of the document's properties above its text, one label and one value per
cell: "Số hiệu: | 47/BC-UBND | Loại văn bản: | Báo cáo | Nơi ban hành: | Thành phố Hồ Chí
Minh | Người ký: | Trần Vĩnh Tuyến | Ngày ban hành: | 30/03/2020". Crawled as text, the
cells come one per line ("Số hiệu:" / "|" / "47/BC-UBND"), side by side ("Số ký hiệu |
45/KH-UBND") or in markdown ("| **Số hiệu:** | 47/BC-UBND |").

The table is evidence the ``document`` stage uses only where the document's own header
and signature say nothing (a header lost in conversion, a signature block cut off): the
header wins when both exist. Values are checked for their shape, because a page for
visitors who are not logged in writes "Đã biết" or "Đang cập nhật" in the cells.

>>> t = read_table(TextView("Số hiệu: | 47/BC-UBND | Người ký: | Trần Vĩnh Tuyến"))
>>> t["number"].value, t["signer"].value
('47/BC-UBND', 'Trần Vĩnh Tuyến')
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterator
from functools import cache

import regex

from extractors.layout.header import Found
from extractors.text.patterns import load_data, patterns
from extractors.text.prefilter import find_all, matches_from
from extractors.text.view import TextView, squash

TABLE_CHARS = 8000  # the table sits above the document's text, behind the site banners

#: Cell label → field. The label opens a cell: a line start or a "|" (markup aside).
_LABELS = {
    "number": r"Số\s+hiệu|Số\s*/?\s*ký\s+hiệu|Số\s+văn\s+bản|Ký\s+hiệu",
    "kind": r"Loại\s+văn\s+bản|Hình\s+thức\s+văn\s+bản|Loại\s+VB",
    "issued_date": r"Ngày\s+ban\s+hành|Ngày\s+ký",
    "signer": r"Người\s+ký(?:\s+duyệt)?",
    "place": r"Nơi\s+ban\s+hành|Cơ\s+quan\s+ban\s+hành",
}
_NAMED = "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items())
_ANY_LABEL = "|".join(_LABELS.values())
#: A cell opens a line or follows a "|".
_CELL = regex.compile(
    rf"(?:^|[\n|])[ \t*_]*(?i:{_NAMED})[ \t*_]*:?[\s|*_:]*(?P<value>[^|\n*]+)")
#: The first two letters of every label ("số", "ký", "lo", "ng", "nơ", "cơ", "hì"),
#: lower-cased: a line or cell opening "Căn cứ", "Sở", "Kế hoạch" or "Nội dung" is no label.
_LABEL_LEADS = sorted({label.lstrip()[:2].lower() for source in _LABELS.values()
                       for label in source.split("|")})
#: Where a ``_CELL`` can begin, besides the text's start (``^``): a line break or a "|"
#: before a label's first two letters (stdlib ``re`` case-blind covers every letter
#: ``regex`` does: "ſ" for "s", the Kelvin sign for "k"; the test checks every code
#: point), the marks and spaces between aside: ~5 places a page instead of ~26. One
#: pattern for each of the two characters: ``re`` skips to a single character in C
#: faster than to either of two (0.034 -> 0.022 ms a page).
_LEAD_AFTER = r"(?=[ \t*_]*(?i:" + "|".join(map(re.escape, _LABEL_LEADS)) + "))"
_CELL_STARTS = (re.compile(r"\n" + _LEAD_AFTER), re.compile(r"\|" + _LEAD_AFTER))
#: A table flattened onto lines ("Số hiệu: 575/QĐ-UBND Loại văn bản: Quyết định"): a label
#: with its colon opens a cell mid-line, and a value ends where the next label starts
#: (ours, or the table's other ones: "Ngày hiệu lực:", "Tình trạng:"). Slower, so it runs
#: only where a line holds a value and then a label (``_FLAT_HINT``).
_OTHER_LABELS = r"Ngày\s+[\p{L} ]{3,20}?|Số\s+công\s+báo|Tình\s+trạng|Lĩnh\s+vực"
_FLAT_CELL = regex.compile(
    rf"(?:^|[\n|]|[ \t](?=(?i:{_ANY_LABEL})[ \t*_]*:))[ \t*_]*(?i:{_NAMED})[ \t*_]*:?[\s|*_:]*"
    rf"(?P<value>(?:(?![ \t]+(?i:{_ANY_LABEL}|{_OTHER_LABELS})[ \t*_]*:)[^|\n*])+)")
_FLAT_HINT = patterns("document")["table.flat_hint"]
_SPACES = regex.compile(r"\s+")
_VALUE = {
    "number": regex.compile(r"\d+[a-zA-Z]?(?:/(?:19|20)\d{2})?/[\p{Lu}\d][\p{L}\d&.-]*"),
    "issued_date": regex.compile(r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>(?:19|20)\d{2})"),
    "signer": regex.compile(r"\p{Lu}\p{Ll}+(?:[ ]\p{Lu}\p{Ll}*){1,4}"),
    "place": regex.compile(r"\p{Lu}[\p{L} .,-]{2,80}"),
}


@cache
def _kinds() -> dict[str, str]:
    """"BÁO CÁO" → "bao_cao"; the kinds a heading names, and "VĂN BẢN KHÁC" → "khac"."""
    data = load_data("document")
    pairs = {h: kind for kind, hs in data["kind_headings"].items() for h in hs}
    pairs.update({h: "khac" for h in data["other_headings"]})
    pairs["VĂN BẢN KHÁC"] = "khac"
    return pairs


def read_table(view: TextView) -> dict[str, Found]:
    """The fields of the metadata table near the top of ``view`` (first valid cell of
    each label wins); empty when there is no such table. Read once per text as
    ``Context.doc_table``."""
    out: dict[str, Found] = {}
    f = view.folded
    end = min(len(f), TABLE_CHARS)
    if _FLAT_HINT.may_match(view) and _flat(view, end):
        cells = _FLAT_CELL.finditer(f, 0, end)
    else:  # a cell opens the text, a line or follows a "|": only there is it tried
        starts = itertools.chain((0,), _cell_starts(f, end))
        cells = matches_from(_CELL, f, starts, 0, end)
    for m in cells:
        name = next(k for k in _LABELS if m.group(k))
        if name in out:
            continue
        found = _value(view, name, m.start("value"), m.end("value"))
        if found is not None:
            out[name] = found
    return out


def _cell_starts(f: str, end: int) -> Iterator[int]:
    """Where a cell can open in ``f[:end]``, ascending: each line break and each "|"
    before a label's first letters."""
    breaks, bars = (rx.finditer(f, 0, end) for rx in _CELL_STARTS)
    return heapq.merge(map(_START, breaks), map(_START, bars))


_START = re.Match.start

#: The first words of ``table.flat_hint``'s labels, lower-cased.
FLAT_LABEL_WORDS = ("người", "loại", "ngày")


def _flat(view: TextView, end: int) -> bool:
    """Whether ``table.flat_hint`` matches in ``[0, end)``: a value, spaces, then a label
    ("… 575/QĐ-UBND Loại văn bản:"). It is tried only where it can begin, one character
    before the spaces that lead to a label's first word, instead of at every character
    (0.23 ms on a page that has the labels' words)."""
    f, low = view.folded, view.folded_lower
    rx = _FLAT_HINT.regex
    if low is None:
        return rx.search(f, 0, end) is not None
    for word in find_all(low[:end], FLAT_LABEL_WORDS):  # str.find: faster than re's scan
        at = word
        while at > 0 and f[at - 1] in " \t":
            at -= 1
        if at < word and at > 0 and rx.match(f, at - 1, end):
            return True
    return False


def _value(view: TextView, name: str, start: int, end: int) -> Found | None:
    """The cell's value when it has the field's shape ("30/03/2020", not "Đã biết")."""
    a, b, quote = view.span(start, end)
    value = squash(view.folded[a:b])
    if name == "number":
        value = _SPACES.sub("", value)
    rule = f"table.{name}"
    if name == "kind":
        kind = _kinds().get(value.upper())
        return Found(kind, a, b, rule) if kind else None
    m = _VALUE[name].fullmatch(value)
    if m is None:
        return None
    if name == "issued_date":
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            return None
        return Found(f"{m.group('y')}-{mo:02d}-{d:02d}", a, b, rule)
    if name == "number":
        return Found(value, a, b, rule)
    return Found(squash(quote), a, b, rule)
