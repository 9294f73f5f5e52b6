"""Patterns and word lists are data: ``extractors/*/data/*.yaml``; this module compiles them.

A data file holds ``words`` (named lists) and ``patterns``. Each pattern has an ``id``,
a one-line ``description``, the ``pattern`` itself (a verbose ``regex``), ``examples``
it must match and ``counterexamples`` it must not; ``tests/extractors/text/test_patterns.py``
runs them all through the very compiled object the extractors use. A pattern names a word
list as ``{{name}}``, which becomes an alternation of the escaped words, longest first::

    words:
      kind_abbrev: [QĐ, KH, CV]
    patterns:
      - id: ref.number
        description: a document number with a kind abbreviation
        pattern: '(?P<serial>\\d+)/{{kind_abbrev}}-[A-ZĐ]+'
        flags: []                   # case-sensitive; the default is [IGNORECASE]
        examples:
          - {text: "Quyết định số 86/QĐ-SCT", match: "86/QĐ-SCT", groups: {serial: "86"}}
        counterexamples: ["ISO 9001:2015"]

Every file is validated by its model (``extractors.text.data_models``) when it is loaded:
an unknown key is an error naming the file and the key. A pattern declares its own flags
(``REVERSE`` for a window searched right to left, none for a case-sensitive header line),
so the code and the tests compile it once, the same way.

Patterns run on the folded view of the text (see ``textview.fold``), so examples are
folded before they are matched, exactly as in real use.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property, reduce
from operator import or_
from pathlib import Path
from typing import Any

import regex
import yaml

from extractors.text.data_models import (
    DataFile,
    DataFileError,
    Example,
    Flag,
    Mode,
    PatternSpec,
    validate,
)
from extractors.text.prefilter import Condition, required_words
from extractors.text.view import TextView

#: The extractors package; each subpackage keeps its own data files in ``<subpackage>/data/``
#: (``extractors/dossiers/data/dossiers.yaml``), beside the code that reads them.
EXTRACTORS_DIR = Path(__file__).parent.parent
_PLACEHOLDER = regex.compile(r"\{\{(\w+)\}\}")
#: Flags every pattern is compiled with; a pattern adds those it declares.
BASE_FLAGS = regex.VERBOSE | regex.UNICODE | regex.V0
#: The flags of a pattern that declares none (``flags: [IGNORECASE]``).
FLAGS = BASE_FLAGS | regex.IGNORECASE

__all__ = ["FLAGS", "DataFileError", "Example", "Pattern", "alternation", "compile_flags",
           "data_files", "data_path", "data_paths", "expand", "load_data", "load_model",
           "patterns", "word_lists"]


@dataclass(frozen=True)
class Pattern:
    """A compiled, documented pattern from a data file; ``mode`` is how the code applies
    it (``search``, ``match`` or ``fullmatch``), and so how its test does.

    ``regex`` is compiled, and ``required`` read from the source, the first time each is
    asked: a worker process loads a data file's patterns when a stage first needs one of
    them, and compiling them all then (``regex`` parses a pattern in Python: ~1 ms for
    the long alternations of agency and table words) was a third of what a worker spent
    on imports before its first page, for patterns most pages never reach."""

    id: str
    description: str
    source: str
    #: The ``regex`` flags it is compiled with (``compile_flags`` of those it declares).
    flags: int = FLAGS
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()
    mode: Mode = Mode.search
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @cached_property
    def regex(self) -> regex.Pattern[str]:
        """The compiled pattern (``regex`` caches nothing this large for us: its cache
        holds the last few hundred, and is purged)."""
        return regex.compile(self.source, self.flags)

    @cached_property
    def required(self) -> Condition | None:
        """What every match implies of the text's words (``text.prefilter``), or None.
        Read from the source with the flags it is compiled with: ``required_words`` asks
        only VERBOSE of them, which every pattern has (``BASE_FLAGS``), so the compiled
        pattern's flags (which add any inline ones) would give the same condition."""
        return required_words(self.source, self.flags)

    def apply(self, text: str) -> regex.Match[str] | None:
        """The pattern applied to ``text`` as the code applies it."""
        return getattr(self.regex, self.mode.value)(text)

    def may_match(self, view: TextView) -> bool:
        """False when the text lacks the required words, so no scan of it (or of any
        window of it) can match: "SIPAS|chỉ số hài lòng" on a page without "sipas" or
        "lòng"."""
        return view.has_words(self.required)

    def found_in(self, view: TextView) -> bool:
        """Whether the pattern occurs anywhere in ``view.folded`` (a category's "is there
        anything to read here" test), asking the required words first."""
        return self.may_match(view) and self.regex.search(view.folded) is not None

    def scan(self, view: TextView, pos: int = 0,
             endpos: int | None = None) -> Iterator[regex.Match[str]]:
        """``regex.finditer`` over ``view.folded``, skipped where ``may_match`` says no."""
        if not self.may_match(view):
            return iter(())
        if endpos is None:
            return self.regex.finditer(view.folded, pos)
        return self.regex.finditer(view.folded, pos, endpos)


@cache
def data_paths() -> dict[str, Path]:
    """Every data file by name (``"dossiers"`` → ``extractors/dossiers/data/dossiers.yaml``);
    a name used twice is an error, so ``load_data("scores")`` can only mean one file."""
    out: dict[str, Path] = {}
    for path in sorted(EXTRACTORS_DIR.glob("*/data/*.yaml")):
        if path.stem in out:
            raise ValueError(f"{path}: data file name {path.stem!r} is also {out[path.stem]}")
        out[path.stem] = path
    return out


def data_path(name: str) -> Path:
    """Where the data file ``name`` lives."""
    try:
        return data_paths()[name]
    except KeyError:
        raise FileNotFoundError(
            f"no data file {name}.yaml under {EXTRACTORS_DIR}/*/data/") from None


@cache
def load_data(name: str) -> dict[str, Any]:
    """Parse the data file ``name`` (``extractors/<subpackage>/data/<name>.yaml``) once per
    process, validated by its model (an unknown key, "kind_headings: {quyet_dinhh: …}" or
    "counterexample:", raises ``DataFileError`` naming the file and the key)."""
    return _load(name)[0]


@cache
def load_model(name: str) -> DataFile:
    """The data file ``name`` as its typed model (``extractors.text.data_models``)."""
    return _load(name)[1]


#: libyaml's loader where PyYAML has it: the same data, parsed 8x faster (the data files
#: are read at import, and their examples made them longer).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _load(name: str) -> tuple[dict[str, Any], DataFile]:
    path = data_path(name)
    with path.open(encoding="utf-8") as f:
        data = yaml.load(f, Loader=_LOADER)
    if not isinstance(data, dict):
        raise DataFileError(path, "expected a mapping at the top level")
    return data, validate(name, path, data)


def alternation(words: list[str]) -> str:
    """A non-capturing alternation of literal words, longest first (so "QĐ-UBND" beats "QĐ").

    Spaces inside a word match any run of white space, so "Kế hoạch" also matches a
    line-broken "Kế\\nhoạch".
    """
    escaped = sorted({regex.escape(w, special_only=True, literal_spaces=False) for w in words},
                     key=len, reverse=True)
    escaped = [regex.sub(r"(?:\\ |\s)+", r"\\s+", w) for w in escaped]
    return "(?:" + "|".join(escaped) + ")"


def expand(source: str, words: dict[str, list[str]]) -> str:
    """Replace every ``{{name}}`` with the alternation of that word list."""

    def sub(m: regex.Match[str]) -> str:
        name = m.group(1)
        if name not in words:
            raise KeyError(f"pattern uses unknown word list {{{{{name}}}}}")
        return alternation(words[name])

    return _PLACEHOLDER.sub(sub, source)


def word_lists(data: dict[str, Any]) -> dict[str, list[str]]:
    """The ``words`` section of a data file, as lists of strings."""
    return {k: [str(w) for w in v] for k, v in (data.get("words") or {}).items()}


@cache
def patterns(name: str) -> dict[str, Pattern]:
    """All patterns of ``extractors/*/data/<name>.yaml``, compiled with their own flags,
    by id."""
    model = load_model(name)
    words = word_lists(load_data(name))
    for extra_name in model.import_words:
        words.update(word_lists(load_data(extra_name)))
        words.update(load_model(extra_name).shared_words())
    out: dict[str, Pattern] = {}
    for spec in model.patterns:
        src = expand(spec.pattern, words)
        for ex in spec.examples:
            unknown = sorted(g for g in ex.groups if not _names_group(src, g))
            if unknown:
                raise DataFileError(data_path(name), f"pattern {spec.id!r}: example "
                                    f"{ex.text!r} names groups it does not have: {unknown}")
        out[spec.id] = Pattern(
            id=spec.id,
            description=spec.description,
            source=src,
            flags=compile_flags(spec.flags),
            examples=tuple(spec.examples),
            counterexamples=tuple(spec.counterexamples),
            mode=spec.mode,
            extra=spec.model_dump(exclude=set(PatternSpec.model_fields)),
        )
    return out


def _names_group(source: str, name: str) -> bool:
    """Whether ``source`` opens a group named ``name`` (``(?P<serial>`` or
    ``(?<serial>``), read without compiling it: an example's groups are checked when the
    file loads, its pattern compiled only when first used."""
    return f"(?P<{name}>" in source or f"(?<{name}>" in source


def compile_flags(flags: list[Flag]) -> int:
    """The ``regex`` flags of a pattern declaring ``flags`` (``[IGNORECASE, REVERSE]``)."""
    return reduce(or_, (getattr(regex, f.value) for f in flags), BASE_FLAGS)


def data_files() -> list[str]:
    """Names of every data file (without ``.yaml``), for the tests that check them all."""
    return sorted(data_paths())
