"""Patterns and word lists are data: ``extractors/*/data/*.yaml``; this module compiles them.

A data file holds ``words`` (named lists) and ``patterns``. Each pattern has an ``id``,
a one-line ``description``, the ``pattern`` itself (a verbose ``regex``), ``examples``
it must match and ``counterexamples`` it must not; ``tests/extractors/text/test_patterns.py``
runs them all. A pattern names a word list as ``{{name}}``, which becomes an alternation of the
escaped words, longest first::

    words:
      kind_abbrev: [QĐ, KH, CV]
    patterns:
      - id: ref.number
        description: a document number with a kind abbreviation
        pattern: '\\d+/{{kind_abbrev}}-[A-ZĐ]+'
        examples: [{text: "Quyết định số 86/QĐ-SCT", match: "86/QĐ-SCT"}]
        counterexamples: ["ISO 9001:2015"]

Patterns run on the folded view of the text (see ``textview.fold``), so examples are
folded before they are matched, exactly as in real use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex
import yaml

#: The extractors package; each subpackage keeps its own data files in ``<subpackage>/data/``
#: (``extractors/dossiers/data/dossiers.yaml``), beside the code that reads them.
EXTRACTORS_DIR = Path(__file__).parent.parent
_PLACEHOLDER = regex.compile(r"\{\{(\w+)\}\}")
FLAGS = regex.VERBOSE | regex.IGNORECASE | regex.UNICODE | regex.V0


@dataclass(frozen=True)
class Example:
    """A text a pattern must match, with the expected match (group 0) when given."""

    text: str
    match: str | None = None


@dataclass(frozen=True)
class Pattern:
    """A compiled, documented pattern from a data file."""

    id: str
    description: str
    source: str
    regex: regex.Pattern[str]
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


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
    process."""
    path = data_path(name)
    with path.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


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
def patterns(name: str, flags: int = FLAGS) -> dict[str, Pattern]:
    """All patterns of ``extractors/*/data/<name>.yaml``, compiled, by id."""
    data = load_data(name)
    words = word_lists(data)
    for extra_name in data.get("import_words") or []:
        words.update(word_lists(load_data(extra_name)))
    out: dict[str, Pattern] = {}
    for item in data.get("patterns") or []:
        pid = item["id"]
        if pid in out:
            raise ValueError(f"{name}.yaml: duplicate pattern id {pid!r}")
        src = expand(item["pattern"], words)
        examples = tuple(
            Example(e) if isinstance(e, str) else Example(e["text"], e.get("match"))
            for e in item.get("examples") or []
        )
        known = {"id", "description", "pattern", "examples", "counterexamples"}
        out[pid] = Pattern(
            id=pid,
            description=item.get("description", ""),
            source=src,
            regex=regex.compile(src, flags),
            examples=examples,
            counterexamples=tuple(item.get("counterexamples") or []),
            extra={k: v for k, v in item.items() if k not in known},
        )
    return out


def data_files() -> list[str]:
    """Names of every data file (without ``.yaml``), for the tests that check them all."""
    return sorted(data_paths())
