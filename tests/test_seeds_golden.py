"""Golden test: the seed documents, scored by the contract's own scorer against its gold
files, must stay at or above the floors pinned in ``tests/eval_floors.json``."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from extractors import extract
from pipeline.convert import convert_path
from tests.conftest import REPO, assert_spans, shared_path

FLOORS = json.loads((REPO / "tests" / "eval_floors.json").read_text(encoding="utf-8"))


def load_scorer():
    path = shared_path("contract", "score.py")
    spec = importlib.util.spec_from_file_location("contract_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    seeds = shared_path("seeds")
    gold = shared_path("contract", "gold")
    pred_dir = tmp_path_factory.mktemp("pred")
    for path in sorted(seeds.glob("*.txt")):
        result = extract(convert_path(path))
        assert_spans(result)
        data = result.to_contract()
        (pred_dir / f"{path.stem}.json").write_text(json.dumps(data, ensure_ascii=False),
                                                    encoding="utf-8")
    return load_scorer().score(Path(gold), pred_dir)


@pytest.mark.parametrize("category", sorted(FLOORS["seeds"]["categories"]))
def test_category_floor(seed_result: dict, category: str) -> None:
    floor = FLOORS["seeds"]["categories"][category]
    f1 = seed_result["categories"][category]["f1"]
    assert f1 >= floor - 1e-9, f"{category} F1 {f1:.3f} fell below its floor {floor:.3f}"


def test_document_fields_floor(seed_result: dict) -> None:
    floor = FLOORS["seeds"]["document_accuracy"]
    assert seed_result["document_accuracy"] >= floor - 1e-9


def test_every_span_matches_its_quote(seed_result: dict) -> None:
    prov = seed_result["provenance"]
    assert prov["ok"] == prov["total"]
