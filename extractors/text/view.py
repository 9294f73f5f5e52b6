"""A same-length "matching view" of a document's text, so rules match variants and
offsets still point into the stored text.

Vietnamese official texts arrive with the same word typed several ways: old and new
tone placement ("Uỷ ban" / "Ủy ban", "hoà" / "hòa"), a Latin eth instead of Đ
("QÐ-UBND" / "QĐ-UBND"), non-breaking spaces from Word, en dashes, and Cyrillic
look-alike letters pasted into numbers ("NĐ-СР"). Rules must treat these alike, but a
fact's ``span`` must index the text exactly as stored (``text[start:end] == quote``).

The trick: every substitution here keeps the length, character for character, so the
folded view and the stored text share offsets. Rules run on ``view.folded``; quotes come
from ``view.text``. Line breaks are kept (rules use ``\\s+`` between words, so a phrase
broken over two lines still matches), and values are tidied with :func:`squash`.

>>> v = TextView("Uỷ ban nhân dân\\u00a0tỉnh, QÐ-UBND")
>>> v.folded
'Ủy ban nhân dân tỉnh, QĐ-UBND'
>>> len(v.folded) == len(v.text)
True
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from extractors.text.prefilter import Condition

# One character in, one character out: spaces, eth, dashes, quotes, Cyrillic look-alikes.
_SINGLE = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u2002": " ", "\u2003": " ", "\u3000": " ", "\t": " ", "\u200b": " ", "\ufeff": " ",
    "\u00d0": "\u0110", "\u00f0": "\u0111",  # Ð ð (eth) -> Đ đ
    "\u0189": "\u0110",  # Ɖ (African D) -> Đ
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'",
    # Cyrillic letters that look like Latin ones ("NĐ-СР" typed with a Russian keyboard).
    "\u0410": "A", "\u0412": "B", "\u0421": "C", "\u0415": "E", "\u041d": "H",
    "\u041a": "K", "\u041c": "M", "\u041e": "O", "\u0420": "P", "\u0422": "T",
    "\u0425": "X", "\u0423": "Y", "\u0430": "a", "\u0441": "c", "\u0435": "e",
    "\u043e": "o", "\u0440": "p", "\u0445": "x", "\u0443": "y",
}
#: The same substitutions by a character class: ``str.translate`` with a table looks up
#: every non-ASCII character of a page in Python (~0.5 ms for 10k Vietnamese
#: characters); a class search touches only the few characters to replace (~0.04 ms).
_SINGLE_RE = re.compile("[" + "".join(re.escape(ch) for ch in _SINGLE) + "]")

# Old-style tone placement at the end of a syllable: "oà" -> "òa", "uỷ" -> "ủy", "oẻ" -> "ỏe".
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook, tilde, dot below


def _toned(base: str, mark: str) -> str:
    return unicodedata.normalize("NFC", base + mark)


_OLD_TONE: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y")):
    for _mark in _TONES:
        for _f, _s in ((_first, _second), (_first.upper(), _second),
                       (_first.upper(), _second.upper()), (_first, _second.upper())):
            _OLD_TONE[_f + _toned(_s, _mark)] = _toned(_f, _mark) + _s


def _old_tone_pattern() -> str:
    """The old-tone pairs as one class per first letter ("[Oo][àáả…]|[Uu][ỳýỷ…]"), the
    "not after q/g" test looking back past the pair: a pattern that opens with a
    look-behind is tried at every character (0.15 ms a page); one that opens with a
    letter class lets ``regex`` skip to the o's and u's (0.06 ms), same matches."""
    seconds: dict[str, set[str]] = {}
    for pair in _OLD_TONE:
        seconds.setdefault(pair[0], set()).add(pair[1])
    by_seconds: dict[str, list[str]] = {}
    for first, chars in sorted(seconds.items()):
        by_seconds.setdefault("".join(sorted(chars)), []).append(first)
    alt = "|".join(f"[{''.join(firsts)}][{chars}]" for chars, firsts in by_seconds.items())
    return rf"(?:{alt})(?<![qQgG]..)(?!\p{{L}})"


_OLD_TONE_RE = regex.compile(_old_tone_pattern())


def _old_tone_at() -> tuple[re.Pattern[str], ...]:
    """Where ``_OLD_TONE_RE`` can match, one stdlib ``re`` pattern for each first letter
    ("o[àáả…]"), with its test of the letter before the pair and, of the one after it,
    what needs no Unicode table: no ASCII letter ("hoạch", "toàn", ~45 pairs a page, end
    there). ``re`` skips to one literal letter in C; ``regex`` tries the class "[OoUu]"
    at every character of a page (~0.07 ms; these four scans ~0.025)."""
    seconds: dict[str, set[str]] = {}
    for pair in _OLD_TONE:
        seconds.setdefault(pair[0], set()).add(pair[1])
    return tuple(re.compile(re.escape(first) + "[" + "".join(sorted(chars)) + "]"
                            r"(?<![qQgG]..)(?![a-zA-Z])")
                 for first, chars in sorted(seconds.items()))


_OLD_TONE_AT = _old_tone_at()
_LETTER = regex.compile(r"\p{L}")
_MATCH_START = re.Match.start


def _old_tone(text: str) -> str:
    """``_OLD_TONE_RE``'s substitution: its matches are the places of ``_OLD_TONE_AT``
    that no letter follows (``\\p{L}``, as ``regex`` reads it), and two never overlap
    (a pair's second letter opens none), so each is replaced where it stands."""
    found: list[int] = []
    for rx in _OLD_TONE_AT:  # a search first: a name or a cell is folded too, and most
        m = rx.search(text)  # hold no pair (a search costs a fifth of a finditer)
        if m is not None:
            found.append(m.start())
            found.extend(map(_MATCH_START, rx.finditer(text, m.end())))
    if not found:
        return text  # most pages: new-style tone marks throughout
    pieces, last = [], 0
    for at in sorted(found):
        if _LETTER.match(text, at + 2) is None:
            pieces += (text[last:at], _OLD_TONE[text[at:at + 2]])
            last = at + 2
    pieces.append(text[last:])
    return "".join(pieces)


def fold(text: str) -> str:
    """Return the matching view of ``text``: same length, variants unified.

    >>> fold("Thừa Thiên Huế, hoà giải, Uỷ ban, quý")
    'Thừa Thiên Huế, hòa giải, Ủy ban, quý'
    """
    return _old_tone(_SINGLE_RE.sub(_single, text))


def _single(m: re.Match[str]) -> str:
    return _SINGLE[m.group()]


def squash(s: str) -> str:
    """Collapse runs of white space (line breaks included) into one space, and strip.

    >>> squash("Sở Kế\\nhoạch  và Đầu tư ")
    'Sở Kế hoạch và Đầu tư'
    """
    return " ".join(s.split())


def nfc(text: str) -> str:
    """NFC, the one normal form cchc stores (Windows-1258 text arrives decomposed).

    The last text it gave is remembered (the very object, kept alive): asked again
    for it, it is NFC already, without reading the page again (~0.01 ms a page; a
    .txt file's conversion normalizes its text, then its garbage check asks)."""
    global _LAST_NFC
    if text is _LAST_NFC:
        return text
    normal = unicodedata.normalize("NFC", text)
    _LAST_NFC = normal
    return normal


_LAST_NFC = ""


#: Where a sentence ends, as written (``sentence_ends`` finds the same ends faster).
_SENTENCE_END = regex.compile(
    r"(?:[.!?…;]+[\"')\]]*(?=\s+[\p{Lu}\d\-+•(])"  # a stop before a capital or a list mark
    r"|\n\s*\n"  # a blank line ends a paragraph
    r"|\n(?=\s*[-+•*]))"  # a new list item
)
#: ``regex``'s white space (every such character is below U+3001; stdlib ``re``'s ``\s``
#: also takes \x1c-\x1f), as a class for stdlib ``re``.
_WS = "".join(map(re.escape, regex.findall(r"\s", "".join(map(chr, range(0x3001))))))
#: The characters a sentence can end with before a capital or a list mark.
_STOPS = ".!?…;"
#: ``_SENTENCE_END`` run by stdlib ``re`` (~0.12 -> ~0.07 ms a page, the same ends on all
#: 3,945 bulk pages and the corpus), one pattern for each character an end opens with:
#: ``re`` skips to one character in C several times faster than to any of a class (~1 ns
#: a character against ~5), and an alternation of classes, or a repeat, it tries at
#: every character. A line break ends a paragraph before a blank line or a list item.
_BREAK_END = re.compile(rf"\n(?:[{_WS}]*\n|(?=[{_WS}]*[-+•*]))")
#: A run of stops and closing marks ends a sentence before white space and a capital, a
#: digit or a list mark. That character is captured and tested against ``_OPENS``
#: (``\p{Lu}`` and ``\d`` as ``regex`` reads them): backtracking cannot rescue a stop
#: whose next word fails that test (a shorter run of marks is followed by a mark, not by
#: white space), so dropping such a match finds the same ends.
_STOP_ENDS = {stop: re.compile(re.escape(stop) + rf"[{re.escape(_STOPS)}]*[\"')\]]*"
                                                  rf"(?=[{_WS}]+([^{_WS}]))")
              for stop in _STOPS}
_OPENS = regex.compile(r"[\p{Lu}\d\-+•(]")
_OPENS_SEEN: dict[str, bool] = {}
_NEWLINE = re.compile("\n")
_MATCH_END = re.Match.end


def sentence_ends(folded: str) -> list[int]:
    """Where ``_SENTENCE_END`` matches in ``folded``, ascending ("… họp. Bà B" ends after
    the stop), from a scan for each character an end opens with (a stop the text lacks
    is not scanned for: most lack "!" and "?").

    The scans find the same ends: a run of stops is a match from each of its stops or from
    none (the character after it decides), always ending where the run and its closing
    marks end, so a run met by two scans ("?.") gives one end twice; and no end of one
    kind holds a character another kind opens with (stops and marks; white space), so
    none hides another.

    >>> sentence_ends("Ông A đi họp. Bà B về nhà?! Xong.\\n\\n- Mục một")
    [13, 27, 33, 35]
    """
    ends = set(map(_MATCH_END, _BREAK_END.finditer(folded)))
    for stop, rx in _STOP_ENDS.items():
        if stop in folded:
            ends.update([m.end() for m in rx.finditer(folded) if _opens_sentence(m.group(1))])
    return sorted(ends)


def _opens_sentence(c: str) -> bool:
    """Whether ``c`` may open the sentence after a stop ("Sở …", "2.", "- …"); kept per
    character."""
    seen = _OPENS_SEEN.get(c)
    if seen is None:
        seen = _OPENS_SEEN[c] = _OPENS.match(c) is not None
    return seen


@dataclass
class TextView:
    """The stored text, its folded twin and cheap structure shared by every extractor.

    ``text`` must already be NFC (conversion guarantees it). Everything here is computed
    lazily and once, so extractors can share line and sentence boundaries for free.
    """

    text: str

    def __post_init__(self) -> None:
        self.folded = fold(self.text)

    @cached_property
    def casefolded(self) -> str:
        """``folded`` case-folded, white space runs as one space (``prefilter.key``): what
        the required words of ``text.prefilter`` are looked up in, never an offset."""
        from extractors.text.prefilter import key

        return key(self.folded)

    def has_words(self, condition: Condition | None) -> bool:
        """Whether the text meets a pattern's ``required_words`` (True for None).

        "chỉ số hài lòng" cannot match a page without "lòng", so the scan of that
        pattern is skipped there; each word is looked up once per text.
        """
        from extractors.text.prefilter import holds

        seen = self.__dict__.setdefault("_words_seen", {})
        return holds(condition, self.casefolded, seen)

    @cached_property
    def folded_lower(self) -> str | None:
        """``folded`` lower-cased for case-blind prefix scans; None where lower-casing
        changes a letter's length ("İ"), which would shift offsets."""
        low = self.folded.lower()
        return low if len(low) == len(self.folded) else None

    @cached_property
    def line_starts(self) -> list[int]:
        """Offsets where each line begins: 0, then one past every "\\n". Each end of a
        stdlib ``re`` find, taken in C (~0.014 ms a page of 170 lines; a loop of
        ``str.find`` ~0.019, a Python loop over every character ~1 ms)."""
        starts = [0]
        starts.extend(map(_MATCH_END, _NEWLINE.finditer(self.text)))
        return starts

    def line_of(self, offset: int) -> int:
        """Index of the line holding ``offset`` (0-based)."""
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the line holding ``offset``, end excluding the newline."""
        i = self.line_of(offset)
        start = self.line_starts[i]
        end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
        return start, end

    @cached_property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        """Rough sentence (or list item / paragraph) boundaries, as ``(start, end)``.

        Good enough to bound a rule's window ("… trong đó giải quyết đúng hạn 8.586 hồ sơ.")
        without a statistical model; underthesea is used only where names need it.
        """
        bounds: list[tuple[int, int]] = []
        append, folded = bounds.append, self.folded
        ends = sentence_ends(folded)
        ends.append(len(folded))
        start = 0
        for end in ends:
            piece = folded[start:end].lstrip()  # str.strip in C: _trim's result
            if piece:
                a = end - len(piece)
                append((a, a + len(piece.rstrip())))
            start = end
        return bounds

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentence_bounds]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The sentence bounds holding ``offset`` (or the nearest before it)."""
        i = max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)
        return self.sentence_bounds[i] if self.sentence_bounds else (0, len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Trim white space off ``[start, end)`` and return it with its stored quote."""
        start, end = _trim(self.text, start, end)
        return start, end, self.text[start:end]


def _trim(s: str, start: int, end: int) -> tuple[int, int]:
    while start < end and s[start].isspace():
        start += 1
    while end > start and s[end - 1].isspace():
        end -= 1
    return start, end
