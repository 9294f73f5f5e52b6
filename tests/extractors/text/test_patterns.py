"""Every data file is clean and valid, and every pattern matches its examples (with the
groups they state) and not its counterexamples, through the very compiled object the
extractors use (the reporters-db way: the data documents and tests itself)."""

from __future__ import annotations

import unicodedata

import pytest
import regex
import yaml

from extractors.text.data_models import MODELS, DataFileError, validate
from extractors.text.patterns import data_files, data_path, load_data, load_model, patterns
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


def test_every_data_file_has_a_model() -> None:
    assert set(data_files()) == set(MODELS)
    for name in data_files():
        assert isinstance(load_model(name), MODELS[name])


@pytest.mark.parametrize(("name", "pid"), ALL)
def test_pattern_examples(name: str, pid: str) -> None:
    pat = patterns(name)[pid]
    for ex in pat.examples:
        m = pat.apply(fold(ex.text))
        assert m, f"{pid} does not match its example {ex.text!r}"
        if ex.match is not None:
            assert m.group(0) == fold(ex.match), f"{pid} on {ex.text!r}: {m.group(0)!r}"
        for group, expected in ex.groups.items():
            got = m.group(group)
            want = None if expected is None else fold(expected)
            assert got == want, f"{pid} on {ex.text!r}: group {group} is {got!r}, not {want!r}"
    for counter in pat.counterexamples:
        m = pat.apply(fold(counter))
        assert not m, f"{pid} matches its counterexample {counter!r}: {m.group(0)!r}"


BAD_KEYS = [
    ("dates", "patterns.0.counterexample", lambda d: d["patterns"][0].update(
        counterexample=["x"])),
    ("dates", "patterns.0.examples.0.mach", lambda d: d["patterns"][0]["examples"][0].update(
        mach="x")),
    ("document", "kind_headings.quyet_dinhh", lambda d: d["kind_headings"].update(
        quyet_dinhh=["QUYẾT ĐỊNHH"])),
    ("document", "number_kinds.KH", lambda d: d["number_kinds"].update(KH="ke_hoachh")),
    ("dossiers", "words.metric_resolvd", lambda d: d["words"].update(metric_resolvd=["x"])),
    ("dates", "patterns.0.flags.0", lambda d: d["patterns"][0].update(flags=["IGNORE"])),
]


@pytest.mark.parametrize(("name", "where", "spoil"), BAD_KEYS,
                         ids=[f"{n}:{w}" for n, w, _ in BAD_KEYS])
def test_unknown_or_misspelt_key_fails_validation(name: str, where: str, spoil) -> None:
    """A typo ("counterexample:") is an error naming the file and the key, never a check
    silently switched off."""
    raw = yaml.safe_load(data_path(name).read_text(encoding="utf-8"))
    spoil(raw)
    with pytest.raises(DataFileError) as e:
        validate(name, data_path(name), raw)
    message = str(e.value)
    assert str(data_path(name)) in message
    first, *rest = where.split(".")
    assert first in message and all(part in message for part in rest), message


def test_error_names_the_pattern_id() -> None:
    raw = yaml.safe_load(data_path("dates").read_text(encoding="utf-8"))
    raw["patterns"][1]["counterexample"] = ["x"]
    with pytest.raises(DataFileError, match=r"patterns\[1\] \(date\.vn_long\)\.counterexample"):
        validate("dates", data_path("dates"), raw)


def test_flags_are_compiled_as_declared() -> None:
    """Header lines are read case-sensitively, window patterns right to left, the rest
    case-insensitively: the compiled object carries the flags its data declares."""
    header = patterns("document")["header.number"].regex
    assert not header.flags & regex.IGNORECASE
    window = patterns("references")["ref.kind_before"].regex
    assert window.flags & regex.REVERSE and window.flags & regex.IGNORECASE
    assert patterns("dates")["date.vn_long"].regex.flags & regex.IGNORECASE
