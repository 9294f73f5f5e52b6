"""Databases of the gold sets' texts, built once per test session and asked their questions.

An ingest of the corpus's 34 texts takes a few seconds; the eval gate and the check that
``pipeline.evaluation.answers`` answers as the contract's ``ask.py`` does both need it, so
it is built once (in a temporary folder removed when the session ends) and shared.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.answers import AnswerReport
from pipeline.evaluation.floors import GoldSet


@dataclass(frozen=True)
class AskedSet:
    """A gold set's database and what its questions got from it."""

    db_path: Path
    report: AnswerReport


_TMP = tempfile.TemporaryDirectory(prefix="cchc-test-answers-")
_BUILT: dict[str, AskedSet] = {}


def asked(gold: GoldSet) -> AskedSet:
    """Ingest ``gold``'s texts into a fresh database (once) and ask its questions."""
    from pipeline.cli.eval import ask_gold_set
    from pipeline.evaluation.runner import gold_texts

    assert gold.questions_dir is not None, f"gold set {gold.name} has no questions"
    if gold.name not in _BUILT:
        path = Path(_TMP.name) / f"{gold.name}.db"
        report = ask_gold_set(gold_texts(gold.gold_dir, gold.corpus_dir).values(),
                              gold.questions_dir, path)
        _BUILT[gold.name] = AskedSet(path, report)
    return _BUILT[gold.name]
