"""Accent-free search: fold Vietnamese text so "dak lak" finds "Đắk Lắk".

FTS5's ``unicode61 remove_diacritics 2`` tokenizer strips tone and vowel marks
("Quyết" → "quyet"), but "đ" is a letter of its own, not "d" with a mark, so "dinh" never
matches "định". The store therefore keeps a folded copy of each title and text
(marks removed, đ/Đ → d, lower case) beside the original, in the same FTS5 table, and
``fts_query`` turns whatever a reader types into a query over the folded columns:

>>> search_fold("Quyết định số 1009/QĐ-UBND của UBND tỉnh Đắk Lắk")
'quyet dinh so 1009/qd-ubnd cua ubnd tinh dak lak'
>>> fts_query("hồ sơ trễ hạn")
'{title_folded text_folded} : ("ho" "so" "tre" "han")'
"""

from __future__ import annotations

import re
import unicodedata

#: Columns of ``documents_fts`` that hold the folded copies.
FOLDED_COLUMNS = ("title_folded", "text_folded")

_D = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})
_WORD = re.compile(r"\w+")


def search_fold(text: str | None) -> str:
    """Lower-case ``text`` with every diacritic removed and đ/Đ written as d.

    A *search* fold, for whole texts and what a reader types: it keeps every word as
    written ("UBND" stays "ubnd", so a search for "ubnd" finds it) and merges words that
    differ only in marks ("Phú Tân" / "Phù Tần"). It never decides that two names are
    one: that is :func:`extractors.lexicon.names.name_key`. Same length is NOT kept
    (decomposition then removal); folded text is for matching only, never for offsets.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fts_query(query: str | None) -> str:
    """An FTS5 MATCH expression: every word of ``query``, folded, all required, over the
    folded columns. Punctuation is dropped, so user input never raises an FTS5 syntax
    error ("1009/QĐ-UBND" → "1009" "qd" "ubnd")."""
    words = _WORD.findall(search_fold(query or ""))
    if not words:
        return '""'
    terms = " ".join(f'"{w}"' for w in words)
    return "{" + " ".join(FOLDED_COLUMNS) + "} : (" + terms + ")"
