"""Repair what OCR gets wrong in ways the extractors cannot read past, and only that.

Two kinds of repair, both from data (``data/ocr_fix.yaml``), both counted:

- *splits*: a date or a document number with a stray space or letter in it ("ngày 27/
  11/2024", "163/2024/QHI15") is rejoined by the file's rules, each shaped so that only a
  date or a number of that shape matches ("18/ 22 đơn vị" stays);
- *tone marks*: a run of words that spells a known name or phrase but for its marks
  ("UBND TỈNH LÂM ĐÒNG", "VÈ VIỆC", "GIÁM ĐÓC") takes the listed marks, keeping its own
  case. Known are the lexicon's provinces, bodies and positions
  (:func:`extractors.lexicon.known_spellings`), the file's fixed phrases and, when the
  caller passes one, a set of syllables a word may be repaired to. A run is repaired only
  when one listed spelling is nearest to it (by letters changed); "Đăk Lăk" and "Đắk
  Lắk" are both listed, so neither is changed into the other.

A name (a province, a body) is repaired only where it is written as a name, in capitals
or with its own capitals ("Sở Kể hoạch và Đầu tư" → "Sở Kế hoạch và Đầu tư"); a position
or a phrase also in lower case ("giám đóc" → "giám đốc").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from extractors.lexicon import bodies, gazetteer, known_spellings

DATA = Path(__file__).resolve().parent / "data" / "ocr_fix.yaml"
#: Longest run of words compared with the known spellings.
MAX_WORDS = 12
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Rule:
    """One rejoining rule of ``ocr_fix.yaml``."""

    id: str
    kind: str
    pattern: re.Pattern[str]
    replace: str


@cache
def data() -> dict:
    """``ocr_fix.yaml`` as loaded (the test reads its examples from here)."""
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(Rule(r["id"], r["kind"], re.compile(r["pattern"]), r["replace"])
                 for r in data()["rules"])


def bare(word: str) -> str:
    """A word without its marks, lower case, "đ" as "d": what OCR keeps when it loses
    the marks ("ĐÒNG" → "dong")."""
    s = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in s if not unicodedata.combining(ch))


@dataclass(frozen=True)
class _Spelling:
    words: tuple[str, ...]  # lower case
    lower_ok: bool  # may repair a run written in lower case
    capitals: tuple[bool, ...]  # which words the listed spelling capitalises


@cache
def _table(extra: frozenset[str] = frozenset()) -> dict[tuple[str, ...], tuple[_Spelling, ...]]:
    """Bare words of a spelling → its spellings (more than one: an ambiguous key)."""
    positions = set(known_spellings()) - _names()
    entries = [(s, s in positions) for s in known_spellings()]
    entries += [(p, True) for p in data()["phrases"]]
    entries += [(s, True) for s in extra]
    table: dict[tuple[str, ...], dict[tuple[str, ...], _Spelling]] = {}
    for spelling, lower_ok in entries:
        words = tuple(_WORD.findall(unicodedata.normalize("NFC", spelling)))
        if len(words) < 2 and spelling not in extra:
            continue
        key = tuple(bare(w) for w in words)
        lowered = tuple(w.lower() for w in words)
        known = table.setdefault(key, {})
        old = known.get(lowered)
        known[lowered] = _Spelling(lowered, lower_ok or (old is not None and old.lower_ok),
                                   tuple(w[:1].isupper() for w in words))
    return {k: tuple(v.values()) for k, v in table.items()}


@cache
def _names() -> frozenset[str]:
    """The spellings that are names (provinces, bodies), not positions."""
    names = {p.name for p in gazetteer.provinces()} | {
        v for p in gazetteer.provinces() for v in p.variants}
    names |= set(bodies.standard_names()) | {s for b in bodies.bodies() for s in b.short}
    return frozenset(names)


def _cased(model: str, word: str) -> str:
    """``word`` in the case of ``model``: "ĐÒNG" → "ĐỒNG", "Đòng" → "Đồng"."""
    if model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def _differs(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))


def _best(words: list[str], spellings: tuple[_Spelling, ...], spelt: set[tuple[str, ...]]
          ) -> _Spelling | None:
    """The one spelling nearest to ``words`` (None on a tie, or for a name not written
    as a name, or if the words already are a listed spelling). A tie is broken by the
    document itself when it spells the name one of the tied ways elsewhere (``spelt``):
    "Đăk Lãk" is as near to "Đăk Lăk" as to "Đăk Lắk", but the header says "Đăk Lăk"."""
    lowered = tuple(w.lower() for w in words)
    if any(s.words == lowered for s in spellings):
        return None
    scored = sorted((sum(_differs(a, b) for a, b in zip(lowered, s.words, strict=True)), i)
                    for i, s in enumerate(spellings))
    nearest = [spellings[i] for d, i in scored if d == scored[0][0]]
    if len(nearest) > 1:
        nearest = [s for s in nearest if s.words in spelt]
        if len(nearest) != 1:
            return None
    best = nearest[0]
    # A name is repaired where it is written as a name: in capitals ("SỞ KỂ HOẠCH"), or
    # with the listed spelling's capitals ("Sở Kể hoạch và Đầu tư"), not in running lower
    # case, where the same letters may be other words.
    as_name = all(w.isupper() for w in words) or tuple(
        w[:1].isupper() for w in words) == best.capitals
    return best if best.lower_ok or as_name else None


def fix_marks(text: str, syllables: frozenset[str] = frozenset()) -> tuple[str, int]:
    """Restore the tone marks of known names and phrases (see the module); the text and
    the number of runs repaired.

    >>> fix_marks("UBND TỈNH LÂM ĐÒNG")
    ('UBND TỈNH LÂM ĐỒNG', 1)
    """
    table = _table(syllables)
    matches = list(_WORD.finditer(text))
    keys = [bare(m.group()) for m in matches]
    lowered = [m.group().lower() for m in matches]
    spelt = {tuple(lowered[i:i + n]) for n in range(2, 5) for i in range(len(lowered))}
    out: list[str] = []
    last = 0
    fixed = 0
    i = 0
    while i < len(matches):
        done = False
        for n in range(min(MAX_WORDS, len(matches) - i), 0, -1):
            run = matches[i:i + n]
            if n > 1 and not all(re.fullmatch(r"[\s\-–,.]*", text[a.end():b.start()])
                                 for a, b in itertools.pairwise(run)):
                continue
            words = [m.group() for m in run]
            spellings = table.get(tuple(keys[i:i + n]))
            if not spellings:
                continue
            best = _best(words, spellings, spelt)
            if best is None:
                i += n  # a listed spelling, or ambiguous: leave the run as it is
                done = True
                break
            for m, word in zip(run, best.words, strict=True):
                out.append(text[last:m.start()])
                out.append(_cased(m.group(), word))
                last = m.end()
            fixed += 1
            i += n
            done = True
            break
        if not done:
            i += 1
    out.append(text[last:])
    return "".join(out), fixed


def rejoin(text: str) -> tuple[str, Counter[str]]:
    """Apply the file's rejoining rules in order; the text and the repairs by kind.

    >>> rejoin("ngày 27/ 11/2024")
    ('ngày 27/11/2024', Counter({'split date': 1}))
    """
    counts: Counter[str] = Counter()
    for rule in rules():
        def sub(m: re.Match[str], rule: Rule = rule) -> str:
            new = m.expand(rule.replace)
            if new != m.group():
                counts[rule.kind] += 1
            return new
        text = rule.pattern.sub(sub, text)
    return text, counts


def correct(text: str, syllables: frozenset[str] = frozenset()) -> tuple[str, Counter[str]]:
    """Both repairs on one page's OCR text; the text and the counts by kind
    ("split date", "document number", "diacritics").

    >>> correct("Lâm Đòng, ngày 27/ 11/2024")
    ('Lâm Đồng, ngày 27/11/2024', Counter({'split date': 1, 'diacritics': 1}))
    """
    text, counts = rejoin(text)
    text, marks = fix_marks(text, syllables)
    if marks:
        counts["diacritics"] += marks
    return text, counts
