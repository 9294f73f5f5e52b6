"""``cchc eval`` scores exactly as the contract's score.py does, explains its misses, and
keeps floors that only go up unless a regression is allowed."""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.evaluation import floors as fl
from pipeline.evaluation import score
from tests.conftest import REPO, shared_path


def reference_scorer():
    path = shared_path("contract", "score.py")
    spec = importlib.util.spec_from_file_location("contract_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturb(gold: dict, rng: random.Random) -> dict:
    """A plausible wrong prediction made from a gold file: items dropped, numbers
    changed, names respelled, duplicates added — every path of the matcher."""
    pred = copy.deepcopy(gold)
    for cat in ("references", "dates", "scores", "rankings", "dossiers", "procedures",
                "rates", "units", "people"):
        items = [i for i in pred.get(cat, []) if rng.random() > 0.25]
        for item in items:
            if not isinstance(item, dict):
                continue
            item.pop("optional", None)
            if "count" in item and rng.random() < 0.2:
                item["count"] += 1
            if cat == "units" and rng.random() < 0.3:
                item["name"] = item["name"].replace("UBND", "Ủy ban nhân dân") + " tỉnh Lạng Sơn"
            if cat == "units" and rng.random() < 0.3:
                item["role"] = rng.choice([None, "lead", ["assigned"]])
            if cat == "dossiers" and rng.random() < 0.3:
                item["agency"] = None
            if cat == "dossiers" and rng.random() < 0.3:
                item["level"] = rng.choice([None, "province", "all"])
            if cat in ("scores", "rankings", "rates") and rng.random() < 0.4:
                item["subject"] = rng.choice([None, "UBND tỉnh An Giang", "Sở Nội vụ"])
            if cat in ("scores", "rankings", "rates") and rng.random() < 0.3:
                item["index"] = rng.choice([None, "par_index", "sipas"])
            if cat in ("scores", "rankings") and rng.random() < 0.3:
                item["year"] = rng.choice([None, 2019, 2023])
            if cat == "scores" and rng.random() < 0.3:
                item["stage"] = rng.choice([None, "self", "appraised"])
            if cat in ("scores", "rankings") and rng.random() < 0.3:
                item["criterion"] = rng.choice([None, "1.4", "Cải cách thủ tục hành chính"])
        if items and rng.random() < 0.5:
            items.append(copy.deepcopy(items[0]))
        pred[cat] = items
    doc = pred.get("document", {})
    if doc.get("title") and rng.random() < 0.5:
        doc["title"] = "V/v " + doc["title"].upper()
    pred["text"] = "x"
    return pred


@pytest.mark.parametrize("seed", range(6))
def test_scores_equal_the_contract_scorer(tmp_path: Path, seed: int) -> None:
    gold_dir = shared_path("contract", "gold")
    rng = random.Random(seed)
    preds = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = perturb(gold, rng) if seed else gold
        if rng.random() < 0.2 and seed:
            continue  # a missing prediction file
        preds[gold_path.stem] = pred
        (tmp_path / gold_path.name).write_text(json.dumps(pred, ensure_ascii=False),
                                               encoding="utf-8")
    expected = reference_scorer().score(gold_dir, tmp_path)
    ours = score(gold_dir, preds).to_dict(with_misses=False)
    for key in ("categories", "attributes", "document", "document_accuracy", "provenance",
                "core_f1", "all_f1"):
        assert ours[key] == expected[key], key
    assert sorted(ours["missing"]) == sorted(expected["missing"])


def test_extraction_scores_equal_the_contract_scorer(tmp_path: Path) -> None:
    from pipeline.evaluation import predict

    gold_dir = shared_path("contract", "gold")
    preds = predict(gold_dir, shared_path("seeds"))
    for stem, pred in preds.items():
        (tmp_path / f"{stem}.json").write_text(json.dumps(pred, ensure_ascii=False),
                                               encoding="utf-8")
    expected = reference_scorer().score(gold_dir, tmp_path)
    ours = score(gold_dir, preds)
    assert ours.categories == expected["categories"]
    assert ours.provenance == expected["provenance"]


def test_misses_name_gold_nearest_and_rule() -> None:
    gold_dir = shared_path("contract", "gold")
    gold = json.loads((gold_dir / "002_d5467ff125b81b44.json").read_text(encoding="utf-8"))
    pred = copy.deepcopy(gold)
    pred["rankings"] = [{"rank": 18, "of": 23, "year": 2018, "rule": "rank.thu_of"}]
    report = score(gold_dir, {"002_d5467ff125b81b44": pred})
    miss = next(m for m in report.misses if m.category == "rankings" and m.kind == "missed"
                and m.document == "002_d5467ff125b81b44")
    assert miss.item["rank"] == 18 and miss.nearest["of"] == 23
    assert miss.rule == "rank.thu_of"


@pytest.mark.parametrize(("value", "floor"), [(0.956, 0.95), (1.0, 1.0), (0.0, 0.0),
                                              (0.8999999, 0.89), (0.9, 0.9)])
def test_floor_down(value: float, floor: float) -> None:
    assert fl.floor_down(value) == floor


def _report(f1: float):
    from pipeline.evaluation import Report

    r = Report()
    r.categories = {"dates": {"f1": f1}}
    r.document_accuracy = 0.9
    r.provenance = {"rate": 1.0}
    return r


def test_floors_rise_but_never_fall_without_permission() -> None:
    entry = {"categories": {"dates": 0.9}, "document_accuracy": 0.5, "digest": "old"}
    up, regressions = fl.raise_floors(entry, _report(0.97), "new", allow_regression=False)
    assert up["categories"]["dates"] == 0.97 and up["digest"] == "new" and not regressions
    down, regressions = fl.raise_floors(entry, _report(0.8), "new", allow_regression=False)
    assert down["categories"]["dates"] == 0.9 and regressions and down["digest"] == "old"
    allowed, _ = fl.raise_floors(entry, _report(0.8), "new", allow_regression=True)
    assert allowed["categories"]["dates"] == 0.8 and allowed["digest"] == "new"
    assert fl.violations(entry, _report(0.8)) == ["dates F1 0.800 < floor 0.90"]


def _answered(ok: int, total: int):
    from pipeline.evaluation import AnswerReport

    return AnswerReport(questions=[{"id": f"q{i}", "view": "dossier_stats"}
                                   for i in range(total)],
                        results=[{"id": f"q{i}", "ok": i < ok, "why": "", "rows": []}
                                 for i in range(total)])


def test_answers_floor_is_pinned_held_and_never_silently_unmeasured() -> None:
    """Today the answer views do not exist, so accuracy is 0.0 and that is what is
    pinned; once they answer, the floor rises like any other."""
    entry = {"categories": {"dates": 0.9}, "document_accuracy": 0.5, "digest": "old"}
    report = _report(0.9)
    report.answers = _answered(0, 10)
    pinned, regressions = fl.raise_floors(entry, report, "new", allow_regression=False)
    assert pinned["answers"] == 0.0 and not regressions and pinned["digest"] == "new"
    assert fl.violations(pinned, report) == []
    report.answers = _answered(7, 10)
    raised, _ = fl.raise_floors(pinned, report, "new", allow_regression=False)
    assert raised["answers"] == 0.7
    report.answers = _answered(6, 10)
    assert fl.violations(raised, report) == ["answers 0.600 < floor 0.70"]
    kept, regressions = fl.raise_floors(raised, report, "newer", allow_regression=False)
    assert kept["answers"] == 0.7 and regressions == ["answers: 0.70 → 0.60"]
    report.answers = None
    assert fl.violations(raised, report) == [
        "answers not measured (floor 0.70): ask the set's questions"]
    unchanged, _ = fl.raise_floors(raised, report, "new", allow_regression=False)
    assert unchanged["answers"] == 0.7


def test_digest_covers_the_questions(tmp_path: Path) -> None:
    for folder, name, body in (("gold", "a.json", "{}"), ("texts", "a.txt", "Sở Nội vụ"),
                               ("questions", "a.json", '[{"id": "a:1"}]')):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(body, encoding="utf-8")
    without = fl.GoldSet("t", tmp_path / "gold", tmp_path / "texts")
    with_questions = fl.GoldSet("t", tmp_path / "gold", tmp_path / "texts",
                                tmp_path / "questions")
    before = fl.digest(with_questions)
    assert before != fl.digest(without)
    (tmp_path / "questions" / "a.json").write_text('[{"id": "a:2"}]', encoding="utf-8")
    assert fl.digest(with_questions) != before
    entry = {"gold": "gold", "texts": "texts", "questions": "questions"}
    assert fl.gold_sets({"t": entry}, tmp_path)[0].questions_dir == tmp_path / "questions"


def test_cli_eval_prints_table_and_misses(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", str(shared_path("contract", "gold")),
         "--corpus", str(shared_path("seeds")), "--json", str(tmp_path / "r.json"),
         "--per-doc"], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "core F1" in out.stdout and "references" in out.stdout
    assert "000_92b1fd73d68b9474 references=" in out.stdout
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert set(data["categories"]) >= {"references", "units"}
    # The seeds have questions beside their gold: they are asked, accuracy beside F1.
    assert "answers: 10 questions of" in out.stdout
    assert re.search(r"^answered \d+/10: accuracy \d\.\d{3}$", out.stdout, re.M)
    assert data["answers"]["total"] == 10
    assert {r["id"] for r in data["answers"]["results"]} >= {"seed-daklak-skhdt-par-2018"}


def test_cli_eval_keeps_the_answers_database_or_asks_nothing(tmp_path: Path) -> None:
    gold = str(shared_path("contract", "gold"))
    db = tmp_path / "answers.db"
    kept = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", gold, "--misses", "0",
         "--answers-db", str(db)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert kept.returncode == 0, kept.stderr
    with sqlite3.connect(db) as conn:  # the seeds were stored, the way cchc ingest does
        assert conn.execute("select count(*) from documents").fetchone()[0] == 5
    again = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", gold, "--answers-db", str(db)],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert again.returncode == 2 and "fresh database" in again.stderr
    none = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", gold, "--no-answers", "--misses", "0"],
        capture_output=True, text=True, cwd=REPO, timeout=300)
    assert none.returncode == 0 and "answers:" not in none.stdout


def test_default_questions_sit_beside_the_gold(tmp_path: Path) -> None:
    from pipeline.cli.eval import default_questions

    (tmp_path / "gold").mkdir()
    assert default_questions(tmp_path / "gold") is None
    (tmp_path / "questions").mkdir()
    assert default_questions(tmp_path / "gold") == tmp_path / "questions"
