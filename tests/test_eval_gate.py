"""The eval gate: every gold set pinned in ``tests/eval_floors.json`` (the contract's seeds,
our own ``corpus/``) is extracted and scored, and no score may fall below its floor.

Floors are raised with ``cchc eval --update-floors``; lowering one needs
``--allow-regression`` and shows in review. A gold set whose files changed since its
floors were pinned fails here until the floors are pinned again.
"""

from __future__ import annotations

import pytest

from pipeline.evaluation import Report, evaluate
from pipeline.evaluation import floors as fl
from tests.conftest import REPO, assert_spans, shared_path

FLOORS = fl.load(REPO / "tests" / "eval_floors.json")
SETS = {g.name: g for g in fl.gold_sets(FLOORS, REPO)}


@pytest.fixture(scope="session")
def reports() -> dict[str, Report]:
    return {}


def report_for(name: str, reports: dict[str, Report]) -> Report:
    gold = SETS[name]
    if FLOORS[name]["gold"].startswith("shared:"):
        shared_path(FLOORS[name]["gold"].removeprefix("shared:"))
    if name not in reports:
        reports[name] = evaluate(gold.gold_dir, gold.corpus_dir)
    return reports[name]


@pytest.mark.parametrize("name", sorted(SETS))
def test_gold_set_unchanged_since_floors_were_pinned(name: str) -> None:
    if FLOORS[name]["gold"].startswith("shared:"):
        shared_path(FLOORS[name]["gold"].removeprefix("shared:"))
    assert fl.digest(SETS[name]) == FLOORS[name]["digest"], (
        f"gold set {name!r} changed since its floors were pinned: "
        "run `cchc eval --update-floors` and commit tests/eval_floors.json")


@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_stay_above_floors(name: str, reports: dict[str, Report]) -> None:
    report = report_for(name, reports)
    assert not report.missing, f"no document found for gold files {report.missing}"
    assert fl.violations(FLOORS[name], report) == []


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_span_matches_its_quote(name: str, reports: dict[str, Report]) -> None:
    report = report_for(name, reports)
    assert report.provenance["ok"] == report.provenance["total"]


def test_spans_round_trip_on_seeds() -> None:
    from extractors import extract
    from pipeline.convert import convert_path

    for path in sorted(shared_path("seeds").glob("*.txt")):
        assert_spans(extract(convert_path(path)))
