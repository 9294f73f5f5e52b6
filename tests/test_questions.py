"""Checks of the questions themselves (``corpus/questions``, and the contract's seeds).

Why: a question is a test of the answer views, and a wrong question fails a right
database (or passes a wrong one) as silently as a typo'd gold file. So, with no extractor
and no database: every question is in the contract's format (``ask.py``'s: id, view,
match, expect), asks a view the contract names by its key columns and expects its result
columns; ids are unique; each of ours names the corpus text it was read from, and every
expected figure is written in that text in some form ("7.677" for 7677, "90,35" for
90.35, "10,18 ngàn" for 10180, "không có" for 0, "thứ nhất" for a first place).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.evaluation.answers import VIEWS, load
from schemas.facts import AssessmentIndex, AssessmentStage, DossierLevel
from tests.conftest import REPO, shared_path

CORPUS = REPO / "corpus"
QUESTIONS = CORPUS / "questions"
TEXTS = CORPUS / "texts"
OURS = load(QUESTIONS)

#: The contract's dossier metrics (its table; ``pending_on_time`` included).
METRICS = {"received", "received_online", "received_new", "carried_over", "resolved",
           "resolved_early", "resolved_on_time", "resolved_early_or_on_time", "overdue",
           "pending", "pending_on_time", "pending_overdue", "returned"}
#: What a question's ``trap`` may be about; the word before ":" names it.
TRAPS = {
    "rounded_restatement",  # "Trên 7.600" (headline) beside the exact 7.677
    "level_total",          # toàn tỉnh's 659.245 beside cấp tỉnh's 54.575
    "stage",                # tự chấm beside sau thẩm định
    "comparison_year",      # "tăng 3 bậc so với năm 2023" is not a 2023 result
    "assessment_year",      # announced in 2023, the index of 2022
    "other_subject",        # another province's result in the text, huyện Quảng Ninh
    "index",                # Chỉ số Xanh (PGI) beside the PAR Index, same year
    "period",               # a month inside a quarter; a quarter the text defines
    "parts_beside_total",   # 7.172 pending = 5.950 chưa đến hạn + 1.222 quá hạn
    "zero_in_words",        # "không có hồ sơ quá hạn" is 0
}
FIELDS = {"id", "ask", "view", "match", "expect", "document", "trap", "note"}
WORDS = {"không có": 0.0, "thứ nhất": 1.0, "đứng đầu": 1.0, "dẫn đầu": 1.0, "cao nhất": 1.0,
         "thứ hai": 2.0, "thứ ba": 3.0}
MULTIPLIERS = {"ngàn": 1e3, "nghìn": 1e3, "triệu": 1e6, "tỷ": 1e9}
NUMBER = re.compile(r"(?<![\d,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?!\d)"
                    r"(?:\s*(ngàn|nghìn|triệu|tỷ)\b)?")


def written_values(text: str) -> set[float]:
    """Every number a Vietnamese text writes, as a value: "7.677" → 7677, "90,35" →
    90.35, "83,00/100" → 83 and 100, "10,18 ngàn" → 10180, "01/7" → 1 and 7, and the
    words a reader takes as numbers ("không có hồ sơ quá hạn" → 0, "thứ nhất" → 1)."""
    values = set()
    for whole, fraction, multiplier in NUMBER.findall(text):
        value = float(whole.replace(".", "") + ("." + fraction if fraction else ""))
        values.add(round(value * MULTIPLIERS.get(multiplier, 1), 6))
    folded = unicodedata.normalize("NFC", text).casefold()
    values.update(v for word, v in WORDS.items() if word in folded)
    return values


@pytest.mark.parametrize(("text", "value", "found"), [
    ("số hồ sơ quá hạn có 7.677 hồ sơ", 7677, True),
    ("Trên 7.600 hồ sơ bị quá hạn", 7677, False),
    ("Với 90,35 điểm", 90.35, True),
    ("với tổng số 83,00/100 điểm", 83, True),
    ("với tổng số 83,00/100 điểm", 100, True),
    ("đã tiếp nhận 10,18 ngàn hồ sơ (HS)", 10180, True),
    ("đã tiếp nhận 10,18 ngàn hồ sơ (HS)", 10.18, False),  # the figure is 10 180
    ("đứng thứ 01/7 tỉnh", 1, True),
    ("giải quyết: 4.561/5.650 HS", 5650, True),
    ("không có hồ sơ quá hạn", 0, True),
    ("huyện Si Ma Cai đứng thứ nhất", 1, True),
    ("thứ hai là Văn phòng UBND tỉnh 95,43 điểm", 2, True),
    ("đạt 86,91%", 86.9, False),
    ("trong 21 sở", 2, False),
])
def test_written_values(text: str, value: float, found: bool) -> None:
    assert (float(value) in written_values(text)) is found


def contract_questions() -> list[dict]:
    return load(shared_path("contract", "questions"))


def text_of(question: dict) -> str:
    return (TEXTS / f"{question['document']}.txt").read_text(encoding="utf-8")


def check_shape(q: dict) -> None:
    """The contract's question format: a known view, its key columns, its results."""
    assert isinstance(q.get("id"), str) and q["id"], q
    assert q.get("view") in VIEWS, q["id"]
    view = VIEWS[q["view"]]
    assert isinstance(q.get("match"), dict) and q["match"], q["id"]
    assert isinstance(q.get("expect"), dict) and q["expect"], q["id"]
    assert set(q["match"]) <= set(view["keys"]), (q["id"], set(q["match"]) - set(view["keys"]))
    assert set(q["expect"]) <= set(view["results"]), q["id"]
    match = q["match"]
    if "index_name" in match:
        assert match["index_name"] in {i.value for i in AssessmentIndex}, q["id"]
    if "stage" in match:
        assert match["stage"] in {None, *(s.value for s in AssessmentStage)}, q["id"]
    if "level" in match:
        assert match["level"] in {None, *(v.value for v in DossierLevel)}, q["id"]
    if "metric" in match:
        assert match["metric"] in METRICS, q["id"]
    if "year" in match:
        assert isinstance(match["year"], int) and 2000 <= match["year"] <= 2030, q["id"]
    for end in ("period_start", "period_end"):
        if match.get(end) is not None:
            dt.date.fromisoformat(match[end])  # a whole ISO day: raises if not
    if match.get("period_start") and match.get("period_end"):
        assert match["period_start"] <= match["period_end"], q["id"]


@pytest.mark.parametrize("question", OURS, ids=lambda q: q["id"])
def test_our_question_has_the_contract_shape(question: dict) -> None:
    check_shape(question)
    assert set(question) <= FIELDS, set(question) - FIELDS
    assert isinstance(question.get("ask"), str) and question["ask"].strip()


def test_the_contract_seeds_have_the_shape_we_check() -> None:
    """The same checks hold for the contract's own questions, so they check the format
    and not just our habits."""
    for question in contract_questions():
        check_shape(question)


def test_ids_are_unique_and_not_the_seeds() -> None:
    ids = [q["id"] for q in OURS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    try:
        seeds = {q["id"] for q in contract_questions()}
    except pytest.skip.Exception:
        seeds = set()
    assert not seeds & set(ids)


@pytest.mark.parametrize("question", OURS, ids=lambda q: q["id"])
def test_question_names_its_text_and_its_id_says_which(question: dict) -> None:
    document = question.get("document")
    assert isinstance(document, str) and (TEXTS / f"{document}.txt").is_file(), document
    assert question["id"].startswith(document + ":"), question["id"]


@pytest.mark.parametrize("question", OURS, ids=lambda q: q["id"])
def test_every_expected_figure_is_written_in_the_text(question: dict) -> None:
    """Answers were read from the text, so the text writes them: 7677 as "7.677",
    90.35 as "90,35" (a boolean such as ``approx`` is a reading, not a figure)."""
    values = written_values(text_of(question))
    for col, want in question["expect"].items():
        if isinstance(want, bool) or want is None:
            continue
        assert isinstance(want, (int, float)), (col, want)
        assert float(want) in values, f"{question['id']}: {col} {want} not in the text"
    year = question["match"].get("year")
    if year is not None:
        assert float(year) in values, f"{question['id']}: year {year} not in the text"


@pytest.mark.parametrize("question", [q for q in OURS if "trap" in q], ids=lambda q: q["id"])
def test_traps_say_what_they_are(question: dict) -> None:
    kind, _, why = question["trap"].partition(":")
    assert kind in TRAPS and why.strip(), question["trap"]


def test_the_set_is_big_and_asks_both_views_and_the_traps_of_the_brief() -> None:
    """At least 40 questions over both views, with the traps a reader of these texts
    falls into: a headline's rounded figure, a province total beside its tiers, a year
    of comparison. (The stage trap, tự chấm beside thẩm định, is in the contract's seeds:
    no corpus text gives a self-assessed score.)"""
    assert len(OURS) >= 40
    views = {q["view"] for q in OURS}
    assert views == set(VIEWS)
    kinds = {q["trap"].partition(":")[0] for q in OURS if "trap" in q}
    assert {"rounded_restatement", "level_total", "comparison_year"} <= kinds


def test_question_files_are_lists_grouped_and_nfc() -> None:
    for path in sorted(QUESTIONS.glob("*.json")):
        raw = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", raw) == raw, path.name
        data = json.loads(raw)
        assert isinstance(data, list) and data, path.name
    assert not [p for p in QUESTIONS.iterdir() if p.suffix != ".json"]


def test_the_lamdong_level_questions_agree_with_the_text_sums() -> None:
    """The tiers of Lâm Đồng's quarter add up to the province-wide figure, which is
    why the total must stay a row of its own (level "all") and never be summed again."""
    received = {q["match"]["level"]: q["expect"]["count"] for q in OURS
                if q["id"].startswith("lamdong_2020_q1_hoso_cac_cap:received-")}
    assert received["province"] + received["district"] + received["commune"] == received["all"]


def _documents(path: Path) -> set[str]:
    return {q["document"] for q in json.loads(path.read_text(encoding="utf-8"))}


def test_each_file_is_one_topic_over_few_documents() -> None:
    """Files group questions by topic (PAR Index, SIPAS, dossier counts) so a reader
    finds a document's questions together."""
    for path in sorted(QUESTIONS.glob("*.json")):
        views = {q["view"] for q in json.loads(path.read_text(encoding="utf-8"))}
        assert len(views) == 1, path.name
        assert len(_documents(path)) <= 8, path.name
