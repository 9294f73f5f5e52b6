"""underthesea, loaded once per process, and its tokens realigned to the stored text.

underthesea's ``ner`` returns words, not offsets, and it normalises what it reads (old
tone placement "Hoà" comes back as "Hòa", runs of spaces as one). To point a name back
into the text, each token is matched on the folded view (``TextView.folded``, where
tone placement is unified the same way) with any white space between its syllables, at
or just after the previous token's end: ``align`` returns the spans, and
``text[start:end]`` squashed is the token again (a test checks the round trip).

>>> from extractors.text.view import TextView
>>> v = TextView("Ông  Lê Hoà  Bình dự họp")
>>> [v.text[a:b] for a, b in align(v, 0, ["Ông", "Lê Hòa Bình", "dự", "họp"])]
['Ông', 'Lê Hoà  Bình', 'dự', 'họp']

``tag`` is underthesea's ``ner`` (word segmentation, then a POS, a chunk and an NER CRF,
each fed the one before) with the three CRFs' features built by ``Featurizer`` here:
underthesea builds them in Python one feature at a time, re-reading the template and
re-copying the sentence's columns for each (``template2features``: ~5 ms of a window's
~7 ms); ``Featurizer`` reads the template once and builds each feature column in one
pass, the same strings in the same order, so the CRFs give the same tags.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import accumulate
from typing import Any

import regex

from extractors.people import underthesea_parts as parts
from extractors.text.view import TextView, fold

log = logging.getLogger(__name__)
#: underthesea loads its models lazily and is not thread-safe while it does (two threads
#: see a half-built featurizer); Prefect runs extraction batches on threads, so every call
#: into it is serialised. It is a small share of the work (most names are decided by rule).
_LOCK = threading.Lock()
_SLACK = 12  # characters a token may start after the previous one (dropped symbols)


_TEMPLATE = re.compile(r"T\[(-?\d+)(?:,(-?\d+))?\](?:\[(\d+)\])?(?:\.(\w+))?")


def _istitle(word: str) -> str:
    """underthesea's ``istitle`` feature: every syllable opens with a capital ("Lê Văn"
    → "True", "Chủ tịch" → "False"; "" and a double space → "False")."""
    return str(all(s[:1].istitle() for s in word.split(" ")))


#: The functions of underthesea's ``template2features`` that its POS, chunk and NER
#: templates name.
_FUNCTIONS: dict[str, Callable[[str], str]] = {"lower": str.lower, "istitle": _istitle}


class Featurizer:
    """The features underthesea's CRFs read, from their templates, a column at a time.

    A template entry names a word (``T[-1]``: the one before), a run of words joined by
    a space (``T[0,1]``), a column of the tagged rows (``[1]``: the POS tag) and a
    function (``.lower``, ``.istitle``); a word before the sentence reads "BOS", after it
    "EOS". "Phó Chủ tịch Lê Văn An" → for "Lê Văn An", ``T[-1].lower=chủ tịch``,
    ``T[0].istitle=True``, ``T[1]=EOS`` … — the strings underthesea's
    ``template2features`` builds, in its order (its CRFs were trained on them). Each
    function runs once per word or run of words, not once per entry naming it.

    ``functions`` are those the template names: underthesea's ``template2features``
    ones by default; its word segmentation's (``underthesea_parts.Segmenter``) are
    underthesea_core's, which read ``istitle`` otherwise and add ``isdigit`` and
    ``is_in_dict``.

    >>> rows = [("Ông", "Nc"), ("An", "Np")]
    >>> Featurizer(["T[-1].lower", "T[0,1]", "T[0][1]"])(rows)[1]
    ['T[-1].lower=ông', 'T[0,1]=EOS', 'T[0][1]=Np']
    """

    def __init__(self, template: list[str],
                 functions: dict[str, Callable[[str], str]] | None = None) -> None:
        self.functions = _FUNCTIONS if functions is None else functions
        self.parts: list[tuple[str, int, int, int, str | None]] = []
        for syntax in template:
            m = _TEMPLATE.fullmatch(syntax)
            k1, k2 = (int(m[1]), int(m[2] or m[1])) if m else (0, -1)
            if m is None or k2 < k1 or (m[4] and m[4] not in self.functions):
                raise ValueError(f"template entry not understood: {syntax!r}")
            self.parts.append((f"{syntax}=", k1, k2, int(m[3] or 0), m[4]))
        #: what ``__call__`` reads, worked out once (it costs per entry, not per word:
        #: 43 entries, most of a short window's features): each run of words once (its
        #: column, length and function), how many runs an entry may read before the
        #: first word and after the last, and of each entry its run and offset
        self._runs = list(dict.fromkeys((col, k2 - k1, func)
                                        for _, k1, k2, col, func in self.parts))
        self._before = max([0, *(-k1 for _, k1, _, _, _ in self.parts)])
        self._after = max([0, *(k1 for _, k1, _, _, _ in self.parts)])
        self._reads = [(self._runs.index((col, k2 - k1, func)), k1)
                       for _, k1, k2, col, func in self.parts]
        self._prefixes = [prefix for prefix, *_ in self.parts]
        #: the functions, each asked once per word or run of words it has read (the
        #: same words come back window after window: "Phó", "Giám đốc"); ``str.lower``
        #: costs less than asking
        self._functions = {name: f if f is str.lower else lru_cache(maxsize=1 << 14)(f)
                           for name, f in self.functions.items()}

    def __call__(self, rows: list[tuple[str, ...]]) -> list[list[str]]:
        n = len(rows)
        if n == 0:
            return []
        columns = list(zip(*rows, strict=True))
        before, after = self._before, self._after
        # the value of each run of words by where it starts, all runs end to end, each
        # padded: "BOS" where it would start before the first word, "EOS" where it
        # would end after the last
        values: list[str] = []
        bos = ["BOS"] * before
        for col, span, func in self._runs:
            words = columns[col]
            if span:
                words = [" ".join(w) for w in
                         zip(*[words[i:] for i in range(span + 1)], strict=False)]
            values += bos
            values += map(self._functions[func], words) if func else words
            values += ["EOS"] * (n + after - len(words))
        # an entry reading the run ``k1`` words from each position: n values in a row
        width = before + n + after
        entries = [values[k * width + before + k1:k * width + before + k1 + n]
                   for k, k1 in self._reads]
        prefixes = self._prefixes
        return [[p + v for p, v in zip(prefixes, row, strict=True)]
                for row in zip(*entries, strict=True)]


@cache
def _taggers() -> list[tuple[Any, Featurizer]]:
    """underthesea's POS, chunk and NER CRFs, each with a featurizer of its template,
    loaded on first use and kept for the process."""
    return [(model, Featurizer(template)) for model, template in parts.crf_taggers()]


@lru_cache(maxsize=1024)
def tag(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """underthesea tokens of one short text: (word, POS, chunk, NER), as its ``ner``
    gives them: its word segmentation (``words``), then each CRF reads the columns so far
    (and "X" for its own). Cached by text: a site's pages repeat their boilerplate."""
    rows = [(w,) for w in words(text)]
    with _LOCK:
        for model, featurize in _taggers():
            labels = model.tag(featurize([(*row, "X") for row in rows]))
            rows = [(*row, label) for row, label in zip(rows, labels, strict=True)]
    return tuple(rows)


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """underthesea's word segmentation alone (~0.8 ms on a window, half of ``tag``):
    "Nguyễn Tấn Dũng Lưu trữ ngày" → ("Nguyễn Tấn Dũng", "Lưu trữ", "ngày")."""
    with _LOCK:
        return tuple(parts.segment()(text))


def load() -> None:
    """Load underthesea's models now (~1 s) rather than on the first ambiguous name, so
    a long-running process pays it once, at start-up."""
    tag("Ông Nguyễn Văn An phát biểu.")


@lru_cache(maxsize=4096)
def _token_text(tok: str) -> str:
    """A token folded, its syllables joined by one space ("" if it has none)."""
    return " ".join(fold(tok).split())


@lru_cache(maxsize=4096)
def _token_regex(tok: str) -> regex.Pattern[str]:
    """A token's syllables with any white space between, case-blind."""
    parts = _token_text(tok).split(" ")
    return regex.compile(r"\s+".join(regex.escape(p) for p in parts), regex.I)


def align(view: TextView, start: int, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Spans of ``tokens`` in ``view`` from ``start``, or None if one cannot be found.

    A token is searched as its syllables with any white space between, case-blind,
    within a few characters; where the text holds it as is, after nothing but white
    space (most tokens), ``str.find`` finds that same match without compiling a pattern:
    no match of the pattern can start on white space, so none starts before it."""
    spans: list[tuple[int, int]] = []
    pos, folded = start, view.folded
    for tok in tokens:
        text = _token_text(tok)
        if not text:
            spans.append((pos, pos))
            continue
        end = min(len(folded), pos + _SLACK + len(tok) * 2)
        at = folded.find(text, pos, end)
        if at >= 0 and (at == pos or folded[pos:at].isspace()):
            spans.append((at, at + len(text)))
        else:
            m = _token_regex(tok).search(folded, pos, end)
            if m is None:
                return None
            spans.append((m.start(), m.end()))
        pos = spans[-1][1]
    return spans


#: The characters of a window whose case-blind matches ``plain_end`` reads by lower
#: case: ASCII, four kinds of white space, and the Vietnamese letters (none of which
#: matches another letter case-blind: not "ſ" = "s", "K" (Kelvin) = "k").
_PLAIN_CHARS = re.compile(
    "[ \t\n\r!-~ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]*")


def _syllables(text: str) -> tuple[str, ...]:
    """underthesea's syllables of ``text`` (its regex tokenizer, the first step of its
    word segmentation, whose words are runs of these joined by a space)."""
    return parts.tokenize()(text)


def plain_end(view: TextView, start: int, end: int) -> int | None:
    """Where ``align`` ends underthesea's words of ``text[start:end]`` whatever the word
    segmentation groups, if it finds them at all; None where that cannot be shown.

    Each syllable stands as is in the folded text after white space only ("Ông
    Nguyễn Văn An, Giám đốc"): a word of syllables one space apart is then found where
    its syllables are (``str.find``: nothing but white space before them, and they fit
    its reach), and so is a word across other white space ("Phan Văn Vĩnh\n1955":
    its pattern, syllables with any white space between, matches there first) where it
    fits its reach (``_in_reach``). A word across no space at all ("An ,") may not be
    found there, and could only be found further on, which needs its
    syllables up to and past that place again, white space between, within the reach of
    the longest word there could be: where they are nowhere, ``align`` either fails or
    ends where the last syllable does. Case-blind matches are compared in lower case, so
    only where the window and that reach hold nothing but ASCII and Vietnamese letters.

    >>> v = TextView("Ông  Lê Hoà  Bình, Giám đốc")
    >>> plain_end(v, 0, len(v.text))
    27
    """
    folded, low = view.folded, view.folded_lower
    if low is None:
        return None
    syllables = _syllables(view.text[start:end])
    texts = list(map(_token_text, syllables))
    starts: list[int] = []
    append, find = starts.append, folded.find
    pos = start
    for s, t in zip(syllables, texts, strict=True):
        if not t or " " in t:
            return None
        at = find(t, pos, pos + _SLACK + len(s) * 2)
        if at != pos and (at < 0 or not folded[pos:at].isspace()):
            return None
        append(at)
        pos = at + len(t)
    if not syllables:
        return pos
    # the longest word from syllable j on: all the rest, one space apart
    rest = list(accumulate((len(s) + 1 for s in reversed(syllables)), initial=0))[::-1]
    ends = [at + len(t) for at, t in zip(starts, texts, strict=True)]
    size = len(folded)
    reach = [min(size, (ends[j - 1] if j else start) + _SLACK + 2 * rest[j])
             for j in range(len(syllables))]
    far = max(reach)
    if not _PLAIN_CHARS.fullmatch(folded, start, far):
        return None
    gaps = [folded[e:s] for e, s in zip(ends, starts[1:], strict=False)]
    # a syllable a word cannot cross in place: no space after it ("An" of "An,"), or
    # other white space than one space where a word across it may not be found there
    # (``_in_reach``, asked only then)
    odd = [j for j, gap in enumerate(gaps) if gap != " "]
    blank = any(gaps[j] for j in odd) and _in_reach(syllables, starts, ends, start)
    joints = [j for j in odd if not (gaps[j] and blank)]
    if not joints:
        return pos  # every word is found in place
    lows = [t.lower() for t in texts]
    joint = None  # the first syllable from j on that a word cannot cross in place
    for j in range(joints[-1], -1, -1):
        gap = gaps[j]
        if gap != " " and not (gap and blank):
            joint = j  # a word across it needs these two, white space between, again:
            again = _words_later(low, lows[j], lows[j + 1:j + 2], start, far)
        if joint is None or not again:
            continue  # every word from j on is found in place, or nowhere
        first, stop = lows[j], reach[j]
        at = low.find(first, starts[j] + 1, stop)
        while at >= 0:
            if _words_at(low, at + len(first), lows[j + 1:joint + 2], stop):
                return None  # "Lê Văn,… Lê  Văn": such a word might be found there
            at = low.find(first, at + 1, stop)
    return pos


def _in_reach(syllables: tuple[str, ...], starts: list[int], ends: list[int],
              start: int) -> bool:
    """Whether every word ``align`` could be given of syllables ``j..k`` with white space
    between each (one space or more: "Văn Vĩnh\n1955") fits the reach it is searched in,
    where it stands: from the end of the word before, ``_SLACK`` plus twice the word's
    length (its syllables joined by one space). Checked for all ``j <= k`` at once: the
    word fits where ``ends[k] - 2 * (S(k + 1) + k) <= end(j - 1) - 2 * (S(j) + j) +
    _SLACK`` (``S(i)``: the lengths of the syllables before ``i``), so the least
    right-hand side since the last syllable joined without space is carried along."""
    least, total = 0, 0
    for k, syllable in enumerate(syllables):
        here = (ends[k - 1] if k else start) - 2 * (total + k)
        if k == 0 or starts[k] == ends[k - 1] or here < least:
            least = here
        total += len(syllable)
        if ends[k] - 2 * (total + k) > least + _SLACK:
            return False
    return True


def _words_later(low: str, first: str, parts: list[str], start: int, stop: int) -> bool:
    """Whether ``first`` then ``parts``, each after white space, stand in
    ``low[start + 1:stop]``: once for the two syllables on either side of a joint
    ("an" and "," of "Bộ Công an, Cục …"), before each syllable before it is looked for
    with them (a word across the joint needs both again, further on)."""
    at = low.find(first, start + 1, stop)
    while at >= 0:
        if _words_at(low, at + len(first), parts, stop):
            return True
        at = low.find(first, at + 1, stop)
    return False


def _words_at(low: str, i: int, parts: list[str], stop: int) -> bool:
    """Whether ``parts`` follow ``i`` in ``low``, each after white space, before ``stop``."""
    for part in parts:
        k = i
        while k < stop and low[k].isspace():
            k += 1
        if k == i or not low.startswith(part, k, stop):
            return False
        i = k + len(part)
    return True


def _memo(worth: Callable[[int], bool]) -> Callable[[int], bool]:
    """``worth`` asked once per end."""
    seen: dict[int, bool] = {}

    def memo(end: int) -> bool:
        if end not in seen:
            seen[end] = worth(end)
        return seen[end]

    return memo


def proper_nouns(view: TextView, start: int, end: int,
                 worth: Callable[[int], bool] | None = None) -> list[tuple[int, int]]:
    """Spans of person-name tokens of ``text[start:end]``: runs tagged PER, or single
    proper-noun (Np) words, as underthesea segments them.

    ``worth``, given where the window's words end (underthesea's words realigned to the
    text), says whether any name there could count; if not, the tagger does not run
    (its three CRFs are half of a window's cost; the words are the other half).
    ``worth`` only grows with the end (a later end can only add names), so where it
    says no at the window's end, and ``plain_end`` shows where the words would end, the
    words are not segmented either: "xã Phú Dương, huyện Phú Vang" (two in three of the
    windows not tagged)."""
    if worth is not None:
        worth = _memo(worth)  # the same end asked twice (the words end at the window's)
    if worth is not None and not worth(end):
        known = plain_end(view, start, end)
        if known is not None and (known <= end or not worth(known)):
            return []  # the words end there or do not realign: no name either way
    text = view.text[start:end]
    spans = align(view, start, list(words(text)))
    if spans is None:
        log.debug("underthesea tokens do not realign at %d", start)
        return []
    if worth is not None and not worth(spans[-1][1] if spans else start):
        return []
    tokens = tag(text)
    out: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    for (word, pos_tag, _, ner_tag), (a, b) in zip(tokens, spans, strict=True):
        if pos_tag == "Np" and " " in word:
            out.append((a, b))  # one segmented proper noun: "Dương Xuân Huyên"
        if ner_tag.endswith("PER"):
            run = (run[0], b) if run and a - run[1] <= 2 else (a, b)
            if run not in out:
                out.append(run)  # a PER run: "Hằng" + "Nga"
        else:
            run = None
    return sorted(set(out))
