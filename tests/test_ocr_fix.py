"""OCR post-correction: every example and counterexample of pipeline/convert/data/ocr_fix.yaml."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.convert import ocr_fix

RULES = ocr_fix.data()["rules"]
RULE_EXAMPLES = [(r["id"], given, wanted) for r in RULES for given, wanted in r["examples"]]
RULE_COUNTER = [(r["id"], given) for r in RULES for given in r.get("counterexamples", [])]


@pytest.mark.parametrize(("rule", "given", "wanted"), RULE_EXAMPLES)
def test_rule_example_is_rejoined(rule: str, given: str, wanted: str) -> None:
    text, counts = ocr_fix.rejoin(given)
    assert text == wanted, rule
    assert sum(counts.values()) >= 1


@pytest.mark.parametrize(("rule", "given"), RULE_COUNTER)
def test_rule_counterexample_is_left_alone(rule: str, given: str) -> None:
    assert ocr_fix.rejoin(given) == (given, Counter()), rule


@pytest.mark.parametrize(("given", "wanted"), ocr_fix.data()["phrase_examples"])
def test_tone_marks_of_known_names_are_restored(given: str, wanted: str) -> None:
    assert ocr_fix.fix_marks(given) == (wanted, 1)


@pytest.mark.parametrize("given", ocr_fix.data()["phrase_counterexamples"])
def test_tone_marks_are_left_alone_where_not_sure(given: str) -> None:
    assert ocr_fix.fix_marks(given) == (given, 0)


@pytest.mark.parametrize(("given", "wanted"), [
    # Two marks on one vowel is no syllable; "việt" is one letter away, "viết" two.
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA Vỉệt", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA Việt"),
    ("Vỉệt Nam", "Việt Nam"),
    # "cỏng" is one mark from "công", "cộng" and "cổng" alike: left alone.
    ("thực hiện cỏng tác", "thực hiện cỏng tác"),
])
def test_a_syllable_list_repairs_words_that_are_not_syllables(given: str, wanted: str) -> None:
    syllables = frozenset({"thực", "hiện", "công", "tác", "cộng", "cổng", "việt", "viết",
                           "vịt", "nam"})
    assert ocr_fix.fix_marks(given, syllables)[0] == wanted


def test_corrections_are_counted_by_kind() -> None:
    text, counts = ocr_fix.correct("UBND TỈNH LÂM ĐÒNG, ngày 27/ 11/2024; Luật số "
                                   "163/2024/QHI15")
    assert text == "UBND TỈNH LÂM ĐỒNG, ngày 27/11/2024; Luật số 163/2024/QH15"
    assert counts == Counter({"split date": 1, "document number": 1, "diacritics": 1})
