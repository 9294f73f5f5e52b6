"""The unit grammar: a unit head, then its name up to the natural boundary.

Vietnamese names a state body as a head noun and a complement: "Phòng Tổng hợp Quy
hoạch", "UBND huyện Đại Từ", "Văn phòng Sở", "Trung tâm Phục vụ hành chính công tỉnh".
A generic NER model misses most of these, so they are read here by rule, on the folded
view (``TextView.folded``) so that "Uỷ ban" and "Ủy ban" are one word.

Where a name ends (the right boundary) is the hard part, because names mix capitalised
and lower-case words ("Trung tâm xúc tiến đầu tư") just as the verbs after them do:

- punctuation, a line break, a digit, or a word of ``name_stops`` (verbs and prepositions:
  "Phòng Tư pháp *chủ trì*", "Sở Nội vụ *về* …") end a name;
- a place-level word with its capitalised place name ends it too, kept as the name's
  place qualifier ("Sở Xây dựng tỉnh Thái Bình");
- a dash or "và" continues a name only into a capitalised word that is not another head
  ("Sở Giao thông – Vận tải", but "Cục Đăng ký Kinh doanh - Bộ Kế hoạch và Đầu tư" is two);
- an internal unit's owner body is part of its name ("Phòng Cải cách hành chính Sở Nội
  vụ", "Văn phòng UBND tỉnh"), and the owner is reported as a unit of its own;
- "của"/"thuộc" + a bare owner ("của Sở", "của tỉnh") is kept only after a collegial head
  (Ban, Hội đồng, Tổ, Bộ phận, Đoàn): "Ban chỉ đạo cải cách hành chính của Sở" is that
  Ban's name, while in "Phòng Kế hoạch thuộc Sở" the "thuộc Sở" only says where it sits.

Level bodies (UBND, HĐND, Công an …) take a level, not a name: "UBND tỉnh", "UBND xã Tân
Lập"; "UBND cấp huyện" and "UBND các huyện" name no body and are not units.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import regex

from extractors.lexicon import bodies
from extractors.lexicon.places import is_commune_2025, is_place_name
from extractors.text.patterns import alternation, patterns
from extractors.text.trie import trie_alternation
from extractors.units.heads import head_regex, head_tree, head_words

#: a word (``unit.name_word``: "D'Ran", "KH&ĐT") or one other character, after white space
_NAME_WORD = patterns("units")["unit.name_word"]
_TOKEN = regex.compile(rf"(\s*)(?:({_NAME_WORD.regex.pattern})|(\S))")
#: ``_TOKEN`` for the common token, by stdlib ``re`` (~0.4 µs a token less than
#: ``regex``): spaces, tabs and line breaks, then a word of letters and digits as Python
#: reads them, with "&" inside, or one ASCII mark. Every such letter or digit is
#: ``[\p{L}\p{N}]`` to ``regex`` too (its Unicode is as new as Python's or newer, see
#: the test), so ``_TOKEN`` reads the same token wherever the character after it is ASCII
#: and no "'" (``Reader.token`` asks ``_TOKEN`` elsewhere). Only for ``unit.name_word``
#: as written here: None if the data file's pattern is another.
_FAST_TOKEN = (re.compile(r"([ \t\n]*)(?:([^\W_](?:[^\W_]|&)*)|([!-/:-@\[-`{-~]))")
               if _NAME_WORD.source == r"[\p{L}\p{N}](?:[\p{L}\p{N}&]|'(?=\p{L}))*" else None)
_SPACES = regex.compile(r"\s+")
_LOWER_RUN = regex.compile(r"\p{Ll}+")
_MAX_WORDS = 12
_SOFT_WRAP = 40  # a line at least this long that breaks mid-name was wrapped, not ended
_CONNECTOR = patterns("units")["unit.connector"].regex
_YEAR = patterns("units")["unit.collegial_year"].regex
#: "Quận 1", "Phường 12" are places; "UBND tỉnh 95,43 điểm" ends before the figure.
_DECIMAL = regex.compile(r"[.,]\d")
_PROPER_ONLY = frozenset({"sở", "bộ", "cục", "tổng cục", "chi cục", "vụ", "ủy ban"})
_COMMA_OWNER = patterns("units")["unit.comma_owner"].regex


@dataclass
class Parsed:
    """One unit read at a head: where it is, its head, name words and nested owners."""

    start: int
    end: int
    head: str
    level: bool
    known: bodies.Body | None = None
    core_end: int = 0
    place_name: bool = False
    nested: list[Parsed] = field(default_factory=list)


@cache
def _words() -> dict[str, frozenset[str]]:
    w = bodies.unit_words()
    return {k: frozenset(x.lower() for x in v) for k, v in w.items()}


@cache
def _head_only() -> regex.Pattern[str]:
    """Just the head words, to tell the head of a listed name ("Phòng" of "Phòng Y tế")."""
    w = bodies.unit_words()
    alt = alternation([*w["heads_level"], *w["heads_named"], *w["owners"]])
    return regex.compile(rf"({alt})(?![\p{{L}}\p{{N}}&])", regex.I)


@cache
def stop_regex() -> regex.Pattern[str]:
    alt = alternation(list(bodies.unit_words()["name_stops"]))
    return regex.compile(rf"{alt}(?![\p{{L}}\p{{N}}])", regex.I)


@cache
def _not_a_name() -> regex.Pattern[str]:
    alt = alternation(list(bodies.unit_words()["not_a_name"]))
    return regex.compile(rf"{alt}(?![\p{{L}}\p{{N}}])", regex.I)


# "trưởng" after a head makes a position in any case: "Bộ Trưởng", "Cục Trưởng", "Tổ Trưởng".
_POSITION_WORD = patterns("units")["unit.position_word"].regex
#: Not yet asked (a position's answer may be None).
_UNSEEN = object()


@cache
def _places() -> regex.Pattern[str]:
    alt = alternation(_place_words())
    return regex.compile(rf"(?:tp\.\s*|{alt}(?![\p{{L}}\p{{N}}]))", regex.I)


def _place_words() -> list[str]:
    return [p for p in bodies.unit_words()["places"] if p != "tp."]


@dataclass(frozen=True)
class _Lists:
    """The grammar's word lists as patterns for one form of the text: case-blind
    ``regex`` alternations on the folded text, or their twins on the lower-cased text
    (see :func:`_trees`). Each is matched at a known position."""

    head: re.Pattern[str] | regex.Pattern[str]
    head_only: re.Pattern[str] | regex.Pattern[str]
    stop: re.Pattern[str] | regex.Pattern[str]
    not_a_name: re.Pattern[str] | regex.Pattern[str]
    places: re.Pattern[str] | regex.Pattern[str]
    #: the characters a match of ``head``, ``stop`` and ``places`` can begin with in the
    #: text the lists are matched in (``_ANY`` for the case-blind alternations)
    head_first: Container[str] = field(default_factory=lambda: _ANY)
    stop_first: Container[str] = field(default_factory=lambda: _ANY)
    places_first: Container[str] = field(default_factory=lambda: _ANY)


class _Anything:
    """A set that holds every character: the case-blind lists are not pre-tested."""

    def __contains__(self, item: object) -> bool:
        return True


_ANY = _Anything()


def _firsts(words: Iterable[str]) -> frozenset[str]:
    """The first characters of lower-cased words: where a prefix tree of them can match
    at all ("sở", "phòng", "ubnd" … begin with "s", "p", "u"). The grammar tests a
    position's character against it before it calls the pattern (most places after a
    name's words are no place word: "Sở Nội vụ *chủ trì*")."""
    return frozenset(w.lower()[0] for w in words)


@cache
def _flat() -> _Lists:
    return _Lists(head_regex(), _head_only(), stop_regex(), _not_a_name(), _places())


def lists_for(folded: str, lowered: str | None) -> tuple[str, _Lists]:
    """The text to match the word lists in and the lists for it: the lower-cased twin
    with the prefix trees where there is one (``TextView.folded_lower``, or a name
    lower-cased here), else the folded text with the case-blind alternations. So a
    rare test ("Đoàn Thanh niên" after "Bí thư") does not compile the flat lists at
    all in a process that never needs them (~9 ms)."""
    return (folded, _flat()) if lowered is None else (lowered, _trees())


def lowered_twin(s: str) -> str | None:
    """``s`` lower-cased, or None where that moves offsets ("İ")."""
    low = s.lower()
    return low if len(low) == len(s) else None


def _tree(words: list[str] | tuple[str, ...]) -> str:
    return trie_alternation([w.lower() for w in words])


@cache
def _trees() -> _Lists:
    """``_flat`` for lower-cased text, as prefix trees in stdlib ``re`` (as
    ``heads.head_tree``: ``[^\\W_]`` is a letter or digit). The grammar matches these
    lists ~100 times a page; a case-blind flat alternation of a hundred words costs 3–6
    µs a call, its prefix tree under 1 µs, with the same matches at the same offsets."""
    w = bodies.unit_words()
    head_only = _tree([*w["heads_level"], *w["heads_named"], *w["owners"]])
    return _Lists(
        head=head_tree(),
        head_only=re.compile(rf"({head_only})(?![^\W_]|&)"),
        stop=re.compile(rf"{_tree(w['name_stops'])}(?![^\W_])"),
        not_a_name=re.compile(rf"{_tree(w['not_a_name'])}(?![^\W_])"),
        places=re.compile(rf"(?:tp\.\s*|{_tree(_place_words())}(?![^\W_]))"),
        head_first=_firsts(head_words()),
        stop_first=_firsts(w["name_stops"]),
        places_first=_firsts(["tp.", *_place_words()]),
    )


def is_upper_line(text: str) -> bool:
    """A header line in capitals ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ"): every letter upper case."""
    if not text.isupper():
        return False
    letters = 0
    for c in text:  # at least 4 letters; stop counting there
        if c.isalpha():
            letters += 1
            if letters == 4:
                return True
    return False


@lru_cache(maxsize=1024)
def head_word(head: str) -> str:
    """A head as the word lists write it: lower case, a run of white space one space
    ("Ủy\nban" → "ủy ban"). Cached: a page's heads are a few words, and a ``regex``
    substitution cost more than the rest of the test."""
    return (head if head.isalpha() else _SPACES.sub(" ", head)).lower()


@lru_cache(maxsize=1024)
def _first_word(name: str) -> str:
    """A listed name's head word, lower-cased ("Sở Nội vụ" → "sở")."""
    return name.split()[0].lower()


def _cap(word: str) -> bool:
    return word[:1].isupper()


class Reader:
    """Reads units at heads in one folded text.

    ``lowered`` is the folded text lower-cased at the same offsets
    (``TextView.folded_lower``); given, the word lists are matched on it by their
    prefix trees (``self.t``, ``self.p``), else case-blind on the folded text."""

    def __init__(self, folded: str, lowered: str | None = None) -> None:
        self.s = folded
        self.t, self.p = (folded, _flat()) if lowered is None else (lowered, _trees())
        self.lowered = lowered
        self.w = _words()
        # what the grammar asks of a position more than once, kept per position
        self._tokens: dict[int, tuple[int, int, str, bool] | None] = {}
        self._heads: dict[int, re.Match[str] | regex.Match[str] | None] = {}
        self._places: dict[int, tuple[int, bool] | None] = {}
        self._stops: dict[int, int] = {}
        self._reads: dict[tuple[int, bool], Parsed | None] = {}
        #: whether the line starting at an offset is a header in capitals (``is_upper_line``)
        self.upper_lines: dict[int, bool] = {}

    # -- tokens --------------------------------------------------------------------
    def token(self, pos: int) -> tuple[int, int, str, bool] | None:
        """The next token after ``pos``: (start, end, text, crossed_newline). Kept per
        position: the grammar asks for the word after a head or a name several times."""
        out = self._tokens.get(pos, _UNSEEN)
        if out is not _UNSEEN:
            return out
        m = _FAST_TOKEN.match(self.s, pos) if _FAST_TOKEN else None
        if m is None or (m.lastindex == 2 and (
                (after := self.s[m.end():m.end() + 1]) > "\x7f" or after == "'")):
            m = _TOKEN.match(self.s, pos)  # a word may go on past it ("H'leo")
        out = None
        if m:
            ws, word, other = m.groups()
            tok, end = word or other, m.end()
            out = end - len(tok), end, tok, "\n" in ws and self._hard_break(pos, ws, tok)
        self._tokens[pos] = out
        return out

    def _hard_break(self, pos: int, ws: str, tok: str) -> bool:
        """A line break that ends a name: a blank line, a list mark, or the end of a short
        line (a header). A long line wrapped by a PDF converter ("… Phòng Quản lý /
        thương mại") goes on."""
        if "\n" not in ws:
            return False
        if ws.count("\n") > 1 or tok in "-+•*":
            return True
        line_start = self.s.rfind("\n", 0, pos) + 1
        return pos - line_start < _SOFT_WRAP

    def is_head_at(self, pos: int) -> re.Match[str] | regex.Match[str] | None:
        """A capitalised head at ``pos`` that is not an ordinary word ("Tổ quốc")."""
        m = self._heads.get(pos, _UNSEEN)
        if m is not _UNSEEN:
            return m
        m = self.p.head.match(self.t, pos) if self.t[pos] in self.p.head_first else None
        if m and self.s[m.start(1)].isupper():
            nxt = self.token(m.end())
            if nxt and not nxt[3] and self._not_a_name_at(nxt):
                m = None
        else:
            m = None
        self._heads[pos] = m
        return m

    def _not_a_name_at(self, tok: tuple) -> bool:
        """Whether the word after a head makes it an ordinary word ("Ban hành", "Tổ chức",
        "phòng chuyên môn") or a position ("Bộ Trưởng", typed in title case); any other
        capitalised word there is a name ("Trung tâm Hành chính công")."""
        if _POSITION_WORD.match(self.s, tok[0]):
            return True
        if tok[2][0].isupper() and not tok[2].isupper():
            return False
        return bool(self.p.not_a_name.match(self.t, tok[0]))

    def place_at(self, pos: int) -> tuple[int, bool] | None:
        """A place qualifier at ``pos``: "tỉnh", "huyện Đại Từ", "TP. Thái Nguyên".
        Returns (end, has_place_name). Kept per position; a position whose character no
        place word begins with ("Sở Nội *v*ụ") is none without a pattern call."""
        out = self._places.get(pos, _UNSEEN)
        if out is _UNSEEN:
            out = self._place_at(pos) if self.t[pos] in self.p.places_first else None
            self._places[pos] = out
        return out

    def _place_at(self, pos: int) -> tuple[int, bool] | None:
        m = self.p.places.match(self.t, pos)
        if not m:
            return None
        end, named = m.end(), False
        if m.group(0).lower().startswith("tp"):
            end = m.end()
        count = 0
        while count < 5:
            t = self.token(end)
            if t is None or t[3]:
                break
            if t[2] == "-" and count:
                nxt = self.token(t[1])
                if nxt and _cap(nxt[2]) and not nxt[3]:
                    end, count = nxt[1], count + 1
                    continue
                break
            numbered = t[2].isdigit() and count == 0 and not _DECIMAL.match(self.s, t[1])
            if t[2].isdigit() and count and self._numbered_commune(m.end(), t):
                end, count = t[1], count + 1  # "xã Đam Rông 3", "phường Móng Cái 1"
                break
            if not (_cap(t[2]) or numbered) or (
                    self.is_head_at(t[0]) and not (count == 0 and self.place_name_at(t[0]))):
                break
            stop = self.p.stop.match(self.t, t[0]) if t[2].isupper() else None
            if stop and " " in stop.group(0):
                break  # "PHÒNG TƯ PHÁP HUYỆN TỔ CHỨC …": a verb in a capitals headline
            end, named, count = t[1], True, count + 1
        return end, named

    def place_name_at(self, pos: int) -> int:
        """The end of a registered place name of two or three capitalised words that
        starts with a head ("xã Đoàn Kết": a commune, not a delegation), or 0."""
        end, words = pos, []
        for _ in range(3):
            t = self.token(end)
            if t is None or t[3] or not _cap(t[2]):
                break
            words.append(t[2])
            end = t[1]
        for n in range(len(words), 1, -1):
            if is_place_name(" ".join(words[:n])):
                return self._end_of(pos, n)
        return 0

    def _end_of(self, pos: int, n: int) -> int:
        """The end of the ``n``-th token from ``pos``."""
        for _ in range(n):
            pos = self.token(pos)[1]
        return pos

    def _numbered_commune(self, name_start: int, t: tuple) -> bool:
        """A number after a place name is part of it only where a commune since 2025 is
        so named ("UBND xã Đam Rông 3"); "UBND tỉnh Lâm Đồng 3 năm" ends before it."""
        if _DECIMAL.match(self.s, t[1]) or len(t[2]) > 2:
            return False
        return is_commune_2025(f"{self.s[name_start:t[0]].strip()} {t[2]}")

    # -- units ---------------------------------------------------------------------
    def read(self, pos: int, upper: bool = False) -> Parsed | None:
        """The unit whose head starts at ``pos``, or None. Kept per position: a head read
        while reading the name before it (as its owner: "Phòng Tư pháp Sở …") is read
        again when the scan of heads reaches it, wherever that name did not take it in
        (376 of 8,262 reads on 300 bulk pages). Nothing changes a ``Parsed`` once it is
        returned, so both may share it."""
        key = (pos, upper)
        if key not in self._reads:
            self._reads[key] = self._read(pos, upper)
        return self._reads[key]

    def _read(self, pos: int, upper: bool) -> Parsed | None:
        known = bodies.match_at(self.s, pos, self.lowered)
        if known and self._ends_name(known[0], known[1]):
            return self._known(pos, *known)
        m = self.p.head_only.match(self.t, pos)
        if not m:
            return None
        head = head_word(m.group(1))
        if head in self.w["heads_level"] or head == "ủy ban":
            found = self._level(pos, m.end(), head, upper)
            if found or head != "ủy ban":
                return found
        if head in self.w["heads_named"] or head in self.w["owners"]:
            return self._named(pos, m.end(), head, upper)
        return None

    def _ends_name(self, end: int, body: bodies.Body) -> bool:
        """Whether a listed name ends at ``end``: "Phòng Kinh tế" is listed, but "Phòng
        Kinh tế Đối ngoại" (a capitalised word) and, for a district office's short
        name, "Phòng Kinh tế ngành" (a lower-case non-verb) go on."""
        t = self.token(end)
        if t is None or t[3] or not t[2][0].isalnum() or t[2].isdigit():
            return True
        if self.place_at(t[0]) or self.is_head_at(t[0]) or self._stop_at(t[2], t[0], False):
            return True
        return body.level != "district"  # "Bộ Nội vụ Phạm Thị Thanh Trà": a name follows

    def _known(self, pos: int, end: int, body: bodies.Body) -> Parsed:
        out = Parsed(pos, end, _first_word(body.name), False, known=body, core_end=end)
        t = self.token(end)
        place = self.place_at(t[0]) if t else None
        if place and not t[3]:
            out.end, out.place_name = place
        return out

    def _level(self, pos: int, end: int, head: str, upper: bool = False) -> Parsed | None:
        """"UBND huyện Đại Từ"; in a header in capitals the level may sit on the next
        line ("ỦY BAN NHÂN DÂN / TỈNH KHÁNH HÒA")."""
        t = self.token(end)
        if t is None or (t[3] and not (upper and t[2].isupper())):
            return None
        place = self.place_at(t[0])
        if not place:
            return None
        return Parsed(pos, place[0], head, True, place_name=place[1])

    def _named(self, pos: int, end: int, head: str, upper: bool) -> Parsed | None:
        """A named head's complement: a proper name, an owner, or a place (Thanh tra)."""
        first = self.token(end)
        if first is None or first[3] or first[2] in ",;:.()":
            return None
        if self._not_a_name_at(first):
            return None
        if head in _PROPER_ONLY and not (_cap(first[2]) or upper):
            return None  # "Cục chính thức", "Bộ chủ quản": Cục, Sở, Bộ names are capitalised
        out = Parsed(pos, end, head, False)
        if head in self.w["owners"] and head not in ("cục", "tổng cục", "chi cục"):
            return self._body_name(out, first, upper)
        nested = self.is_head_at(first[0])
        if nested:
            inner = self.read(first[0])
            if inner:
                out.end, out.nested = inner.end, [inner, *inner.nested]
                return out
            if nested.group(1).lower() in self.w["owners"]:
                out.end = nested.end()
                return out
            return None
        if head == "thanh tra" and (p := self.place_at(first[0])):
            out.end, out.place_name = p
            return out
        return self._body_name(out, first, upper)

    def _stop_at(self, tok: str, start: int, upper: bool) -> int:
        """Length of a stop phrase at ``start``, or 0. Only a lower-case word stops a
        name ("Trung tâm Kiểm soát" is a name, "… kiểm soát hồ sơ" a verb), except in a
        line of capitals where every word is upper case."""
        if tok[0].isupper() and not upper and not (len(tok) > 1 and tok.isupper()):
            return 0
        n = self._stops.get(start)
        if n is None:
            m = (self.p.stop.match(self.t, start) if self.t[start] in self.p.stop_first
                 else None)
            n = self._stops[start] = m.end() - start if m else 0
        return n

    def _body_name(self, out: Parsed, first: tuple, upper: bool) -> Parsed | None:
        """Read the name words after the head up to the right boundary."""
        collegial = out.head in self.w["heads_collegial"]
        first_cap = first[2][0].isupper()
        lower_first = upper or not first_cap
        if not first_cap and not (upper or collegial or self._mid_sentence(out.start)):
            return None
        pos, words, last_cap = first[0], 0, None
        stop = self._stop_at(first[2], first[0], upper)
        if stop:
            if not (collegial and lower_first) or " " not in self.s[pos:pos + stop]:
                return None
            # the purpose of a collegial body: "Đoàn kiểm tra", "Ban chỉ đạo"
            out.end = pos = first[0] + stop
            words = 1
        while words < _MAX_WORDS:
            t = self.token(pos)
            if t is None or t[3]:
                break
            start, end, tok, _ = t
            if tok == "-":
                nxt = self.token(end)
                if nxt and _cap(nxt[2]) and not nxt[3] and not self.is_head_at(nxt[0]):
                    pos = end
                    continue
                break
            if tok == "," and collegial and lower_first and self._comma_owner(out, end):
                return out
            if not tok[0].isalnum() or tok.isdigit():
                break
            if words and self.is_head_at(start):
                self._owner(out, start, words)
                return out if out.end > out.start else None
            if words and (p := self.place_at(start)):
                out.end, out.place_name = p
                return out
            if self._stop_at(tok, start, upper):
                if self._keep_connector(out, start, collegial):
                    return out
                if self._year(out, start, collegial):
                    return out
                break
            words += 1
            out.end = end
            if tok[0].isupper():
                last_cap = end
            pos = end
        if words >= _MAX_WORDS:
            if last_cap is None:
                return None
            out.end = last_cap
        return out if words else None

    def _comma_owner(self, out: Parsed, pos: int) -> bool:
        """A collegial name with a comma, closed by its owner: "Hội đồng đánh giá, chấm
        điểm xác định chỉ số CCHC của Sở", "Bộ phận tiếp nhận, giải quyết TTHC của Sở"."""
        m = _COMMA_OWNER.match(self.s, pos)
        if not m or any(self._stop_at(w.group(0), m.start("words") + w.start(), False)
                        for w in _LOWER_RUN.finditer(m.group("words"))):
            return False
        out.end = m.end()
        inner = self.read(m.start("owner")) if _cap(m.group("owner")) else None
        if inner:
            out.end, out.nested = inner.end, [inner, *inner.nested]
        return True

    def _owner(self, out: Parsed, start: int, words: int) -> None:
        """An owner after the name: part of the name ("Phòng CCHC Sở Nội vụ")."""
        m = self.is_head_at(start)
        word = m.group(1).lower()
        if out.head in ("sở", "bộ"):
            return
        inner = self.read(start)
        if word in self.w["heads_named"] - {"bộ", "sở", "ủy ban"} and not (
                word == "văn phòng" and inner and inner.nested):
            return
        if inner:
            out.end, out.nested = inner.end, [inner, *inner.nested]
        elif word in self.w["owners"]:
            out.end = m.end()

    def _keep_connector(self, out: Parsed, start: int, collegial: bool) -> bool:
        """"và" into a capitalised non-head word continues the name; "của/thuộc" + a bare
        owner ends a collegial name ("Hội đồng CCHC của tỉnh")."""
        m = _CONNECTOR.match(self.s, start)
        if not m:
            return False
        nxt = self.token(start + len(m.group("word")))
        if nxt is None or nxt[3]:
            return False
        if m.group("word").lower() == "và":
            if _cap(nxt[2]) and not self.is_head_at(nxt[0]):
                out.end = nxt[1]
                rest = self._continue(out, nxt[1], collegial)
                return rest
            return False
        if not collegial:
            return False
        word = nxt[2].lower()
        if word in ("sở", "bộ", "cục") or self.place_at(nxt[0]):
            place = self.place_at(nxt[0])
            out.end = place[0] if place else nxt[1]
            return True
        return False

    def _continue(self, out: Parsed, pos: int, collegial: bool) -> bool:
        """Go on reading name words after a "và" ("Kiểm soát TTHC và Phục vụ …")."""
        t = self.token(pos)
        if t is None:
            return True
        saved = out.end
        sub = Parsed(out.start, out.end, out.head, False)
        tail = self._body_name(sub, t, True) if not t[3] and t[2][0].isalnum() else None
        out.end = tail.end if tail else saved
        out.place_name, out.nested = (tail.place_name, tail.nested) if tail else (False, [])
        return True

    def _year(self, out: Parsed, start: int, collegial: bool) -> bool:
        """A collegial body set up for one year keeps it: "Đoàn kiểm tra … năm 2021"."""
        m = _YEAR.match(self.s, start)
        if collegial and m:
            out.end = m.end()
            return True
        return False

    def _mid_sentence(self, pos: int) -> bool:
        """Whether ``pos`` is inside a sentence (a capital there is meaningful)."""
        before = self.s[max(0, pos - 4):pos].rstrip(" ")
        return bool(before) and before[-1] not in ".!?:\n-+•*)" and not before.endswith("..")
