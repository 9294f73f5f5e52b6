"""Checks: figures that cannot all be true, found while the answers are merged.

Each check row names the check (``check_name``, a code, and ``title``, in Vietnamese for the
people who read it), what it is about, the documents involved (``documents``, a JSON list
of ids, the first also in ``document_id``) and their words (``quotes``), so a reader can
go back to the texts and see which one is wrong:

- ``disagreement``: two documents give different values for the same answer ("8,75
  điểm" in one report, "8,5 điểm" in another);
- ``resolved_gt_received``: more dossiers resolved than received, for one agency, level
  and period;
- ``parts_ne_resolved``: early + on time + overdue is not the resolved total, where all
  are given ("trước hạn 5.963, đúng hạn 13.876, quá hạn 0" against "đã giải quyết
  19.839");
- ``rank_gt_of``: a place beyond the ranking's size ("xếp thứ 23/22");
- ``score_gt_max``: more points than possible ("12/10,5 điểm");
- ``year_after_document``: an assessment of a year after the document that reports it
  ("Chỉ số CCHC năm 2025" in a report of 2024).

Pure functions: answers and fact rows in, check rows out. ``scope`` says which recompute
owns a row (an answer group, or a document), so the store can replace them in step.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from pipeline.store.answers import APPROX_TOLERANCE, Answer, folded

TITLES: dict[str, str] = {
    "disagreement": "Các văn bản nêu số liệu khác nhau",
    "resolved_gt_received": "Số hồ sơ đã giải quyết lớn hơn số hồ sơ tiếp nhận",
    "parts_ne_resolved": "Trước hạn + đúng hạn + quá hạn khác số hồ sơ đã giải quyết",
    "rank_gt_of": "Thứ hạng lớn hơn số đơn vị được xếp hạng",
    "score_gt_max": "Điểm đạt được lớn hơn điểm tối đa",
    "year_after_document": "Năm được đánh giá sau năm ban hành văn bản",
}
#: Vietnamese words for the value columns named in a check's detail.
WORDS = {"score": "điểm", "max": "điểm tối đa", "percent": "tỷ lệ (%)", "rank": "thứ hạng",
         "of": "số đơn vị xếp hạng", "count": "số hồ sơ"}


def check_row(check: str, about: str, province: str | None, documents: list[str],
              quotes: list[str], detail: str, scope: str) -> dict[str, Any]:
    """One row of ``checks``."""
    documents = list(dict.fromkeys(documents))
    return {"check_name": check, "title": TITLES[check], "about": about, "province": province,
            "document_id": documents[0] if documents else None,
            "documents": json.dumps(documents), "detail": detail,
            "quotes": json.dumps(list(dict.fromkeys(quotes)), ensure_ascii=False),
            "province_folded": folded(province), "scope": scope}


def _n(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def about_answer(row: Mapping[str, Any]) -> str:
    """What an answer row is about, in words: "Sở Công Thương (Lạng Sơn), par_index
    2023, tiêu chí 7.6" or "Sở Công Thương (Đồng Tháp), 2021-01-01 – 2021-08-31"."""
    if "subject" in row:
        parts = [f"{row['subject']} ({row['province'] or 'toàn quốc'})",
                 f"{row['index_name'] or 'chỉ số ?'} {row['year'] or ''}".strip()]
        if row["criterion"]:
            parts.append(f"tiêu chí {row['criterion']}")
        if row["stage"]:
            parts.append({"self": "tự chấm", "appraised": "sau thẩm định"}[row["stage"]])
        return ", ".join(parts)
    who = row["agency"] or {"province": "cấp tỉnh", "district": "cấp huyện",
                            "commune": "cấp xã", "all": "toàn tỉnh"}.get(row["level"] or "",
                                                                         "cơ quan ?")
    period = f"{row['period_start'] or '…'} – {row['period_end'] or row['as_of'] or '…'}"
    return f"{who} ({row['province'] or '?'}), {period}"


def disagreements(answers: Iterable[Answer], table: str) -> list[dict[str, Any]]:
    """A ``disagreement`` row for every answer whose documents disagree, with the value
    shown first, then the others, and how many documents give each ("điểm: 8.75 (2 văn
    bản), 8.5 (1 văn bản)")."""
    out = []
    for a in answers:
        if not a.disagreeing:
            continue
        details = []
        for column, others in a.disagreeing.items():
            docs: dict[Any, set[str]] = defaultdict(set)
            for s in a.said:
                value = s.values.get(column)
                if value is not None:
                    docs[round(value, 6) if isinstance(value, float) else value].add(
                        s.document_id)
            given = [a.row[column], *others]
            details.append(f"{WORDS.get(column, column)}: " + ", ".join(
                f"{_n(v)} ({len(docs[v])} văn bản)" for v in given))
        said = sorted(a.said, key=lambda s: (s.doc_date, s.document_id, -s.pos), reverse=True)
        out.append(check_row(
            "disagreement", about_answer(a.row), a.row["province"],
            [s.document_id for s in said], [s.quote for s in said], "; ".join(details),
            f"{table}:{a.row['group_key']}"))
    return out


def _exceeds(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """``a``'s count is above ``b``'s, beyond what an approximate figure allows."""
    slack = APPROX_TOLERANCE * b["count"] if a["approx"] or b["approx"] else 0
    return a["count"] > b["count"] + slack


def dossier_checks(stats: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``resolved_gt_received`` and ``parts_ne_resolved`` over ``dossier_stats`` rows: the
    metrics of one agency, level and period checked against each other."""
    groups: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)
    for row in stats:
        groups[row["group_key"]][row["metric"]] = row
    out = []
    for group_key, by_metric in groups.items():
        scope = f"dossier_stats:{group_key}"
        received, resolved = by_metric.get("received"), by_metric.get("resolved")
        if received and resolved and _exceeds(resolved, received):
            out.append(_dossier_check(
                "resolved_gt_received", [resolved, received],
                f"đã giải quyết {resolved['count']} > tiếp nhận {received['count']}", scope))
        parts = _resolved_parts(by_metric)
        if resolved and parts:
            total = sum(p["count"] for p in parts)
            approx = any(p["approx"] for p in [*parts, resolved])
            slack = APPROX_TOLERANCE * resolved["count"] if approx else 0
            if abs(total - resolved["count"]) > slack:
                words = " + ".join(f"{p['metric']} {p['count']}" for p in parts)
                out.append(_dossier_check(
                    "parts_ne_resolved", [*parts, resolved],
                    f"{words} = {total} ≠ đã giải quyết {resolved['count']}", scope))
    return out


def _resolved_parts(by_metric: Mapping[str, Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The resolved dossiers split by timeliness, where the text gives every part: early
    and on time (or the two together) and overdue."""
    overdue = by_metric.get("overdue")
    if overdue is None:
        return []
    if "resolved_early" in by_metric and "resolved_on_time" in by_metric:
        return [by_metric["resolved_early"], by_metric["resolved_on_time"], overdue]
    if "resolved_early_or_on_time" in by_metric:
        return [by_metric["resolved_early_or_on_time"], overdue]
    return []


def _dossier_check(check: str, rows: list[Mapping[str, Any]], detail: str,
                   scope: str) -> dict[str, Any]:
    return check_row(check, about_answer(rows[0]), rows[0]["province"],
                     [r["document_id"] for r in rows], [r["quote"] for r in rows],
                     detail, scope)


def fact_checks(facts: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``rank_gt_of``, ``score_gt_max`` and ``year_after_document`` on single facts (the
    rows the answers are merged from, subject or not: the error is in the fact)."""
    out = []
    for f in facts:
        scope = f"document:{f['document_id']}"
        found = []
        if f["kind"] == "ranking" and f.get("of") is not None and f["rank"] > f["of"]:
            found.append(("rank_gt_of", f"thứ {f['rank']} / {f['of']}"))
        if f["kind"] == "score" and f.get("max") is not None and f["value"] > f["max"]:
            found.append(("score_gt_max", f"{_n(f['value'])} / {_n(f['max'])} điểm"))
        doc_year = (f.get("doc_date") or "")[:4]
        if f.get("year") and doc_year.isdigit() and f["year"] > int(doc_year):
            found.append(("year_after_document",
                          f"năm {f['year']} trong văn bản ngày {f['doc_date']}"))
        for check, detail in found:
            about = f"{f.get('subject') or '(chưa rõ đơn vị)'}, {f.get('index') or ''} " \
                    f"{f.get('year') or ''}".strip(" ,")
            out.append(check_row(check, about, f.get("doc_province"), [f["document_id"]],
                                 [f.get("quote") or ""], detail, scope))
    return out
