"""Every data file is clean and valid, and every pattern matches its examples (with the
groups they state) and not its counterexamples, through the very compiled object the
extractors use (the reporters-db way: the data documents and tests itself)."""

from __future__ import annotations

import unicodedata
from itertools import zip_longest
from typing import get_args

import pytest
import regex
import yaml

from extractors import extract
from extractors.text.data_models import KEY_FIELD, MODELS, Category, DataFileError, validate
from extractors.text.patterns import data_files, data_path, load_data, load_model, patterns
from extractors.text.view import TextView, fold
from schemas import CATEGORIES

ALL = [(name, pid) for name in data_files() for pid in patterns(name)]
YIELDS = [(name, pid, i) for name, pid in ALL
          for i, ex in enumerate(patterns(name)[pid].examples) if ex.yields]


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


def test_yields_names_every_category() -> None:
    assert set(get_args(Category)) == set(CATEGORIES) == set(KEY_FIELD)


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
        # Every match meets the prefilter's condition (text.prefilter), so skipping a
        # text that does not loses nothing: "chỉ số hài lòng" has "lòng".
        assert TextView(m.group(0)).has_words(pat.required), (
            f"{pid}: its match {m.group(0)!r} lacks its required words {pat.required}")
        if ex.match is not None:
            assert m.group(0) == fold(ex.match), f"{pid} on {ex.text!r}: {m.group(0)!r}"
        for group, expected in ex.groups.items():
            got = m.group(group)
            want = None if expected is None else fold(expected)
            assert got == want, f"{pid} on {ex.text!r}: group {group} is {got!r}, not {want!r}"
    for counter in pat.counterexamples:
        m = pat.apply(fold(counter))
        assert not m, f"{pid} matches its counterexample {counter!r}: {m.group(0)!r}"


@pytest.mark.parametrize(("name", "pid"), [(n, p) for n, p in ALL
                                           if patterns(n)[p].regex.groupindex])
def test_every_named_group_is_asserted(name: str, pid: str) -> None:
    """A named group the code reads ("number", "date") is stated by some example."""
    pat = patterns(name)[pid]
    stated = {g for ex in pat.examples for g in ex.groups}
    missing = sorted(set(pat.regex.groupindex) - stated)
    assert not missing, f"{pid}: no example states the groups {missing}"


@pytest.mark.parametrize(("name", "pid", "i"), YIELDS)
def test_example_yields(name: str, pid: str, i: int) -> None:
    """What ``extract()`` gives for an example, where its data says: "Đăk Lăk, ngày 17
    tháng 7 năm 2019" yields the date 2019-07-17; a plain value names each fact's key
    field (a date's value, a reference's number), a mapping some of its fields."""
    ex = patterns(name)[pid].examples[i]
    assert ex.yields is not None
    category = ex.yields.category
    facts = getattr(extract(ex.text, with_people=category == "people"), category)
    got = []
    for fact, want in zip_longest(facts, ex.yields.values):
        if fact is None:
            break
        d = fact.model_dump(mode="json")
        got.append({k: d[k] for k in want} if isinstance(want, dict) else d[KEY_FIELD[category]])
    assert got == ex.yields.values, f"{pid} on {ex.text!r}"


def test_every_file_with_patterns_shows_what_some_example_yields() -> None:
    """A handful of examples per file tie its rules to the facts they make."""
    showing = {name for name, _, _ in YIELDS}
    facts_files = {"dates", "dossiers", "periods", "procedures", "rankings", "rates",
                   "references", "scores"}
    assert facts_files <= showing, sorted(facts_files - showing)


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
    ("dates", "patterns.0.examples.0.yields", lambda d: d["patterns"][0]["examples"][0].update(
        yields={"category": "dates", "values": [{"valeu": "2020-12-15"}]})),
    ("periods", "patterns.0.kind", lambda d: d["patterns"][0].update(kind="date_rnage")),
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
