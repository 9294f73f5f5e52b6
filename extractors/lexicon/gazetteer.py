"""Gazetteer of Vietnamese provinces (and, later, state bodies): names as data, found in text.

A document "belongs" to a province, but the province is written many ways ("UBND TỈNH
ĐẮK LẮK", "Đăk Lăk, ngày 17 tháng 7 năm 2019", "sct.dongthap.gov.vn", "TP.HCM") and the
map itself changed: 63 provinces and centrally-run cities until 30 June 2025, 34 after
Nghị quyết 202/2025/QH15. The facts live in ``extractors/lexicon/data/provinces.yaml``; this module
loads them and answers three questions:

- :func:`find_provinces` — where is a province named in this text?
- :func:`province_by_slug` — which province does this host (``daklak.gov.vn``) serve?
- :func:`standard_name` — how was the province called on the day a document was issued?

>>> [p.name for _, _, p in find_provinces("UBND TỈNH ĐẮK LẮK")]
['Đắk Lắk']
>>> standard_name("Tiền Giang", "2025-09-01")
'Đồng Tháp'
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from urllib.parse import urlsplit

import regex

from extractors.lexicon.names import name_key
from extractors.text.patterns import load_data
from extractors.text.trie import trie_alternation
from extractors.text.view import TextView, fold

#: The day the 34 provinces of Nghị quyết 202/2025/QH15 took over.
MERGER_DAY = date(2025, 7, 1)
BEFORE, AFTER = "before_2025", "after_2025"


@dataclass(frozen=True)
class Province:
    """One province or centrally-run city in one period (the 2019 Đồng Tháp is not the
    2025 one: the latter absorbed Tiền Giang)."""

    name: str
    kind: str  # "tỉnh" or "thành phố"
    generation: str  # BEFORE or AFTER
    valid_from: date | None = None
    valid_to: date | None = None
    slugs: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    absorbed: tuple[str, ...] = field(default=(), compare=False)

    @property
    def full_name(self) -> str:
        """ "tỉnh Đắk Lắk", "thành phố Hồ Chí Minh"."""
        return f"{self.kind} {self.name}"

    def valid_on(self, day: date) -> bool:
        """Whether the unit existed in this form on ``day``."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class Mention:
    """A province named in a text, with the word before it that says how sure we are:
    ``prefix`` is "tỉnh", "thành phố", "ubnd" … or "" for a bare name."""

    start: int
    end: int
    province: Province
    prefix: str


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


@cache
def provinces(generation: str | None = None) -> tuple[Province, ...]:
    """All provinces of one generation (``BEFORE``: 63, ``AFTER``: 34), or both."""
    data = load_data("provinces")
    old_by_name = {item["name"]: item for item in data[BEFORE]}
    out: list[Province] = []
    for gen in (BEFORE, AFTER):
        if generation not in (None, gen):
            continue
        for item in data[gen]:
            same = old_by_name.get(item["name"], {}) if gen == AFTER else {}
            out.append(Province(
                name=item["name"],
                kind=item["kind"],
                generation=gen,
                valid_from=_day(item.get("valid_from")),
                valid_to=_day(item.get("valid_to")),
                slugs=tuple(item.get("slugs") or same.get("slugs") or ()),
                variants=tuple(item.get("variants") or same.get("variants") or ()),
                absorbed=tuple(item.get("absorbed") or ()),
            ))
    return tuple(out)


def _as_date(on_date: date | str | None) -> date | None:
    """``"2024-01"`` → 2024-01-01; None stays None (meaning: before the merger)."""
    if on_date is None or isinstance(on_date, date):
        return on_date
    parts = [*str(on_date).split("-"), "01", "01"]
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def successor(old: Province) -> Province:
    """The 2025 unit that took ``old`` in (Tiền Giang → Đồng Tháp)."""
    if old.generation == AFTER:
        return old
    for new in provinces(AFTER):
        if old.name in new.absorbed:
            return new
    raise LookupError(f"no 2025 successor for {old.name}")  # the data test forbids this


def province_on(province: Province, on_date: date | str | None) -> Province:
    """The unit in force on ``on_date`` that covers ``province``'s place.

    Before the merger a 2025 unit is read as the old unit of the same name (or the one
    it absorbed alone: Huế → Thừa Thiên Huế); after it, an old unit as its successor.
    """
    day = _as_date(on_date)
    after = day is not None and day >= MERGER_DAY
    if province.generation == BEFORE:
        if after or (day is not None and not province.valid_on(day)
                     and province.name == "Thừa Thiên Huế"):
            return successor(province)
        return province
    if after or (day is not None and province.valid_from and day >= province.valid_from):
        return province
    olds = {p.name: p for p in provinces(BEFORE)}
    if province.name in olds:
        return olds[province.name]
    if len(province.absorbed) == 1:
        return olds[province.absorbed[0]]
    return province


def standard_name(name: str, on_date: date | str | None = None) -> str | None:
    """The standard spelling of the province called ``name`` as it was on ``on_date``.

    >>> standard_name("Đăk Lăk", "2019-07-17")
    'Đắk Lắk'
    >>> standard_name("Thừa Thiên - Huế", "2025-03-01")
    'Huế'
    """
    province = _by_key().get(name_key(name))
    return province_on(province, on_date).name if province else None


def province_by_slug(host: str, on_date: date | str | None = None) -> Province | None:
    """The province whose slug is a label of ``host`` ("sct.dongthap.gov.vn", a full URL,
    or a provincial newspaper such as "baothainguyen.vn")."""
    netloc = urlsplit(host if "//" in host else "//" + host).hostname or ""
    slugs = _slugs()
    for label in netloc.lower().split("."):
        found = slugs.get(label)
        if found is None and label.startswith("bao"):
            found = slugs.get(label[3:])
        if found is not None:
            return province_on(found, on_date)
    return None


def find_provinces(
    view_or_text: TextView | str, on_date: date | str | None = None
) -> list[tuple[int, int, Province]]:
    """Every place a province is named, as ``(start, end, Province)`` in text order.

    "xã Thái Bình", "huyện Long An"-style communes and districts, "Thái Bình Dương" (the
    Pacific) and the lower-case word "hòa bình" (peace) are not provinces.
    """
    return [(m.start, m.end, m.province) for m in province_mentions(view_or_text, on_date)]


def province_mentions(
    view_or_text: TextView | str, on_date: date | str | None = None
) -> list[Mention]:
    """Like :func:`find_provinces`, keeping the prefix word that qualifies each mention."""
    return _mentions(view_or_text, on_date, strong_only=False)


def strong_mentions(view_or_text: TextView | str) -> list[Mention]:
    """The mentions of :func:`province_mentions` after a strong word ("tỉnh Lạng Sơn",
    "UBND TỈNH ĐẮK LẮK", "TP. Hồ Chí Minh"): each stands right after the last word of
    one and its spaces or dots, so only those places are read, not the page's capitals
    too (the document's province is the most frequent of these when a page has any)."""
    return _mentions(view_or_text, None, strong_only=True)


def _mentions(view_or_text: TextView | str, on_date: date | str | None,
              strong_only: bool) -> list[Mention]:
    strong: list[int] | None = None
    if isinstance(view_or_text, TextView):
        folded, lower = view_or_text.folded, view_or_text.folded_lower  # once per page
        strong = view_or_text.__dict__.get("_after_strong")
    else:
        folded = fold(view_or_text)
        lower = folded.lower()
    if lower is None or len(lower) != len(folded):  # a letter whose lower case is longer
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)  # (rare)
    kept = _Kept(folded, lower, strong)
    if isinstance(view_or_text, TextView):  # the strong words' places, once per page
        view_or_text.__dict__["_after_strong"] = kept.after_strong()
    return _mentions_of(folded, kept.matches(strong_only), on_date, strong_only)


def _mentions_of(folded: str, matches: list[regex.Match[str]], on_date: date | str | None,
                 strong_only: bool) -> list[Mention]:
    """The kept matches that are mentions: a strong or no prefix word, a bare name only
    where it may stand alone (``_bare_ok``)."""
    by_key = _by_key()
    out: list[Mention] = []
    for m in matches:
        prefix = _prefix(folded, m.start())
        if prefix is None or (not prefix and (strong_only
                                              or not _bare_ok(folded, m.start(), m.end()))):
            continue
        province = province_on(by_key[name_key(m.group(0))], on_date)
        out.append(Mention(m.start(), m.end(), province, prefix))
    return out


def mentions_between(view: TextView, lo: int, hi: int) -> list[Mention]:
    """The mentions of :func:`province_mentions` of the page that start in ``[lo, hi]``,
    read from that stretch only: a figure's sentence asks for the provinces named in it,
    and the whole page's (~5 ms on a 79k-character report, its every capital looked up)
    is more than one sentence needs. Each place is tried as :func:`province_mentions`
    tries it (:meth:`_Kept.matches_in`), so the answer is theirs in that stretch; the
    places tried and found are kept on the page for the next stretch."""
    whole = view.__dict__.get("province_mentions")  # ``Context.province_mentions``, read
    if whole is not None:
        return whole[bisect.bisect_left(whole, lo, key=_start_of):
                     bisect.bisect_right(whole, hi, key=_start_of)]
    return _mentions_of(view.folded, _page_kept(view).matches_in(lo, hi), None, False)


def _start_of(m: Mention) -> int:
    return m.start


def runs_back(view: TextView, q: int) -> int:
    """Where the last :func:`_runs_max` runs of letters and digits before ``q`` begin (0
    when fewer): a mention that covers ``q`` starts there or after, as no spelling holds
    more runs (what :meth:`_Kept.hidden` relies on too)."""
    found = _page_kept(view)._runs_before(q, _runs_max())
    return found[-1] if len(found) == _runs_max() else 0


def _page_kept(view: TextView) -> _Kept:
    """The page's :class:`_Kept`, made once: the places it has tried stay tried."""
    kept = view.__dict__.get("_province_kept")
    if kept is None:
        folded, lower = view.folded, view.folded_lower
        if lower is None or len(lower) != len(folded):  # as _mentions reads it
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
        kept = view.__dict__["_province_kept"] = _Kept(folded, lower,
                                                       view.__dict__.get("_after_strong"))
        view.__dict__["_after_strong"] = kept.after_strong()
    return kept


# Both end at the mention ("$"): searched right to left (REVERSE), one attempt at the end
# instead of one per character of the 24 before it; the same prefix words are found
# (checked on every mention and 15,000 other windows of 300 bulk pages).
_STRONG = regex.compile(
    r"(?:\b(tỉnh|thành\s+phố|tp\s*\.?|t\.p\s*\.?|ubnd|ủy\s+ban\s+nhân\s+dân)\s*)$",
    regex.I | regex.REVERSE,
)
_WEAK = regex.compile(
    r"\b(?:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã|thôn|ấp|bản|khu\s+phố|tổ\s+dân\s+phố"
    r"|đường|phố|sông|hồ|cầu|chợ|làng|xóm|núi|đại\s+học|trường|bệnh\s+viện|khách\s+sạn)"
    r"\s+$",
    regex.I | regex.REVERSE,
)


_DOTS_SPACES = regex.compile(r"[\s.]+")


def _prefix(folded: str, start: int) -> str | None:
    """The qualifying word before a mention: "tỉnh" …, "" for none, None for a commune,
    district, street or school of the same name ("xã Long An", "Đại học Huế")."""
    before = folded[max(0, start - 24):start]
    strong = _STRONG.search(before)
    if strong:
        return _DOTS_SPACES.sub(" ", strong.group(1).lower()).strip()
    return None if _WEAK.search(before) else ""


def _bare_ok(folded: str, start: int, end: int) -> bool:
    """A bare name must be capitalised (its words: the dash of "Bà Rịa - Vũng Tàu" is
    none) and not part of a longer proper name ("Thái Bình Dương", "Hà Nam Ninh").

    >>> [m.province.name for m in province_mentions("Xếp thứ 2/63 là Bà Rịa - Vũng Tàu")]
    ['Bà Rịa - Vũng Tàu']
    """
    surface = folded[start:end]
    if not all(w[:1].isupper() for w in surface.split() if w[:1].isalpha()):
        return False
    after = folded[end:end + 3]
    if surface.isupper():
        return True
    return not _TITLE_WORD_AFTER.match(after)


_TITLE_WORD_AFTER = regex.compile(r"[ ]\p{Lu}\p{Ll}")


@cache
def _by_key() -> dict[str, Province]:
    """Every spelling's :func:`name_key` → its province ("TT - Huế" = "TT-Huế"; an old unit
    wins over the new one of the same name: documents before 2025 are the many;
    :func:`province_on` moves them forward)."""
    return {name_key(spelling): p for p in provinces(AFTER) + provinces(BEFORE)
            for spelling in (p.name, *p.variants)}


@cache
def _spellings() -> tuple[str, ...]:
    """Every spelling as the scanner reads it (folded, lower case), once each: the scan
    matches the written form ("TP.HCM"), the key then says which province it is."""
    found = {fold(s).lower() for p in provinces() for s in (p.name, *p.variants)}
    return tuple(sorted(found))


@cache
def _slugs() -> dict[str, Province]:
    table: dict[str, Province] = {}
    for p in provinces(AFTER) + provinces(BEFORE):
        for slug in p.slugs:
            table[slug] = p
    return table


def _spelling_regex(spelling: str) -> str:
    parts = regex.split(r"(\s*-\s*|\.\s*|\s+)", fold(spelling))
    out = []
    for part in parts:
        if not part.strip() and part:
            out.append(r"\s+")
        elif part.strip() == "-":
            out.append(r"\s*-\s*")
        elif part.strip() == ".":
            out.append(r"\.\s*")
        else:
            out.append(regex.escape(part))
    return "".join(out)


_WORD = regex.compile(r"[\p{L}\p{N}]+")


@cache
def _by_first_word() -> dict[str, regex.Pattern[str]]:
    """First word of each spelling → one pattern of its spellings, longest first (an
    alternation tries them in that order, as one match call each would: "đồng" →
    "đồng tháp|đồng nai"): a scan of the words of a text with a dict beats one
    alternation of ~120 names."""
    table: dict[str, list[str]] = {}
    for spelling in _spellings():
        first = _WORD.match(spelling)
        if first is None:
            continue
        table.setdefault(first.group(0), []).append(spelling)
    return {w: regex.compile(
        "(?:" + "|".join(_spelling_regex(s) for s in sorted(v, key=len, reverse=True))
        + r")(?![\p{L}\p{N}])") for w, v in table.items()}


@cache
def _first_words() -> re.Pattern[str]:
    r"""The first words of every spelling as one prefix tree, each ending a whole
    alphanumeric run: ``re``'s ``[^\W_]`` is exactly ``str.isalnum``. No look-behind at
    its start: ``re`` then skips to the letters a first word can open with, ~30% faster;
    :func:`_scan` drops the finds that do not open their run ("an" of "gian")."""
    return re.compile(trie_alternation(list(_by_first_word())) + r"(?![^\W_])")


#: The words that may stand right before a province kept whatever its case (``_STRONG``),
#: whole and lower-cased: "tỉnh", "thành phố", "TP.", "T.P", "UBND", "Ủy ban nhân dân".
#: Whole, not by their last words: "phố" and "dân" stand after "đường", "khu" and
#: "người" too, ~9 places a page where no strong word ends (each then read for a name),
#: and "ủy" opens few words, so its scan skips through a page faster than one for "dân".
_STRONG_WORDS = ("tỉnh", "thành phố", "tp", "t.p", "ubnd", "ủy ban nhân dân")
#: Them with the spaces and dots after them (``re``'s ``\s`` takes every character
#: ``regex``'s does, and the space between two words any white space, as ``_STRONG``
#: does), one pattern for the words of each first letter ("t": "tỉnh", "thành phố",
#: "tp", "t.p"): ``re`` skips to that letter in C and reads the places after them there
#: (three scans of a page). No two of the words open at one place.
_STRONG_AFTER = tuple(
    re.compile("(?:" + trie_alternation([w for w in _STRONG_WORDS if w[0] == first])
               + r")[\s.]+")
    for first in dict.fromkeys(w[0] for w in _STRONG_WORDS))
_END = re.Match.end


def _scan_kept(folded: str, lower: str, strong_only: bool = False) -> list[regex.Match[str]]:
    """The matches of :func:`_scan` that :func:`province_mentions` can keep, found without
    scanning every letter of the page: those whose first letter is a capital (a bare name
    is kept only capitalised, ``_bare_ok``) or that stand after a word of ``_STRONG``
    ("tỉnh đồng nai"); a lower-case name after any other word is never kept. The
    prefix-tree scan of ``_scan`` tries ~half the characters of a page (~0.18 ms); the
    capitals' first words and the strong words' four scans cost ~0.06. ``strong_only``: the
    matches after a strong word only (:func:`strong_mentions`).

    A match is one of ``_scan``'s only where no earlier match of it covers its start
    ("Hà Nam Định": "Hà Nam", not "Nam Định"); a cover starts at most a few words before
    and is itself a match of ``_scan`` by the same test (:class:`_Kept`). The test suite
    checks that the matches are those of ``_scan`` it keeps, on every corpus text."""
    return _Kept(folded, lower).matches(strong_only)


class _Kept:
    """The matches of ``_scan`` at the places a mention can be kept (``_scan_kept``)."""

    def __init__(self, folded: str, lower: str, after_strong: list[int] | None = None) -> None:
        self.folded, self.lower = folded, lower
        self._after_strong = after_strong
        self._at: dict[int, regex.Match[str] | None] = {}
        self._hidden: dict[int, bool] = {}

    def matches(self, strong_only: bool = False) -> list[regex.Match[str]]:
        """The kept matches, in text order (``strong_only``: those after a strong word
        only, a subset: every match after a strong word stands at a place after one)."""
        out: list[regex.Match[str]] = []
        for q in (self.after_strong() if strong_only else self._candidates()):
            m = self.match_at(q)
            if m is not None and not self.hidden(q):
                out.append(m)
        return out

    def matches_in(self, lo: int, hi: int) -> list[regex.Match[str]]:
        """The matches of :meth:`matches` that start in ``[lo, hi]``. A capital's first
        word ends where its run does (``(?![^\\W_])``), so none crosses the start of the
        run holding ``lo``: ``finditer`` from there finds what it finds from the page's
        start."""
        folded = self.folded
        x = lo
        while x > 0 and folded[x - 1].isalnum():
            x -= 1
        found: set[int] = set()
        for m in _capital_first_words().finditer(folded, x):
            if m.start() > hi:
                break
            if m.start() >= lo:
                found.add(m.start())
        strong = self.after_strong()
        found.update(strong[bisect.bisect_left(strong, lo):bisect.bisect_right(strong, hi)])
        out: list[regex.Match[str]] = []
        for q in sorted(found):
            m = self.match_at(q)
            if m is not None and not self.hidden(q):
                out.append(m)
        return out

    def _candidates(self) -> list[int]:
        """Where a kept match can start: a capital opening a first word, or the first
        letter after a strong word and its spaces or dots (a superset: each is checked)."""
        found = {m.start() for m in _capital_first_words().finditer(self.folded)}
        found.update(self.after_strong())
        return sorted(found)

    def after_strong(self) -> list[int]:
        """The first place after each strong word and the spaces or dots after it
        (:data:`_STRONG_AFTER`), ascending. A strong word with none after it is left
        out: the place after it is inside a run of letters, where no match opens."""
        if self._after_strong is None:
            found: set[int] = set()
            for rx in _STRONG_AFTER:
                found.update(map(_END, rx.finditer(self.lower)))
            self._after_strong = sorted(found)
        return self._after_strong

    def match_at(self, q: int) -> regex.Match[str] | None:
        """The spelling ``_scan`` reads at ``q`` if ``q`` opens a run of letters and
        digits that is a first word, else None (whether or not an earlier match covers
        ``q``). A first word is a whole run (``_first_words``), so the run is looked up."""
        if q in self._at:
            return self._at[q]
        lower, m = self.lower, None
        if not (q and lower[q - 1].isalnum()) and (run := _RUN.match(lower, q)):
            rx = _by_first_word().get(run.group())
            m = rx.match(lower, q) if rx is not None else None
        self._at[q] = m
        return m

    def hidden(self, q: int) -> bool:
        """Whether a match of ``_scan`` that starts before ``q`` (itself a match here)
        covers it. Only a run that is a later word of some spelling can be covered
        ("nam" of "hà nam"), by a match starting at most ``_runs_max() - 1`` runs
        before it."""
        if q in self._hidden:
            return self._hidden[q]
        out = False
        run = _RUN.match(self.lower, q)
        if run is not None and run.group() in _later_runs():
            for p in self._runs_before(q, _runs_max() - 1):
                m = self.match_at(p)
                if m is not None and m.end() > q and not self.hidden(p):
                    out = True
                    break
        self._hidden[q] = out
        return out

    def _runs_before(self, q: int, count: int) -> list[int]:
        """The starts of the ``count`` runs of letters and digits before ``q``."""
        lower, out, i = self.lower, [], q
        while len(out) < count:
            while i > 0 and not lower[i - 1].isalnum():
                i -= 1
            if i == 0:
                break
            while i > 0 and lower[i - 1].isalnum():
                i -= 1
            out.append(i)
        return out


@cache
def _runs_max() -> int:
    """The most runs of letters and digits a spelling has ("bà rịa - vũng tàu": 4)."""
    return max(len(_RUN.findall(s)) for s in _spellings())


@cache
def _later_runs() -> frozenset[str]:
    """Runs that stand after the first in some spelling ("nam" of "hà nam")."""
    return frozenset(r for s in _spellings() for r in _RUN.findall(s)[1:])


_RUN = re.compile(r"[^\W_]+")


@cache
def _capitals() -> dict[str, str]:
    """Each first letter of a first word → the capitals whose lower case it is ("h" →
    "H"; "k" → "K" and the Kelvin sign). Every such capital is below U+10000 (case pairs
    above it stay within their own scripts); the test checks every code point."""
    firsts = {w[0] for w in _by_first_word()}
    out: dict[str, str] = {f: "" for f in firsts}
    for c in map(chr, range(0x10000)):
        if c.isupper() and (low := c.lower()) in out:
            out[low] += c
    return out


@cache
def _capital_first_words() -> re.Pattern[str]:
    """The first words of the spellings written with a capital first letter and any case
    after it ("Hà", "HÀ", "Đồng"), each a whole run: a superset of the starts of the
    capitalised first words in the folded text (case-blind ``re`` matches every letter
    whose lower case is the word's), each then read exactly on the lower case. ``re``
    tries only the capitals, ~5% of a page's characters."""
    by_first: dict[str, list[str]] = {}
    for w in _by_first_word():
        by_first.setdefault(w[0], []).append(w[1:])
    # one branch a capital, each opening with it as a plain letter: ``re`` then skips to
    # the capitals (a class among the branches would have it try every character)
    alts = [re.escape(cap) + "(?i:" + trie_alternation(rests) + ")"
            for first, rests in sorted(by_first.items()) for cap in _capitals()[first]]
    return re.compile("(?:" + "|".join(alts) + r")(?![^\W_])")


def _scan(lower: str) -> list[regex.Match[str]]:
    """Every spelling in ``lower`` (the lower-cased folded text), left to right, longest
    first, never overlapping: what a mention is, by definition. :func:`province_mentions`
    reads only the matches it can keep (:func:`_scan_kept`); the tests compare the two."""
    table = _by_first_word()
    # A first word is letters and digits found between non-alphanumerics: one of the
    # text's whole alphanumeric runs. One prefix-tree scan finds them all (a find over
    # the page for each of ~300 first words cost ~0.6 ms).
    # A find inside a run ("an" of "gian") ends where its run does, so it hides no word
    # that opens a run; only those are kept.
    out: list[regex.Match[str]] = []
    pos = 0
    for word in _first_words().finditer(lower):  # left to right
        at = word.start()
        if at < pos or (at and lower[at - 1].isalnum()):
            continue
        m = table[word.group()].match(lower, at)
        if m:
            out.append(m)
            pos = m.end()
    return out
