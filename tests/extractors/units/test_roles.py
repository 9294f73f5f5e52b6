"""Roles from the sentence: responsible / lead / coordinate / assigned, for every unit of a
list the construction governs, and by column in a flattened task table."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.text.prefilter import case_blind
from extractors.units import find as units
from extractors.units import roles

L, C, A, R = "lead", "coordinate", "assigned", "responsible"

CASES = [
    ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính thực hiện.",
     {"Sở Nội vụ": [L], "Sở Tài chính": [C]}),
    ("Giao Sở Tư pháp chủ trì thẩm định dự thảo.", {"Sở Tư pháp": [L, A]}),
    ("Giao Phòng Nội vụ huyện tham mưu UBND huyện ban hành kế hoạch.",
     {"Phòng Nội vụ huyện": [A], "UBND huyện": []}),
    ("Trách nhiệm thuộc về Phòng Tư pháp, Phòng Văn hóa và Thông tin.",
     {"Phòng Tư pháp": [R], "Phòng Văn hóa và Thông tin": [R]}),
    ("Trách nhiệm chính thuộc về Văn phòng HĐND và UBND huyện.",
     {"Văn phòng HĐND và UBND huyện": [R]}),
    ("Văn phòng Sở có trách nhiệm tổng hợp báo cáo.", {"Văn phòng Sở": [A]}),
    ("Thanh tra tỉnh chịu trách nhiệm kiểm tra việc thực hiện.", {"Thanh tra tỉnh": [R]}),
    ("Phòng Kinh tế và Hạ tầng là cơ quan chủ trì thực hiện nhiệm vụ.",
     {"Phòng Kinh tế và Hạ tầng": [L]}),
    ("Nhiệm vụ do Sở Xây dựng chủ trì thực hiện.", {"Sở Xây dựng": [L]}),
    ("Sở Y tế phối hợp với Bảo hiểm xã hội tỉnh rà soát hồ sơ.",
     {"Sở Y tế": [L], "Bảo hiểm xã hội tỉnh": [C]}),
    ("Các phòng chuyên môn phối hợp chặt chẽ với Văn phòng UBND tỉnh.",
     {"Văn phòng UBND tỉnh": [C], "UBND tỉnh": []}),  # the owner is not the partner
    ("Yêu cầu Trung tâm Phục vụ hành chính công tỉnh công khai kết quả.",
     {"Trung tâm Phục vụ hành chính công tỉnh": [A]}),
    ("Giao cho Công an xã Mỹ Hòa đảm bảo an ninh trật tự.", {"Công an xã Mỹ Hòa": [A]}),
    ("Phòng Tài nguyên và Môi trường được giao thẩm định hồ sơ đất đai.",
     {"Phòng Tài nguyên và Môi trường": [A]}),
    ("Ban Quản lý các khu công nghiệp làm đầu mối tiếp nhận.",
     {"Ban Quản lý các khu công nghiệp": [L]}),
    ("UBND xã Tân Thành phối hợp cùng Phòng Tư pháp tổ chức tuyên truyền.",
     {"UBND xã Tân Thành": [L], "Phòng Tư pháp": [C]}),
    ("Sở Công Thương báo cáo UBND tỉnh kết quả.", {"Sở Công Thương": [], "UBND tỉnh": []}),
    ("Sở Nội vụ (Phòng Cải cách hành chính) có trách nhiệm theo dõi.",
     {"Sở Nội vụ": [A], "Phòng Cải cách hành chính": [A]}),
    ("Giao Sở Kế hoạch và Đầu tư, Sở Tài chính cân đối nguồn vốn.",
     {"Sở Kế hoạch và Đầu tư": [A], "Sở Tài chính": [A]}),
    ("Đề xuất của Sở Giáo dục và Đào tạo đã được chấp thuận.",
     {"Sở Giáo dục và Đào tạo": []}),
    ("| STT | Nội dung | Đơn vị chủ trì | Đơn vị phối hợp |\n"
     "| 1 | Rà soát TTHC | Văn phòng Sở | Phòng Quản lý giá |\n",
     {"Văn phòng Sở": [L], "Phòng Quản lý giá": [C]}),
    ("STT\tNhiệm vụ\tChủ trì\tPhối hợp\n1\tCập nhật dữ liệu\tSở Tư pháp\tSở Nội vụ\n",
     {"Sở Tư pháp": [L], "Sở Nội vụ": [C]}),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_roles(text: str, expected: dict[str, list[str]]) -> None:
    found = {u.name: sorted(r.value for r in u.role or [])
             for u in units.extract(Context(text))}
    assert found == {k: sorted(v) for k, v in expected.items()}


@pytest.mark.parametrize(("pid", "words"), [
    # an optional "là …"/"làm …" adds its words to "chủ trì"/"đầu mối" ("là" opens "làm")
    ("role.after.lead", ("là", "chủ", "đầu")),
    ("role.after.assigned", ("có", "được")),
    ("role.after.responsible", ("chịu",)),
    ("role.after.works_with", ("phối",)),
])
def test_cues_after_a_list_are_tried_past_their_opening_words(
        pid: str, words: tuple[str, ...] | None) -> None:
    """A cue after a list is matched only where the words after it open with one of its
    openers (past white space); each example of the cue does, so it is still found."""
    p = roles._PATS[pid]
    assert roles._after_openers(p.source, p.regex.flags) == words
    for ex in p.examples:
        low = case_blind(ex.text.lstrip())
        assert words is None or low.startswith(words)


@pytest.mark.parametrize("left", [
    "Giao ", "giao cho ", "Trách nhiệm chính thuộc về ", "phối hợp với ", "Nhiệm vụ do ",
    "Yêu cầu ", "Phân công cho ", "chủ trì thực hiện, báo cáo kết quả về ", "", "theo ",
])
def test_left_cues_as_each_cue_reads_them(left: str) -> None:
    """A clause holding none of the cues' words ("theo ") is not searched cue by cue; the
    roles and the "do" are those every cue's own search gives."""
    found = frozenset(role for role, rx, _ in roles._LEFT_FOUND if rx.search(left))
    led_by = bool(roles._DO_END.search(left))
    assert roles._left_cues.__wrapped__(left) == (found, led_by)
