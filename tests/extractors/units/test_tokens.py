"""The grammar's tokens: ``Reader.token`` reads the common token by stdlib ``re`` and asks
the data pattern (``unit.name_word`` in ``_TOKEN``) wherever the two could read apart,
so at every position it gives what ``_TOKEN`` alone gives."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex

from extractors.text.view import TextView
from extractors.units.grammar import _FAST_TOKEN, _TOKEN, Reader

CORPUS = Path(__file__).parents[3] / "corpus" / "texts"

#: Quotations (baodaklak.vn, the seeds) and the characters where the readings could part:
#: an apostrophe inside a name, "&" inside an abbreviation, a letter Python's Unicode
#: does not know yet (U+A7CB, Unicode 16), a non-breaking space, a Windows line end.
TEXTS = [
    "UBND huyện Ea H’leo tổ chức Đại hội; thị trấn D'Ran, Đắk R'lấp; 'Một cửa'",
    "Sở KH&ĐT, Sở TT&TT & UBND; Phòng' và Phòng'1",
    "Phòng Tư pháp\n\n- Sở Nội vụ\r\nSở Y tế\u00a0tỉnh\tLạng Sơn\u2003…",
    "Văn phòng\u00a0\u00a0Sở; Ban Chỉ đạo “CCHC” – 2021; Xⅻ x² _Sở_",
    "Phòng Ab\ua7cbc và Ab\ua7cb; Sở Y tế",
    "Sở   ",
]


def _reference(reader: Reader, s: str, pos: int) -> tuple[int, int, str, bool] | None:
    m = _TOKEN.match(s, pos)
    if not m:
        return None
    ws, word, other = m.groups()
    tok, end = word or other, m.end()
    return end - len(tok), end, tok, "\n" in ws and reader._hard_break(pos, ws, tok)


def _same_everywhere(text: str) -> None:
    view = TextView(text)
    s = view.folded
    fast, ref = Reader(s, view.folded_lower), Reader(s, view.folded_lower)
    for pos in range(len(s) + 1):
        assert fast.token(pos) == _reference(ref, s, pos), (s[pos:pos + 20], pos)


def test_fast_path_is_on() -> None:
    """The data file's ``unit.name_word`` is the one the fast reading was written for."""
    assert _FAST_TOKEN is not None


@pytest.mark.parametrize("text", TEXTS)
def test_token_same_as_data_pattern(text: str) -> None:
    _same_everywhere(text)


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.txt")), ids=lambda p: p.name)
def test_token_same_on_corpus(path: Path) -> None:
    _same_everywhere(path.read_text(encoding="utf-8"))


def test_python_letters_are_regex_letters() -> None:
    """What the fast reading takes as a letter or digit (``[^\\W_]``: ``str.isalnum``),
    ``regex`` reads as ``[\\p{L}\\p{N}]`` too; the converse fails only for letters newer
    than Python's Unicode, where the fast reading hands over to ``_TOKEN``."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    python = set(re.findall(r"[^\W_]", every))
    assert python <= set(regex.findall(r"[\p{L}\p{N}]", every))
