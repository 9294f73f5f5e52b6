"""What scores and rankings share: the year an assessment is about, and clause windows.

A report written in January 2024 about "Chỉ số CCHC năm 2023" gives scores for 2023, and
a bullet that says "giảm 1,5 điểm so với năm 2017" is still about the document's year of
assessment, not 2017. So the year of a score or a ranking is, in order: a "năm YYYY"
earlier in its sentence (not after "so với"), one later in its sentence, and finally the
year the document's assessment phrases name most often ("kết quả Chỉ số CCHC năm 2023").
"""

from __future__ import annotations

from collections import Counter

from extractors.text.patterns import patterns
from extractors.text.prefilter import matches_from, openers, starts_of
from extractors.text.view import TextView

_PATS = patterns("years")  # the words are data: assessment/data/years.yaml
_YEAR = _PATS["year.named"].regex
_ASSESSMENT_YEAR = _PATS["year.assessment"].regex
_COMPARED = _PATS["year.compared"].regex
_TARGET = _PATS["year.target"].regex


#: The words an assessment phrase begins with ("chỉ", "xếp", "kết" …): where it is tried.
_ASSESSMENT_OPENERS = openers(_PATS["year.assessment"].source, _ASSESSMENT_YEAR.flags,
                              optional=True)


def document_year(view: TextView) -> int | None:
    """The year the document's assessment phrases name most often (read once per text as
    ``ctx.memo(document_year)``), the phrase tried only at its first words: a scan of a
    209k-character report's every character cost ~5 ms."""
    pat = _PATS["year.assessment"]
    if _ASSESSMENT_OPENERS is None:
        found = pat.regex.finditer(view.folded)
    elif not pat.may_match(view):
        return None
    else:
        found = matches_from(pat.regex, view.folded, starts_of(view, _ASSESSMENT_OPENERS))
    counts = Counter(int(m.group("year")) for m in found)
    return max(counts.items(), key=lambda kv: (kv[1], -kv[0]))[0] if counts else None


def year_at(view: TextView, start: int, end: int) -> int | None:
    """The assessment year of a figure at ``[start, end)``: see the module docstring.

    >>> v = TextView("Năm 2023 Sở tự chấm 83,3/89,5 điểm, tăng so với năm 2022.")
    >>> year_at(v, 20, 34)
    2023
    """
    s, e = view.sentence_of(start)
    s = min(s, view.line_bounds(start)[0])
    text = view.folded
    before = [m for m in _YEAR.finditer(text, s, start) if not _compared(text, s, m.start())]
    if before:
        return int(before[-1].group("year"))
    for m in _YEAR.finditer(text, end, max(e, end)):
        if not _compared(text, end, m.start(), after=True):
            return int(m.group("year"))
    return view.memo(document_year)


def _compared(text: str, lo: int, pos: int, *, after: bool = False) -> bool:
    """"so với năm 2017", or after the figure "trong năm 2024" (a target): not the
    assessed year."""
    head = text[max(lo, pos - 50):pos]
    return bool(_COMPARED.search(head) or (after and _TARGET.search(head)))


def clause_start(text: str, lo: int, pos: int, stops: str = ".;:\n") -> int:
    """Where the clause holding ``pos`` begins, not before ``lo``."""
    i = pos
    while i > lo and text[i - 1] not in stops:
        i -= 1
    return i
