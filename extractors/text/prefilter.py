"""The words a pattern cannot match without: a cheap test before a whole-text scan.

A data pattern such as ``SIPAS|chỉ\\s+số\\s+hài\\s+lòng|mức\\s+độ\\s+hài\\s+lòng…``
cannot match a text that has neither "sipas" nor all of "chỉ", "số", "hài", "lòng" (case
aside). ``regex`` tries a case-blind alternation at every position of a 10k-character
page (~0.2 ms); ``"lòng" in text`` is a C substring search (~2 µs). So every compiled
data pattern carries ``required_words(source)``: a condition on the words of the text
that every match implies, or None when there is none ("\\d+/\\d+"). A scan asks the
text first (``TextView.has_words``) and skips the pattern when the condition fails;
where it holds, the pattern runs exactly as before, so facts cannot change.

The condition comes from the pattern's own syntax tree (``re``'s parser; ``regex``-only
escapes such as ``\\p{Lu}`` stand in as a digit class, never a literal): a sequence
needs all its literal runs and parts (``and``), an alternation one of its branches
(``or``), a repetition of at least one its item, an optional part nothing. Case is
ignored on both sides (``casefold``), which can only let more texts through, never
fewer; ``tests/extractors/text/test_patterns.py`` checks that every example of every
data pattern meets its own condition.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.text.view import TextView

#: A word shorter than this says too little to be worth asking.
MIN_WORD = 2

_REGEX_ONLY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]")
_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT))
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)

#: A condition: a word (it occurs), or ``("and" | "or", conditions)``.
Condition = str | tuple[str, tuple["Condition", ...]]


def required_words(source: str, flags: int = 0) -> Condition | None:
    """The condition on a text's words that every match of ``source`` implies, or None.

    >>> required_words(r"SIPAS|chỉ\\s+số\\s+hài\\s+lòng", 0)
    ('or', ('sipas', 'chỉ số hài lòng'))
    >>> required_words(r"(?:số\\s+)?\\d+/\\d{4}", 0) is None
    True
    """
    try:
        tree = _parser.parse(_re_syntax(source), flags & re.VERBOSE)
    except (re.error, RecursionError, OverflowError):
        return None
    return _sequence(list(tree))


def holds(condition: Condition | None, text: str, seen: dict[str, bool]) -> bool:
    """Whether ``condition`` holds of ``text`` (already ``key``-ed); ``seen`` keeps each
    word's answer for the next pattern asking about the same text."""
    if condition is None:
        return True
    for words in _likely_first(condition):  # plain loops: this runs ~30 times a page
        for word in words:
            found = seen.get(word)
            if found is None:
                found = seen[word] = word in text
            if not found:
                break
        else:
            return True
    return False


@lru_cache(maxsize=4096)
def _likely_first(condition: Condition) -> tuple[tuple[str, ...], ...]:
    """The alternatives in the order :func:`holds` tries them: those of short words first.
    A short word ("kh", "bc") is on most pages, so the answer is found at once; a missing
    long one ("qđi") is a whole-page search that finds nothing. Any order gives the same
    answer; this one asks fewest questions (ref.party: 18 alternatives)."""
    return tuple(sorted(_alternatives(condition),
                        key=lambda words: max(map(len, words), default=0)))


#: A condition with more alternatives than this is tested as ``any`` of its first
#: level's (each then a superset), so a nested alternation cannot blow up.
MAX_ALTERNATIVES = 64


@lru_cache(maxsize=4096)
def _alternatives(condition: Condition) -> tuple[tuple[str, ...], ...]:
    """``condition`` as alternatives of words that must all occur ("or" of "and"s)."""
    if isinstance(condition, str):
        return ((condition,),)
    op, items = condition
    if op == "or":
        return tuple(alt for item in items for alt in _alternatives(item))
    product: list[tuple[str, ...]] = [()]
    for item in items:
        product = [p + alt for p in product for alt in _alternatives(item)]
        if len(product) > MAX_ALTERNATIVES:  # keep the words every alternative shares
            shared = [i for i in items if isinstance(i, str)]
            return (tuple(shared),)
    return tuple(product)


def key(text: str) -> str:
    """The text as the words are looked up in: case folded, "İ" as "i" (the one letter
    ``regex`` matches case-blind to "i" whose ``casefold`` is two characters), every run
    of white space one space (what ``\\s+`` between two words matches is one space
    here, so "thủ\\ntục" holds the phrase "thủ tục").

    The same as ``" ".join(folded.split())``, without splitting a page into its ~2,000
    words: where the only white space is spaces and line breaks (every page after
    ``fold``), the breaks become spaces and runs of spaces one (0.17 → 0.08 ms a page).

    >>> key("Thủ\\ntục  hành   chính ")
    'thủ tục hành chính'
    """
    folded = text.replace("\u0130", "i").casefold()
    spaced = folded.replace("\n", " ")
    # No odd space is printable, so a printable page has none: ``isprintable`` reads a
    # page in half the time the search for them takes.
    if not spaced.isprintable() and _ODD_SPACE.search(folded) is not None:
        return " ".join(folded.split())  # a tab, a form feed, a Unicode space
    folded = spaced
    if "  " in folded:
        folded = _SPACES.sub(" ", folded)
    return folded.strip(" ")


#: Every character ``str.isspace`` holds of but the space and the line break (the test
#: checks the list against Unicode as this Python knows it).
ODD_SPACES = ("\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_ODD_SPACE = re.compile("[" + re.escape(ODD_SPACES) + "]")
_SPACES = re.compile("  +")


def _is_space_run(op: Any, av: Any) -> bool:
    """``\\s+``, ``[ \\t]+`` or `` +``: one or more white-space characters, no other."""
    if op not in _REPEATS or av[0] < 1 or len(av[2]) != 1:
        return False
    kind, value = av[2][0]
    if kind is c.LITERAL:
        return chr(value).isspace()
    if kind is not c.IN:
        return False
    return all((k is c.CATEGORY and v is c.CATEGORY_SPACE)
               or (k is c.LITERAL and chr(v).isspace()) for k, v in value)


def _re_syntax(source: str) -> str:
    """``source`` in syntax ``re`` parses: a ``regex`` property class becomes ``\\d``
    (one character of a class, never a literal), ``(?<name>`` becomes ``(?P<name>``."""
    return _NAMED_GROUP.sub("(?P<", _REGEX_ONLY.sub(r"\\d", source))


def _all(items: list[Condition | None]) -> Condition | None:
    parts: list[Condition] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, tuple) and item[0] == "and":
            parts.extend(item[1])
        elif item not in parts:
            parts.append(item)
    if not parts:
        return None
    # Longer words first: they are rarer, so a missing one ends the test soonest.
    parts.sort(key=lambda p: -len(p) if isinstance(p, str) else 0)
    return parts[0] if len(parts) == 1 else ("and", tuple(parts))


def _any(items: list[Condition | None]) -> Condition | None:
    parts: list[Condition] = []
    for item in items:
        if item is None:
            return None  # a branch that needs nothing: the whole needs nothing
        if isinstance(item, tuple) and item[0] == "or":
            parts.extend(item[1])
        elif item not in parts:
            parts.append(item)
    return parts[0] if len(parts) == 1 else ("or", tuple(parts))


def _sequence(items: list[tuple[Any, Any]]) -> Condition | None:
    needs: list[Condition | None] = []
    run: list[str] = []

    def close() -> None:
        word = key("".join(run))
        if len(word) >= MIN_WORD:
            needs.append(word)
        run.clear()

    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        if run and _is_space_run(op, av):
            run.append(" ")  # "thủ\\s+tục" is the phrase "thủ tục" of the squashed text
            continue
        if op in _ZERO_WIDTH:
            continue  # "\\bPCI\\b": the letters on either side are still one run
        close()
        needs.append(_item(op, av))
    close()
    return _all(needs)


def _item(op: Any, av: Any) -> Condition | None:
    if op is c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is c.BRANCH:
        return _any([_sequence(list(branch)) for branch in av[1]])
    if op in _REPEATS:
        low, _high, item = av
        return _sequence(list(item)) if low >= 1 else None
    return None


#: The letters ``regex``'s IGNORECASE takes for "i" and "s" whose ``lower()`` is not
#: that letter (and "İ" lower-cases to two characters, which would shift offsets).
_ODD_CASES = {"\u0130": "i", "\u017f": "s"}


def case_blind(text: str) -> str:
    """``text`` lower-cased with every offset kept, so ``find`` of a lower-case word in it
    finds every place where a case-blind pattern can match that word ("Tổng số TTHC" and
    "tổng số tthc" alike): where a pattern can begin, for :func:`matches_from`."""
    for odd, letter in _ODD_CASES.items():
        if odd in text:
            text = text.replace(odd, letter)
    return text.lower()


def page_case_blind(view: TextView) -> str:
    """``case_blind(view.folded)``, made once per text: the page's ``folded_lower`` (which
    the dates stage has made) where the page has neither of the two letters
    ``case_blind`` maps first ("İ", "ſ"), since ``case_blind`` is then just ``lower``."""
    blind = view.__dict__.get("_case_blind")
    if blind is None:
        folded = view.folded
        low = None if any(odd in folded for odd in _ODD_CASES) else view.folded_lower
        blind = view.__dict__["_case_blind"] = case_blind(folded) if low is None else low
    return blind


def openers(source: str, flags: int = 0, *, optional: bool = False) -> tuple[str, ...] | None:
    """The words one of which every match of ``source`` begins with (case-blind, as
    :func:`case_blind` writes them), or None when a match may begin otherwise: with a
    digit, a class, an optional part. Zero-width tests before the first word ("\\b", a
    look-behind) only narrow where a match begins, so they are passed over.

    With ``optional=True`` an optional first part adds its words to those of what follows
    it ("(?:Chi nhánh )?Văn phòng" opens with "chi" or "văn"), and a class of a few
    letters opens each word it can ("[Hh]uyện"): for a pattern of many branches whose
    list of openers is long, where the default's None means a scan of every character.

    >>> openers(r"\\b(?:xếp|đứng)(?:\\s+ở)?\\s+thứ")
    ('xếp', 'đứng')
    >>> openers(r"hồ\\s+sơ|(?<!\\w)HS(?!\\w)"), openers(r"(?:^|[;,:]\\s*)thứ")
    (('hồ', 'hs'), None)
    >>> openers(r"(?:Chi\\s+nhánh\\s+)?Văn\\s+phòng|[Hh]uyện", optional=True)
    ('chi', 'văn', 'huyện')
    """
    try:
        tree = _parser.parse(_re_syntax(source), flags & re.VERBOSE)
    except (re.error, RecursionError, OverflowError):
        return None
    words = _leading(list(tree), optional)
    return None if not words else tuple(dict.fromkeys(case_blind(w) for w in words))


#: A class of at most this many letters opens one word per letter (``openers(optional=True)``).
MAX_CLASS_OPENERS = 4


def _leading(items: list[tuple[Any, Any]], optional: bool = False) -> list[str] | None:
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is c.LITERAL or (optional and _letter_class(op, av)):
            firsts = [chr(av)] if op is c.LITERAL else [chr(v) for _, v in av]
            run = []
            for op2, av2 in items[i + 1:]:
                if op2 is not c.LITERAL:
                    break
                run.append(chr(av2))
            return [first + "".join(run) for first in firsts]
        if op is c.SUBPATTERN:
            return _leading(list(av[-1]), optional)
        if op is c.BRANCH:
            found: list[str] = []
            for branch in av[1]:
                words = _leading(list(branch), optional)
                if words is None:
                    return None
                found.extend(words)
            return found
        if op in _REPEATS and av[0] >= 1:
            return _leading(list(av[2]), optional)
        if optional and op in _REPEATS:  # an optional part: its words or what follows's
            inner, after = _leading(list(av[2]), optional), _leading(items[i + 1:], optional)
            return None if inner is None or after is None else inner + after
        return None
    return None  # nothing but zero-width tests: a match may begin anywhere


def _letter_class(op: Any, av: Any) -> bool:
    """``[Hh]``: a class of a few single letters, nothing else (no range, no negation)."""
    return (op is c.IN and 0 < len(av) <= MAX_CLASS_OPENERS
            and all(k is c.LITERAL and chr(v).isalpha() for k, v in av))


def opener_needs(source: str, flags: int = 0) -> dict[str, Condition | None] | None:
    """:func:`openers`, each with what a match beginning with it needs of the text's words
    beyond the word itself: the required words of the alternatives it opens. "công" opens
    only "công bố mới" of ``proc.verb_count``, so a page without that phrase need not be
    searched for its many "công" (nor tried at each). None where ``openers`` is None.

    >>> opener_needs(r"\\b(?:sửa\\s+đổi|công\\s+bố\\s+mới|bãi\\s+bỏ|xếp)\\s*\\d")
    {'sửa': 'sửa đổi', 'công': 'công bố mới', 'bãi': 'bãi bỏ', 'xếp': None}
    """
    words = openers(source, flags)
    if words is None:
        return None
    needs: dict[str, Condition | None] = dict.fromkeys(words)
    branches = _leading_branches(list(_parser.parse(_re_syntax(source), flags & re.VERBOSE)))
    if branches is None:
        return needs
    grouped: dict[str, list[Condition | None]] = {}
    for branch in branches:
        for word in _leading(list(branch)) or ():
            grouped.setdefault(case_blind(word), []).append(_sequence(list(branch)))
    for word, conditions in grouped.items():
        need = _any(conditions)
        needs[word] = None if need == word else need  # the word itself: found by its search
    return needs


def _leading_branches(items: list[tuple[Any, Any]]) -> list[Any] | None:
    """The branches of the alternation a match begins with, or None when it begins with
    no alternation."""
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is c.SUBPATTERN:
            return _leading_branches(list(av[-1]))
        if op is c.BRANCH:
            return list(av[1])
        if op in _REPEATS and av[0] >= 1:
            return _leading_branches(list(av[2]))
        return None
    return None


def starts_needed(view: TextView, needs: dict[str, Condition | None]) -> list[int]:
    """``starts_of`` the openers in ``needs`` (:func:`opener_needs`) whose alternatives'
    words the text has (asked through ``view.has_words``: each word once per text)."""
    return starts_of(view, [w for w, need in needs.items()
                            if need is None or view.has_words(need)])


def starts_of(view: TextView, words: Iterable[str]) -> list[int]:
    """``find_all`` of ``words`` (case-blind) in ``view.folded``; the case-blind page is
    made once per text, like the answers of :meth:`TextView.has_words`, and so is each
    word's list of places: the procedures stage asks "thủ", "tthc", "dịch" of a page
    three times (its prefilter, a count before the noun, a count after it), rankings
    "xếp" and "đứng" twice, and each ask was a search of the whole page (~5 µs a word).
    The list returned is the text's own: read it, do not change it."""
    cache: dict[str, list[int]] = view.__dict__.setdefault("_word_starts", {})
    seen = view.__dict__.get("_words_seen", {})
    lists = []
    for word in words:
        found = cache.get(word)
        if found is None and seen.get(word) is False and _fold_safe(word):
            found = cache[word] = []  # ``has_words`` found it nowhere: no search again
        if found is None:
            found = cache[word] = find_all(page_case_blind(view), (word,))
        lists.append(found)
    if len(lists) == 1:
        return lists[0]
    return sorted({at for found in lists for at in found})


#: A lead: the first word every match holds (``thứ``), the characters the part of the
#: pattern before it can hold (case-blind, white space included where it can), for
#: :func:`matches_around`.
Lead = tuple[str, frozenset[str]]


def word_lead(source: str, flags: int = 0) -> Lead | None:
    """The word a pattern's matches all hold at its top level, after a part that can hold
    only a few characters: ``(?:^|[;,:]\\s*|\\.\\s+)(?:đứng\\s+|xếp\\s+)?thứ\\s+…`` holds
    "thứ" after marks, white space and the letters of "đứng" and "xếp". None when
    the part before the word may hold any letter (a ``\\w``, a ``.``, a range), or the word
    holds only characters of that part (its place in a match would not be known).

    >>> lead = word_lead(r"(?:^|[;,:]\\s*)(?:xếp\\s+)?thứ\\s+\\d")
    >>> lead[0], sorted(ch for ch in lead[1] if not ch.isspace())
    ('thứ', [',', ':', ';', 'p', 'x', 'ế'])
    >>> word_lead(r"\\w+\\s+thứ"), word_lead(r"thứ\\s+\\d")[0]
    (None, 'thứ')
    """
    try:
        items = list(_parser.parse(_re_syntax(source), flags & re.VERBOSE))
    except (re.error, RecursionError, OverflowError):
        return None
    chars: set[str] = set()
    for i, (op, av) in enumerate(items):
        if op is c.LITERAL:
            run = []
            for op2, av2 in items[i:]:
                if op2 is not c.LITERAL:
                    break
                run.append(chr(av2))
            word = case_blind("".join(run))
            alphabet = frozenset(case_blind(ch) for ch in chars)
            if len(word) < MIN_WORD or all(ch in alphabet for ch in word):
                return None
            return word, alphabet
        held = _held(op, av)
        if held is None:
            return None
        chars |= held
    return None


def _held(op: Any, av: Any) -> set[str] | None:
    """The characters an item of a pattern can hold, or None when they are many."""
    if op in _ZERO_WIDTH:
        return set()
    if op is c.LITERAL:
        return {chr(av)}
    if op is c.IN:
        out: set[str] = set()
        for kind, value in av:
            if kind is c.LITERAL:
                out.add(chr(value))
            elif kind is c.CATEGORY and value is c.CATEGORY_SPACE:
                out |= _spaces()
            else:
                return None
        return out
    if op is c.SUBPATTERN or op is getattr(c, "ATOMIC_GROUP", None):
        sub = av[-1] if op is c.SUBPATTERN else av
        return _union(_held(o, a) for o, a in sub)
    if op is c.BRANCH:
        return _union(_held(o, a) for branch in av[1] for o, a in branch)
    if op in _REPEATS:
        return _union(_held(o, a) for o, a in av[2])
    return None


def _union(parts: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for part in parts:
        if part is None:
            return None
        out |= part
    return out


def _spaces() -> frozenset[str]:
    """Every white-space character: those ``str.isspace`` holds of (" ", the line break
    and ``ODD_SPACES``), which hold every one ``regex``'s ``\\s`` matches (the test checks
    both against every code point)."""
    return _SPACE_CHARS


_SPACE_CHARS = frozenset({" ", "\n", *ODD_SPACES})


def matches_around(view: TextView, rx: Any, lead: Lead) -> Iterator[Any]:
    """What ``rx.finditer(view.folded)`` yields for a pattern with a ``lead``
    (:func:`word_lead`), tried only just before each place of its word: a match holds
    the word, and before it only characters of the lead's part, so it begins in the
    stretch of them right before a place of the word ("; thứ hai là": at ";"). Each such
    stretch is tried from its start, the first match taken, as ``finditer`` takes the
    leftmost; a page's few "thứ" instead of its every character (~0.19 ms a page)."""
    word, alphabet = lead
    blind = page_case_blind(view)
    folded, nxt = view.folded, 0
    for at in starts_of(view, (word,)):
        if at < nxt:
            continue
        lo = at
        while lo > nxt and blind[lo - 1] in alphabet:
            lo -= 1
        for start in range(lo, at + 1):
            m = rx.match(folded, start)
            if m is not None:
                yield m
                nxt = m.end() if m.end() > start else start + 1
                break


def lines_holding(text: str, line_starts: list[int], marks: Iterable[str]) -> list[int]:
    """The indices of the lines of ``text`` (``line_starts``: where each begins) that hold
    one of ``marks`` (none a line break), ascending: ``find`` in C from line to line, so
    a table's few lines with "|" or a tab are found without asking each of a page's ~220
    lines.

    >>> lines_holding("a | b\\nplain\\nc\\td | e", [0, 6, 12], ("|", "\\t"))
    [0, 2]
    """
    found: set[int] = set()
    last = len(line_starts) - 1
    for mark in marks:
        at = text.find(mark)
        while at >= 0:
            i = bisect.bisect_right(line_starts, at) - 1
            found.add(i)
            if i == last:
                break
            at = text.find(mark, line_starts[i + 1])
    return sorted(found)


#: Letters every character ``case_blind`` writes as one of them ``key`` writes the same
#: (the test checks every code point): a word of them that ``key``'s page lacks, the
#: case-blind page lacks too, so ``starts_of`` need not look for it ("tthc", "xếp" …, on
#: a page where ``has_words`` found neither).
FOLD_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệ"
                      "ìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


@lru_cache(maxsize=4096)
def _fold_safe(word: str) -> bool:
    return all(ch in FOLD_SAFE for ch in word)


def find_all(text: str, words: Iterable[str], pos: int = 0) -> list[int]:
    """Where each of ``words`` occurs in ``text`` (overlaps too), ascending, each offset
    by ``pos`` (``text`` a slice from there): a few ``str.find`` in C instead of a
    case-blind alternation tried at every character."""
    found: list[int] = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            found.append(pos + at)
            at = text.find(word, at + 1)
    return sorted(set(found))  # "dvc" and "dvctt" open at the same place


def matches_from(rx: Any, text: str, starts: Iterable[int], pos: int = 0,
                 endpos: int | None = None) -> Iterator[Any]:
    """What ``rx.finditer(text, pos, endpos)`` yields, trying only ``starts`` (ascending).

    Exact when every place a match of ``rx`` can begin is among ``starts``: a cell of a
    metadata table opens a line or follows a "|", so only those few hundred places of a
    page are tried, each an anchored ``match`` that fails at once, instead of a search
    through every character. After a match the next is looked for from its end, as
    ``finditer`` does.
    """
    end = len(text) if endpos is None else endpos
    nxt = pos
    for at in starts:
        if at < nxt:
            continue
        if at > end:
            break
        m = rx.match(text, at, end)
        if m is not None:
            yield m
            nxt = m.end() if m.end() > at else at + 1
