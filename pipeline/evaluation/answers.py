"""The contract's questions, asked of a database: does it answer what a user asks?

Facts are mentions; a journalist asks "Sở Công Thương Lạng Sơn đạt bao nhiêu điểm Chỉ số
CCHC năm 2023?" and wants one answer. The contract (``../shared/contract/README.md``,
"Answers") fixes the two answer views, ``assessment_results`` and ``dossier_stats``, and
its ``ask.py`` how a question is asked of them. This module is ``ask.py`` as a library,
rule for rule, so ``cchc eval`` can report answer accuracy beside F1 without ../shared on
the path; ``tests/test_answers.py`` checks that it gives exactly ``ask.py``'s results on
the same database and questions (as ``scoring`` is checked against ``score.py``).

A question (one JSON object, or a list of them, per file)::

    {"id": "lamdong_2020_q1_hoso_cac_cap:overdue-all",
     "ask": "Quý I/2020 toàn tỉnh Lâm Đồng có bao nhiêu hồ sơ quá hạn?",
     "view": "dossier_stats",
     "match": {"province": "Lâm Đồng", "level": "all", "metric": "overdue",
               "period_start": "2019-12-01", "period_end": "2020-02-29"},
     "expect": {"count": 7677, "approx": false}}

The rows whose key columns match (names by the unit rules, "tỉnh Lâm Đồng" = "Lâm Đồng";
periods by the days they cover, "2020-02" = "2020-02-01".."2020-02-29"; ``criterion``
null and ``stage`` other than "self" unless the question names them) are gathered, and
for every expected column the non-null values of those rows must all be the expected
value. No row, or rows that disagree, answer it wrongly; so does a missing view.
"""

from __future__ import annotations

import calendar
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.evaluation.scoring import norm_text, unit_match

#: The answer views of the contract: their key columns (what a question may match on)
#: and their result columns (what it may expect). More columns are welcome in a view.
VIEWS: dict[str, dict[str, tuple[str, ...]]] = {
    "assessment_results": {
        "keys": ("subject", "province", "index_name", "year", "criterion", "stage"),
        "results": ("score", "max", "percent", "rank", "of", "group", "documents",
                    "conflict"),
    },
    "dossier_stats": {
        "keys": ("province", "agency", "level", "period_start", "period_end", "metric"),
        "results": ("count", "approx", "documents", "conflict"),
    },
}

NAME_COLS = {"subject", "province", "agency"}

_PROVINCE_PREFIX = re.compile(
    r"^((ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+)?(tỉnh|thành phố|tp\.?)\s+")

Question = dict[str, Any]
Result = dict[str, Any]


def place(name: object) -> str:
    """A province's compare-form: "UBND tỉnh An Giang" → "an giang"."""
    return _PROVINCE_PREFIX.sub("", norm_text(name)).strip()


def same_name(a: object, b: object) -> bool:
    """Names equal as places or as units: "Thành phố Hà Nội" = "Hà Nội",
    "Sở Nội vụ tỉnh Quảng Bình" = "Sở Nội vụ"; null equals only null."""
    if a is None or b is None:
        return a is None and b is None
    if place(a) == place(b):
        return True
    return unit_match(str(a), str(b))


def days(start: object, end: object) -> tuple[Any, Any]:
    """(first day, last day) covered by ISO start/end strings (YYYY, YYYY-MM or
    YYYY-MM-DD): ("2019-12", "2020-02") → ((2019, 12, 1), (2020, 2, 29))."""

    def first(s: object) -> tuple[int, int, int]:
        p = [int(x) for x in str(s).split("-")]
        return (p[0], p[1] if len(p) > 1 else 1, p[2] if len(p) > 2 else 1)

    def last(s: object) -> tuple[int, int, int]:
        p = [int(x) for x in str(s).split("-")]
        y, m = p[0], p[1] if len(p) > 1 else 12
        return (y, m, p[2] if len(p) > 2 else calendar.monthrange(y, m)[1])

    try:
        return (first(start) if start else None, last(end) if end else None)
    except (ValueError, IndexError):
        return (str(start), str(end))


def same_value(got: object, want: object) -> bool:
    """One expected value against one stored value: numbers within 1e-6 (SQLite's 1 is
    ``true``), strings as text or as names."""
    if isinstance(want, bool) or isinstance(got, bool):
        return bool(got) == bool(want)
    if isinstance(want, (int, float)):
        try:
            return abs(float(got) - float(want)) < 1e-6  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
    if isinstance(want, str):
        return norm_text(got) == norm_text(want) or same_name(got, want)
    return got == want


def row_matches(row: dict[str, Any], match: dict[str, Any]) -> bool:
    """Whether a view row is one the question asks about (see the module docstring)."""
    for col, want in match.items():
        if col in ("period_start", "period_end"):
            continue
        got = row.get(col)
        if col in NAME_COLS:
            if not same_name(got, want):
                return False
        elif want is None:
            if got not in (None, ""):
                return False
        elif not same_value(got, want):
            return False
    asks_period = "period_start" in match or "period_end" in match
    if asks_period and days(match.get("period_start"), match.get("period_end")) != days(
            row.get("period_start"), row.get("period_end")):
        return False
    if "criterion" not in match and row.get("criterion") not in (None, ""):
        return False
    return not ("stage" not in match and row.get("stage") == "self")


def ask(db: sqlite3.Connection, q: Question) -> Result:
    """Ask one question: ``{"id", "ok", "why", "rows"}``, ``rows`` the first five
    matching rows (match and expect columns, and the quote) so a failure shows itself."""
    view = q["view"]
    try:
        cur = db.execute(f'select * from "{view}"')
    except sqlite3.Error as e:
        return {"id": q["id"], "ok": False, "why": f"no view {view}: {e}", "rows": []}
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    hits = [r for r in rows if row_matches(r, q["match"])]
    if not hits:
        return {"id": q["id"], "ok": False, "why": "no matching row", "rows": []}
    wrong = []
    for col, want in q["expect"].items():
        vals = [r.get(col) for r in hits if r.get(col) not in (None, "")]
        if want is None:
            if vals:
                wrong.append(f"{col}: want none, got {sorted(set(map(str, vals)))}")
            continue
        if not vals or not all(same_value(v, want) for v in vals):
            wrong.append(f"{col}: want {want}, got {sorted(set(map(str, vals))) or 'none'}")
    keep = [{k: r.get(k) for k in list(q["match"]) + list(q["expect"]) + ["quote"]}
            for r in hits[:5]]
    return {"id": q["id"], "ok": not wrong, "why": "; ".join(wrong), "rows": keep}


def load(qdir: Path) -> list[Question]:
    """Every question of a folder, files in name order; a question without an id takes
    its file's name."""
    out = []
    for f in sorted(qdir.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        for q in data if isinstance(data, list) else [data]:
            q.setdefault("id", f.stem)
            out.append(q)
    return out


@dataclass
class AnswerReport:
    """The questions of one folder asked of one database, and what came back."""

    questions: list[Question] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # e.g. texts that failed to ingest

    @property
    def answered(self) -> int:
        return sum(bool(r["ok"]) for r in self.results)

    @property
    def accuracy(self) -> float:
        """Share of questions answered right; no questions is 0.0, as in ask.py."""
        return self.answered / len(self.results) if self.results else 0.0

    @property
    def by_view(self) -> dict[str, list[int]]:
        """``{view: [answered, asked]}``."""
        out: dict[str, list[int]] = {}
        for q, r in zip(self.questions, self.results, strict=True):
            t = out.setdefault(q["view"], [0, 0])
            t[0] += bool(r["ok"])
            t[1] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``ask.py --json``, plus the problems met on the way."""
        return {"accuracy": self.accuracy, "answered": self.answered,
                "total": len(self.results), "by_view": self.by_view,
                "results": self.results, "problems": self.problems}


def ask_all(db: sqlite3.Connection, questions: Iterable[Question]) -> AnswerReport:
    """Ask every question of an open database."""
    qs = list(questions)
    return AnswerReport(qs, [ask(db, q) for q in qs])


def ask_database(db_path: Path, questions: Iterable[Question]) -> AnswerReport:
    """Ask every question of the database file at ``db_path``, opened read-only with
    plain ``sqlite3`` exactly as ``ask.py`` opens it (so a view that needs one of the
    store's SQL functions fails here as it fails there)."""
    db = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
    try:
        return ask_all(db, questions)
    finally:
        db.close()


def describe(report: AnswerReport, limit: int | None = None) -> list[str]:
    """``ask.py``'s printout: each wrong answer with why and the rows that matched, then
    accuracy per view and overall::

        NO  lamdong_2020_q1_hoso_cac_cap:overdue-all: Quý I/2020 toàn tỉnh …
            count: want 7677, got ['7600']
            row {"province": "Lâm Đồng", "level": "all", … "count": 7600}
        dossier_stats          0/1    0.000
    """
    lines: list[str] = []
    wrong = [(q, r) for q, r in zip(report.questions, report.results, strict=True)
             if not r["ok"]]
    for q, r in wrong[:limit]:
        lines.append(f"NO  {r['id']}: {q.get('ask', '')}" + (f"\n    {r['why']}"
                                                           if r["why"] else ""))
        for row in r["rows"]:
            lines.append(f"    row {json.dumps(row, ensure_ascii=False)}")
    if limit is not None and len(wrong) > limit:
        lines.append(f"… {len(wrong) - limit} more wrong answers (--misses N, or --json)")
    for view, (ok, n) in sorted(report.by_view.items()):
        lines.append(f"{view:<20} {ok:>4}/{n:<4} {ok / n:.3f}")
    lines.append(f"answered {report.answered}/{len(report.results)}: "
                 f"accuracy {report.accuracy:.3f}")
    return lines
