"""Every written Vietnamese syllable, built from how the orthography writes them.

A Vietnamese word is a run of syllables, and a syllable is written onset + rhyme + tone:
"quyết" is qu + yêt + sắc, "nghĩa" ngh + ia + ngã. ``data/syllables.yaml`` lists the
onsets and rhymes and says which spelling rules apply; this module applies them and puts
the tone mark where the orthography puts it, so the set holds "hòa" and "hoà" but not
"hòan", "hoc" (a rhyme in -c takes only sắc or nặng) or "ceng" (c never stands before e).
It is the yardstick ``quality`` measures a text layer with: a page whose words are mostly
not syllables ("ceNG HoA", "Vfr") is not Vietnamese, whatever its letters are.

>>> is_syllable("Quyết"), is_syllable("ceng"), is_syllable("NgAN")
(True, False, False)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "syllables.yaml"
VOWELS = frozenset("aăâeêioôơuưy")
#: Vowels that carry a shape mark; the tone goes on one of them when there is one.
MODIFIED = frozenset("ăâêôơư")
#: huyền, sắc, hỏi, ngã, nặng as combining marks (the ngang tone has none).
TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
#: A rhyme closed by p, t, c or ch takes only sắc or nặng ("học", "tập", never "hòc").
CHECKED_TONES = ("\u0301", "\u0323")
CHECKED_ENDINGS = ("p", "t", "c", "ch")
#: Onsets before which k/gh/ngh, not c/g/ng, are written.
FRONT = frozenset("ieê")
#: Onsets after which the rhyme i is also written y ("kỹ", "lý", "công ty", "sỹ").
Y_ONSETS = frozenset(["b", "d", "đ", "h", "k", "l", "m", "n", "s", "t", "v", "x"])


@cache
def _data() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def tone_positions(rhyme: str) -> tuple[int, ...]:
    """Where the tone mark goes in an untoned ``rhyme`` (indices into it).

    On the shaped vowel (the second of "ươ"); else on the last vowel when a consonant
    closes the rhyme ("hoàn"); else on the middle of three vowels ("ngoài", "khuỷu"), and
    on the first of two ("mía", "sáu") except oa/oe/uy, where old and new style differ
    ("hòa"/"hoà") and both are accepted.

    >>> tone_positions("ươi"), tone_positions("oan"), tone_positions("oa")
    ((1,), (1,), (0, 1))
    """
    vowels = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    shaped = [i for i in vowels if rhyme[i] in MODIFIED]
    if shaped:
        return (shaped[-1],)
    if rhyme[-1] not in VOWELS or len(vowels) == 1:
        return (vowels[-1],)
    if len(vowels) == 3:
        return (vowels[1],)
    if rhyme[vowels[0]:vowels[1] + 1] in ("oa", "oe", "uy"):
        return (vowels[0], vowels[1])
    return (vowels[0],)


def _spellings(onset: str, rhyme: str, medial: bool) -> Iterator[tuple[str, str]]:
    """``(written onset, written rhyme)`` for one onset and rhyme, by the spelling rules
    of ``data/syllables.yaml`` (nothing when the orthography never writes the pair)."""
    if medial:
        if onset in _data()["medial_onsets"]:
            yield onset, rhyme
        return
    head = rhyme[0]
    if onset == "":
        yield "", "yê" + rhyme[2:] if rhyme.startswith("iê") else rhyme
        if rhyme == "i":
            yield "", "y"
    elif onset in ("k", "gh", "ngh"):
        if head in FRONT:
            yield onset, rhyme
            if onset == "k" and rhyme == "i":
                yield onset, "y"
    elif onset in ("c", "g", "ng"):
        if head not in FRONT:
            yield onset, rhyme
    elif onset == "qu":
        if head == "i":  # "quy", "quyết", "quỳnh"; "qui" in older texts
            yield onset, "y" + rhyme[1:].replace("iê", "yê")
            if rhyme == "i":
                yield onset, "i"
        elif head not in "uưo":
            yield onset, rhyme
    elif onset == "gi":
        if rhyme.startswith("iê") or (head == "i" and not VOWELS & set(rhyme[1:])):
            yield "g", rhyme  # "giết", "gìn", "gì"
        elif head != "i":
            yield onset, rhyme
    else:
        yield onset, rhyme
        if rhyme == "i" and onset in Y_ONSETS:
            yield onset, "y"


@cache
def _toned(rhyme: str) -> tuple[str, ...]:
    """``rhyme`` with each tone it can take, the mark on each place it can go (NFC);
    made once a rhyme, which ``syllables`` writes after each of ~25 onsets."""
    checked = rhyme.endswith(CHECKED_ENDINGS)
    toned = [] if checked else [rhyme]
    for tone in CHECKED_TONES if checked else TONES:
        for i in tone_positions(rhyme):
            toned.append(unicodedata.normalize("NFC", rhyme[:i + 1] + tone + rhyme[i + 1:]))
    return tuple(toned)


@cache
def syllables() -> frozenset[str]:
    """Every written syllable, lower case, NFC (about 18,000; built once, ~50 ms)."""
    data = _data()
    found: set[str] = set()
    for medial, groups in ((False, data["rhymes"]), (True, data["medial_rhymes"])):
        for rhyme in (r for group in groups for r in group):
            for onset in ["", *data["onsets"]]:
                for written_onset, written_rhyme in _spellings(onset, rhyme, medial):
                    found.update(written_onset + toned for toned in _toned(written_rhyme))
    return frozenset(found)


def case_ok(word: str) -> bool:
    """True for the three ways a word is written: "hòa", "Hòa", "HÒA" (not "HoA", "ceNG")."""
    return word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())


def is_syllable(word: str) -> bool:
    """True when ``word`` (NFC) is a Vietnamese syllable written in a normal case."""
    return case_ok(word) and word.lower() in syllables()
