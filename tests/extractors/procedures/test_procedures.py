"""Table tests for procedures: counts of TTHC by metric, and counts that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.procedures import find
from extractors.text.prefilter import matches_from
from extractors.text.reach import is_long
from extractors.text.view import TextView

# (text, expected [(metric, count)])
CASES = [
    ("Hiện nay, Sở Tư pháp có 145 TTHC.", [("total", 145)]),
    ("Tổng số TTHC thuộc thẩm quyền giải quyết của Sở là 98, trong đó có 12 TTHC liên thông.",
     [("total", 98), ("lien_thong", 12)]),
    ("Tổng số TTHC đang thực hiện là 210, trong đó có 40 TTHC mức độ 3 và 150 TTHC mức độ 4.",
     [("total", 210), ("level3", 40), ("level4", 150)]),
    ("Sở đã tham mưu công bố 08 TTHC mới ban hành, 21 TTHC sửa đổi, bổ sung và 5 TTHC bị bãi bỏ.",
     [("announced", 8), ("amended", 21), ("abolished", 5)]),
    ("Chủ tịch UBND tỉnh công bố mới 15 TTHC, sửa đổi 7, bãi bỏ 3.",
     [("announced", 15), ("amended", 7), ("abolished", 3)]),
    ("kiến nghị đơn giản hóa 24 TTHC và giữ nguyên 80 thủ tục", [("simplified", 24),
                                                                ("kept", 80)]),
    ("Có 55 TTHC được triển khai thanh toán trực tuyến trên Cổng DVC quốc gia.",
     [("online_payment", 55)]),
    ("Số DVC trực tuyến toàn trình 120; một phần 30.", [("online_full", 120),
                                                        ("online_partial", 30)]),
    ("cung cấp 1.025 dịch vụ công trực tuyến toàn trình", [("online_full", 1025)]),
    ("có 86 dịch vụ công trực tuyến một phần", [("online_partial", 86)]),
    ("Bộ TTHC của huyện gồm 276 thủ tục", [("total", 276)]),
    ("Số TTHC mức độ 4: 62", [("level4", 62)]),
    ("cắt giảm 9 TTHC không cần thiết", [("simplified", 9)]),
    ("Đã công khai 100% TTHC; có hai thủ tục liên thông", [("lien_thong", 2)]),
    ("Năm 2023, tỉnh bãi bỏ 12 TTHC và sửa đổi 30 TTHC",
     [("abolished", 12), ("amended", 30)]),
    ("Sở đang thực hiện 56 TTHC tại Trung tâm Phục vụ hành chính công", [("total", 56)]),
    ("rà soát 20 thủ tục hành chính lĩnh vực đất đai", [("other", 20)]),
    ("thay thế 4 TTHC trong lĩnh vực hộ tịch", [("amended", 4)]),
    ("Có 137 thủ tục hành chính được giải quyết theo cơ chế một cửa, một cửa liên thông",
     [("total", 137)]),
    ("Tổng số TTHC là 1.856 thủ tục", [("total", 1856)]),
    ("62 TTHC đạt mức độ 4 và 26 TTHC mức độ 3", [("level4", 62), ("level3", 26)]),
    ("danh mục 03 thủ tục hành chính (TTHC) cấp tỉnh được sửa đổi, bổ sung", [("amended", 3)]),
    ("Dịch vụ công trực tuyến cấp tỉnh: + Một phần: 10 TTHC. + Toàn trình: 14 TTHC.",
     [("online_partial", 10), ("online_full", 14)]),
    # the noun set apart from its level, or left out after the first count
    ("Tổng số 1.800 TTHC, trong đó 334 mức độ 3, 1.021 mức độ 4.",
     [("total", 1800), ("level3", 334), ("level4", 1021)]),
    ("đã cung cấp 334 dịch vụ hành chính công trực tuyến mức độ 3; 52 dịch vụ mức độ 4.",
     [("level3", 334), ("level4", 52)]),
    ("Cổng DVC tỉnh Lào Cai cung cấp 1.102 TTHC, có 215 đạt mức độ 4.",
     [("other", 1102), ("level4", 215)]),
    # a named change beats "danh mục"/"thuộc thẩm quyền"; a wrapped line is one clause
    ("thông qua phương án đơn giản hóa 05 thủ tục hành chính thuộc thẩm quyền của Sở",
     [("simplified", 5)]),
    ("Công bố kèm theo Quyết định này danh mục 02 thủ tục hành chính bị bãi bỏ",
     [("abolished", 2)]),
    ("Điều 1. Công bố kèm theo\nQuyết định này 04 thủ tục hành chính nội bộ lĩnh vực tư pháp",
     [("announced", 4)]),
    ("Công bố kèm theo Quyết định 85/QĐ-BCA là 02 thủ tục hành chính mới; 09 thủ tục hành "
     "chính sửa đổi, bổ sung", [("announced", 2), ("amended", 9)]),
    ("hoàn thành công bố chuẩn hóa hơn 1.800 TTHC đã được cung cấp trực tuyến",
     [("other", 1800)]),
    # traps: no procedure count here
    ("nhà ở xã hội được bán lại sau thời hạn 5 năm\n\nThủ tục bán lại căn hộ", []),
    ("năm 2019 mức độ 3 chưa được triển khai thủ tục nào", []),
    ("Có 61 hồ sơ nộp mức độ 3 và 1.537 hồ sơ nộp mức độ 4 qua Cổng DVC.", []),
    ("đạt 8/10 mức độ 3 theo bộ tiêu chí TTHC", []),
    ("Toàn văn Quyết định 3418/QĐ-BVHTTDL 2025 TTHC trong lĩnh vực Du lịch", []),
    ("Thời gian giải quyết TTHC: 01 ngày làm việc.", []),
    ("Chi phí tuân thủ TTHC sau khi đơn giản hóa: 0 đồng/năm.", []),
    ("Thực hiện rà soát các TTHC thuộc thẩm quyền giải quyết.", []),
    ("có 02/05 Quyết định công bố TTHC không kịp thời", []),
    ("tiếp nhận 1.713 hồ sơ TTHC, giải quyết 1.668 hồ sơ", []),
    ("số hồ sơ TTHC đang giải quyết là 45 (trong hạn)", []),
    ("đưa ra 12 phương án đơn giản hóa TTHC", []),
    ("ban hành 05 Quyết định công bố TTHC", []),
    ("100% TTHC được công khai trên Cổng thông tin điện tử", []),
    ("Nghị định 61/2018/NĐ-CP về thực hiện cơ chế một cửa trong giải quyết TTHC", []),
    ("Theo Điều 5 Thông tư 02/2017/TT-VPCP về TTHC", []),
    ("có 05 sáng kiến cải cách TTHC được công nhận", []),
    ("sửa đổi 7 văn bản quy phạm pháp luật về TTHC", []),
    ("năm 2023 TTHC được cắt giảm thời gian giải quyết", []),
    ("giảm thời gian giải quyết TTHC từ 15 ngày xuống 10 ngày", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_procedures(text: str, expected: list) -> None:
    got = extract(text).procedures
    for p in got:
        assert text[p.start:p.end] == p.quote
        assert p.rule.startswith("proc.")
    assert [(p.metric.value, p.count) for p in got] == expected


CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))
LEVEL_QUOTES = [
    "tổng số 1.800 TTHC, trong đó 334 mức độ 3, 1.021 mức độ 4",
    "334 dịch vụ hành chính công trực tuyến mức độ 3",
    "Tổng số TTHC đang thực hiện là 210, trong đó có 40 TTHC mức độ 3 và 150 TTHC mức độ 4.",
]


@pytest.mark.parametrize("text", [*LEVEL_QUOTES, *(p.read_text() for p in CORPUS)],
                         ids=[*(f"quote{i}" for i in range(len(LEVEL_QUOTES))),
                              *(p.stem for p in CORPUS)])
def test_level_count_tried_near_its_word_finds_what_a_scan_finds(text: str) -> None:
    """``proc.level_count`` tried only at the digit runs its reach allows before each
    "mức" (a number of any length, "1.021", counting nothing) finds what a scan of every
    character finds."""
    view = TextView(text)
    pat = find._PATS["proc.level_count"]
    starts = find._number_starts(view, find._NEAR["proc.level_count"])
    want = [m.span() for m in pat.regex.finditer(view.folded)]
    assert [m.span() for m in matches_from(pat.regex, view.folded, starts)] == want
    assert [m.span() for m in find._matches(view, "proc.level_count")] == want


def test_level_count_on_a_long_page_finds_what_a_scan_finds() -> None:
    """The same on the corpus run together, as often as makes a page long enough to be
    read near "mức" (a page past 64k characters)."""
    text = "\n\n".join([*LEVEL_QUOTES, *(p.read_text() for p in CORPUS)])
    view = TextView("\n\n".join([text] * (1 + 70_000 // len(text))))
    assert is_long(view)
    pat = find._PATS["proc.level_count"]
    want = [m.span() for m in pat.regex.finditer(view.folded)]
    assert len(want) >= 3
    assert [m.span() for m in find._matches(view, "proc.level_count")] == want
