"""Layouts the first version of the document extractor missed: the 2025 tax offices under
"CỤC THUẾ", a header deep in a web page behind a metadata table, and signature blocks typed
in title case and flattened onto one line."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.document.find import extract
from extractors.layout.header import parse_header
from extractors.layout.signature import parse_signature
from extractors.lexicon.casing import normal_case

NOTICE = ("\n\nSố: 123/TB-TBNI\n\nBắc Ninh, ngày 05 tháng 8 năm 2025\n\nTHÔNG BÁO\nVề việc "
          "công khai thủ tục hành chính\n\nNội dung.")


@pytest.mark.parametrize(
    ("header", "bodies", "issuer", "province"),
    [
        ("CỤC THUẾ\nTHUẾ TỈNH BẮC NINH", ["CỤC THUẾ", "THUẾ TỈNH BẮC NINH"],
         "Thuế tỉnh Bắc Ninh", "Bắc Ninh"),
        ("CỤC THUẾ THUẾ TỈNH BẮC NINH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
         ["CỤC THUẾ", "THUẾ TỈNH BẮC NINH"], "Thuế tỉnh Bắc Ninh", "Bắc Ninh"),
        ("THUẾ TỈNH BẮC NINH\nTHUẾ CƠ SỞ 3 TỈNH BẮC NINH",
         ["THUẾ TỈNH BẮC NINH", "THUẾ CƠ SỞ 3 TỈNH BẮC NINH"],
         "Thuế cơ sở 3 tỉnh Bắc Ninh", "Bắc Ninh"),
        ("CỤC THUẾ THUẾ THÀNH PHỐ HÀ NỘI", ["CỤC THUẾ", "THUẾ THÀNH PHỐ HÀ NỘI"],
         "Thuế thành phố Hà Nội", "Hà Nội"),
        ("BỘ TÀI CHÍNH\nCỤC THUẾ", ["BỘ TÀI CHÍNH", "CỤC THUẾ"], "Cục Thuế", None),
        ("CỤC THUẾ\nCHI CỤC THUẾ KHU VỰC XVII", ["CỤC THUẾ", "CHI CỤC THUẾ KHU VỰC XVII"],
         "Chi cục Thuế khu vực XVII", "Bắc Ninh"),
    ],
)
def test_tax_offices_of_2025(header: str, bodies: list[str], issuer: str,
                             province: str | None) -> None:
    view = Context(header + NOTICE)
    assert [b.value for b in parse_header(view).bodies] == bodies
    meta = extract(view)
    assert (meta.issuer, meta.province) == (issuer, province)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("CHI CỤC THUẾ KHU VỰC XVII", "Chi cục Thuế khu vực XVII"),
     ("ĐỘI THUẾ LIÊN HUYỆN II", "Đội thuế liên huyện II"),
     ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư")],
)
def test_roman_numerals_stay_upper_case(line: str, expected: str) -> None:
    assert normal_case(line) == expected


_TABLE = "\n".join([
    "Trang chủ | Văn bản pháp luật", "Số ký hiệu | 45/KH-UBND", "Ngày ban hành | 12/03/2021",
    "Ngày có hiệu lực | 12/03/2021", "Loại văn bản | Kế hoạch", "Lĩnh vực | Hành chính",
    "Cơ quan ban hành | Tỉnh Sơn La", "Người ký | Lò Minh Hùng",
    "Trích yếu | Kế hoạch cải cách hành chính năm 2021", "Tình trạng | Còn hiệu lực",
    "Tải về | Tệp đính kèm", "Lượt xem | 1234", "Chia sẻ | Facebook", "Thuộc tính", "Lược đồ",
    "Nội dung văn bản", "",
])
_DOC = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - "
        "Hạnh phúc\n\nSố: 45/KH-UBND\n\nSơn La, ngày 12 tháng 3 năm 2021\n\nKẾ HOẠCH\nCải cách "
        "hành chính năm 2021\n\nCăn cứ Nghị quyết số 76/NQ-CP.\n\nNội dung.\n\nKT. CHỦ TỊCH\n"
        "PHÓ CHỦ TỊCH\n\nLò Minh Hùng\n")


@pytest.mark.parametrize("before", ["", _TABLE, _TABLE + "\n" + _TABLE])
def test_header_behind_a_metadata_table(before: str) -> None:
    text = before + "\n" + _DOC
    meta = extract(Context(text))
    assert (meta.issuer, meta.number, meta.province, meta.kind.value) == (
        "Ủy ban nhân dân tỉnh Sơn La", "45/KH-UBND", "Sơn La", "ke_hoach")
    src = meta.sources["issuer"]
    assert text[src.span[0]:src.span[1]] == src.quote


@pytest.mark.parametrize(
    ("tail", "name", "position"),
    [
        ("Nơi nhận: - Như trên; - Lưu: VT. KT. Giám đốc Phó Giám đốc Nguyễn Văn Luận",
         "Nguyễn Văn Luận", "Phó Giám đốc"),
        ("TM. Ủy ban nhân dân KT. Chủ tịch Phó Chủ tịch (Đã ký) Trần Văn An",
         "Trần Văn An", "Phó Chủ tịch"),
        ("TL. Giám đốc Chánh Văn phòng Lê Thị Hoa", "Lê Thị Hoa", "Chánh Văn phòng"),
        ("KT. Chủ tịch Phó Chủ tịch Phan Văn Hòa\n\nPhụ lục kèm theo", "Phan Văn Hòa",
         "Phó Chủ tịch"),
        ("Nơi nhận:\n- Như trên;\n- Lưu: VT.     KT. Giám đốc Phó Giám đốc\n\nĐặng Thị Thu",
         "Đặng Thị Thu", "Phó Giám đốc"),
    ],
)
def test_title_case_signature_on_one_line(tail: str, name: str, position: str) -> None:
    text = "Trên đây là báo cáo của Sở./.\n\n" + tail
    sig = parse_signature(Context(text))
    assert sig is not None and (sig.name, sig.position) == (name, position)
    assert text[sig.name_span[0]:sig.name_span[1]] == name


@pytest.mark.parametrize(
    "text",
    ["Giám đốc Sở Nội vụ phát biểu tại hội nghị.\n\nPhó Giám đốc Sở Tư pháp Trần Văn Bình",
     "Ông Nguyễn Văn A, Phó Chủ tịch UBND tỉnh, chủ trì hội nghị."],
)
def test_positions_in_running_text_are_no_signature(text: str) -> None:
    assert parse_signature(Context(text)) is None


SIGNATURE_BLOCKS = [
    # (a signature block as documents print it, the lines a line item opens)
    ("…./.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn Luận",
     ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT, VP.\n**TL. GIÁM ĐỐC**\n**CHÁNH VĂN PHÒNG**\n\n"
     "**Trần Chí Hùng**", ["**TL. GIÁM ĐỐC**", "**CHÁNH VĂN PHÒNG**"]),
    ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn A",
     ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
]


@pytest.mark.parametrize(("block", "items"), SIGNATURE_BLOCKS)
def test_line_items_are_tried_where_one_can_begin(block: str, items: list[str]) -> None:
    """The line starts the one scan keeps hold every line item the item pattern finds at
    any line start, and the item lines are those."""
    from extractors.layout.signature import _item_res, _line_item_starts

    line = _item_res()[1]
    every = [0] + [i + 1 for i, ch in enumerate(block) if ch == "\n"]
    found = [m for at in every if (m := line.match(block, at))]
    kept = _line_item_starts(block, 0, len(block))
    assert all(m.start() in kept for m in found)
    assert [block[m.start():m.end()] for m in found] == items


def test_line_item_leads_have_no_case_twin_outside_case_blind() -> None:
    """A line item is tried only where the case-blind zone holds a lead ("gi", "ph"):
    every character ``regex`` matches case-blind to a lead's letter must be one
    ``case_blind`` writes as that letter, or the scan would pass over an item."""
    import sys

    import regex

    from extractors.layout.signature import line_item_leads
    from extractors.text.prefilter import case_blind

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    for letter in sorted({ch for lead in line_item_leads() for ch in lead}):
        twins = regex.compile(regex.escape(letter), regex.IGNORECASE).findall(every)
        assert {case_blind(t) for t in twins} == {letter}, letter


# Upper-case items and flattened mandates as documents print them (the module's and
# these tests' blocks), with the "Q." and "QUYỀN" mandates and a "Quyết định" beside them.
UPPER_ITEMS = [block for block, _ in SIGNATURE_BLOCKS] + [
    "Nơi nhận: - Như trên; - Lưu: VT. Q. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn Luận",
    "Quyết định này có hiệu lực.\nQUYỀN. CHỦ TỊCH\nNguyễn Văn A",
    "KT. Giám đốc Phó Giám đốc Nguyễn Văn Luận",
    "Q .CHỦ TỊCH\tQ\u00a0.\u00a0GIÁM ĐỐC (Q.CHÁNH VĂN PHÒNG)",
]


def _corpus_and_seeds() -> list[str]:
    from pathlib import Path

    from tests.conftest import SHARED

    paths = sorted(Path("corpus/texts").glob("*.txt")) + sorted((SHARED / "seeds").glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


@pytest.mark.parametrize("text", UPPER_ITEMS + _corpus_and_seeds(), ids=lambda t: t[:24])
def test_upper_items_and_mandates_begin_at_the_scans_places(text: str) -> None:
    """Every place of a text where the upper-case item or the flattened block's mandate
    pattern matches is one the heads' scan keeps (a one-letter lead, "Q", only before
    a character that is no word character)."""
    from extractors.layout.signature import _flat_res, _item_res, _starts

    heads = {m.start() for m in _starts().finditer(text)}
    for rx in (_item_res()[0], _flat_res()[0]):
        assert all(at in heads for at in range(len(text)) if rx.match(text, at)), rx.pattern[:40]


@pytest.mark.parametrize("text", UPPER_ITEMS + _corpus_and_seeds(), ids=lambda t: t[:24])
def test_line_items_begin_at_the_line_scans_places(text: str) -> None:
    """Every line start of a text where the line item pattern matches is one the line
    scan keeps (a line opening with a mandate's, "PHÓ"'s or a position's whole first
    word, case-blind; "q" only before a character that is no word character)."""
    from extractors.layout.signature import _item_res, _line_item_starts

    line = _item_res()[1]
    every = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    kept = set(_line_item_starts(text, 0, len(text)))
    assert all(at in kept for at in every if line.match(text, at))
