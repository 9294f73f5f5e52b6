"""``number_key``: every way one number is typed gives one key, and different numbers keep
different keys. The store's ``number_key`` columns and ``documents_citing`` use it, so
this table is also the table of what a reader may type to find a citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.references import keys, number_key

#: (as written, as the same number is usually written)
SAME = [
    ("61/2018/NĐCP", "61/2018/NĐ-CP"),  # both in corpus/texts
    ("61/2018/ND-CP", "61/2018/NĐ-CP"),  # typed without Đ
    ("61/2018/nđ-cp", "61/2018/NĐ-CP"),  # lower case
    ("61/2018/nd-cp", "61/2018/NĐ-CP"),
    ("61 / 2018 / NĐ - CP", "61/2018/NĐ-CP"),  # spaces around every mark
    ("61/2018/NĐ\u2013CP", "61/2018/NĐ-CP"),  # en dash
    ("61/2018/NĐ\u00adCP", "61/2018/NĐ-CP"),  # soft hyphen
    ("61/2018/NĐ\u00a0-\u00a0CP", "61/2018/NĐ-CP"),  # non-breaking spaces from Word
    ("61/2018/N\u0110-\u0421\u0420", "61/2018/NĐ-CP"),  # Cyrillic С Р (contract look-alikes)
    ("61/2018/N\u0110-\u0441\u0440", "61/2018/NĐ-CP"),  # the same in lower case
    ("2813/Q\u00d0-UBND", "2813/QĐ-UBND"),  # Latin eth for Đ
    ("2813/Q\u0189-UBND", "2813/QĐ-UBND"),  # African D for Đ
    ("12/KH-BCĐ", "12/KH-BC\u0110"),  # NFC
    ("48/KH-S\u01a1\u0309", "48/KH-SỞ"),  # decomposed (Windows-1258 arrives NFD)
    ("21/2023/\u0422\u0422-\u0412\u0422TTT", "21/2023/TT-BTTTT"),  # Cyrillic Т and В
    ("1961/QĐUBND", "1961/QĐ-UBND"),  # corpus/texts: Kiên Giang's own number
    ("2768/UBND -TH", "2768/UBND-TH"),
    ("2768/UBND-\nTH", "2768/UBND-TH"),  # broken over two lines
    ("1009\uff0fQĐ-UBND", "1009/QĐ-UBND"),  # full-width slash
    ("12/KH-BCĐ", "12/KH-BCD"),
    ("35 - CT/TU", "35-CT/TU"),  # a Party document
    ("16/CT-TTg", "16/CT-TTG"),
    ("47/2019/QH14", "47/2019/qh14"),
    ("30/2020/ΝĐ-CP", "30/2020/NĐ-CP"),  # Greek capital Nu
    ("01/2018/TTVPCP", "01/2018/TT-VPCP"),  # both in corpus/texts
]

#: Numbers of different documents, however alike they look.
DIFFERENT = [
    ("47/BC-UBND", "47/BC-UBND-VP"),
    ("25/2018", "25/2019"),
    ("35-CT/TU", "35/CT-TU"),
    ("61/2018/NĐ-CP", "61/2018/NQ-CP"),
    ("1009/QĐ-UBND", "1090/QĐ-UBND"),
    ("30c/NQ-CP", "30/NQ-CP"),
    ("12/KH-SNV", "12/KH-SNgV"),
]


@pytest.mark.parametrize(("written", "usual"), SAME)
def test_one_number_one_key(written: str, usual: str) -> None:
    assert number_key(written) == number_key(usual)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_numbers_different_keys(a: str, b: str) -> None:
    assert number_key(a) != number_key(b)


@pytest.mark.parametrize(("written", "usual"), SAME)
def test_the_key_is_plain_ascii_and_idempotent(written: str, usual: str) -> None:
    """Stored keys are plain ASCII (a key of a key is itself), so SQL compares bytes."""
    key = number_key(written)
    assert key.isascii() and number_key(key) == key


_CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


def _corpus_numbers() -> list[str]:
    from extractors import extract

    return sorted({r.number for path in _CORPUS
                   for r in extract(path.read_text(encoding="utf-8")).references})


@pytest.mark.parametrize("number", [
    *[w for pair in SAME + DIFFERENT for w in pair], "1009/qđ-ubnd", "12\t/ KH-SNV",
    *map(chr, range(128)), *(f"1{chr(c)}đ" for c in range(128)),
])
def test_the_ascii_shortcut_is_every_step(number: str) -> None:
    """A number that is ASCII once "Đ" is "D" is keyed by upper case alone, as by
    every step (``keys.full_key``); any other takes every step."""
    assert number_key.__wrapped__(number) == keys.full_key(number)


def test_the_ascii_shortcut_on_the_corpus_numbers() -> None:
    numbers = _corpus_numbers()
    assert numbers
    assert [number_key.__wrapped__(n) for n in numbers] == list(map(keys.full_key, numbers))
