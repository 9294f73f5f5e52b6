"""Vietnamese words for the codes the store keeps, for the people who read them.

The tables keep codes (``par_index``, ``overdue``, ``appraised``, ``quyet_dinh``) so that
SQL and the contract's questions stay exact; canned queries, feeds and charts show these
words instead ("Chỉ số CCHC (PAR INDEX)", "quá hạn", "sau thẩm định", "Quyết định"),
through :func:`case_sql`.

>>> case_sql("stage", STAGES, "kết quả")
"CASE stage WHEN 'self' THEN 'tự chấm' WHEN 'appraised' THEN 'sau thẩm định' ELSE 'kết quả' END"
"""

from __future__ import annotations

from enum import StrEnum

from schemas import AssessmentIndex, DocKind, DossierLevel, DossierMetric


def _codes(words: dict[StrEnum | str, str]) -> dict[str, str]:
    """Plain string keys (YAML and SQL want the code, not the enum member)."""
    return {str(code): word for code, word in words.items()}


INDEXES: dict[str, str] = _codes({
    AssessmentIndex.par_index: "Chỉ số CCHC (PAR INDEX)",
    AssessmentIndex.sipas: "Chỉ số hài lòng (SIPAS)",
    AssessmentIndex.papi: "PAPI",
    AssessmentIndex.pci: "PCI",
    AssessmentIndex.ddci: "DDCI",
    AssessmentIndex.dti: "Chỉ số chuyển đổi số (DTI)",
    AssessmentIndex.ict_index: "Vietnam ICT Index",
    AssessmentIndex.service_index: "Bộ chỉ số phục vụ người dân, doanh nghiệp",
    AssessmentIndex.other: "chỉ số khác",
})
KINDS: dict[str, str] = _codes({
    DocKind.thong_bao: "Thông báo", DocKind.ke_hoach: "Kế hoạch",
    DocKind.cong_van: "Công văn", DocKind.quyet_dinh: "Quyết định",
    DocKind.bao_cao: "Báo cáo", DocKind.chi_thi: "Chỉ thị", DocKind.ket_luan: "Kết luận",
    DocKind.to_trinh: "Tờ trình", DocKind.nghi_quyet: "Nghị quyết",
    DocKind.tin_bai: "Tin bài", DocKind.khac: "Văn bản",
})
STAGES: dict[str, str] = {"self": "tự chấm", "appraised": "sau thẩm định"}
METRICS: dict[str, str] = _codes({
    DossierMetric.received: "tiếp nhận",
    DossierMetric.received_online: "tiếp nhận trực tuyến",
    DossierMetric.received_new: "mới tiếp nhận trong kỳ",
    DossierMetric.carried_over: "kỳ trước chuyển qua",
    DossierMetric.resolved: "đã giải quyết",
    DossierMetric.resolved_early: "giải quyết trước hạn",
    DossierMetric.resolved_on_time: "giải quyết đúng hạn",
    DossierMetric.resolved_early_or_on_time: "giải quyết trước và đúng hạn",
    DossierMetric.overdue: "quá hạn",
    DossierMetric.pending: "đang giải quyết",
    "pending_on_time": "đang giải quyết trong hạn",
    DossierMetric.pending_overdue: "đang giải quyết quá hạn",
    DossierMetric.returned: "trả lại, từ chối",
})
LEVELS: dict[str, str] = _codes({
    DossierLevel.province: "cấp tỉnh",
    DossierLevel.district: "cấp huyện",
    DossierLevel.commune: "cấp xã",
    DossierLevel.all: "toàn tỉnh",
})


def case_sql(column: str, words: dict[str, str], default: str | None = None) -> str:
    """A SQL ``CASE`` that shows ``column``'s code in words (unknown codes as written, or
    ``default`` for NULL and the rest)."""
    whens = " ".join(f"WHEN '{code}' THEN '{word}'" for code, word in words.items())
    other = f"'{default}'" if default is not None else column
    return f"CASE {column} {whens} ELSE {other} END"
