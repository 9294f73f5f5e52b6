"""The rule that spares underthesea: it decides a window only when the capitals make the
name's bounds plain, and then finds the same people underthesea would."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.people import runs as people_runs
from extractors.runner import run, select
from extractors.text.view import TextView

DECIDED = [
    ("Đoàn do ông Trần Thế Dũng, Phó Giám đốc Sở Nội vụ làm Trưởng đoàn", ["Trần Thế Dũng"]),
    ("Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà phát biểu tại hội nghị.", ["Phạm Thị Thanh Trà"]),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Xuân Tân\n|", ["Hoàng Xuân Tân"]),
    ("các Thứ trưởng: Vũ Chiến Thắng, Nguyễn Thị Hà, Lê Văn Thanh;",
     ["Vũ Chiến Thắng", "Nguyễn Thị Hà", "Lê Văn Thanh"]),
    ("- Chủ tịch, các Phó Chủ tịch UBND tỉnh;", []),  # "Phó Chủ" can never be a name
    ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị)", ["Quảng Trị"]),  # _confirm rejects it
    # the last syllable opens the next word: underthesea's word segmentation cuts it
    ("Tiểu sử của Thủ tướng Nguyễn Tấn Dũng Lưu trữ ngày 21/4/2017", ["Nguyễn Tấn Dũng"]),
    ("ông Nguyễn Trọng Giảng Hiệu trưởng ĐH Bách khoa", ["Nguyễn Trọng Giảng"]),
    ("Ông Nguyễn Văn An phát biểu tại hội nghị.", ["Nguyễn Văn An"]),  # a title opens it
    ("Bộ Tư lệnh | Số 2 Ông Ích Khiêm, Ba Đình, Hà Nội",  # a street: confirm rejects all
     ["Ông Ích Khiêm", "Ba Đình", "Hà Nội"]),
    ("theo Luật Cán bộ, công chức và Luật Viên chức năm 2019", []),  # "Cán bộ" is a word
    ("| Chủ tịch UBND | Phạm Anh Tuấn |\n| Chủ tịch HĐND | Hồ Quốc Dũng |",
     ["Phạm Anh Tuấn", "Hồ Quốc Dũng"]),
]

UNDECIDED = [
    "Chủ tịch UBND tỉnh Lạng Sơn Nguyễn Văn Sơn chủ trì.",  # 5 capitalised syllables
    "Hội nghị do ông Nguyễn Văn A chủ trì.",  # an initial continues the name
    "Đ/c: Đường Điện Biên Phủ, phường Hồng Gai",  # a street, or "Trường Chinh" a person
    "Giám đốc Sở Y tế Huế Lê Văn Bình dự họp.",  # a family name inside the run
    "Phó Chủ nhiệm Văn phòng Chính phủ Đỗ Ngọc\nHuỳnh dự họp.",  # the name goes on
]


@pytest.mark.parametrize(("text", "names"), DECIDED)
def test_decided(text: str, names: list[str]) -> None:
    v = TextView(text)
    spans = people_runs.decide(v, 0, len(text))
    assert spans is not None
    assert [text[a:b] for a, b in spans] == names


@pytest.mark.parametrize("text", UNDECIDED)
def test_left_to_underthesea(text: str) -> None:
    assert people_runs.decide(TextView(text), 0, len(text)) is None


SENTENCES = [
    "Ông Lê Văn Hưng, Phó Chủ tịch UBND huyện Krông Pắc, phát biểu chỉ đạo.",
    "Bà Nguyễn Thị Thanh Hương – Giám đốc Sở Tư pháp tỉnh Nam Định cho biết.",
    "Tham dự có đồng chí Trịnh Minh Hoàng, Chủ tịch HĐND huyện.",
    "Thành phần gồm: ông Trần Quốc Nam, Phó Giám đốc Sở Xây dựng; bà Đặng Thu Hà, "
    "Trưởng phòng Hành chính.",
    "Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà phát biểu tại hội nghị.",
    "Trụ sở đặt tại số 12 đường Nguyễn Huệ, phường Bến Nghé.",
    "Đoàn đã làm việc tại TP. Hồ Chí Minh và Hà Nội.",
    "Tham dự Hội nghị có các Thứ trưởng: Vũ Chiến Thắng, Trương Hải Long, Cao Huy.",
]


def _people(text: str) -> list[tuple[str, str | None]]:
    ctx = run(Context(text), stages=select("units", "people"))
    return [(p.name, p.position) for p in ctx.people]


@pytest.mark.parametrize("text", SENTENCES)
def test_same_people_as_underthesea(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the rule decides, the people found equal those underthesea's tags give."""
    by_rule = _people(text)
    monkeypatch.setattr(people_runs, "decide", lambda view, a, b: None)
    assert by_rule == _people(text)
