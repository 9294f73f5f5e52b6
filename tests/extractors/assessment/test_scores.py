"""Table tests for scores: points a body was given in an assessment, and what is not one."""

from __future__ import annotations

import pytest

from extractors import extract

# (text, expected [(value, max, percent, criterion)])
# (text, [(value, max, percent, criterion)]): the criterion is the contract's: the code
# where the text names one, else the component's name, None for the overall result.
CASES = [
    ("Năm 2022, Chỉ số CCHC của Sở Tư pháp đạt 88,52/100 điểm, xếp thứ 3/19.",
     [(88.52, 100, None, None)]),
    ("Với 90,35 điểm, Sở Nội vụ đứng đầu khối các sở.", [(90.35, None, None, None)]),
    ("Chỉ số CCHC năm 2022: UBND huyện Krông Pắc đạt 85,6 điểm, tăng 3,2 điểm so với năm 2021.",
     [(85.6, None, None, None)]),
    ("- Cải cách thể chế: đạt 9,5/10 điểm đạt 95 %.", [(9.5, 10, 95, "Cải cách thể chế")]),
    ("2. Cải cách tổ chức bộ máy (7,25/8 điểm)", [(7.25, 8, None, "Cải cách tổ chức bộ máy")]),
    ("Tiêu chí thành phần 2.3: Kiểm tra, rà soát văn bản QPPL: 1,5/2 điểm.",
     [(1.5, 2, None, "2.3")]),
    ("Tiêu chí 6.2.1: Thực hiện cơ chế tự chủ: 0,75/1 điểm", [(0.75, 1, None, "6.2.1")]),
    ("Hiện đại hóa hành chính: 10/12,5 điểm (80%)", [(10, 12.5, 80, "Hiện đại hóa hành chính")]),
    ("Chỉ số SIPAS đạt 84,3%~ 8,43/10 điểm.", [(8.43, 10, 84.3, None)]),
    ("tự đánh giá đạt 92,75/100 điểm, tương đương 92,75%", [(92.75, 100, 92.75, None)]),
    ("Kết quả thẩm định đạt 45/50 (90%); ", [(45, 50, 90, None)]),
    ("Cải cách tài chính công đạt 6/6 điểm; Cải cách chế độ công vụ đạt 11,5/13 điểm.",
     [(6, 6, None, "Cải cách tài chính công"), (11.5, 13, None, "Cải cách chế độ công vụ")]),
    ("Xếp hạng Chỉ số CCHC: Sở Y tế (89,12 điểm), Sở Tài chính (88,07 điểm)",
     [(89.12, None, None, None), (88.07, None, None, None)]),
    ("tổng điểm đạt được là 86,25 điểm", [(86.25, None, None, None)]),
    ("| STT | Lĩnh vực | Điểm tối đa | Điểm đạt |\n"
     "| 1 | Công tác chỉ đạo, điều hành | 13 | 11,5 |\n"
     "| 2 | Cải cách thủ tục hành chính | 14 | 12,75 |",
     [(11.5, 13, None, "Công tác chỉ đạo, điều hành"),
      (12.75, 14, None, "Cải cách thủ tục hành chính")]),
    ("TT\tTiêu chí\tĐiểm tối đa\tĐiểm tự chấm\tĐiểm thẩm định\n"
     "1.1\tKế hoạch CCHC\t2\t2\t1,5\n1.2\tBáo cáo CCHC\t1\t1\t1",
     # the points the unit gave itself are a score too (stage self, see test_tables.py)
     [(2, 2, None, "1.1"), (1.5, 2, None, "1.1"), (1, 1, None, "1.2"), (1, 1, None, "1.2")]),
    ("Chỉ số PAR INDEX năm 2023 của tỉnh đạt 87,15%, với 87,15/100 điểm",
     [(87.15, 100, 87.15, None)]),
    ("điểm đánh giá của Sở là 78,9 điểm, xếp loại Khá", [(78.9, None, None, None)]),
    ("Chỉ số hài lòng đạt 82,1%, tương đương 8,21/10 điểm.", [(8.21, 10, 82.1, None)]),
    ("Chỉ số cải cách hành chính của huyện đạt 80.25 điểm.", [(80.25, None, None, None)]),
    ("xã Ea Tu được 95 điểm, xếp loại xuất sắc", [(95, None, None, None)]),
    # ranked lists: a body's name, then its points with no verb
    ("Chỉ số CCHC năm 2022: Sở Tài chính dẫn đầu với 95,73 điểm; thứ hai là Văn phòng UBND "
     "tỉnh 95,43 điểm; thứ ba là Sở Nội vụ 95,39 điểm.",
     [(95.73, None, None, None), (95.43, None, None, None), (95.39, None, None, None)]),
    ("Kết quả Chỉ số CCHC: Sở Tư pháp đạt 92,1 điểm, Sở Nội vụ 91,8 điểm, UBND huyện Ba Vì "
     "90,25 điểm.",
     [(92.1, None, None, None), (91.8, None, None, None), (90.25, None, None, None)]),
    ("Khối huyện, Chỉ số CCHC: tiếp đến là UBND thị xã Buôn Hồ 84,12 điểm.",
     [(84.12, None, None, None)]),
    # the index percent written after the points belongs to the score
    ("Sở Tư pháp đứng đầu về chỉ số cải cách hành chính với tổng điểm là 62,62 điểm, chỉ số "
     "cải cách hành chính đạt 94,49%.", [(62.62, None, 94.49, None)]),
    ("Chỉ số CCHC năm 2023: UBND huyện Tân Uyên đạt 81,5 điểm, tỷ lệ đạt 87,2%",
     [(81.5, None, 87.2, None)]),
    # PAR-index decision tables: points, index percent, rank
    ("| STT | Đơn vị | Điểm tự đánh giá | Điểm thẩm định | Chỉ số (%) | Xếp hạng |\n"
     "| 1 | Sở Tư pháp | 92,5 | 90,12 | 90,12 | 1 |\n"
     "| 2 | Sở Nội vụ | 91 | 89,4 | 89,40 | 2 |",
     [(92.5, None, None, None), (90.12, None, 90.12, None), (91, None, None, None),
      (89.4, None, 89.4, None)]),
    ("TT\tTên đơn vị\tTổng điểm\tChỉ số (%)\tXếp hạng\n"
     "1\tUBND huyện Mộc Châu\t85,33\t85,33\t1\n2\tUBND huyện Yên Châu\t80,1\t80,10\t2",
     [(85.33, None, 85.33, None), (80.1, None, 80.1, None)]),
    ("Tiêu chí   Điểm tối đa   Điểm đạt\n1.1 Ban hành kế hoạch CCHC   1   1\n"
     "Theo dõi, đánh giá   2,5   2", [(1, 1, None, "1.1"), (2, 2.5, None, "Theo dõi, đánh giá")]),
    # traps: no score here
    ("Đáp án đề thi vào lớp 10 môn Văn.\nCâu 1. (0,75 điểm)\nThể thơ lục bát\n"
     "PHẦN II. VIẾT (6,0 điểm)", []),
    ("Tiêu chí đánh giá, xếp loại cán bộ\n2. Cơ sở vật chất (20 điểm)\n3. Kinh phí hoạt "
     "động (20 điểm)", []),
    ("Bộ tiêu chí chấm điểm CCHC:\n**1. Tổ chức bộ máy của\ntrung tâm (10 điểm)**\n", []),
    ("Cách chấm điểm CCHC:\n- Đến 5.000 tỷ đồng được 4 điểm\n- Đến 10% tính là 0,5 điểm", []),
    ("Chỉ số CCHC: tổng số điểm tối đa cho tất cả các tiêu chí là 100 điểm.", []),
    ("Chỉ số CCHC của tỉnh có 5 điểm du lịch, huyện tổ chức 30 điểm cầu", []),
    ("| STT | Đơn vị | Số hồ sơ tiếp nhận | Tỷ lệ đúng hạn (%) |\n| 1 | Sở Tư pháp | 120 | 98 |",
     []),
    ("thấp hơn 2,25 điểm so với điểm chuẩn quy định", []),
    ("Bình Phước xác định được 152 điểm quặng, xếp thứ 3 cả nước", []),
    ("Đáp án đề thi môn Văn. Câu 2. (4,0 điểm) Bài làm có thể triển khai", []),
    ("Tiêu chí đánh giá: lái xe bị trừ tối đa là 10 điểm", []),
    ("cấp chứng chỉ cho người có kết quả kiểm tra từ 6/10 điểm trở lên", []),
    ("Giảm 1,094 điểm so với năm 2022.", []),
    ("trừ 4,186 điểm; không chấm 10,5 điểm", []),
    ("tăng 1,5 điểm so với năm 2017", []),
    ("Tổng số điểm của bài viết là: 34 trong 7 đánh giá", []),
    ("Thí sinh Nguyễn Văn A đạt 27 điểm khối A", []),
    ("Điểm chuẩn xét tuyển năm nay là 24,5 điểm", []),
    ("Hội nghị được kết nối tới 30 điểm cầu", []),
    ("tại địa điểm 5 phường Tân Lợi", []),
    ("theo điểm a khoản 1 Điều 5 Nghị định số 61/2018/NĐ-CP", []),
    ("vào thời điểm 31/12/2023 có 5 hồ sơ", []),
    ("có 02/05 Quyết định không kịp thời", []),
    ("mở thêm 3 điểm giao dịch bưu điện", []),
    ("giảm 0,66% điểm", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_scores(text: str, expected: list) -> None:
    got = extract(text).scores
    for s in got:
        assert text[s.start:s.end] == s.quote
        assert s.rule.startswith("score.")
    assert [(s.value, s.max, s.percent, s.criterion) for s in got] == expected


@pytest.mark.parametrize(("text", "label", "year"), [
    ("Chỉ số CCHC năm 2022 của Sở:\n- Cải cách thể chế: đạt 9,5/10 điểm, giảm 0,5 điểm so với "
     "năm 2021.", "Cải cách thể chế", 2022),
    ("Tiêu chí thành phần 1.4: Công tác tuyên truyền CCHC: 01/2,5 điểm.",
     "Công tác tuyên truyền CCHC", None),
    ("1. Công tác chỉ đạo, điều hành CCHC (6,5/10 điểm)", "Công tác chỉ đạo, điều hành CCHC",
     None),
    ("Kết quả Chỉ số CCHC năm 2019 được công bố.\n\n3. Cải cách chế độ công vụ (8/9 điểm)",
     "Cải cách chế độ công vụ", 2019),
])
def test_score_label_and_year(text: str, label: str, year: int | None) -> None:
    (score,) = extract(text).scores
    assert score.label == label
    assert score.year == year
