"""``search_fold``'s fast path (two charmap codecs over Vietnamese letters, ASCII and
typographic punctuation) folds exactly as the definition: the whole text decomposed
(NFD), its combining marks dropped, đ/Đ/Ð/ð as d, then lower case. Checked on every
code point the fast path can take, and on every real text we have."""

from __future__ import annotations

import sys
import unicodedata
from itertools import islice

import pytest

from benchmarks.corpora import BULK, _bulk, local_texts
from pipeline.store.search import SLOT_CHARACTERS, search_fold, vietnamese_letters

_D = str.maketrans({"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"})


def definition(text: str) -> str:
    """The fold as first written: one decomposition of the whole text, marks dropped."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@pytest.mark.parametrize(("text", "folded"), [
    ("Ủy ban nhân dân tỉnh Đắk Lắk", "uy ban nhan dan tinh dak lak"),
    ("QUYẾT ĐỊNH – “Về việc” … 5‰, 3″", "quyet dinh – “ve viec” … 5‰, 3″"),
    ("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các Sở", "dieu 3. chanh van phong ubnd "
     "tinh, giam doc cac so"),
    # outside the slots: the character-by-character fold
    ("Thành phố Hồ Chí Minh ≥ 98% · İstanbul", "thanh pho ho chi minh ≥ 98% · istanbul"),
    ("Cơ quan 化 ΟΔΟΣ", "co quan 化 οδος"),
    ("ΣΟΦΙΑ Σ. Tỷ lệ ≥ 95%", "σοφια σ. ty le ≥ 95%"),  # a Σ: its lower case looks around
    ("Đạt ≥ 90% " * 300, "dat ≥ 90% " * 300),  # more runs than are worth splitting
    ("Ⅻ. Kết quả: Å ≈ K", "ⅻ. ket qua: a ≈ k"),  # capitals whose lower case is elsewhere
])
def test_search_fold_examples(text: str, folded: str) -> None:
    assert search_fold(text) == folded == definition(text)


def test_the_slots_hold_every_vietnamese_letter() -> None:
    letters = vietnamese_letters()
    assert len(letters) == 67 and len(set(letters)) == 67
    assert set(letters) <= set(SLOT_CHARACTERS)
    assert len(SLOT_CHARACTERS) <= 128


def test_every_code_point_the_fast_path_takes_folds_as_defined() -> None:
    """Lower case is per character but for Σ (not in the slots) and the fold is per
    character, so a text folds as its characters do: each code point whose lower case
    the slots hold is checked alone; the others take the per-character fold."""
    slots = set(SLOT_CHARACTERS)
    checked = 0
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if all(c.isascii() or c in slots for c in char.lower()):
            assert search_fold(char) == definition(char), hex(code)
            checked += 1
    assert checked > 128 + len(slots)  # upper-case letters too ("Ế", "Đ", "K" Kelvin)


def real_texts(pages: int = 400) -> list[str]:
    texts = local_texts()
    if BULK.exists():
        texts += list(islice(_bulk(), pages))
    return texts


def test_real_texts_fold_as_defined() -> None:
    """The seeds, corpus/texts and the first 400 bulk pages (where present; the golden
    test's): folded by the fast path or not, the same folds."""
    texts = real_texts()
    assert len(texts) > 100
    different = [i for i, text in enumerate(texts) if search_fold(text) != definition(text)]
    assert different == []
