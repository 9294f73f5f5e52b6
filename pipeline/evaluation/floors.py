"""Quality floors: the scores the eval gate will not let fall, pinned per gold set.

``tests/eval_floors.json`` holds, for each gold set (the contract's seeds, our own
``corpus/``), where its gold, texts and questions are, a digest of those files, and a
floor per category (F1), per attribute (accuracy: subject, index, year, level…), for
document-field accuracy, for provenance and, for a set with questions, for answer
accuracy (``answers``: the share of its questions a fresh database of its texts answers
right, asked the contract's way). The eval gate test fails when a score drops below its
floor or when the files changed since the floors were pinned: a reworded question ("trên
7.600" → 7677) must be pinned again like a changed gold file. ``cchc eval
--update-floors`` raises floors to today's scores (rounded down to two decimals);
lowering one needs ``--allow-regression``, and the diff shows in review.

An entry::

    "corpus": {"gold": "corpus/gold", "texts": "corpus/texts",
               "questions": "corpus/questions", "answers": 0.0,
               "categories": {"dates": 1.0, …}, "digest": "…", …}
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluation.runner import Report, find_text

DEFAULT_FLOORS = Path("tests/eval_floors.json")


@dataclass(frozen=True)
class GoldSet:
    """One gold set of the floors file, with paths resolved against the repository."""

    name: str
    gold_dir: Path
    corpus_dir: Path
    questions_dir: Path | None = None  # the set's questions for the answer views, if any


def load(path: Path = DEFAULT_FLOORS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def save(floors: dict[str, Any], path: Path = DEFAULT_FLOORS) -> None:
    path.write_text(json.dumps(floors, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")


def resolve(path: str, root: Path) -> Path:
    """A path of the floors file: relative to the repository, or ``shared:…`` for the
    contract's files beside it (``CCHC_SHARED`` overrides where ../shared is)."""
    if path.startswith("shared:"):
        shared = Path(os.environ.get("CCHC_SHARED", root.parent / "shared"))
        return (shared / path.removeprefix("shared:")).resolve()
    return (root / path).resolve()


def gold_sets(floors: dict[str, Any], root: Path) -> list[GoldSet]:
    """Every gold set named in the floors file."""
    return [GoldSet(name, resolve(entry["gold"], root), resolve(entry["texts"], root),
                    resolve(entry["questions"], root) if entry.get("questions") else None)
            for name, entry in sorted(floors.items())]


def digest(gold: GoldSet) -> str:
    """sha256 over every gold file and the text it scores (names and bytes), and over
    every question file of the set, so a changed question forces re-pinning too."""
    h = hashlib.sha256()
    for gold_path in sorted(gold.gold_dir.glob("*.json")):
        h.update(gold_path.name.encode())
        h.update(gold_path.read_bytes())
        text = find_text(gold.corpus_dir, gold_path.stem)
        if text is not None:
            h.update(text.name.encode())
            h.update(text.read_bytes())
    if gold.questions_dir is not None:
        for question_path in sorted(gold.questions_dir.glob("*.json")):
            h.update(b"questions/" + question_path.name.encode())
            h.update(question_path.read_bytes())
    return h.hexdigest()


def floor_down(value: float) -> float:
    """Round down to two decimals, so a floor never sits above the score it came from."""
    return math.floor(value * 100 + 1e-9) / 100


def current_scores(report: Report) -> dict[str, Any]:
    """The scores floors are kept for; ``answers`` is None where no question was asked."""
    return {
        "categories": {c: v["f1"] for c, v in report.categories.items()},
        "attributes": {a: v["accuracy"] for a, v in report.attributes.items()},
        "document_accuracy": report.document_accuracy,
        # No facts at all is not a provenance failure.
        "provenance": report.provenance.get("rate", 0.0) if report.provenance.get("total")
        else 1.0,
        "answers": report.answers.accuracy if report.answers is not None else None,
    }


def violations(entry: dict[str, Any], report: Report) -> list[str]:
    """Every floor of ``entry`` that ``report`` falls below, in words."""
    scores = current_scores(report)
    out = []
    for cat, floor in entry.get("categories", {}).items():
        value = scores["categories"].get(cat, 0.0)
        if value < floor - 1e-9:
            out.append(f"{cat} F1 {value:.3f} < floor {floor:.2f}")
    for name, floor in entry.get("attributes", {}).items():
        value = scores["attributes"].get(name, 0.0)
        if value < floor - 1e-9:
            out.append(f"attribute {name} {value:.3f} < floor {floor:.2f}")
    for key in ("document_accuracy", "provenance", "answers"):
        if key not in entry:
            continue
        if scores[key] is None:
            # A set pinned with an answers floor whose questions were not asked: the
            # floor cannot be held, and silence would look like a pass.
            out.append(f"{key} not measured (floor {entry[key]:.2f}): ask the set's questions")
        elif scores[key] < entry[key] - 1e-9:
            out.append(f"{key} {scores[key]:.3f} < floor {entry[key]:.2f}")
    return out


def raise_floors(entry: dict[str, Any], report: Report, new_digest: str,
                 allow_regression: bool) -> tuple[dict[str, Any], list[str]]:
    """New floors from ``report``: raised where better; lowered only if allowed.

    Returns the updated entry and the regressions found (refused unless allowed).
    """
    scores = current_scores(report)
    updated = dict(entry)
    regressions: list[str] = []
    cats = dict(entry.get("categories", {}))
    for cat, value in scores["categories"].items():
        new = floor_down(value)
        old = cats.get(cat, 0.0)
        if new < old:
            regressions.append(f"{cat}: {old:.2f} → {new:.2f}")
            if not allow_regression:
                continue
        cats[cat] = new
    updated["categories"] = cats
    attrs = dict(entry.get("attributes", {}))
    for name, value in scores["attributes"].items():
        new = floor_down(value)
        old = attrs.get(name, 0.0)
        if new < old:
            regressions.append(f"attribute {name}: {old:.2f} → {new:.2f}")
            if not allow_regression:
                continue
        attrs[name] = new
    updated["attributes"] = attrs
    for key in ("document_accuracy", "provenance", "answers"):
        if scores[key] is None:
            continue  # not measured this run: the pinned floor stays as it is
        new, old = floor_down(scores[key]), entry.get(key, 0.0)
        if new < old:
            regressions.append(f"{key}: {old:.2f} → {new:.2f}")
            if not allow_regression:
                continue
        updated[key] = new
    if not regressions or allow_regression:
        updated["digest"] = new_digest
    return updated, regressions
