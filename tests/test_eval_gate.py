"""The eval gate: every gold set pinned in ``tests/eval_floors.json`` (the contract's seeds,
our own ``corpus/``) is extracted and scored, and no score may fall below its floor.

A set with questions (``../shared/contract/questions``, ``corpus/questions``) also has its
texts ingested into a fresh database and its questions asked of the answer views; their
accuracy has a floor like F1 ("answers"). Floors are raised with ``cchc eval
--update-floors``; lowering one needs ``--allow-regression`` and shows in review. A gold
set whose files (gold, texts or questions) changed since its floors were pinned fails here
until the floors are pinned again.
"""

from __future__ import annotations

import pytest

from pipeline.evaluation import Report, evaluate
from pipeline.evaluation import floors as fl
from pipeline.evaluation.answers import describe
from tests.answer_dbs import asked
from tests.conftest import REPO, assert_spans, shared_path

FLOORS = fl.load(REPO / "tests" / "eval_floors.json")
SETS = {g.name: g for g in fl.gold_sets(FLOORS, REPO)}
WITH_QUESTIONS = sorted(name for name, g in SETS.items() if g.questions_dir is not None)


@pytest.fixture(scope="session")
def reports() -> dict[str, Report]:
    return {}


def report_for(name: str, reports: dict[str, Report]) -> Report:
    """The set's extraction scores and, where it has questions, its answers."""
    gold = SETS[name]
    for key in ("gold", "questions"):
        if FLOORS[name].get(key, "").startswith("shared:"):
            shared_path(FLOORS[name][key].removeprefix("shared:"))
    if name not in reports:
        reports[name] = evaluate(gold.gold_dir, gold.corpus_dir)
        if gold.questions_dir is not None:
            reports[name].answers = asked(gold).report
    return reports[name]


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_set_unchanged_since_floors_were_pinned(name: str) -> None:
    for key in ("gold", "questions"):
        if FLOORS[name].get(key, "").startswith("shared:"):
            shared_path(FLOORS[name][key].removeprefix("shared:"))
    assert fl.digest(SETS[name]) == FLOORS[name]["digest"], (
        f"gold set {name!r} changed since its floors were pinned: "
        "run `cchc eval --update-floors` and commit tests/eval_floors.json")


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_stay_above_floors(name: str, reports: dict[str, Report]) -> None:
    report = report_for(name, reports)
    assert not report.missing, f"no document found for gold files {report.missing}"
    found = fl.violations(FLOORS[name], report)
    if report.answers is not None and any(v.startswith("answers") for v in found):
        found += describe(report.answers, limit=20)  # which questions, why, which rows
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_every_set_with_questions_has_an_answers_floor(name: str) -> None:
    """A set's questions count only if the gate holds their accuracy: 0.0 while the
    answer views do not exist, raised by ``cchc eval --update-floors`` once they do."""
    assert "answers" in FLOORS[name], (
        f"gold set {name!r} has questions but no answers floor: run `cchc eval "
        "--update-floors`")


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_every_text_of_a_set_with_questions_is_ingested(name: str,
                                                         reports: dict[str, Report]) -> None:
    report = report_for(name, reports)
    assert report.answers is not None and report.answers.results
    assert report.answers.problems == []


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_span_matches_its_quote(name: str, reports: dict[str, Report]) -> None:
    report = report_for(name, reports)
    assert report.provenance["ok"] == report.provenance["total"]


def test_spans_round_trip_on_seeds() -> None:
    from extractors import extract
    from pipeline.convert import convert_path

    for path in sorted(shared_path("seeds").glob("*.txt")):
        assert_spans(extract(convert_path(path)))
