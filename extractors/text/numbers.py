"""Vietnamese numbers: one tested parser and one finder every numeric extractor shares.

Vietnamese official texts write "." for thousands and "," for decimals: "8.586" hồ sơ is
8586, "8,75" điểm is 8.75, "1.234,5" is 1234.5, "01" TTHC is 1, "90,35%" is 90.35 percent.
Some portals print English-style numbers ("8,586", "1,234.5"), so a single comma followed
by exactly three digits is ambiguous: "trừ 4,186 điểm" is 4.186 but "8,586 hồ sơ" in a
table of thousands is 8586. :class:`NumberContext` carries what decides it: whether the
caller expects a count (counts are whole numbers, so ",586" must be thousands) and the
document's own convention (:func:`detect_style`).

The finder never reads a number out of something that is not a quantity: dates
("17/7/2019", "08:17"), document numbers ("1009/QĐ-UBND", "30/2020/NĐ-CP"), phone numbers
("0208.3855.xxx", "0912 345 678"), page counters ("Trang 1/5"), criterion codes ("3.2.1").
A fraction "8,75/11" is two numbers only when the caller asks (``fractions=True``);
scores ask, counts do not ("02/05 Quyết định" is no count of anything).

>>> parse_vn_number("8.586"), parse_vn_number("8,75"), parse_vn_number("1.234,5")
(8586, 8.75, 1234.5)
>>> [(m.value, m.is_percent) for m in find_numbers("tiếp nhận 19.850 hồ sơ, đạt 99,9 %")]
[(19850, False), (99.9, True)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, NamedTuple

import regex

from extractors.text.prefilter import case_blind, find_all, matches_from, openers

Style = Literal["vi", "en"]

#: Spelled-out small counts ("một hồ sơ", "hai TTHC"); "tư"/"lăm"/"mốt" only inside compounds.
SPELLED: dict[str, int] = {
    "không": 0, "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}
_UNIT_ONLY = {"tư": 4, "lăm": 5, "mốt": 1}

#: Nouns after which a spelled-out word is a count ("hai thủ tục"), never "một cửa".
COUNT_NOUNS = (
    "bộ phận", "chỉ tiêu", "cơ quan", "dịch vụ", "đơn vị", "hồ sơ", "huyện", "lĩnh vực",
    "ngành", "nhiệm vụ", "phòng", "quy trình", "sở", "thủ tục", "TTHC", "tiêu chí",
    "trường hợp", "văn bản", "xã",
)


@dataclass(frozen=True)
class NumberContext:
    """What decides an ambiguous number: a count is whole ("8,586 hồ sơ" → 8586); a
    document whose other numbers are English-style ("1,234,567", "12.5%") reads "8,586"
    as 8586 and "8.586" as 8.586 unless a count is expected."""

    style: Style | None = None
    count: bool = False


COUNT = NumberContext(count=True)

#: A written number: digits, optionally grouped by "." or ",", optionally a percent.
NUMBER = regex.compile(
    r"(?<![\w.,:\-]|[\w][.,\-:])"  # not the tail of a code, time or range
    r"(?P<num>\d+(?:[.,]\d+)*)"
    r"(?P<pct>\s?%|\s+phần\s+trăm)?",
    regex.IGNORECASE,
)

#: The words a span of ``_NOT_NUMBERS`` may open with: a phone line's label, a page
#: counter, a standard's code. Every other span opens at a digit, "+" or "(".
_PHONE_LABELS = ("ĐT", "Điện thoại", "Fax", "Hotline", "SĐT", "Tel")
_PAGE_WORDS = ("Trang", "Page")
_STANDARDS = ("ISO", "TCVN")


def _words(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(w.replace(" ", r"\s+") for w in words) + ")"


# Things that contain digits but are not quantities; their spans are never numbers.
_NOT_NUMBERS = regex.compile(
    r"""
    (?<!\d)\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:19|20)?\d{2}(?!\d)   # 17/7/2019, 17.7.19
    | (?<![\d.,])\d+\s?/\s?(?:19|20)\d{2}(?![\d/])                   # tháng 01/2024, số 25/2018
    | (?<![\d.,])\d[\d.,]*\s?[\-–]\s?\d[\d.,]*(?:\s?%)?                  # ranges 5-10%, 2021-2025
    | (?<!\d)\d{1,2}\s?(?::|h|giờ\s)\s?\d{2}(?!\d)                    # 08:17, 9h30, 14 giờ 00
    | (?<![\w/])\d+(?:[/.\-]\d+)*\s?/\s?(?:\d{4}\s?/\s?)?[\p{Lu}Đ][\w\-/.Đđ]*  # 1009/QĐ-UBND
    | (?:\+84|\(\s?0\d{1,3}\s?\)|(?<![\d.,])0\d{1,3})(?:[\s.\-]?(?:\d{2,4}|x{2,4})){2,4}(?![\d])
    | PHONE_LABELS\s?:?[\s\d.()+\-x]{6,}                                # phone lines
    | \bPAGE_WORDS\s+\d+(?:\s?(?:/|trên|of)\s?\d+)?                     # page counters
    | (?<![\d.,])\d+\.\d+(?:\.\d+)+(?![\d])                               # codes 3.2.1
    | \bSTANDARDS[\s\d:.\-A-Z]*\d
    """.replace("PHONE_LABELS", _words(_PHONE_LABELS)).replace(
        "PAGE_WORDS", _words(_PAGE_WORDS)).replace("STANDARDS", _words(_STANDARDS)),
    regex.VERBOSE | regex.IGNORECASE,
)
#: Where a span of ``_NOT_NUMBERS`` can open (``_may_open``): the first digit of a run
#: (each digit alternative refuses a digit before it), "+", "(", and the first word of
#: each opening word, lower-cased.
_DIGIT_RUN = regex.compile(r"\d+")
_OPENERS = ("+", "(", *dict.fromkeys(w.split()[0].lower() for w in (*_PHONE_LABELS, *_PAGE_WORDS,
                                                                      *_STANDARDS)))

_SPELLED_RE = regex.compile(
    r"(?<!\w)(?P<num>(?:" + "|".join(sorted(SPELLED, key=len, reverse=True)) + r")"
    r"(?:\s+(?:mươi|mười))?(?:\s+(?:một|mốt|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín))?)"
    r"(?=\s+(?:" + "|".join(sorted(COUNT_NOUNS, key=len, reverse=True)) + r")(?!\w))",
    regex.IGNORECASE,
)

#: The words a spelled-out count begins with ("một", "hai" …): where it is tried.
_SPELLED_OPENERS = openers(_SPELLED_RE.pattern, _SPELLED_RE.flags)


class NumberMatch(NamedTuple):
    """One number found in a text: where it is, its value and whether it is a percent."""

    start: int
    end: int
    value: int | float
    is_percent: bool

#: The shapes ``parse_vn_number`` tells apart, compiled once (it runs for every figure).
_DIGITS = regex.compile(r"\d+(?:[.,]\d+)*")
_SEPARATOR = regex.compile(r"[.,]")
_ZERO_DECIMAL = regex.compile(r"0\d?[,.]\d+")
_VN_THOUSANDS = regex.compile(r"\d{1,3}(?:\.\d{3})+")
_VN_DECIMAL = regex.compile(r"\d{1,3}(?:\.\d{3})*,\d+")
_ONE_COMMA_GROUP = regex.compile(r"\d{1,3},\d{3}")
_EN_THOUSANDS = regex.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_POINT_DECIMAL = regex.compile(r"\d+\.\d+")
_COMMA_DECIMAL = regex.compile(r"\d+,\d+")


def parse_vn_number(s: str, *, context: NumberContext | None = None) -> int | float | None:
    """The value of a written number, or ``None`` when it is not one.

    >>> parse_vn_number("19.850"), parse_vn_number("01"), parse_vn_number("90,35%")
    (19850, 1, 90.35)
    >>> parse_vn_number("8,586"), parse_vn_number("8,586", context=COUNT)
    (8.586, 8586)
    >>> parse_vn_number("hai"), parse_vn_number("mười lăm"), parse_vn_number("3.2.1")
    (2, 15, None)
    """
    ctx = context or NumberContext()
    t = s.strip().lower().removesuffix("phần trăm").strip().removesuffix("%").strip()
    if not t:
        return None
    if not t[0].isdigit():
        return _parse_spelled(t)
    if not _DIGITS.fullmatch(t):
        return None
    return _parse_digits(t, ctx)


def _parse_digits(t: str, ctx: NumberContext) -> int | float | None:
    """Digits with separators, by the Vietnamese convention unless the context says not."""
    if t.isdigit():
        return None if len(t) > 4 and t.startswith("0") else int(t)
    int_part = _SEPARATOR.split(t, maxsplit=1)[0]
    if len(int_part) > 1 and int_part.startswith("0") and not _ZERO_DECIMAL.fullmatch(t):
        return None  # 0208.3855: a phone, not a number
    if _VN_THOUSANDS.fullmatch(t):  # 8.586, 1.234.567
        if t.count(".") == 1 and ctx.style == "en" and not ctx.count:
            return float(t)
        return int(t.replace(".", ""))
    if _VN_DECIMAL.fullmatch(t):  # 8,75, 1.234,5, ambiguous 8,586
        if "." not in t and _ONE_COMMA_GROUP.fullmatch(t) and (
            ctx.count or ctx.style == "en"
        ):
            return int(t.replace(",", ""))
        return _number(t.replace(".", "").replace(",", "."))
    if _EN_THOUSANDS.fullmatch(t):  # 1,234,567 or 1,234.5
        return _number(t.replace(",", ""))
    if _POINT_DECIMAL.fullmatch(t):  # 99.8 (English-style decimal), 1234.5
        return _number(t)
    if _COMMA_DECIMAL.fullmatch(t):  # 1234,5
        return _number(t.replace(",", "."))
    return None


def _number(t: str) -> int | float:
    value = float(t)
    return value if "." in t else int(value)


def _parse_spelled(t: str) -> int | None:
    """"một" → 1, "mười lăm" → 15, "hai mươi mốt" → 21; anything else → None."""
    words = t.split()
    if not words or words[0] not in SPELLED:
        return None
    first = SPELLED[words[0]]
    if len(words) == 1:
        return first
    if words[0] == "mười" and len(words) == 2:
        unit = SPELLED.get(words[1], _UNIT_ONLY.get(words[1]))
        return None if unit in (None, 0, 10) else 10 + unit
    if words[1] == "mươi" and 2 <= first <= 9:
        if len(words) == 2:
            return first * 10
        unit = SPELLED.get(words[2], _UNIT_ONLY.get(words[2]))
        if len(words) == 3 and unit not in (None, 0, 10):
            return first * 10 + unit
    return None


_EN_EVIDENCE = regex.compile(
    r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,])|(?<![\d.,])\d{1,3},\d{3}\.\d+(?![\d.,])"
    r"|(?<![\d.,/])\d{1,3}\.\d{1,2}\s?%"
)
_VI_EVIDENCE = regex.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.])|(?<![\d.,])\d{1,3}\.\d{3},\d+(?![\d.,])"
    r"|(?<![\d.,/])\d+,\d{1,2}(?![\d.,])"
)


def detect_style(text: str) -> Style | None:
    """The number convention a text uses, from its unambiguous numbers.

    "1,234,567", "1,234.5" and "99.8%" are English-style; "1.234.567", "1.234,5" and
    "8,75" are Vietnamese. ``None`` when the text gives no evidence either way.

    >>> detect_style("tiếp nhận 12,345 hồ sơ, đúng hạn 12,001 (97.2%)")
    'en'
    >>> detect_style("đạt 8,75/11 điểm"), detect_style("có 122 TTHC")
    ('vi', None)
    """
    en = len(_EN_EVIDENCE.findall(text))
    vi = len(_VI_EVIDENCE.findall(text))
    if en > vi:
        return "en"
    if vi > en:
        return "vi"
    return None


def excluded_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of dates, times, document numbers, phones, page counters and codes: what
    ``_NOT_NUMBERS.finditer`` yields, trying the pattern only where a span can open
    (``regex`` tries its ten alternatives at every character: ~1.7 ms a 10k page; the
    ~150 openings of a page take ~0.3 ms)."""
    end = len(text) if end is None else end
    spans = _Excluded(text, start, end)
    spans.read(end)
    return spans.found


#: Characters no span of ``_NOT_NUMBERS`` holds: none is a word character, white space
#: or a mark one of its alternatives reads ("/", ".", "-", "–", ",", "%", ":", "+", "(",
#: ")"), and none opens a span. So no span runs across one, and the left-to-right scan for
#: spans after one finds what it finds wherever the scan began (the test inserts each
#: into every span of its examples).
NO_SPAN = (";", "|", '"', "!", "?")
#: A lower-case letter with a Vietnamese mark ("ế", "ơ", "đ") and the white space after
#: it: no span holds the two together. A document number's letters end at a space; a
#: label's words end in a plain letter ("thoại", "trên"); a standard's "[A-Z]" takes no
#: marked letter, case aside; only a time's "giờ" ("14 giờ 00") has one before a space,
#: so "ờ" is left out. So no span runs across that space, and a percentage's spans may be
#: read from the last such pair before it, as from a ``NO_SPAN`` mark: a few words back,
#: not back to the page's last ";" (the test tries the pattern at every place of every
#: corpus text).
_MARKED = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_MARKED_END = regex.compile(rf"(?r)[{_MARKED}]\s")
#: The longest word a span may open with ("hotline"), less one: a word that begins
#: before the end of a stretch read may run past it.
_OPENER_TAIL = max(map(len, _OPENERS)) - 1


class _Excluded:
    """The spans of ``_NOT_NUMBERS`` in ``text[start:end]``, read left to right only as
    far as asked: ``excluded_spans`` of the same range, found piecemeal.

    ``read(hi)`` tries the openings before ``hi`` (``_may_open`` of the stretch not yet
    read) exactly as one pass over the range does, carrying where the last span ended.
    ``skip_to(a)`` passes over the stretch before the last ``NO_SPAN`` character ahead of
    ``a``: no span runs across that character, so none found before it reaches ``a``, and
    the spans after it are the same whether or not the stretch was read; so does the
    space after a marked letter (``_MARKED_END``). A page's few percentages ("tỷ lệ
    99,4%") so ask only the few words before them, not the ~170 openings of the page
    (rates: ~0.36 ms on a page with a percent), nor all a long report's between two."""

    __slots__ = ("blind", "end", "found", "nxt", "text", "upto")

    def __init__(self, text: str, start: int, end: int, blind: str | None = None) -> None:
        self.text, self.end, self.blind = text, end, blind
        self.upto = start  # openings before this have been tried
        self.nxt = start  # where the last span found ended: no span opens before it
        self.found: list[tuple[int, int]] = []

    def skip_to(self, a: int) -> None:
        """Leave unread what lies before the last ``NO_SPAN`` character before ``a``, or
        the space of the last marked letter and white space (``_MARKED_END``) if later."""
        if a <= self.upto:
            return
        pair = _MARKED_END.search(self.text, self.upto, a)
        lo = self.upto if pair is None else pair.end() - 1
        cut = max(lo, max(self.text.rfind(ch, lo, a) for ch in NO_SPAN) + 1)
        if cut > self.upto:
            self.upto = cut
            self.found = []  # each ended before the cut, so before ``a`` and what follows

    def read(self, hi: int) -> None:
        """Find every span opening before ``hi`` (``hi`` never inside a digit run)."""
        hi = min(hi, self.end)
        if hi <= self.upto:
            return
        text, nxt = self.text, self.nxt
        for at in _may_open(text, self.upto, hi, min(self.end, hi + _OPENER_TAIL),
                            self.blind):
            if at < nxt:
                continue
            m = _NOT_NUMBERS.match(text, at, self.end)
            if m is not None:
                self.found.append(m.span())
                nxt = m.end() if m.end() > at else at + 1
        self.nxt, self.upto = nxt, hi

    def covers(self, a: int, b: int) -> bool:
        """Whether a span found so far overlaps ``[a, b)``."""
        return any(x < b and a < y for x, y in self.found)


def _may_open(text: str, start: int, end: int, words_end: int | None = None,
              blind: str | None = None) -> list[int]:
    """Where in ``text[start:end]`` a span of ``_NOT_NUMBERS`` can begin, ascending; a
    word that begins there is looked for up to ``words_end`` (it may end past ``end``)."""
    found = [m.start() for m in _DIGIT_RUN.finditer(text, start, end)]
    if words_end is None or words_end <= end:
        found += find_all(_blind(text, start, end, blind), _OPENERS, start)
    else:
        found += [at for at in find_all(_blind(text, start, words_end, blind), _OPENERS, start)
                  if at < end]
    found.sort()
    return found


def find_numbers(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    context: NumberContext | None = None,
    fractions: bool = False,
    words: bool = False,
    percents: bool = False,
    blind: str | None = None,
) -> Iterator[NumberMatch]:
    """Every number in ``text[start:end]``, in order, with its span in ``text``.

    A fraction "a/b" yields both parts only with ``fractions=True``; spelled-out counts
    ("hai thủ tục") only with ``words=True`` and only before a count noun; with
    ``percents=True`` only percentages ("98,5%"), the rest skipped unread. ``blind`` is
    ``prefilter.case_blind(text)`` where the caller has it (a page's, made once:
    ``prefilter.page_case_blind``), so no stretch of it is lower-cased again.

    >>> [m.value for m in find_numbers("Ngày 17/7/2019, QĐ 1009/QĐ-UBND: 122 TTHC")]
    [122]
    >>> [m.value for m in find_numbers("đạt 8,75/11 điểm", fractions=True)]
    [8.75, 11]
    """
    end = len(text) if end is None else end
    # Read at the first figure that passes the cheap tests (most sentences have none): all
    # at once for a stretch of figures, only before each percentage for the few of a page
    # (``_Excluded``). Every test only drops a figure, so their order changes none.
    blocked = _Excluded(text, start, end, blind)
    found: list[NumberMatch] = []
    numbers = (matches_from(NUMBER, text, _percent_starts(text, start, end, blind), start, end)
               if percents else NUMBER.finditer(text, start, end))
    for m in numbers:
        if percents and not m.group("pct"):
            continue
        a, b = m.span("num")
        if not fractions and _in_fraction(text, a, b):
            continue  # "17/7/2019", "1009/QĐ-UBND": no spans read for these
        if _glued(text, a, b):
            continue
        value = parse_vn_number(m.group("num"), context=context)
        if value is None:
            continue
        if percents:
            blocked.skip_to(a)
            blocked.read(b)  # a number ends before a non-digit
        else:
            blocked.read(end)
        if blocked.covers(a, b):
            continue
        found.append(NumberMatch(a, m.end() if m.group("pct") else b, value, bool(m.group("pct"))))
    if words:
        for m in _spelled(text, start, end, blind):
            value = parse_vn_number(m.group("num"))
            if value is not None and value > 0:
                found.append(NumberMatch(m.start("num"), m.end("num"), value, False))
        found.sort()
    yield from found


#: The figure and white space a percent sign follows, read right to left.
_BEFORE_PERCENT = regex.compile(r"(?r)[\d.,]+\s*")
_PERCENT_SIGNS = ("%", "phần")  # "99,8%", "50 phần trăm": NUMBER's ``pct``


def _percent_starts(text: str, start: int, end: int, blind: str | None = None) -> list[int]:
    """Where in ``text[start:end]`` a percentage can begin: in the run of digits, dots
    and commas before a "%" or "phần trăm". A number opens its run (NUMBER refuses a
    digit, "." or "," before it), so a number without a percent never covers one with
    it, and ``percents=True`` need not try the ~130 others of a page."""
    found: set[int] = set()
    for at in find_all(_blind(text, start, end, blind), _PERCENT_SIGNS, start):
        run = _BEFORE_PERCENT.match(text, start, at)
        if run is not None:
            found.update(range(*run.span()))
    return sorted(found)


def _spelled(text: str, start: int, end: int,
             blind: str | None = None) -> Iterator[regex.Match[str]]:
    """``_SPELLED_RE.finditer`` over ``text[start:end]``, tried only at its words."""
    if _SPELLED_OPENERS is None:
        return _SPELLED_RE.finditer(text, start, end)
    starts = find_all(_blind(text, start, end, blind), _SPELLED_OPENERS, start)
    return matches_from(_SPELLED_RE, text, starts, start, end)


def _blind(text: str, start: int, end: int, blind: str | None) -> str:
    """``case_blind(text[start:end])``, a slice of ``blind`` (all of ``text`` case-blind)
    when given: the same characters (``case_blind`` maps each alone; only a Greek final
    sigma reads its neighbours, and no word looked for holds one), without lower-casing
    each sentence of a page again."""
    return case_blind(text[start:end]) if blind is None else blind[start:end]


def _in_fraction(text: str, a: int, b: int) -> bool:
    """"8,75/11": a number next to a slash is half of a fraction (or a date part)."""
    after = text[b:b + 3].lstrip(" ")
    before = text[max(0, a - 3):a].rstrip(" ")
    return after.startswith("/") or before.endswith("/")


def _glued(text: str, a: int, b: int) -> bool:
    """A number glued to letters or to a code tail: "H2", "3G", "0208.3855.xxx"."""
    nxt = text[b:b + 2]
    if nxt[:1].isalpha() and nxt[:1] not in "%":
        return True
    return len(nxt) == 2 and nxt[0] in ".," and nxt[1].isalnum()
