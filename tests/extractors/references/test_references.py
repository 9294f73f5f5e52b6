"""References as a reader would list them: every document cited by number, with its kind
in standard form and the date given with it; the document's own number, standards,
dates, scores, forms and counts are not references.

The sentences are written in the style of plans, reports, dispatches and news from many
provinces; none is copied from the seed documents.
"""

from __future__ import annotations

import pytest
import regex

from extractors.context import Context
from extractors.runner import run, select
from extractors.text.patterns import load_data, patterns
from extractors.text.view import TextView, fold

Ref = tuple[str | None, str, str | None]  # (kind, number, date)

CASES: list[tuple[str, list[Ref]]] = [
    ("Căn cứ Quyết định số 2150/QĐ-UBND ngày 14/10/2022 của UBND tỉnh Nghệ An về việc…",
     [("Quyết định", "2150/QĐ-UBND", "2022-10-14")]),
    ("Thực hiện QĐ số 415/QĐ-UBND-VX ngày 2/3/2023, Sở Y tế đã triển khai.",
     [("Quyết định", "415/QĐ-UBND-VX", "2023-03-02")]),
    ("Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 của Chính phủ;",
     [("Nghị định", "61/2018/NĐ-CP", "2018-04-23")]),
    ("Theo Thông tư 01/2023/TT-VPCP, các đơn vị báo cáo định kỳ.",
     [("Thông tư", "01/2023/TT-VPCP", None)]),
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 77/2015/QH13;",
     [("Luật", "77/2015/QH13", None)]),
    ("Thực hiện Nghị quyết số 08/2021/NQ-HĐND ngày 15/7/2021 của HĐND tỉnh Bến Tre,",
     [("Nghị quyết", "08/2021/NQ-HĐND", "2021-07-15")]),
    ("Sở đã có công văn số 915/SNV-CCHC gửi các huyện.",
     [("Công văn", "915/SNV-CCHC", None)]),
    ("Theo văn bản số 4021/UBND -KT ngày 28/9/2022 của UBND tỉnh,",
     [("Công văn", "4021/UBND-KT", "2022-09-28")]),
    ("UBND huyện đã ban hành 2310 /UBND-VP hướng dẫn thực hiện.",
     [("Công văn", "2310/UBND-VP", None)]),
    ("Quán triệt Kết luận số 14-KL/TW của Bộ Chính trị và Nghị quyết 09-NQ/TU ngày "
     "12/5/2021 của Tỉnh ủy,",
     [("Kết luận", "14-KL/TW", None), ("Nghị quyết", "09-NQ/TU", "2021-05-12")]),
    ("Thực hiện Quy định số 08-QĐi/TW về trách nhiệm nêu gương,",
     [("Quy định", "08-QĐi/TW", None)]),
    ("Triển khai Chỉ thị 26/CT-TTg của Thủ tướng Chính phủ,",
     [("Chỉ thị", "26/CT-TTg", None)]),
    ("theo Kết luận thanh tra số 15/KL-TTr ngày 20/6/2022 của Thanh tra tỉnh,",
     [("Kết luận", "15/KL-TTr", "2022-06-20")]),
    ("Quyết định số 31/2019 ngày 12/11/2019 của UBND tỉnh Yên Bái vẫn còn hiệu lực.",
     [("Quyết định", "31/2019", "2019-11-12")]),
    ("Căn cứ Tờ trình số 88/TTr-SNV ngày 05/4/2023 của Sở Nội vụ,",
     [("Tờ trình", "88/TTr-SNV", "2023-04-05")]),
    ("Thực hiện văn bản số 132/KH-UBND của UBND thị xã,",
     [("Kế hoạch", "132/KH-UBND", None)]),
    ("Thông báo kết luận số 45/TB-VPCP ngày 1/3/2022 của Văn phòng Chính phủ",
     [("Thông báo", "45/TB-VPCP", "2022-03-01")]),
    ("Nghị định số 78/NĐ-СР ngày 14/9/2015 được gõ bằng chữ Nga.",
     [("Nghị định", "78/NĐ-CP", "2015-09-14")]),
    ("Các công văn số 2768/UBND-TH, 3825/UBND-TH đều chậm tiến độ.",
     [("Công văn", "2768/UBND-TH", None), ("Công văn", "3825/UBND-TH", None)]),
    ("Chương trình số 05/CTr-UBND ban hành ngày 10/01/2024 về chuyển đổi số.",
     [("Chương trình", "05/CTr-UBND", "2024-01-10")]),
    ("Thực hiện Hướng dẫn số 03-HD/BTGTW và Đề án số 06/ĐA-UBND của tỉnh,",
     [("Hướng dẫn", "03-HD/BTGTW", None), ("Đề án", "06/ĐA-UBND", None)]),
    ("Ngày 28/3/2024, Bộ Nội vụ ban hành Quyết định số 190/QĐ-BNV về việc phê duyệt Chỉ số.",
     [("Quyết định", "190/QĐ-BNV", "2024-03-28")]),
    ("Ngày 14 tháng 01 năm 2022, UBND tỉnh Phú Yên đã ban hành Kế hoạch số 07/KH-UBND.",
     [("Kế hoạch", "07/KH-UBND", "2022-01-14")]),
    ("Ngày 3/5/2023, Sở kiểm tra việc thực hiện Kế hoạch số 12/KH-SNV.",
     [("Kế hoạch", "12/KH-SNV", None)]),
    # not references
    ("UBND TỈNH SÓC TRĂNG\nSỞ NỘI VỤ\nSố: 812 /SNV-CCHC\nV/v báo cáo kết quả", []),
    ("Số: 45/BC-UBND          Hà Giang, ngày 12 tháng 3 năm 2023", []),
    ("Duy trì hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.", []),
    ("Nước thải đạt QCVN 14:2008/BTNMT và TCVN 5945:2005.", []),
    ("Đơn vị xếp thứ 13/20, đạt 8,75/11 điểm, thấp hơn 2,25 điểm.", []),
    ("Ngày 25/10/2022, Đoàn kiểm tra làm việc tại Sở Xây dựng.", []),
    ("Xem chi tiết tại https://sonoivu.hagiang.gov.vn/12/UBND-TH.", []),
    ("Theo khoản 2 Điều 5, số 15 hộ gia đình được hỗ trợ.", []),
    ("Kê khai theo Mẫu số 11/ĐK ban hành kèm theo thông tư.", []),
    ("Năng suất lúa đạt 6,2 tấn/ha, tốc độ 50 km/h.", []),
    ("Đường dây nóng 0214.3.840.123, hộp thư 12/BĐ.", []),
    ("Quyết định 25/2018 nêu trên đã bị bãi bỏ; đạt 25/2018 điểm.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_references(text: str, expected: list[Ref]) -> None:
    view = TextView(text)
    found = run(Context(view.text), stages=select("dates", "references")).references
    assert [(r.kind, r.number, r.date) for r in found] == expected
    for r in found:
        assert text[r.start:r.end] == r.quote


ISSUERS = [
    ("theo Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh Đăk Lăk v/v phê duyệt",
     "UBND tỉnh Đăk Lăk"),
    ("Chỉ thị 16/CT-TTg của Thủ tướng Chính phủ trên toàn quốc", "Thủ tướng Chính phủ"),
    ("Kế hoạch số 12/KH-SCT của Sở Công Thương về kiểm tra", "Sở Công Thương"),
    ("Công văn số 55/BNV-CCHC của Bộ Nội vụ; Quyết định", "Bộ Nội vụ"),
    ("Kết luận số 09/KL-TTr ngày 16/01/2023 của Thanh tra tỉnh chỉ ra sai phạm", "Thanh tra tỉnh"),
    ("Quyết định số 5/QĐ-SKHĐT của Sở Kế hoạch và Đầu tư về việc ban hành",
     "Sở Kế hoạch và Đầu tư"),
    ("Quyết định số 19/2017/QĐ-UBND, của Ủy ban nhân dân tỉnh ban hành quy chế",
     "Ủy ban nhân dân tỉnh"),
    ("Công văn số 7/STTTT-BCVT của Sở Thông tin và Truyền thông (bản chụp)",
     "Sở Thông tin và Truyền thông"),
    ("Nghị định số 85/2024/NĐ-CP của Chính phủ Quy định chi tiết một số điều", "Chính phủ"),
    ("Quyết định số 9/2015/QĐ-BNG của Bộ trưởng Bộ Ngoại giao.", "Bộ trưởng Bộ Ngoại giao"),
    ("Quyết định số 3/QĐ-UBND ngày 3/1/2024", None),
    ("Ngày 28/3/2024, Bộ Nội vụ ban hành Quyết định số 190/QĐ-BNV về việc", "Bộ Nội vụ"),
]


@pytest.mark.parametrize(("text", "issuer"), ISSUERS)
def test_issuer(text: str, issuer: str | None) -> None:
    view = TextView(text)
    found = run(Context(view.text), stages=select("dates", "references")).references
    assert [r.issuer for r in found] == [issuer]


def test_later_mention_lends_its_date() -> None:
    text = ("Chỉ thị 18/CT-UBND đã được quán triệt. Báo cáo thực hiện Chỉ thị 18/CT-UBND "
            "ngày 28/12/2016 của Ủy ban nhân dân tỉnh.")
    view = TextView(text)
    found = run(Context(view.text), stages=select("dates", "references")).references
    assert [(r.number, r.date) for r in found] == [("18/CT-UBND", "2016-12-28")] * 2


def test_doc_kinds_word_list_matches_its_table() -> None:
    data = load_data("doc_kinds")
    assert data["words"]["kind_words"] == sorted(data["kinds"])
    assert set(data["words"]["party_kinds"]) == set(data["party_abbreviations"])
    standard = set(data["kinds"].values())
    for kind in ("Quyết định", "Kế hoạch", "Công văn", "Chỉ thị", "Nghị định", "Thông tư",
                 "Kết luận", "Thông báo", "Báo cáo", "Nghị quyết", "Luật", "Hướng dẫn",
                 "Chương trình", "Tờ trình", "Quy định", "Đề án", "Phương án"):
        assert kind in standard


@pytest.mark.parametrize("pid", ["ref.kind_before", "ref.not_document"])
def test_window_patterns_read_backwards_alike(pid: str) -> None:
    """The window patterns run right to left for speed (their data declares REVERSE);
    read left to right they must match the same words."""
    pat = patterns("references")[pid]
    assert pat.regex.flags & regex.REVERSE
    forward_re = regex.compile(pat.source, pat.regex.flags & ~regex.REVERSE)
    for ex in pat.examples:
        text = fold(ex.text)
        forward = forward_re.search(text)
        backward = pat.regex.search(text)
        assert forward and backward and forward.span() == backward.span()


@pytest.mark.parametrize("pid", ["ref.own_number", "ref.own_number_line"])
def test_own_number_patterns_hold_their_letter(pid: str) -> None:
    """A citation is tested for the document's own number only where "S" stands in the
    40 characters before it: both patterns are case-sensitive and every match holds it."""
    from extractors.references.find import OWN_NUMBER_LETTER

    pattern = patterns("references")[pid]
    assert not pattern.regex.flags & regex.IGNORECASE
    for example in pattern.examples:
        m = pattern.regex.search(fold(example.text))
        assert m is not None and OWN_NUMBER_LETTER in m.group(0)
