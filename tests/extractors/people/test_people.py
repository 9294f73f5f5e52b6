"""People: names with a title or a position, signers, news authors; streets, cities and
positions alone are not people. underthesea's tokens must realign to the text."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.people.find import (
    _confirm,
    _lower_search,
    _may_confirm,
    _meets,
    _trigger_lower,
)
from extractors.people.ner import align, tag
from extractors.runner import run as _run
from extractors.runner import select
from extractors.text.view import TextView, squash


def run(text: str) -> list:
    return _run(Context(text), stages=select("units", "people")).people


CASES = [
    ("Ông Lê Văn Hưng, Phó Chủ tịch UBND huyện Krông Pắc, phát biểu chỉ đạo.",
     [("Lê Văn Hưng", "Phó Chủ tịch UBND huyện Krông Pắc")]),
    ("Bà Nguyễn Thị Thanh Hương – Giám đốc Sở Tư pháp tỉnh Nam Định cho biết.",
     [("Nguyễn Thị Thanh Hương", "Giám đốc Sở Tư pháp tỉnh Nam Định")]),
    ("Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Tỉnh ủy dự và chỉ đạo hội nghị.",
     [("Hoàng Văn Nghiệm", "Phó Bí thư Tỉnh ủy")]),
    ("Tham dự có đồng chí Trịnh Minh Hoàng, Chủ tịch HĐND huyện.",
     [("Trịnh Minh Hoàng", "Chủ tịch HĐND huyện")]),
    ("Phó Chủ tịch UBND tỉnh Lạng Sơn Dương Xuân Huyên chủ trì hội nghị.",
     [("Dương Xuân Huyên", "Phó Chủ tịch UBND tỉnh Lạng Sơn")]),
    ("Làm việc với đoàn có ông Vũ Đình Quân – Chánh Văn phòng Sở.",
     [("Vũ Đình Quân", "Chánh Văn phòng Sở")]),
    ("Chị Lò Thị Mai, công chức Văn phòng - Thống kê xã Chiềng Sinh, cho biết.",
     [("Lò Thị Mai", "công chức Văn phòng - Thống kê xã Chiềng Sinh")]),
    ("Theo anh Phạm Văn Toàn, người dân xã Yên Phú, thủ tục nay rất nhanh.",
     [("Phạm Văn Toàn", None)]),
    ("Đ/c Bùi Thị Hạnh, Trưởng phòng Nội vụ huyện báo cáo.",
     [("Bùi Thị Hạnh", "Trưởng phòng Nội vụ huyện")]),
    ("Thành phần gồm: ông Trần Quốc Nam, Phó Giám đốc Sở Xây dựng; bà Đặng Thu Hà, "
     "Trưởng phòng Hành chính.",
     [("Trần Quốc Nam", "Phó Giám đốc Sở Xây dựng"), ("Đặng Thu Hà", "Trưởng phòng Hành chính")]),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nNguyễn Thanh Bình\n",
     [("Nguyễn Thanh Bình", "Phó Chủ tịch")]),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nVÕ VĂN HƯNG\n", [("Võ Văn Hưng", "Chủ tịch")]),
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\n(Đã ký)\n\nLê Minh Tuấn",
     [("Lê Minh Tuấn", "Giám đốc")]),
    ("Tác giả: Minh Khang\nNguồn: Sở Nội vụ", [("Minh Khang", None)]),
    ("Thu Hà 14:05, 03/11/2023\nSáng nay, Sở Tư pháp tổ chức hội nghị.", [("Thu Hà", None)]),
    ("Phó Chủ tịch UBND tỉnh Hồ Văn Mừng chủ trì tại điểm cầu Bình Định.",
     [("Hồ Văn Mừng", "Phó Chủ tịch UBND tỉnh")]),
    ("Chủ tịch UBND huyện Đặng Văn Sơn phát biểu tại hội nghị.",
     [("Đặng Văn Sơn", "Chủ tịch UBND huyện")]),
    ("Giám đốc Sở Nội vụ Nguyễn Văn An cho biết tỷ lệ hồ sơ đúng hạn tăng.",
     [("Nguyễn Văn An", "Giám đốc Sở Nội vụ")]),
    ("Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà phát biểu chỉ đạo.",
     [("Phạm Thị Thanh Trà", "Bộ trưởng Bộ Nội vụ")]),
    ("Phó Thủ tướng Lê Minh Khái, Trưởng ban Chỉ đạo cải cách hành chính, chủ trì.",
     [("Lê Minh Khái", "Phó Thủ tướng")]),
    ("Ông Trần Văn Nam làm việc tại UBND tỉnh Phú Yên.", [("Trần Văn Nam", None)]),
    ("Tin, ảnh: Ngọc Lan", [("Ngọc Lan", None)]),
    ("Ông Vi Văn Tám, Chánh Văn phòng, và bà Lò Thị Bảy cùng dự.",
     [("Vi Văn Tám", "Chánh Văn phòng"), ("Lò Thị Bảy", None)]),
    ("Tiêu đề tin về cải cách\n\n10/03/2024\n\nNội dung của bài viết đăng tại đây.\n\n"
     "VĂN LONG - HỒNG NHUNG\n", [("Văn Long", None), ("Hồng Nhung", None)]),
    # not people
    ("Tòa án Hình sự Quốc tế (tiếng Anh: International Criminal Court) được thành lập.", []),
    ("Chủ tịch UBND phường Trần Phú chủ trì buổi làm việc.", []),
    ("Các tôn giáo khác như Hồi giáo có 20 người, Bà La Môn có 13 người.", []),
    ("Bà con xã Nguyễn Huệ, huyện Đông Triều đến làm thủ tục.", []),
    ("Chủ tịch UBND tỉnh yêu cầu các sở khẩn trương triển khai.", []),
    ("Trụ sở đặt tại số 12 đường Nguyễn Huệ, phường Bến Nghé.", []),
    ("Học tập và làm theo tư tưởng Hồ Chí Minh.", []),
    ("Đoàn đã làm việc tại TP. Hồ Chí Minh và Hà Nội.", []),
    ("Ông bà ta có câu: có công mài sắt có ngày nên kim.", []),
    ("Giám đốc Sở Công Thương tỉnh Bắc Kạn ký ban hành.", []),
    ("Trường Tiểu học Nguyễn Văn Trỗi đạt chuẩn quốc gia.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_people(text: str, expected: list[tuple[str, str | None]]) -> None:
    found = run(text)
    assert [(p.name, p.position) for p in found] == expected
    for p in found:
        assert text[p.start:p.end] == p.quote


REALIGN = [
    "Ông  Lê Hoà  Bình dự họp.",
    "Bà Nguyễn Thị Thuỷ,\u00a0Phó Giám đốc Sở Y tế.",
    "Đồng chí Trần Văn Khoẻ – Chủ tịch UBND xã.",
    "“Ông Phan Văn Thành” phát biểu: “Cần làm ngay”.",
]


@pytest.mark.parametrize("text", REALIGN)
def test_underthesea_tokens_round_trip(text: str) -> None:
    view = TextView(text)
    tokens = [t[0] for t in tag(text)]
    spans = align(view, 0, tokens)
    assert spans is not None
    for tok, (a, b) in zip(tokens, spans, strict=True):
        assert squash(view.folded[a:b]).lower() == squash(
            TextView(tok).folded).lower(), (tok, text[a:b])


MAY_CONFIRM = [
    # a title, a position before with a family name, a position after: maybe a person
    ("Ông Trần Văn Nam làm việc tại UBND tỉnh Phú Yên.", True),
    ("Phó Chủ tịch UBND tỉnh Lạng Sơn Dương Xuân Huyên chủ trì hội nghị.", True),
    ("Làm việc với đoàn có ông Vũ Đình Quân – Chánh Văn phòng Sở.", True),
    # every capitalised run after a place word, no title, no position: never a person,
    # so underthesea need not tag the window
    ("Trụ sở đặt tại số 12 đường Nguyễn Huệ, phường Bến Nghé.", False),
    ("Bà con xã Nguyễn Huệ, huyện Đông Triều đến làm thủ tục.", False),
    ("Học tập và làm theo tư tưởng Hồ Chí Minh.", False),
]


@pytest.mark.parametrize(("text", "expected"), MAY_CONFIRM)
def test_may_confirm(text: str, expected: bool) -> None:
    view = TextView(text)
    assert _may_confirm(view, 0, len(text)) is expected
    if not expected:  # then no span of the text is a person, whatever its bounds
        assert not any(_confirm(view, s, e) for s in range(len(text))
                       for e in range(s + 1, len(text) + 1))


@pytest.mark.parametrize(("text", "expected"), MAY_CONFIRM)
def test_may_confirm_only_grows_with_the_end(text: str, expected: bool) -> None:
    """``people_ner.proper_nouns`` asks it at the window's end first: no at a later end
    must mean no at every earlier one."""
    view = TextView(text)
    answers = [_may_confirm(view, 0, hi) for hi in range(len(text) + 1)]
    assert answers == sorted(answers)
    assert answers[-1] is expected


# three unit mentions, the third starting inside the second and reaching past it
UNIT_SPANS = [(0, 14), (30, 39), (33, 60)]
MEETS = [
    ((4, 14), True),  # inside the first
    ((14, 20), False),  # right after it
    ((20, 30), False),  # right before the second
    ((20, 31), True),
    ((40, 45), True),  # past the second's end, inside the nested third
    ((60, 70), False),
]


@pytest.mark.parametrize(("span", "expected"), MEETS)
def test_meets_is_any_overlap(span: tuple[int, int], expected: bool) -> None:
    a, b = span
    assert _meets(UNIT_SPANS)(a, b) is expected
    assert any(u < b and a < v for u, v in UNIT_SPANS) is expected


TRIGGER_SEARCH = [
    # (lower-cased text, where a title or position word is found from the start, or None)
    ("ông trần văn nam cho biết", 0),
    ("đoàn thanh tra của sở do bà lê thị hoa dẫn đầu", 25),  # "anh" in "thanh": no
    ("chủ tịch ubnd tỉnh", 0),
    ("phó chủ tịch", 0),
    ("thông báo kết quả", None),  # "ông" inside "thông"
    ("các anh chị", 4),
]


@pytest.mark.parametrize(("text", "start"), TRIGGER_SEARCH)
def test_trigger_search_checks_the_look_behind_itself(text: str, start: int | None) -> None:
    """The words searched without their look-behind find what the pattern with it finds,
    from every start and to every end of the text."""
    found = _lower_search(text, 0, len(text))
    assert (found.start() if found else None) == start
    for pos in range(len(text) + 1):
        for endpos in range(pos, len(text) + 1):
            ours, theirs = _lower_search(text, pos, endpos), _trigger_lower().search(
                text, pos, endpos)
            assert (ours and ours.span()) == (theirs and theirs.span()), (pos, endpos)
