"""The five seeds stored with a few facts read BY HAND from their text, for store tests.

The category extractors are filled in on other branches; these hand-read facts (values
from the gold files in ../shared/contract/gold, quotes located in the seed text) give the
store, its views and Datasette's canned queries real rows to answer with whatever the
extractors find. Each fact is ``(seed prefix, category, quote, values)``; the span is where
the quote first occurs in the seed text, so ``text[start:end] == quote`` holds by
construction and a quote missing from the text fails loudly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from schemas import CATEGORY_TYPES, DocumentMeta, Extraction

CT = "Sở Công Thương"
HAND_FACTS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("000", "dossiers", "Tổng số hồ sơ tiếp nhận 8.586 hồ sơ",
     {"metric": "received", "count": 8586, "agency": CT,
      "period_start": "2021-01-01", "period_end": "2021-08-31"}),
    ("000", "dossiers", "không có hồ sơ trễ hẹn",
     {"metric": "overdue", "count": 0, "agency": CT,
      "period_start": "2021-01-01", "period_end": "2021-08-31"}),
    ("004", "dossiers", "tiếp nhận 1.713 hồ sơ",
     {"metric": "received", "count": 1713, "agency": "Sở Xây dựng",
      "period_start": "2022-01-01"}),
    ("002", "references", "Quyết định số 1009/QĐ-UBND ngày 04/5/2019",
     {"kind": "Quyết định", "number": "1009/QĐ-UBND", "date": "2019-05-04"}),
    ("002", "scores", "đạt 8,75/11 điểm đạt 79 %",
     {"value": 8.75, "max": 11, "percent": 79, "year": 2018}),
    ("002", "rankings", "xếp thứ hạng 18/22", {"rank": 18, "of": 22, "year": 2018}),
    ("001", "scores", "90,35 điểm", {"value": 90.35, "year": 2023}),
]

#: Header fields from the gold files (the extractor for them is on another branch).
GOLD_FIELDS = ("kind", "issued_date", "issuer", "province", "title")


def hand_facts(prefix: str, text: str) -> dict[str, list]:
    """The hand-read facts of one seed, by category."""
    out: dict[str, list] = {}
    for seed, category, quote, values in HAND_FACTS:
        if seed != prefix:
            continue
        start = text.index(quote)
        fact = CATEGORY_TYPES[category](
            span=(start, start + len(quote)), quote=quote, rule="hand.read", **values)
        out.setdefault(category, []).append(fact)
    return out


def with_hand_facts(extraction: Extraction, seed: Path, gold: dict) -> Extraction:
    """``extraction`` plus the hand-read facts it does not already have (by overlapping
    span); header fields the extractor left empty are
    filled from the seed's gold file."""
    prefix = seed.name[:3]
    update: dict[str, Any] = {}
    for category, facts in hand_facts(prefix, extraction.text).items():
        found = getattr(extraction, category)
        new = [f for f in facts if not any(g.start < f.end and f.start < g.end for g in found)]
        update[category] = [*found, *new]
    meta = extraction.document.model_dump()
    for key in GOLD_FIELDS:
        if meta.get(key) in (None, "khac") and gold["document"].get(key):
            meta[key] = gold["document"][key]
    update["document"] = DocumentMeta.model_validate(meta)
    return extraction.model_copy(update=update)
