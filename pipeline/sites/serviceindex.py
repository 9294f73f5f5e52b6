"""The national service index ("Bộ chỉ số phục vụ người dân, doanh nghiệp", Quyết định
766/QĐ-TTg) as published by Cổng Dịch vụ công quốc gia, read into score and ranking facts.

Source: the page https://dichvucong.gov.vn/p/home/dvc-index-tinhthanhpho-tonghop.html
asks the portal's gateway ``POST https://dichvucong.gov.vn/jsp/rest.jsp`` with the form
field ``params``, a JSON object::

    {"type": "ref", "service": "report_tinh_766_service", "p_nam": "2025",
     "p_6thang": 0, "p_quy": 0, "p_thang": 0, "p_tinh_id": 0,
     "pageIndex": 1, "pageSize": 100, "p_loaidonvi": 1, "loaichitieu": 0}

(``p_tinh_id`` 0: every province; a province's id, e.g. "398126", gives its own units),
and gets a JSON list, one object a province: ``ID``, ``TEN`` (the name), ``ROW_STT`` (the
row number), ``TONG_SCORE`` (the total) and the groups of indicators ``CKMB`` (công khai,
minh bạch), ``TDGQ`` (tiến độ giải quyết), ``TTTT`` (dịch vụ trực tuyến), ``MDHL`` (mức
độ hài lòng), ``MDSH`` (số hóa hồ sơ), and ``CLGQ``. These names are NOT from a response
we saw: they are those that public scrapers of the portal read (evidence in
corpus/sites/README.md, "National service index"); no saved response is in this
repository. ``CLGQ`` is read by one scraper as "Thanh toán trực tuyến" and added to
``TTTT`` by another, so its meaning is not settled and it is kept in the provenance only.

``facts(body, request)`` turns one annual response of every province into the rows the
store's answer views merge (``pipeline.store.answers.assessment_results``): for each
province a ``score`` (the total, criterion null), one ``score`` a group of indicators
(criterion = the group's name), and a ``ranking`` among the provinces of the response
(by total, ties sharing a place: the portal's order is not a published rank). Each row
names its source (``document_id``: the response's hash; ``provenance``: URL, request,
the response row), so a province's own report that gives another place or total for the
same year shows as a ``disagreement`` check (``cchc sites service-index``). Quarterly,
half-year and monthly responses are refused: the answer view is by year.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from extractors.lexicon.gazetteer import standard_name

ENDPOINT = "https://dichvucong.gov.vn/jsp/rest.jsp"
PAGE = "https://dichvucong.gov.vn/p/home/dvc-index-tinhthanhpho-tonghop.html"
SERVICE = "report_tinh_766_service"
INDEX = "service_index"
#: Response fields of the groups of indicators, and the group's name as a criterion.
GROUPS: dict[str, str] = {
    "CKMB": "Công khai, minh bạch",
    "TDGQ": "Tiến độ giải quyết",
    "TTTT": "Dịch vụ trực tuyến",
    "MDHL": "Mức độ hài lòng",
    "MDSH": "Số hóa hồ sơ",
}
TOTAL = "TONG_SCORE"
_PROVINCE_PREFIXES = ("tỉnh ", "thành phố ", "tp. ", "tp ")


def request(year: int, *, province_id: str | int = 0, half: int = 0, quarter: int = 0,
            month: int = 0) -> dict[str, Any]:
    """The ``params`` object of a request for one period ("p_nam" 2024, quarter 0 = the
    whole year); the gateway takes it JSON-encoded in the form field ``params``."""
    return {"type": "ref", "service": SERVICE, "p_nam": str(year), "p_6thang": half,
            "p_quy": quarter, "p_thang": month, "p_tinh_id": province_id, "pageIndex": 1,
            "pageSize": 100, "p_loaidonvi": 1, "loaichitieu": 0}


def _number(value: Any) -> float | None:
    """"15,23" or "15.23" or 15.23 → 15.23; "" or None → None."""
    if value is None or value == "":
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        return None


def province_of(name: str) -> str | None:
    """"Tỉnh An Giang" → "An Giang"; "Thành phố Hà Nội" → "Hà Nội"; else None."""
    bare = " ".join(name.split())
    low = bare.lower()
    for prefix in _PROVINCE_PREFIXES:
        if low.startswith(prefix):
            bare = bare[len(prefix):]
            break
    return standard_name(bare)


def _places(totals: list[tuple[int, float]]) -> dict[int, int]:
    """Row index → place by total, highest first; equal totals share a place."""
    return {i: 1 + sum(other > total for _, other in totals) for i, total in totals}


def facts(body: bytes | str, params: Mapping[str, Any], url: str = ENDPOINT,
          saved: str | None = None) -> list[dict[str, Any]]:
    """Score and ranking fact rows of one annual all-province response (see the module
    doc). Raises ``ValueError`` for a response that is not a JSON list, or a request that
    is not for a whole year of every province."""
    if any(int(params.get(k) or 0) for k in ("p_6thang", "p_quy", "p_thang")):
        raise ValueError("not an annual response (p_6thang, p_quy or p_thang set): the "
                         "assessment answers are by year")
    if str(params.get("p_tinh_id", 0)) not in ("0", ""):
        raise ValueError("not an all-province response (p_tinh_id is set)")
    raw = body.encode("utf-8") if isinstance(body, str) else body
    rows = json.loads(raw)
    if not isinstance(rows, list):
        raise ValueError(f"expected a JSON list of provinces, got {type(rows).__name__}")
    year = int(params["p_nam"])
    document_id = "dichvucong-766:" + hashlib.sha256(raw).hexdigest()
    totals = [(i, t) for i, r in enumerate(rows) if (t := _number(r.get(TOTAL))) is not None]
    places = _places(totals)
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        name = " ".join(str(row.get("TEN") or "").split())
        province = province_of(name) if name else None
        if not province:
            continue
        quote = json.dumps(row, ensure_ascii=False, separators=(",", ":"))
        base = {"document_id": document_id, "subject": province, "index": INDEX,
                "year": year, "doc_province": province, "doc_date": "", "start": i,
                "quote": quote, "provenance": {"url": url, "page": PAGE, "saved": saved,
                                               "request": dict(params), "row": row}}
        total = _number(row.get(TOTAL))
        if total is not None:
            out.append({**base, "kind": "score", "value": total, "criterion": None})
            out.append({**base, "kind": "ranking", "rank": places[i], "of": len(totals),
                        "group": f"{len(totals)} tỉnh, thành phố", "criterion": None})
        for field, criterion in GROUPS.items():
            value = _number(row.get(field))
            if value is not None:
                out.append({**base, "kind": "score", "value": value,
                            "criterion": criterion})
    return out
