"""Roles of units, read from the sentence around them.

Plans and dispatches say who does what with a few fixed constructions (Nghị định
30/2020/NĐ-CP style), and a role belongs to every unit of a list the construction
governs ("Trách nhiệm thuộc về Văn phòng Sở, Phòng Tổng hợp Quy hoạch, Thanh tra Sở"):

- ``responsible``: "Trách nhiệm (chính) thuộc về X", "X chịu trách nhiệm";
- ``lead``: "X chủ trì", "do X chủ trì", "X là cơ quan chủ trì / làm đầu mối", and the
  subject of "X phối hợp với Y" (X runs the work, Y helps);
- ``coordinate``: the object of "phối hợp (với|cùng) Y";
- ``assigned``: "Giao (cho) X", "Yêu cầu X", "X có trách nhiệm", "X được giao";
- in a table of tasks flattened to text, a unit in the column headed "Đơn vị chủ trì" is
  ``lead`` and one under "Đơn vị phối hợp" is ``coordinate``.

The cue words are data (``data/roles.yaml``, each with examples); this module reads the
sentence around a list of units and applies them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from extractors.text.patterns import patterns
from extractors.text.prefilter import case_blind, openers
from extractors.text.view import TextView
from schemas import Role

if TYPE_CHECKING:
    from extractors.units.find import Mention

_PATS = patterns("roles")  # the cues are data: units/data/roles.yaml
_GAP = _PATS["role.list_gap"].regex
_PAREN = regex.compile(r"\s*\([^()\n]{0,160}\)")
_CLAUSE_SPLIT = regex.compile(r"[.;:\n](?=\s)")
_PAREN_CLOSE = regex.compile(r"[^()\n]{0,60}?\)")
_DO_END = _PATS["role.led_by"].regex
#: The cues before a list, each with the words every match of it begins with
#: (``prefilter.openers``: "giao", "phân", "yêu" …): a clause without one of them is not
#: searched for that cue. Most clauses before a list are new ones (the cache below
#: misses on ~60% of them), and four case-blind searches of 60 characters each cost more
#: than looking for a few words in the clause lower-cased.
_LEFT = [(p.extra["role"], p.regex, openers(p.source, p.regex.flags))
         for pid, p in _PATS.items() if pid.startswith("role.before.")]
_DO_OPENERS = openers(_PATS["role.led_by"].source, _DO_END.flags)


def _finder(words: tuple[str, ...] | None) -> Callable[[str], object] | None:
    """Whether a clause lower-cased holds one of ``words`` anywhere, as one search in C
    (None: any clause may match); ``any`` over a generator cost ~1 µs a cue."""
    return None if words is None else re.compile("|".join(map(re.escape, words))).search


#: ``_LEFT`` and ``_DO_OPENERS`` with each cue's words as a search: a clause holding none
#: of them is not searched for that cue
_LEFT_FOUND = [(role, rx, _finder(words)) for role, rx, words in _LEFT]
_DO_FOUND = _finder(_DO_OPENERS)
#: All their words at once: most clauses hold none, and are then searched once, not once
#: a cue (None: some cue may match without its words)
_ANY_LEFT = (None if _DO_OPENERS is None or any(words is None for _, _, words in _LEFT)
             else _finder((*(w for _, _, words in _LEFT for w in words), *_DO_OPENERS)))
#: White space a cue after a list may open with (``role.after.*`` are matched right after
#: the list, past any white space).
_LEADING_SPACE = r"\s*"


def _after_openers(source: str, flags: int) -> tuple[str, ...] | None:
    """The words a cue after a list opens with past its leading white space (" chủ trì"
    → "chủ"), or None (the cue is then always tried)."""
    body = source.lstrip()
    if not body.startswith(_LEADING_SPACE):
        return None
    return openers(body[len(_LEADING_SPACE):], flags, optional=True)


#: The cues after a list, each with its openers: ~14 lists a page, and four regex matches
#: after each cost more than asking whether the words after it open with "chủ", "là",
#: "có", "được", "chịu" or "phối" (case-blind, past white space).
_RIGHT = [(p.extra["role"], p.regex, _after_openers(p.source, p.regex.flags))
          for pid, p in _PATS.items() if pid.startswith("role.after.")]
#: Every cue's openers at once: after most lists no cue opens, and none is then tried.
_RIGHT_OPENERS = (None if any(words is None for _, _, words in _RIGHT)
                  else tuple(w for _, _, words in _RIGHT for w in words))
#: The column headings, each with its openers ("chủ", "phối"): a cell is matched whole
#: only if it opens with one.
_TABLE_COLUMNS = [(p.extra["role"], p.regex, openers(p.source, p.regex.flags))
                  for pid, p in _PATS.items() if pid.startswith("role.column.")]


def assign(view: TextView, mentions: list[Mention]) -> None:
    """Add to each mention the roles its sentence gives it (in place)."""
    ordered = sorted(mentions, key=lambda x: x.start)
    for chain in _chains(view, ordered):
        found = _roles_of_chain(view, chain)
        for x in chain:
            x.roles |= found
    _table_roles(view, ordered)


def _chains(view: TextView, ordered: list[Mention]) -> list[list[Mention]]:
    """Runs of mentions joined only by commas or "và" (one list governed together)."""
    chains: list[list[Mention]] = []
    for x in ordered:
        if chains:
            prev = chains[-1][-1]
            gap = view.folded[prev.end:x.start]
            if prev.end <= x.start and len(gap) <= 14 and "\n" not in gap and _GAP.match(gap):
                chains[-1].append(x)
                continue
        chains.append([x])
    return chains


def _roles_of_chain(view: TextView, chain: list[Mention]) -> set[Role]:
    """Roles the words before the first and after the last mention give the list."""
    s = view.folded
    sent_start, _ = view.sentence_of(chain[0].start)
    left = s[max(sent_start, chain[0].start - 60):chain[0].start]
    if "." in left or ";" in left or "\n" in left:  # a clause mark ([.;\n]) in it
        left = _CLAUSE_SPLIT.split(left)[-1]
    found, led_by = _left_cues(left)
    end = chain[-1].end
    after = s[end:end + 61]
    # a bracket right after ("(Phòng CCHC)") or one closing after a few words; neither
    # can match without "(" first (past white space) or a ")" in reach
    c = after[:1]
    if c.isspace():  # past white space, only a "(" opens one (a run past reach: try)
        rest = after.lstrip()
        c = rest[:1] or "("
    paren = _PAREN.match(s, end) if c == "(" else None
    if not paren and ")" in after:
        paren = _PAREN_CLOSE.match(after)
    if paren:
        end = paren.end() if paren.re is _PAREN else end + paren.end()
    right = s[end:end + 40]
    # a cue opens past white space (all that ``regex`` reads as ``\s`` is ``str.isspace``)
    low = case_blind(right.lstrip())
    if _RIGHT_OPENERS is None or low.startswith(_RIGHT_OPENERS):
        found = {*found, *(role for role, rx, words in _RIGHT  # _opens, inlined
                           if (words is None or low.startswith(words)) and rx.match(right))}
    else:
        found = set(found)
    if led_by and Role.lead in found:
        found.discard(Role.assigned)
    return found


@lru_cache(maxsize=8192)
def _left_cues(left: str) -> tuple[frozenset[Role], bool]:
    """The roles the clause before a list gives it, and whether it ends in "do" (the
    list leads). Cached: the words before a list recur ("Giao ", "phối hợp với ")."""
    low = case_blind(left)
    if _ANY_LEFT is not None and _ANY_LEFT(low) is None:
        return frozenset(), False
    return (frozenset(role for role, rx, holds in _LEFT_FOUND
                      if (holds is None or holds(low)) and rx.search(left)),
            (_DO_FOUND is None or _DO_FOUND(low) is not None) and bool(_DO_END.search(left)))


def _opens(words: tuple[str, ...] | None, low: str) -> bool:
    """Whether ``low`` (``prefilter.case_blind``) opens with one of ``words`` (None: any)."""
    return words is None or low.startswith(words)


def _cells(line: str) -> list[tuple[int, int]] | None:
    """Cell bounds of a table row written with "|" or tabs, or None."""
    sep = "|" if line.count("|") >= 2 else ("\t" if line.count("\t") >= 2 else None)
    if sep is None:
        return None
    bounds, start = [], 0
    while (i := line.find(sep, start)) >= 0:  # in C: a row may be a whole page long
        bounds.append((start, i))
        start = i + 1
    bounds.append((start, len(line)))
    return bounds


def _table_roles(view: TextView, ordered: list[Mention]) -> None:
    """"| Nội dung | Đơn vị chủ trì | Đơn vị phối hợp |": roles by column.

    A row's columns are those of the last header row above it in the same table (rows
    written with "|" or tabs, one after another); only rows that hold a mention are
    read, and the rows above them as far as their header."""
    if not ordered or ("|" not in view.text and "\t" not in view.text):
        return
    rows = _Rows(view)
    by_line: dict[int, list[Mention]] = {}
    for x in ordered:
        by_line.setdefault(view.line_of(x.start), []).append(x)
    for i, xs in by_line.items():
        cells = rows.cells(i)
        if cells is None or rows.header(i):
            continue
        columns = rows.columns_above(i)
        line_start, line_end = rows.bounds(i)
        for x in xs:
            if x.start < line_end:  # not on the line break itself
                col = next((j for j, (a, b) in enumerate(cells)
                            if a <= x.start - line_start < b), None)
                if col in columns:
                    x.roles.add(columns[col])


class _Rows:
    """The lines of one text read as table rows on demand: cells, header, columns."""

    def __init__(self, view: TextView) -> None:
        self.view = view
        self._cells: dict[int, list[tuple[int, int]] | None] = {}
        self._headers: dict[int, dict[int, Role]] = {}
        self._above: dict[int, dict[int, Role]] = {}

    def bounds(self, i: int) -> tuple[int, int]:
        starts = self.view.line_starts
        return starts[i], (starts[i + 1] - 1 if i + 1 < len(starts) else len(self.view.text))

    def cells(self, i: int) -> list[tuple[int, int]] | None:
        if i not in self._cells:
            a, b = self.bounds(i)
            self._cells[i] = _cells(self.view.text[a:b])  # the folded view has no tabs
        return self._cells[i]

    def header(self, i: int) -> dict[int, Role]:
        """The roles of a header row's columns ("Đơn vị chủ trì"), empty for another row."""
        if i not in self._headers:
            start, end = self.bounds(i)
            line = self.view.folded[start:end]
            columns: dict[int, Role] = {}
            for j, (a, b) in enumerate(self.cells(i) or ()):
                cell = line[a:b]
                unit = "đơn vị" in cell.lower()
                opening = case_blind(cell.strip())
                for role, rx, words in _TABLE_COLUMNS:
                    if (unit and rx.search(cell)) or (
                            _opens(words, opening) and rx.fullmatch(cell.strip())):
                        columns[j] = role
            self._headers[i] = columns
        return self._headers[i]

    def columns_above(self, i: int) -> dict[int, Role]:
        """The columns of the nearest header row above row ``i`` in its table, or none."""
        walked, columns = [], {}
        j = i - 1
        while j >= 0:
            if j in self._above:
                columns = self._above[j]
                break
            walked.append(j)
            if self.cells(j) is None:
                break
            if self.header(j):
                columns = self.header(j)
                break
            j -= 1
        for k in walked:  # what holds after each walked row, for the rows below it
            self._above[k] = columns
        return columns
