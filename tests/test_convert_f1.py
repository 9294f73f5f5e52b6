"""Extraction from each converted form of a seed scores within 0.03 core F1 of extraction
from the plain text (0.10 for OCR), by the contract's own scorer.

The plain-text extraction plays gold here, so the test measures what conversion loses,
whatever the extractors' current quality.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

import pytest

from extractors import extract
from pipeline.convert import convert_path
from tests.conftest import REPO, assert_spans, shared_path
from tests.test_convert import need_tool

FIX = REPO / "corpus" / "fixtures"
REPORT, LETTER, PLAN = "000_92b1fd73d68b9474", "002_d5467ff125b81b44", "003_3f0e39a7207b2158"

#: (converted fixture, plain reference: a seed name or a fixture's own body text, tolerance)
FORMS = [
    (f"docx/{LETTER}.docx", LETTER, 0.03),
    (f"docx/{PLAN}.docx", PLAN, 0.03),
    (f"docx/{REPORT}.vntime.docx", REPORT, 0.03),
    (f"pdf/{LETTER}.pdf", LETTER, 0.03),
    (f"pdf/{PLAN}.pdf", PLAN, 0.03),
    (f"pdf/{REPORT}.vntime.pdf", REPORT, 0.03),
    (f"doc/{LETTER}.doc", LETTER, 0.03),
    (f"txt/{REPORT}.tcvn3.txt", REPORT, 0.03),
    (f"txt/{REPORT}.vni.txt", REPORT, 0.03),
    (f"txt/{REPORT}.viscii.txt", REPORT, 0.03),
    (f"txt/{REPORT}.cp1258.txt", REPORT, 0.03),
    ("html/004_ed9f0645d537b244.html", "html/004_ed9f0645d537b244.body.txt", 0.03),
    ("html/001_cd0c8ec09d399e4a.html", "html/001_cd0c8ec09d399e4a.body.txt", 0.03),
]


@cache
def load_scorer():
    """The contract's own scorer, ../shared/contract/score.py."""
    spec = importlib.util.spec_from_file_location("contract_score",
                                                  shared_path("contract", "score.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def core_f1(reference_text: str, converted, tmp: Path) -> float:
    """Core F1 of extraction from ``converted`` scored against extraction from the text."""
    gold, pred = tmp / "gold", tmp / "pred"
    gold.mkdir()
    pred.mkdir()
    reference = extract(reference_text).to_contract()
    result = extract(converted)
    assert_spans(result)
    (gold / "doc.json").write_text(json.dumps(reference, ensure_ascii=False), encoding="utf-8")
    (pred / "doc.json").write_text(json.dumps(result.to_contract(), ensure_ascii=False),
                                   encoding="utf-8")
    return load_scorer().score(gold, pred)["core_f1"]


def reference_text(ref: str) -> str:
    if "/" in ref:
        return (FIX / ref).read_text(encoding="utf-8")
    return shared_path("seeds", f"{ref}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(("form", "ref", "tolerance"), FORMS)
def test_converted_form_extracts_like_plain_text(form: str, ref: str, tolerance: float,
                                                  tmp_path: Path) -> None:
    if form.startswith("doc/"):
        need_tool("antiword")
    f1 = core_f1(reference_text(ref), convert_path(FIX / form), tmp_path)
    assert f1 >= 1.0 - tolerance, f"{form}: core F1 {f1:.3f} vs its plain text"


@pytest.mark.slow
def test_scanned_form_extracts_like_its_text_layer(tmp_path: Path) -> None:
    """The 2-page scan against the text layer of the same two pages (tolerance 0.10)."""
    need_tool("tesseract")
    text_pdf = convert_path(FIX / "pdf" / f"{LETTER}.pdf")
    reference = text_pdf.text[: text_pdf.pages[2]]
    f1 = core_f1(reference, convert_path(FIX / "pdf" / f"{LETTER}.scan.pdf"), tmp_path)
    assert f1 >= 0.90, f"scan: core F1 {f1:.3f} vs its text layer"
