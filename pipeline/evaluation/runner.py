"""Run extraction over every document that has a gold file, and score it.

``evaluate(gold_dir, corpus_dir)`` returns a ``Report``: P/R/F1 per category, attribute
accuracy, document-field accuracy, provenance rate, and every miss with the nearest
prediction and the rule that fired. A gold file ``corpus/gold/tn_2024.json`` is scored
against the extraction of ``corpus/texts/tn_2024.*`` (any format the converters read).

Answer accuracy (``Report.answers``) needs the texts stored and merged into the answer
views, a later stage than extraction; whoever may build that database (``cchc eval``, the
eval gate) asks the questions with ``pipeline.evaluation.answers`` and attaches them.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluation import scoring
from pipeline.evaluation.answers import AnswerReport


@dataclass
class Miss:
    """One gold item not found (or one prediction not in gold), and why."""

    document: str
    category: str
    kind: str  # "missed" (false negative) or "spurious" (false positive)
    item: Any
    nearest: Any = None
    rule: str | None = None


@dataclass
class Report:
    """Scores of one evaluation run."""

    categories: dict[str, dict[str, float]] = field(default_factory=dict)
    attributes: dict[str, dict[str, float]] = field(default_factory=dict)
    document: dict[str, dict[str, float]] = field(default_factory=dict)
    document_accuracy: float = 0.0
    provenance: dict[str, float] = field(default_factory=dict)
    core_f1: float = 0.0
    all_f1: float = 0.0
    missing: list[str] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    per_doc: dict[str, dict[str, tuple[int, int, int]]] = field(default_factory=dict)
    # The gold set's questions asked of a database of its texts, where it has questions
    # (filled by whoever builds that database: ``cchc eval``, the eval gate).
    answers: AnswerReport | None = None

    def to_dict(self, with_misses: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "categories": self.categories, "attributes": self.attributes,
            "document": self.document, "document_accuracy": self.document_accuracy,
            "provenance": self.provenance, "core_f1": self.core_f1, "all_f1": self.all_f1,
            "missing": self.missing, "per_doc": self.per_doc,
        }
        if with_misses:
            out["misses"] = [m.__dict__ for m in self.misses]
        if self.answers is not None:
            out["answers"] = self.answers.to_dict()
        return out


def find_text(corpus_dir: Path, stem: str) -> Path | None:
    """The document a gold file is about: same stem, any extension but .json."""
    for path in sorted(corpus_dir.glob(f"{stem}.*")):
        if path.suffix != ".json" and path.is_file():
            return path
    return None


def default_corpus(gold_dir: Path) -> Path:
    """Where the texts of a gold directory usually live.

    ``corpus/gold`` → ``corpus/texts``; the contract's ``contract/gold`` → ``../seeds``.
    """
    for candidate in (gold_dir.parent / "texts", gold_dir.parent.parent / "seeds",
                      gold_dir.parent / "seeds"):
        if candidate.is_dir():
            return candidate
    return gold_dir.parent / "texts"


def gold_texts(gold_dir: Path, corpus_dir: Path) -> dict[str, Path]:
    """The documents of a gold set: ``{stem: text path}`` for every gold file whose text
    is found (what is extracted for F1, and ingested to ask the set's questions)."""
    found = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        text_path = find_text(corpus_dir, gold_path.stem)
        if text_path is not None:
            found[gold_path.stem] = text_path
    return found


def predict(gold_dir: Path, corpus_dir: Path,
            on_document: Callable[[str], None] | None = None) -> dict[str, dict[str, Any]]:
    """Extract every document that has a gold file; ``{stem: contract dict}``. Each is
    read as ``cchc ingest`` reads it (its ``sources.yaml`` entry lends its URL), and a
    bug on a gold document fails loudly rather than scoring as empty. ``on_document``
    hears each stem when it is done (``cchc eval``'s progress)."""
    from extractors import extract
    from pipeline.convert import convert_path, manifest

    out = {}
    for stem, path in gold_texts(gold_dir, corpus_dir).items():
        out[stem] = extract(manifest.annotate(convert_path(path), path)).to_contract()
        if on_document:
            on_document(stem)
    return out


def score(gold_dir: Path, predictions: dict[str, dict[str, Any]]) -> Report:
    """Score predictions against every gold file of ``gold_dir`` (the contract's rules)."""
    totals = {c: [0, 0, 0] for c in scoring.CATEGORIES}
    attrs: dict[str, list[int]] = {}
    fields = {f: [0, 0] for f in scoring.DOC_FIELDS}
    prov = [0, 0]
    report = Report()
    for gold_path in sorted(gold_dir.glob("*.json")):
        stem = gold_path.stem
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        pred = predictions.get(stem)
        if pred is None:
            report.missing.append(stem)
            pred = {}
        row = {}
        for cat in scoring.CATEGORIES:
            res = scoring.match_category(cat, scoring.as_list(gold.get(cat)),
                                         scoring.as_list(pred.get(cat)))
            for i, v in enumerate((res.tp, res.fp, res.fn)):
                totals[cat][i] += v
            row[cat] = (res.tp, res.fp, res.fn)
            for name, ok in scoring.attribute_checks(cat, res.pairs):
                a = attrs.setdefault(f"{cat}.{name}", [0, 0])
                a[0] += ok
                a[1] += 1
            report.misses.extend(_explain(stem, cat, res, scoring.as_list(pred.get(cat))))
        gdoc, pdoc = gold.get("document") or {}, pred.get("document") or {}
        for name in scoring.DOC_FIELDS:
            if name in gdoc:
                ok = scoring.document_field_ok(name, gdoc.get(name), pdoc.get(name))
                fields[name][0] += ok
                fields[name][1] += 1
                if not ok:
                    report.misses.append(Miss(stem, f"document.{name}", "wrong",
                                              gdoc.get(name), pdoc.get(name)))
        ok, total = scoring.provenance(pred)
        prov[0] += ok
        prov[1] += total
        report.per_doc[stem] = row
    _fill_totals(report, totals, attrs, fields, prov)
    return report


def _fill_totals(report: Report, totals: dict[str, list[int]], attrs: dict[str, list[int]],
                 fields: dict[str, list[int]], prov: list[int]) -> None:
    for cat, (tp, fp, fn) in totals.items():
        p, r, f = scoring.prf(tp, fp, fn)
        report.categories[cat] = {"tp": tp, "fp": fp, "fn": fn, "precision": p,
                                  "recall": r, "f1": f}
    core = [sum(totals[c][i] for c in scoring.CORE) for i in range(3)]
    report.core_f1 = scoring.prf(*core)[2]
    report.all_f1 = scoring.prf(*(sum(t[i] for t in totals.values()) for i in range(3)))[2]
    for name, (ok, n) in sorted(attrs.items()):
        report.attributes[name] = {"correct": ok, "total": n, "accuracy": ok / n if n else 1.0}
    for name, (ok, n) in fields.items():
        report.document[name] = {"correct": ok, "total": n, "accuracy": ok / n if n else 1.0}
    report.document_accuracy = (sum(v[0] for v in fields.values())
                                / max(1, sum(v[1] for v in fields.values())))
    report.provenance = {"ok": prov[0], "total": prov[1],
                         "rate": prov[0] / prov[1] if prov[1] else 0.0}


def _describe(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    return json.dumps({k: v for k, v in item.items() if k not in ("span", "quote", "rule",
                                                                   "mentions")},
                      ensure_ascii=False, sort_keys=True)


def _explain(stem: str, cat: str, res: scoring.CategoryResult, preds: list[Any]) -> list[Miss]:
    """Pair each miss with the most similar prediction, so the reason shows."""
    out = []
    spurious = res.spurious
    for g in res.missed:
        nearest = max(spurious or preds, default=None,
                      key=lambda p: difflib.SequenceMatcher(None, _describe(g),
                                                            _describe(p)).ratio())
        rule = nearest.get("rule") if isinstance(nearest, dict) else None
        out.append(Miss(stem, cat, "missed", g, nearest, rule))
    for p in spurious:
        out.append(Miss(stem, cat, "spurious", p, None,
                        p.get("rule") if isinstance(p, dict) else None))
    return out


def evaluate(gold_dir: Path, corpus_dir: Path | None = None,
             on_document: Callable[[str], None] | None = None) -> Report:
    """Extract and score every document of ``gold_dir`` (``on_document``: see
    ``predict``)."""
    corpus_dir = corpus_dir or default_corpus(gold_dir)
    return score(gold_dir, predict(gold_dir, corpus_dir, on_document))
