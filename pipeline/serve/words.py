"""Vietnamese words for what the reader sees: categories, fields, document kinds, and how
a fact's values read ("chỉ tiêu: tiếp nhận; số hồ sơ: 8.586").

The store keeps codes (``received``, ``par_index``, ``quyet_dinh``) so that SQL stays exact;
the document page, its tooltips and the metadata show these words instead. Codes the
store's own labels already name (metrics, indexes, stages, levels) come from
``pipeline.store.labels``, so one code has one word everywhere.
"""

from __future__ import annotations

import json
from typing import Any

from pipeline.store.labels import INDEXES, LEVELS, METRICS, STAGES

#: One word per fact category, in the order the panel lists them.
CATEGORIES: dict[str, str] = {
    "references": "Văn bản được dẫn",
    "dates": "Ngày tháng",
    "scores": "Điểm",
    "rankings": "Xếp hạng",
    "dossiers": "Hồ sơ",
    "procedures": "Thủ tục hành chính",
    "rates": "Tỷ lệ",
    "units": "Cơ quan, đơn vị",
    "people": "Người",
}

DOC_KINDS: dict[str, str] = {
    "thong_bao": "Thông báo", "ke_hoach": "Kế hoạch", "cong_van": "Công văn",
    "quyet_dinh": "Quyết định", "bao_cao": "Báo cáo", "chi_thi": "Chỉ thị",
    "ket_luan": "Kết luận", "to_trinh": "Tờ trình", "nghi_quyet": "Nghị quyết",
    "tin_bai": "Tin bài", "khac": "Văn bản khác",
}

PROCEDURE_METRICS: dict[str, str] = {
    "total": "tổng số", "level3": "mức độ 3", "level4": "mức độ 4",
    "online_full": "trực tuyến toàn trình", "online_partial": "trực tuyến một phần",
    "lien_thong": "liên thông", "simplified": "đơn giản hóa", "kept": "giữ nguyên",
    "announced": "công bố", "amended": "sửa đổi, bổ sung", "abolished": "bãi bỏ",
    "online_payment": "thanh toán trực tuyến", "other": "khác",
}
ROLES: dict[str, str] = {"responsible": "chịu trách nhiệm", "lead": "chủ trì",
                         "coordinate": "phối hợp", "assigned": "được giao"}

#: A fact's value fields in words (the same words describe the columns in Datasette).
FIELDS: dict[str, str] = {
    "kind": "loại văn bản", "number": "số hiệu", "date": "ngày", "issuer": "cơ quan ban hành",
    "value": "giá trị", "max": "điểm tối đa", "percent": "tỷ lệ (%)",
    "criterion": "tiêu chí", "label": "nội dung", "stage": "giai đoạn",
    "subject": "cơ quan, địa phương được đánh giá", "index": "chỉ số", "year": "năm",
    "rank": "thứ hạng", "of": "trên tổng số", "group": "xếp hạng trong",
    "metric": "chỉ tiêu", "count": "số lượng", "agency": "cơ quan", "level": "cấp",
    "period_start": "từ ngày", "period_end": "đến ngày", "approx": "ước tính",
    "name": "tên", "role": "vai trò", "mentions": "số lần nhắc đến",
    "position": "chức vụ",
}
#: Field words that differ by category ("value" of a date is a day, of a score points).
CATEGORY_FIELDS: dict[str, dict[str, str]] = {
    "dates": {"value": "ngày"}, "scores": {"value": "điểm"},
    "dossiers": {"count": "số hồ sơ"}, "procedures": {"count": "số thủ tục"},
    "people": {"name": "họ tên"},
}
#: Columns every fact row has that are provenance, not values.
PROVENANCE = ("id", "document_id", "seq", "start", "end", "quote", "rule")


def field_word(category: str, name: str) -> str:
    """The word for one field of one category: ``field_word("dossiers", "count")`` is
    "số hồ sơ"."""
    return CATEGORY_FIELDS.get(category, {}).get(name) or FIELDS.get(name, name)


def vn_number(value: float | int) -> str:
    """A number as Vietnamese texts write it: 8586 → "8.586", 77.4 → "77,4"."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"{int(value):,}".replace(",", ".")


def _coded(category: str, name: str, value: Any) -> str:
    if name == "metric":
        words = PROCEDURE_METRICS if category == "procedures" else METRICS
        return words.get(value, value)
    table = {"index": INDEXES, "stage": STAGES, "level": LEVELS}.get(name)
    if table:
        return table.get(value, value)
    if name == "kind" and category == "references":
        return DOC_KINDS.get(value, value)
    return str(value)


def fact_values(category: str, row: dict[str, Any]) -> list[tuple[str, str]]:
    """The values a fact row says, as (word, value) pairs, empty ones left out.

    >>> fact_values("dossiers", {"metric": "received", "count": 8586, "approx": 0,
    ...     "agency": "Sở Công Thương", "level": None, "quote": "tiếp nhận 8.586 hồ sơ"})
    [('chỉ tiêu', 'tiếp nhận'), ('số hồ sơ', '8.586'), ('cơ quan', 'Sở Công Thương')]
    """
    out = []
    for name, value in row.items():
        if name in PROVENANCE or value in (None, "", "[]"):
            continue
        if name == "approx":
            if value:
                out.append((field_word(category, name), "có (trên, gần, khoảng)"))
            continue
        if name == "role":
            roles = json.loads(value) if isinstance(value, str) else value
            out.append((field_word(category, name), ", ".join(ROLES.get(r, r) for r in roles)))
        elif name == "mentions":
            spans = json.loads(value) if isinstance(value, str) else value
            out.append((field_word(category, name), str(len(spans))))
        elif name == "count" or (isinstance(value, float) and name != "year"):
            out.append((field_word(category, name), vn_number(value)))
        else:
            out.append((field_word(category, name), _coded(category, name, value)))
    return out


def fact_tip(category: str, row: dict[str, Any]) -> str:
    """What a highlight says on hover and focus: its category, values and rule.

    >>> fact_tip("dates", {"value": "2024-01-16", "rule": "date.dmy"})
    'Ngày tháng — ngày: 2024-01-16; quy tắc: date.dmy'
    """
    values = [f"{word}: {value}" for word, value in fact_values(category, row)]
    values.append(f"quy tắc: {row.get('rule')}")
    return f"{CATEGORIES.get(category, category)} — " + "; ".join(values)
