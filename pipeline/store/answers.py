"""From mentions to answers: merge the facts of every stored document into one row per
thing a user asks about (the contract's "Answers" section).

Two answer tables, computed here by pure functions over fact rows (plain dicts, as the
store reads them: the fact's columns plus ``document_id``, ``doc_province`` and
``doc_date``, the document's province and date of issue):

- :func:`assessment_results`: one row per (subject, province, index_name, year,
  criterion, stage) from scores, rankings and index rates. "Sở Công Thương đạt 90,35
  điểm" and "Sở Công Thương dẫn đầu khối các sở" of the same index and year meet in one
  row (score 90.35, rank 1).
- :func:`dossier_stats`: one row per (province, agency, level, period, metric) from
  dossier counts. "tiếp nhận 8.586 hồ sơ" said twice is one figure, and "trên 8.500 hồ sơ"
  beside it only restates it.

Every row says how many documents state its value (``documents``), quotes one of them
(``document_id``, ``quote``: the most recent), and whether documents disagree
(``conflict``; the row then shows the value most documents give, ties to the most recent
document, and ``other_values`` lists the rest). Names are merged by ``subjects.who``.
``answer_key`` identifies a row, ``group_key`` the rows merged together (an assessment
without its stage; a dossier figure without its metric), so the store can recompute
only what a new document touches.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extractors.lexicon.names import name_key
from pipeline.store.periods import as_of, first_day, last_day, year_of
from pipeline.store.search import search_fold
from pipeline.store.subjects import display_name, who

#: An approximate count ("trên 7.600", "gần 19.830") restates an exact one when it is
#: within this share of it; further away it disagrees.
APPROX_TOLERANCE = 0.1
#: Value columns of an assessment result, and the fact kinds that state them.
RESULT_COLUMNS = ("score", "max", "percent", "rank", "of", "group")
COMPARED = ("score", "max", "percent", "rank", "of")  # "group" is free text: never a conflict
STAGE_ORDER = {None: 0, "appraised": 1, "self": 2}


def key_text(*parts: Any) -> str:
    """A key as stored (JSON of its parts): ``["sở công thương","Lạng Sơn",…]``."""
    return _key_text(parts)


@lru_cache(maxsize=65536)
def _key_text(parts: tuple) -> str:
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=16384)
def folded(text: str | None) -> str | None:
    """Lower-case, accent-free text for matching what a reader types ("so cong thuong"),
    kept beside the name so canned queries need no function call per row."""
    return None if text is None else search_fold(text)


@dataclass(slots=True)
class Said:
    """One fact as the merge sees it: which document, how recent, where in it (``pos``,
    the character offset of its words), its words and the values it gives (``{"score":
    77.4, "max": 89.5}``)."""

    document_id: str
    doc_date: str
    pos: int
    quote: str
    values: dict[str, Any]
    spelling: str | None = None
    criterion: str | None = None
    approx: bool = False
    kind: str = ""
    fact_id: int | None = None


@dataclass
class Answer:
    """One answer row and the statements merged into it (for its checks)."""

    row: dict[str, Any]
    said: list[Said] = field(default_factory=list)
    disagreeing: dict[str, list[Any]] = field(default_factory=dict)


def _num(value: Any, digits: int = 6) -> Any:
    """A value as compared: floats rounded (8.75 read twice is one 8.75), ints kept."""
    return round(value, digits) if isinstance(value, float) else value


def vote(said: list[Said], column: str) -> tuple[Any, list[Any]]:
    """The value of ``column`` most documents give (ties: the most recent document, then
    the first statement in it, then the greater document id, so that the answer never
    depends on the order facts are read in) and the other values, in the same order.

    A document counts once per value however often it restates it."""
    docs: dict[Any, dict[str, int]] = defaultdict(dict)
    dates: dict[str, str] = {}
    for s in said:
        value = _num(s.values.get(column))
        if value is None:
            continue
        dates[s.document_id] = s.doc_date
        first = docs[value].get(s.document_id)
        if first is None or s.pos < first:
            docs[value][s.document_id] = s.pos
    if not docs:
        return None, []

    def weight(value: Any) -> tuple:
        by_doc = docs[value]
        latest = max(by_doc, key=lambda d: (dates[d], -by_doc[d], d))
        return (len(by_doc), dates[latest], -by_doc[latest], latest, repr(value))

    ranked = sorted(docs, key=weight, reverse=True)
    return ranked[0], ranked[1:]


def evidence(said: list[Said], agrees: Any) -> tuple[int, str | None, str | None]:
    """(documents, document_id, quote): how many documents state the row's values and,
    from the most recent of them, its words (its statements joined by " … ").

    A document states the row when what it says there agrees with it: a report giving
    the rank but another score does not count for the row. Where every document also
    contradicts itself ("77,4 điểm" and later "77,5 điểm"), those agreeing in part count."""
    by_doc: dict[str, list[Said]] = defaultdict(list)
    for s in said:
        by_doc[s.document_id].append(s)
    clean = [d for d, ss in by_doc.items() if all(agrees(s) for s in ss)]
    chosen = clean or [d for d, ss in by_doc.items() if any(agrees(s) for s in ss)]
    if not chosen:
        return 0, None, None
    shown = max(chosen, key=lambda d: (by_doc[d][0].doc_date, d))
    quotes = dict.fromkeys(s.quote for s in sorted(by_doc[shown], key=lambda s: s.pos)
                           if agrees(s))
    return len(chosen), shown, " … ".join(quotes)


# --- assessment results --------------------------------------------------------------

def _assessment_said(row: Mapping[str, Any]) -> tuple[tuple, str | None, Said] | None:
    """(group key, stage, statement) of one score, ranking or index rate; None when it
    answers no one's question (no subject, or a rate of no index)."""
    kind = row["kind"]
    if not row.get("subject") or (kind == "rate" and not row.get("index")):
        return None
    subject = who(row["subject"], row.get("doc_province"))
    criterion = row.get("criterion") or None
    if kind == "score":
        values = {"score": row.get("value"), "max": row.get("max"),
                  "percent": row.get("percent")}
    elif kind == "ranking":
        values = {"rank": row.get("rank"), "of": row.get("of"), "group": row.get("group")}
    else:
        values = {"percent": row.get("percent")}
    group = (subject.key, subject.province, row.get("index"), row.get("year"),
             name_key(criterion) if criterion else None)
    said = Said(row["document_id"], row.get("doc_date") or "", row.get("start") or 0,
                row.get("quote") or "", values, subject.name, criterion, kind=kind,
                fact_id=row.get("id"))
    return group, (row.get("stage") if kind == "score" else None), said


def assessment_group(row: Mapping[str, Any]) -> str | None:
    """The ``group_key`` a score, ranking or index rate is merged in; None when none."""
    found = _assessment_said(row)
    return key_text(*found[0]) if found else None


def _stages(by_stage: dict[str | None, list[Said]]) -> dict[str | None, list[Said]]:
    """A rank or index rate has no stage: it joins the published score (stage null), or,
    where only an appraised score exists, the appraised one ("77,4/89,5 điểm sau thẩm
    định … xếp thứ 13/20"); never a self-assessment."""
    unstaged = [s for s in by_stage.get(None, []) if "score" not in s.values]
    has_published = any("score" in s.values for s in by_stage.get(None, []))
    if unstaged and not has_published and "appraised" in by_stage:
        by_stage = dict(by_stage)
        by_stage["appraised"] = by_stage["appraised"] + unstaged
        rest = [s for s in by_stage[None] if "score" in s.values]
        if rest:
            by_stage[None] = rest
        else:
            del by_stage[None]
    return by_stage


def merge_assessments(rows: Iterable[Mapping[str, Any]]) -> list[Answer]:
    """Every assessment answer, with the statements behind it (see the module doc)."""
    groups: dict[tuple, dict[str | None, list[Said]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        found = _assessment_said(row)
        if found:
            group, stage, said = found
            groups[group][stage].append(said)
    out = []
    for group, by_stage in groups.items():
        for stage, said in sorted(_stages(by_stage).items(),
                                  key=lambda kv: STAGE_ORDER.get(kv[0], 3)):
            out.append(_assessment_answer(group, stage, said))
    out.sort(key=lambda a: a.row["answer_key"])
    return out


def _assessment_answer(group: tuple, stage: str | None, said: list[Said]) -> Answer:
    subject_key, province, index, year, _ = group
    shown: dict[str, Any] = {}
    others: dict[str, list[Any]] = {}
    for column in RESULT_COLUMNS:
        shown[column], rest = vote(said, column)
        if rest and column in COMPARED:
            others[column] = rest

    def agrees(s: Said) -> bool:
        return all(_num(v) == shown[c] for c, v in s.values.items()
                   if v is not None and c in COMPARED)

    documents, document_id, quote = evidence(said, agrees)
    subject = display_name(s.spelling for s in said if s.spelling)
    row = {
        "subject": subject, "province": province, "index_name": index, "year": year,
        "criterion": display_name(s.criterion for s in said if s.criterion)
        if group[4] else None,
        "stage": stage, **shown,
        "documents": documents, "document_id": document_id, "quote": quote,
        "conflict": int(bool(others)),
        "other_values": json.dumps(others, ensure_ascii=False) if others else None,
        "subject_key": subject_key, "subject_folded": folded(subject),
        "province_folded": folded(province),
        "answer_key": key_text(*group, stage), "group_key": key_text(*group),
    }
    return Answer(row, said, others)


def assessment_results(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``assessment_results`` rows of these facts.

    >>> rows = [{"kind": "score", "document_id": "a", "subject": "Sở Công Thương",
    ...          "index": "par_index", "year": 2023, "value": 90.35,
    ...          "doc_province": "Thái Nguyên", "quote": "90,35 điểm"},
    ...         {"kind": "ranking", "document_id": "a", "subject": "SỞ CÔNG THƯƠNG",
    ...          "index": "par_index", "year": 2023, "rank": 1,
    ...          "doc_province": "Thái Nguyên", "quote": "dẫn đầu"}]
    >>> [(r["subject"], r["province"], r["score"], r["rank"]) for r in
    ...  assessment_results(rows)]
    [('Sở Công Thương', 'Thái Nguyên', 90.35, 1)]
    """
    return [a.row for a in merge_assessments(rows)]


# --- dossier statistics --------------------------------------------------------------

def _dossier_said(row: Mapping[str, Any]) -> tuple[tuple, str | None, Said]:
    """(key without the metric, metric, statement) of one dossier count.

    The period is compared by the days it covers ("2024-01" starts on 2024-01-01). A
    period with no end ("từ 01/01/2022 đến nay", or none at all) runs to the document's
    date, so the key keeps that date (``as_of``): two reports of different days are two
    figures, never a restatement of each other."""
    agency = row.get("agency") or None
    place = who(agency, row.get("doc_province")) if agency else None
    start, end = first_day(row.get("period_start")), last_day(row.get("period_end"))
    key = (place.province if place else row.get("doc_province"),
           place.key if place else None, row.get("level") or None, start, end,
           None if end else as_of(row.get("doc_date")))
    said = Said(row["document_id"], row.get("doc_date") or "", row.get("start") or 0,
                row.get("quote") or "", {"count": row.get("count")},
                place.name if place else None, approx=bool(row.get("approx")),
                kind="dossier", fact_id=row.get("id"))
    return key, row["metric"], said


def dossier_group(row: Mapping[str, Any]) -> str:
    """The ``group_key`` a dossier count is merged in (its key without the metric)."""
    return key_text(*_dossier_said(row)[0])


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= APPROX_TOLERANCE * max(abs(a), abs(b))


def dossier_count(said: list[Said]) -> tuple[int | None, bool, list[Any], Any]:
    """(count, approx, other counts, agrees) of one figure's statements.

    Exact counts vote; an approximate one only restates the winner when close to it and
    disagrees when far. With no exact count, the approximate ones vote, those close to
    the winner agreeing with it."""
    exact = [s for s in said if not s.approx]
    pool = exact or said
    count, rest = vote(pool, "count")
    if count is None:
        return None, False, [], lambda s: False
    approx = not exact
    others = list(rest) if exact else [v for v in rest if not _close(v, count)]
    far = [s.values["count"] for s in said
           if s.approx and exact and not _close(s.values["count"], count)]
    others += [v for v in dict.fromkeys(far) if v not in others]

    def agrees(s: Said) -> bool:
        value = s.values["count"]
        return value == count or (s.approx and _close(value, count))

    return int(count), approx, others, agrees


def merge_dossiers(rows: Iterable[Mapping[str, Any]]) -> list[Answer]:
    """Every dossier answer, with the statements behind it (see the module doc)."""
    figures: dict[tuple, dict[str, list[Said]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        key, metric, said = _dossier_said(row)
        figures[key][metric].append(said)
    out = []
    for key, by_metric in figures.items():
        for metric, said in sorted(by_metric.items()):
            out.append(_dossier_answer(key, metric, said))
    out.sort(key=lambda a: a.row["answer_key"])
    return out


def _dossier_answer(key: tuple, metric: str, said: list[Said]) -> Answer:
    province, agency_key, level, start, end, dated = key
    count, approx, others, agrees = dossier_count(said)
    documents, document_id, quote = evidence(said, agrees)
    spellings = [s.spelling for s in said if s.spelling]
    agency = display_name(spellings) if spellings else None
    row = {
        "province": province, "agency": agency, "level": level, "period_start": start,
        "period_end": end, "metric": metric, "count": count, "approx": int(approx),
        "documents": documents, "document_id": document_id, "quote": quote,
        "conflict": int(bool(others)),
        "other_values": json.dumps({"count": others}) if others else None,
        "as_of": dated, "year": year_of(end) or year_of(dated) or year_of(start),
        "agency_key": agency_key, "agency_folded": folded(agency),
        "province_folded": folded(province),
        "answer_key": key_text(*key, metric), "group_key": key_text(*key),
    }
    return Answer(row, said, {"count": others} if others else {})


def dossier_stats(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The ``dossier_stats`` rows of these dossier facts.

    >>> rows = [{"document_id": "a", "metric": "received", "count": 7634,
    ...          "agency": "Sở Nội vụ", "doc_province": "Lạng Sơn",
    ...          "period_start": "2023-01-01", "period_end": "2023-12-31"},
    ...         {"document_id": "b", "metric": "received", "count": 7600, "approx": True,
    ...          "agency": "SỞ NỘI VỤ", "doc_province": "Lạng Sơn",
    ...          "period_start": "2023-01", "period_end": "2023-12"}]
    >>> [(r["agency"], r["count"], r["approx"], r["documents"], r["conflict"])
    ...  for r in dossier_stats(rows)]
    [('Sở Nội vụ', 7634, 0, 2, 0)]
    """
    return [a.row for a in merge_dossiers(rows)]
