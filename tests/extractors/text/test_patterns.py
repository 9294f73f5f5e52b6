"""Every data file is clean, and every pattern matches its examples and not its
counterexamples (the reporters-db way: the data documents and tests itself)."""

from __future__ import annotations

import unicodedata

import pytest

from extractors.text.patterns import data_files, data_path, load_data, patterns
from extractors.text.view import fold

ALL = [(name, pid) for name in data_files() for pid in patterns(name)]


@pytest.mark.parametrize("name", data_files())
def test_data_file_is_nfc(name: str) -> None:
    raw = data_path(name).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw, f"{name}.yaml is not NFC"


@pytest.mark.parametrize("name", data_files())
def test_word_lists_sorted_and_unique(name: str) -> None:
    for list_name, words in (load_data(name).get("words") or {}).items():
        words = [str(w) for w in words]
        assert len(words) == len(set(words)), f"{name}.yaml words.{list_name} has duplicates"
        assert words == sorted(words), f"{name}.yaml words.{list_name} is not sorted"


@pytest.mark.parametrize(("name", "pid"), ALL)
def test_pattern_examples(name: str, pid: str) -> None:
    pat = patterns(name)[pid]
    assert pat.description, f"{pid} has no description"
    assert pat.examples, f"{pid} has no examples"
    for ex in pat.examples:
        m = pat.regex.search(fold(ex.text))
        assert m, f"{pid} does not match its example {ex.text!r}"
        if ex.match is not None:
            assert m.group(0) == fold(ex.match), f"{pid} on {ex.text!r}: {m.group(0)!r}"
    for counter in pat.counterexamples:
        m = pat.regex.search(fold(counter))
        assert not m, f"{pid} matches its counterexample {counter!r}: {m.group(0)!r}"
