"""Where a name's bounds are plain from the capitals alone, so underthesea need not run.

A person name in running text is a run of 2–4 capitalised syllables. underthesea is
needed to find where a name starts inside a longer capitalised run ("… UBND tỉnh Lạng
Sơn Nguyễn Văn Sơn": is it "Sơn Nguyễn Văn Sơn" or "Nguyễn Văn Sơn"?), but it costs
~1.7 ms a window, and most windows are not like that:

- a run where no two neighbouring syllables can both belong to a name ("các Phó Chủ
  tịch", "Chủ tịch UBND") can never be a person: ``people._confirm`` cuts a name at a
  position or unit word ("Phó", "Chủ", "Sở" …) and needs two syllables;
- a run of 2–4 syllables, none of them such a word, standing alone (a lower-case word
  or punctuation on both sides) and following a title word ("ông Trần Thế Dũng, Phó
  Giám đốc", "Ông Hoàng Trung Hải, Ủy viên") or starting with a family name ("Bộ
  trưởng Bộ Nội vụ Phạm Thị Thanh Trà phát biểu") is the name: underthesea would
  segment it as one proper noun. Not a run with a family name inside ("Huế Lê Văn
  Bình"); and before a lower-case word, its last syllable may open that word ("Nguyễn
  Tấn Dũng Lưu trữ"): underthesea's word segmentation alone, ~10× cheaper than its
  NER, tells.

``decide`` returns the names of a window when every run in it is one of these, and None
when one is not (then underthesea tags the window). ``people._confirm`` checks both
alike.
"""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import regex

from extractors.people import ner as people_ner
from extractors.people.rules import breaks_name, has_surname, words
from extractors.text.patterns import patterns
from extractors.text.view import TextView

_RUN = regex.compile(r"\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)*")
_LETTERS = regex.compile(r"\p{L}*")
_NEXT_WORDS = regex.compile(r"(?:[ ]\p{Ll}\p{L}*)(?:[ ]\p{L}+)?")


@cache
def titled() -> regex.Pattern[str]:
    """A title word right before a name: "ông ", "đồng chí ", "bà: "; not a language
    ("tiếng Anh: International Criminal Court")."""
    return patterns("people")["person.titled"].regex


@cache
def _place_words() -> frozenset[str]:
    """One-word place heads ("đường", "phường", "trường"): a run they open may be a
    place ("Đường Điện Biên Phủ") or a name ("Tổng Bí thư Trường Chinh")."""
    return frozenset(w.casefold() for w in words()["not_person_before"] if " " not in w)


@cache
def _titles() -> frozenset[str]:
    return frozenset(w.casefold() for w in words()["titles"])


def decide(view: TextView, a: int, b: int) -> list[tuple[int, int]] | None:
    """Name spans of the window ``[a, b)`` by rule, or None if underthesea must decide.

    >>> v = TextView("Đoàn do ông Trần Thế Dũng, Phó Giám đốc Sở Nội vụ làm Trưởng đoàn")
    >>> [v.text[s:e] for s, e in decide(v, 0, len(v.text))]
    ['Trần Thế Dũng']
    >>> decide(v := TextView("Chủ tịch UBND tỉnh Lạng Sơn Nguyễn Văn Sơn"), 0, len(v.text))
    """
    runs: list[tuple[int, int]] = []
    for m in _RUN.finditer(view.text, a, b):
        syllables = m.group().split(" ")
        if not _live(syllables):
            continue
        if not _alone_left(view.text, m.start(), a):
            return None
        if syllables[0].casefold() in _place_words():
            return None  # "Đường Điện Biên Phủ" a street, but "Trường Chinh" a person
        start = m.start()
        if (syllables[0].casefold() in _titles() and len(syllables) > 2
                and opens_clause(view.text, start, a)):
            start += len(syllables[0]) + 1  # "Ông Hoàng Trung Hải, Ủy viên Bộ Chính trị"
            syllables = syllables[1:]
        if not _plain_name(view, start, m.end(), syllables, a, b):
            return None
        runs.append((start, m.end()))
    # where each name ends, once every run is plain: a run that is not sends the window
    # to underthesea, which segments it whole, so its names' word segmentation (~0.1 ms
    # each on a window never seen) would be wasted
    out: list[tuple[int, int]] = []
    for start, run_end in runs:
        end = _name_end(view.text, start, run_end, b)
        if end is None:
            return None
        if end > start:
            out.append((start, end))
    return out


def _name_end(text: str, start: int, end: int, b: int) -> int | None:
    """Where the name of a plain run ends when a lower-case word follows: its last
    syllable may open that word ("Nguyễn Tấn Dũng Lưu trữ", "Nguyễn Trọng Giảng Hiệu
    trưởng"), leaving one syllable, no name ("Luật Cán bộ" → ``start``).
    underthesea's word segmentation alone (~0.1 ms) tells; None if it splits the run
    elsewhere."""
    nxt = _NEXT_WORDS.match(text, end, b)
    if not nxt:
        return end
    run = text[start:end]
    tokens = people_ner.words(run + nxt.group())
    if tokens[0] == run or tokens[0].startswith(run + " "):
        return end  # the run is whole ("Võ Chí Công kiêm" is one odd token, still whole)
    first, _, rest = run.partition(" ")
    if tokens[:2] == (first, rest) and has_surname(first):
        return end  # a family name that is also a word: "Đoàn" + "Anh Dũng" + "phát biểu"
    cut, last = run.rsplit(" ", 1)
    if tokens[0] == cut and tokens[1].startswith(last + " "):
        return start + len(cut) if " " in cut else start  # "Nguyễn Tấn Dũng" + "Lưu trữ"
    return None  # split elsewhere ("Nhật Hoa" + "Khanh"): underthesea's NER decides


def _live(syllables: list[str]) -> bool:
    """Whether some two neighbouring syllables could both be part of a name; a family
    name among the breakers may open one ("Ông Đoàn Thư").

    >>> _live(["Ông", "Đoàn", "Thư"]), _live(["Phó", "Chủ"]), _live(["Trưởng", "Đoàn"])
    (True, False, False)
    """
    return any(not breaks_name(x, first=True) and not breaks_name(y)
               for x, y in pairwise(syllables))


def _plain_name(view: TextView, start: int, end: int, syllables: list[str], a: int,
                b: int) -> bool:
    """A run that is a whole name: 2–4 syllables, no position word, nothing capitalised
    after it, after a title word or starting with a family name."""
    if not 2 <= len(syllables) <= 4 or any(
            breaks_name(s, first=i == 0) for i, s in enumerate(syllables)):
        return False
    if not _alone_right(view.text, end, b):
        return False
    if has_surname(syllables[0]) or not any(has_surname(s) for s in syllables[1:-1]):
        return True  # "Phạm Thị Thanh Trà", "Hậu Giang"; not "Huế Lê Văn Bình"
    return bool(titled().search(view.folded, max(a, start - 60), start))


def opens_clause(text: str, start: int, a: int) -> bool:
    """A capitalised title is one only where a sentence or item opens ("- Ông Vũ Huy
    Hoàng, Bí thư", "[33] Ông Đinh Bá Quang"); after a word, a number or a comma ("số
    2, Ông Ích Khiêm") it is part of a name, here a street's."""
    i = start
    while i > a and text[i - 1] in " \t":
        i -= 1
    return i == a or not (text[i - 1].isalnum() or text[i - 1] == ",")


def _alone_left(text: str, start: int, a: int) -> bool:
    """No capitalised word right before, unless punctuation ends it: "Tân Định, Nguyễn
    Văn An" is plain, "Lạng Sơn Nguyễn Văn An" is one run, "A. Nguyễn" is not plain."""
    if start == a:
        return True
    if not text[start - 1].isspace():
        return not text[start - 1].isalnum()
    i = start
    while i > a and text[i - 1].isspace():
        i -= 1
    j = i
    while j > a and not text[j - 1].isspace():
        j -= 1
    word = text[j:i]
    return not (_capitalised(word) and (word[-1].isalpha() or word[-1] == "."))


def _alone_right(text: str, end: int, b: int) -> bool:
    """No capitalised word or letter right after ("Nguyễn Văn A" is not plain)."""
    if end >= b:
        return True
    if text[end].isalnum():
        return False
    i = end
    while i < b and text[i].isspace():
        i += 1
    j = i
    while j < b and not text[j].isspace():
        j += 1
    return i in (b, end) or not _capitalised(text[i:j])


def _capitalised(word: str) -> bool:
    """A word that could continue a name: "Sơn", "Hòa", "A."; not "TỊCH", "UBND", "và"."""
    letters = _LETTERS.match(word).group()
    return letters[:1].isupper() and (len(letters) == 1 or not letters.isupper())
