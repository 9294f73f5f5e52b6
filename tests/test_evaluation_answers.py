"""``pipeline.evaluation.answers`` asks questions exactly as the contract's ``ask.py`` does.

Answer accuracy in ``cchc eval`` is only worth having if it is the contract's number, so
the library port is held to the reference script the way ``scoring`` is held to
``score.py``: the same database, the same questions, the same results (ok, why, rows).
The database here is made by hand to walk every path of the rules — names respelled
("UBND tỉnh An Giang" = "An Giang", "Lệ Thuỷ" = "Lệ Thủy"), periods by the days they
cover ("2021-08" = 1..31/8/2021), criterion and stage defaults, rows that disagree, a
missing view — and the questions are the seeds, our corpus's, and many made at random.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import random
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.evaluation import answers
from tests.conftest import REPO, shared_path

CORPUS_QUESTIONS = REPO / "corpus" / "questions"

ASSESSMENT_COLS = ("subject", "province", "index_name", "year", "criterion", "stage", "score",
                   "max", "percent", "rank", "of", "group", "documents", "document_id",
                   "quote", "conflict")
DOSSIER_COLS = ("province", "agency", "level", "period_start", "period_end", "metric",
                "count", "approx", "documents", "document_id", "quote", "conflict")

ASSESSMENTS = [
    ("Sở Kế hoạch và Đầu tư", "Đắk Lắk", "par_index", 2018, None, None, None, None, None,
     18, 22, "khối sở", 1, "002", "xếp thứ hạng 18/22", 0),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ tỉnh Đắk Lắk", "tỉnh Đắk Lắk", "par_index", 2018, None,
     "appraised", 80.5, 100, None, None, None, None, 1, "002", "80,5 điểm", 0),
    ("Sở Công Thương", "Lạng Sơn", "par_index", 2023, None, "self", 83.3, 89.5, None, None,
     None, None, 1, "003", "tự chấm 83,3/89,5", 0),
    ("Sở Công Thương", "Lạng Sơn", "par_index", 2023, None, "appraised", 77.4, 89.5, None,
     13, 20, None, 1, "003", "77,4/89,5 điểm, xếp 13/20", 0),
    ("Sở Công Thương", "Lạng Sơn", "par_index", 2023, "7.6", None, 1.1, 3, None, None, None,
     None, 1, "003", "7.6: 1,1/3", 0),
    ("UBND tỉnh An Giang", "An Giang", "par_index", 2019, None, None, None, None, 83.32, 11,
     63, "63 tỉnh", 1, "ag", "xếp hạng 11/63", 1),
    ("An Giang", "An Giang", "par_index", 2019, "", None, None, None, 83.32, 3, 13,
     "ĐBSCL", 1, "ag", "hạng 3/13", 0),
    ("An Giang", "An Giang", "par_index", 2016, None, None, None, None, None, 36, 63, None,
     1, "ag", "năm 2016 xếp thứ 36/63", 0),
    ("Uỷ ban nhân dân huyện Lệ Thuỷ", "Quảng Bình", "par_index", 2022, None, None, 88.94,
     None, None, 1, None, None, 1, "qb", "88,94 điểm", 0),
    ("UBND huyện Quảng Ninh", "Quảng Bình", "par_index", 2022, None, None, 88.58, None,
     None, 2, None, None, 1, "qb", "88,58 điểm", 0),
    ("Quảng Ninh", "Quảng Ninh", "sipas", 2023, None, None, None, None, 90.61, 1, None, None,
     2, "tq", "cao nhất với 90,61%", 0),
    ("Thành phố Hà Nội", "Hà Nội", "par_index", 2023, None, None, None, None, "91.43", "3",
     None, None, 1, "hn", "đạt 91,43%, xếp thứ 3", 0),
    ("Bộ Tư pháp", None, "par_index", 2022, None, None, None, None, 90.1, None, None, None,
     1, "tq", "trên 90%", 0),
]

DOSSIERS = [
    ("Đồng Tháp", "Sở Công Thương", None, "2021-01-01", "2021-08-31", "received", 8586, 0,
     1, "000", "tiếp nhận 8.586 hồ sơ", 0),
    ("Đồng Tháp", "Sở Công Thương", None, "2021-01", "2021-08", "overdue", 0, 0, 1, "000",
     "không có hồ sơ trễ hẹn", 0),
    ("Lâm Đồng", None, "all", "2019-12-01", "2020-02-29", "overdue", 7677, 0, 1, "ld",
     "7.677 hồ sơ", 0),
    ("Lâm Đồng", None, None, None, None, "overdue", 7600, 1, 1, "ld", "Trên 7.600", 0),
    ("Lâm Đồng", None, "province", "2019-12-01", "2020-02-29", "received", 54575, 0, 1, "ld",
     "54.575 hồ sơ", 0),
    ("Lâm Đồng", None, "all", "2019-12-01", "2020-02-29", "received", "659245", "0", 1,
     "ld", "659.245 hồ sơ", 0),
    ("tỉnh Thái Nguyên", "Sở Công Thương tỉnh Thái Nguyên", "", "2024", "2024-07-22",
     "received", 19850, 1, 1, "001", "trên 19.850", 0),
    ("Thái Nguyên", "Sở Công Thương", None, "2024-01-01", "2024-07-22", "received", 19830, 1,
     1, "001", "gần 19.830", 1),
    ("Bến Tre", "Trung tâm Phục vụ hành chính công tỉnh Bến Tre", None, "2021-05-01",
     "2021-05-31", "received", 5650, 0, 2, "bt", "5.650", 0),
    ("Bến Tre", "Trung tâm Phục vụ hành chính công tỉnh", None, "2021-13", "2021-05-31",
     "pending", 1089, None, 1, "bt", "1.089 HS", 0),
    ("Vĩnh Phúc", "Trung tâm Phục vụ hành chính công tỉnh", "province", "2021-07-01",
     "2021-09-30", "overdue", 37, False, 1, "vp", "37 hồ sơ", 0),
]

NAMES = {
    "subject": ["Sở Kế hoạch và Đầu tư", "Sở KẾ HOẠCH và đầu tư tỉnh Đắk Lắk", "An Giang",
                "tỉnh An Giang", "UBND tỉnh An Giang", "Ủy ban nhân dân huyện Lệ Thủy",
                "UBND huyện Lệ Thuỷ", "Quảng Ninh", "UBND huyện Quảng Ninh", "Hà Nội",
                "TP Hà Nội", "Bộ Tư pháp", "Sở Công Thương", "Sở Nội vụ"],
    "province": ["Đắk Lắk", "tỉnh Đắk Lắk", "An Giang", "Quảng Bình", "Quảng Ninh",
                 "Hà Nội", "Lạng Sơn", "Lâm Đồng", "Thái Nguyên", "Bến Tre", None],
    "agency": ["Sở Công Thương", "Sở Công Thương tỉnh Thái Nguyên",
               "Trung tâm Phục vụ hành chính công", "Trung tâm Phục vụ hành chính công tỉnh",
               "Trung tâm Phục vụ Hành chính công của tỉnh", None],
}


def reference_ask() -> ModuleType:
    """The contract's ask.py, loaded from ../shared as tests/test_eval.py loads score.py."""
    path = shared_path("contract", "ask.py")
    spec = importlib.util.spec_from_file_location("contract_ask", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_db(path: Path, with_views: bool = True) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    if with_views:
        for name, cols, rows in (("assessment_results", ASSESSMENT_COLS, ASSESSMENTS),
                                 ("dossier_stats", DOSSIER_COLS, DOSSIERS)):
            db.execute(f'create table "{name}" ({", ".join(f"{c!r}" for c in cols)})')
            db.executemany(f'insert into "{name}" values ({", ".join("?" * len(cols))})',
                           rows)
        db.commit()
    return db


def random_question(rng: random.Random, n: int) -> dict:
    """A question made from a row of the hand-made views, then bent: keys dropped or
    respelled, years and periods moved, expectations right, wrong, or None."""
    view = rng.choice(["assessment_results", "dossier_stats"])
    cols, rows = ((ASSESSMENT_COLS, ASSESSMENTS) if view == "assessment_results"
                  else (DOSSIER_COLS, DOSSIERS))
    row = dict(zip(cols, rng.choice(rows), strict=True))
    keys, results = answers.VIEWS[view]["keys"], answers.VIEWS[view]["results"]
    match = {k: row[k] for k in keys if rng.random() < 0.7}
    for k in list(match):
        if k in NAMES and rng.random() < 0.25:
            match[k] = rng.choice(NAMES[k])
        elif k == "year" and rng.random() < 0.1:
            match[k] = row[k] + rng.choice([-1, 1]) if row[k] else 2019
        elif k in ("period_start", "period_end") and rng.random() < 0.15:
            match[k] = rng.choice([None, "2021-08", "2021", "2020-02-29", "2024-07-22",
                                   "2019-12", "bad"])
        elif k in ("criterion", "stage", "level") and rng.random() < 0.15:
            match[k] = rng.choice([None, "self", "appraised", "7.6", "all", "province"])
    expect = {}
    for col in rng.sample(results, rng.randint(1, 3)):
        roll = rng.random()
        value = row.get(col)
        if roll < 0.5:
            expect[col] = value
        elif roll < 0.7:
            expect[col] = None
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            expect[col] = value + 1
        else:
            expect[col] = rng.choice([True, False, "ĐBSCL", 0, 63])
    return {"id": f"random-{n}", "view": view, "match": match, "expect": expect}


def all_questions() -> list[dict]:
    questions = answers.load(shared_path("contract", "questions"))
    if CORPUS_QUESTIONS.is_dir():
        questions += answers.load(CORPUS_QUESTIONS)
    rng = random.Random(15)
    questions += [random_question(rng, n) for n in range(400)]
    questions.append({"id": "no-such-view", "view": "dossier_totals_by_year",
                      "match": {}, "expect": {"count": 1}})
    return questions


@pytest.mark.parametrize("with_views", [True, False], ids=["views", "no-views"])
def test_answers_equal_the_contract_ask(tmp_path: Path, with_views: bool) -> None:
    reference = reference_ask()
    db = make_db(tmp_path / "answers.db", with_views)
    questions = all_questions()
    for q in questions:
        want = reference.ask(db, copy.deepcopy(q))
        got = answers.ask(db, copy.deepcopy(q))
        assert got == want, q["id"]
    if with_views:  # the random questions reach both outcomes, not just one
        outcomes = {answers.ask(db, q)["ok"] for q in questions}
        assert outcomes == {True, False}


def test_report_equals_the_contract_ask_json(tmp_path: Path) -> None:
    """Accuracy, per-view counts and results as ``ask.py --json`` writes them."""
    reference = reference_ask()
    make_db(tmp_path / "answers.db").close()
    qdir = tmp_path / "questions"
    qdir.mkdir()
    questions = all_questions()
    (qdir / "all.json").write_text(json.dumps(questions, ensure_ascii=False),
                                   encoding="utf-8")
    (qdir / "one.json").write_text(json.dumps({"view": "dossier_stats", "match": {
        "province": "Lâm Đồng", "level": "all", "metric": "overdue"},
        "expect": {"count": 7677}}, ensure_ascii=False), encoding="utf-8")
    reference.main([str(tmp_path / "answers.db"), str(qdir), "--json",
                    str(tmp_path / "ask.json")])
    want = json.loads((tmp_path / "ask.json").read_text(encoding="utf-8"))
    got = answers.ask_database(tmp_path / "answers.db", answers.load(qdir)).to_dict()
    assert answers.load(qdir) == reference.load(qdir)
    for key in ("accuracy", "answered", "total", "by_view", "results"):
        assert json.loads(json.dumps(got[key], ensure_ascii=False)) == want[key], key


@pytest.mark.parametrize(("a", "b", "same"), [
    ("UBND tỉnh An Giang", "An Giang", True),
    ("Thành phố Hà Nội", "Hà Nội", True),
    ("Uỷ ban nhân dân huyện Lệ Thuỷ", "UBND huyện Lệ Thủy", True),
    ("Sở Nội vụ tỉnh Quảng Bình", "Sở Nội vụ", True),
    ("UBND huyện Quảng Ninh", "Quảng Ninh", False),  # a district of Quảng Bình
    ("Sở TT&TT", "Sở Thông tin và Truyền thông", False),  # why such names are left out
    (None, None, True),
    ("An Giang", None, False),
])
def test_same_name(a: str | None, b: str | None, same: bool) -> None:
    assert answers.same_name(a, b) is same
    assert reference_ask().same_name(a, b) is same


@pytest.mark.parametrize(("start", "end", "covered"), [
    ("2021-01-01", "2021-08-31", ((2021, 1, 1), (2021, 8, 31))),
    ("2021-01", "2021-08", ((2021, 1, 1), (2021, 8, 31))),
    ("2019-12", "2020-02", ((2019, 12, 1), (2020, 2, 29))),
    ("2024", "2024", ((2024, 1, 1), (2024, 12, 31))),
    (None, "2024-07-22", (None, (2024, 7, 22))),
])
def test_days(start: str | None, end: str | None, covered: tuple) -> None:
    assert answers.days(start, end) == covered


def test_a_missing_view_answers_wrongly_and_accuracy_is_zero(tmp_path: Path) -> None:
    make_db(tmp_path / "empty.db", with_views=False).close()
    report = answers.ask_database(tmp_path / "empty.db", [
        {"id": "q", "view": "dossier_stats", "match": {"province": "Lâm Đồng"},
         "expect": {"count": 7677}}])
    assert report.accuracy == 0.0 and report.by_view == {"dossier_stats": [0, 1]}
    assert report.results[0]["why"].startswith("no view dossier_stats")
    assert answers.AnswerReport().accuracy == 0.0


def test_describe_shows_why_and_the_rows(tmp_path: Path) -> None:
    make_db(tmp_path / "answers.db").close()
    report = answers.ask_database(tmp_path / "answers.db", [
        {"id": "ld-overdue", "ask": "Toàn tỉnh Lâm Đồng bao nhiêu hồ sơ quá hạn?",
         "view": "dossier_stats", "match": {"province": "Lâm Đồng", "metric": "overdue"},
         "expect": {"count": 7677}},
        {"id": "ag-2016", "view": "assessment_results",
         "match": {"subject": "An Giang", "index_name": "par_index", "year": 2016},
         "expect": {"rank": 36, "of": 63}}])
    text = "\n".join(answers.describe(report))
    assert "NO  ld-overdue: Toàn tỉnh Lâm Đồng" in text
    assert "count: want 7677, got ['7600', '7677']" in text
    assert '"quote": "Trên 7.600"' in text
    assert "ag-2016" not in text
    assert "answered 1/2: accuracy 0.500" in text
