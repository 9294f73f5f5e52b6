"""The seeds as the store will see them once extraction says who was assessed.

Today the extractors find the seeds' scores and rankings but leave ``subject``, ``index``
and ``stage`` empty (that is the extraction work running beside the store's). To test the
answers end to end now, :func:`assessed` fills those fields, where the extractor left them
empty, from the contract's gold file of the same seed: each score takes them from the gold
score with the same points (value and max), each ranking from the gold ranking with the
same place (rank and of). Values the extractor did fill are kept, so once extraction
fills them these helpers change nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from extractors import extract
from pipeline.convert import convert_path
from schemas import Document, Extraction

FILLED = ("subject", "index", "year", "stage", "criterion")


def _same(gold: dict, fact: dict, keys: tuple[str, ...]) -> bool:
    return all((gold.get(k) is None and fact.get(k) is None) or (
        gold.get(k) is not None and fact.get(k) is not None
        and abs(float(gold[k]) - float(fact[k])) < 1e-6) for k in keys)


def assessed(extraction: Extraction, gold_path: Path) -> Extraction:
    """``extraction`` with its scores' and rankings' empty who/which/when fields taken
    from the gold (see the module docstring)."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = {}
    for category, keys in (("scores", ("value", "max")), ("rankings", ("rank", "of"))):
        facts = []
        for fact in getattr(extraction, category):
            data = fact.model_dump(mode="json")
            match = next((g for g in gold.get(category, []) if _same(g, data, keys)), None)
            if match:
                update = {k: match[k] for k in FILLED
                          if k in data and data[k] is None and match.get(k) is not None}
                fact = type(fact).model_validate({**fact.model_dump(), **update})
            facts.append(fact)
        out[category] = facts
    return extraction.model_copy(update=out)


def seed_extractions(seeds_dir: Path, gold_dir: Path) -> list[tuple[Document, Extraction]]:
    """Every seed, converted and extracted, with the assessments' fields filled."""
    out = []
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = convert_path(path)
        out.append((doc, assessed(extract(doc), gold_dir / f"{path.stem}.json")))
    return out
