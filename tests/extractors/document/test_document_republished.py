"""Documents as crawled from portals and legal republishers: the own number repeated in a
page title, a metadata table or an appendix; the table as evidence when the header or the
signature is missing; titles and names broken by PDF conversion or markdown cells; heads
of other bodies in signature blocks."""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.context import Context
from extractors.document.find import extract as document
from extractors.layout.doc_table import read_table
from extractors.layout.header import parse_header
from extractors.layout.signature import parse_signature
from extractors.references.find import drop_own_number, number_key
from tests.conftest import assert_spans

_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự "
           "do - Hạnh phúc\n\nSố: {number}\n\nTrà Vinh, ngày 14 tháng 6 năm 2021\n\n")


@pytest.mark.parametrize(
    ("text", "own", "others"),
    [
        # a republisher's page title repeats the number above the header
        ("Quyết định 1021/QĐ-UBND 2021 phê duyệt danh mục thủ tục Trà Vinh\n\n"
         + _HEADER.format(number="1021/QĐ-UBND") + "QUYẾT ĐỊNH\nPhê duyệt danh mục\n\n"
         "Căn cứ Quyết định số 45/QĐ-TTg ngày 02/01/2019 của Thủ tướng Chính phủ.",
         "1021/QĐ-UBND", ["45/QĐ-TTg"]),
        # an appendix heading, typed with a Latin eth and a space
        (_HEADER.format(number="1021/QĐ-UBND") + "QUYẾT ĐỊNH\nPhê duyệt danh mục\n\n"
         "Căn cứ Nghị định số 61/2018/NĐ-CP.\n\nPhụ lục\n(Kèm theo Quyết định số 1021 /QÐ-UBND "
         "ngày 14/6/2021 của Ủy ban nhân dân tỉnh)", "1021/QĐ-UBND", ["61/2018/NĐ-CP"]),
        # a metadata table cell gives the number when the header lost its "Số:" line
        ("Số hiệu: | 88/KH-UBND | Loại văn bản: | Kế hoạch\n\nKẾ HOẠCH\nTriển khai Kế hoạch "
         "số 88/KH-UBND và Kế hoạch số 12/KH-SNV\n\nNội dung.", "88/KH-UBND", ["12/KH-SNV"]),
    ],
)
def test_own_number_is_no_reference_anywhere(text: str, own: str, others: list[str]) -> None:
    result = extract(text)
    assert result.document.number == own
    assert [r.number for r in result.references] == others
    assert_spans(result)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("47/BC-UBND", "47/bc-ubnd", True), ("2813/QÐ-UBND", "2813/QĐ-UBND", True),
     ("2768/UBND -TH", "2768/UBND-TH", True), ("47/BC-UBND", "47/BC-UBND-VP", False)],
)
def test_number_key(a: str, b: str, same: bool) -> None:
    assert (number_key(a) == number_key(b)) is same


def test_drop_own_number_keeps_all_without_an_own_number() -> None:
    refs = extract("Căn cứ Kế hoạch số 12/KH-UBND ngày 02/3/2021.").references
    assert drop_own_number(refs, None) == refs and len(refs) == 1


_BANNER = "Đang tải văn bản...\nBáo cáo 47/BC-UBND 2020 kết quả kiểm soát thủ tục hành chính\n"
_CELLS_ONE_PER_LINE = (
    "Số hiệu:\n|\n47/BC-UBND\n|\n|\nLoại văn bản:\n|\nBáo cáo\n|\nNơi ban hành:\n|\nThành phố "
    "Hồ Chí Minh\n|\n|\nNgười ký:\n|\nTrần Vĩnh Tuyến\n|\nNgày ban hành:\n|\n30/03/2020\n|\n|\n"
    "Ngày hiệu lực:\n|\nĐã biết\n|\nTình trạng:\n|\nĐã biết\n|\n")
_CELLS_MARKDOWN = (
    "| **Số hiệu:** | 47/BC-UBND | **Loại văn bản:** | Báo cáo |\n| **Nơi ban hành:** | Thành "
    "phố Hồ Chí Minh | **Người ký:** | Trần Vĩnh Tuyến |\n| **Ngày ban hành:** | 30/03/2020 | "
    "**Ngày hiệu lực:** | Đã biết |\n")
_BODY = ("\nTình hình, kết quả thực hiện kiểm soát thủ tục hành chính quý I năm 2020 như sau:\n"
         "1. Đánh giá tác động quy định thủ tục hành chính.\n")


@pytest.mark.parametrize("cells", [_CELLS_ONE_PER_LINE, _CELLS_MARKDOWN])
def test_metadata_table_fills_a_missing_header(cells: str) -> None:
    text = _BANNER + cells + _BODY
    result = extract(text)
    doc = result.document
    assert (doc.kind.value, doc.number, doc.issued_date, doc.signer, doc.signer_position,
            doc.province) == ("bao_cao", "47/BC-UBND", "2020-03-30", "Trần Vĩnh Tuyến", None,
                              "Hồ Chí Minh")
    assert result.references == []
    for src in doc.sources.values():
        assert text[src.span[0]:src.span[1]] == src.quote


def test_header_and_signature_win_over_the_table() -> None:
    text = (_CELLS_MARKDOWN + "\n" + _HEADER.format(number="48/BC-UBND") + "BÁO CÁO\nKết quả "
            "năm 2021\n\nNội dung./.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nLê Văn Hẳn\n")
    doc = document(Context(text))
    assert (doc.number, doc.issued_date, doc.signer, doc.signer_position, doc.province) == (
        "48/BC-UBND", "2021-06-14", "Lê Văn Hẳn", "Phó Chủ tịch", "Trà Vinh")


@pytest.mark.parametrize(
    "text",
    ["Số hiệu: | Đang cập nhật | Người ký: | Đã biết | Ngày ban hành: | Đang cập nhật",
     "Quyết định có hiệu lực kể từ ngày ban hành 12/03/2021.\nNgười ký và đóng dấu: Văn thư",
     "Loại văn bản: | Văn bản hợp nhất kỹ thuật"],
)
def test_table_cells_without_the_right_shape_are_ignored(text: str) -> None:
    assert read_table(Context(text)) == {}


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [
        ("TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ I NĂM\n2020",
         "TÌNH HÌNH, KẾT QUẢ KIỂM SOÁT THỦ TỤC HÀNH CHÍNH QUÝ I NĂM 2020"),
        ("CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN\n2021 - 2025", "CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021 - 2025"),
        ("TRIỂN KHAI CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA\nUBND tỉnh năm 2021",
         "TRIỂN KHAI CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA UBND tỉnh năm 2021"),
        ("Cải cách hành chính năm 2022 của\nỦy ban nhân dân tỉnh",
         "Cải cách hành chính năm 2022 của Ủy ban nhân dân tỉnh"),
        ("**KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM**\n**2021**", "KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2021"),
        ("Kết quả cải cách hành chính năm 2021\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
         "Kết quả cải cách hành chính năm 2021"),
        ("BAN HÀNH QUY CHẾ MỘT CỬA\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", "BAN HÀNH QUY CHẾ MỘT CỬA"),
        ("BAN HÀNH QUY CHẾ MỘT CỬA\n1", "BAN HÀNH QUY CHẾ MỘT CỬA 1"),
    ],
)
def test_titles_broken_over_lines(title_lines: str, title: str) -> None:
    text = _HEADER.format(number="12/QĐ-UBND") + "QUYẾT ĐỊNH\n" + title_lines + "\n\nCăn cứ Luật."
    header = parse_header(Context(text))
    assert header.title is not None and header.title.value == title


@pytest.mark.parametrize(
    ("heading", "kind"), [("KẾ\nHOẠCH", "ke_hoach"), ("BÁO\nCÁO", "bao_cao"),
                          ("**QUYẾT**\n**ĐỊNH**", "quyet_dinh")])
def test_kind_heading_broken_over_lines(heading: str, kind: str) -> None:
    text = _HEADER.format(number="12/UBND-VP") + heading + "\nCải cách hành chính\n\nCăn cứ Luật."
    header = parse_header(Context(text))
    assert header.kind is not None and header.kind.value == kind
    assert header.title is not None and header.title.value == "Cải cách hành chính"


@pytest.mark.parametrize(
    ("block", "name", "position"),
    [
        ("KT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\n\nNguyễn Văn Hải", "Nguyễn Văn Hải", "Phó Cục trưởng"),
        ("KT. CHÁNH ÁN\nPHÓ CHÁNH ÁN\n\nLê Văn Minh", "Lê Văn Minh", "Phó Chánh án"),
        ("VIỆN TRƯỞNG\n\n(Đã ký)\n\nHoàng Thị Lan", "Hoàng Thị Lan", "Viện trưởng"),
        ("KT. TỔNG CỤC TRƯỞNG\nPHÓ TỔNG CỤC TRƯỞNG\n\nĐỗ Văn Tư", "Đỗ Văn Tư",
         "Phó Tổng Cục trưởng"),
        ("TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\n\nPhạm Văn Sơn", "Phạm Văn Sơn", "Trưởng ban"),
        ("HIỆU TRƯỞNG\n\nVũ Thị Mai", "Vũ Thị Mai", "Hiệu trưởng"),
        ("KT. TỔNG GIÁM ĐỐC\nPHÓ TỔNG GIÁM ĐỐC\n\nĐinh Văn Khoa", "Đinh Văn Khoa",
         "Phó Tổng Giám đốc"),
        ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n**Trần\nChí Hùng**", "Trần Chí Hùng", "Phó Chủ tịch"),
        ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n**Trần Chí\nHùng**\n", "Trần Chí Hùng", "Phó Chủ tịch"),
        ("| KT. CHỦ TỊCH<br>PHÓ CHỦ TỊCH\n\n**Trần Chí Hùng** |", "Trần Chí Hùng",
         "Phó Chủ tịch"),
        ("GIÁM ĐỐC\n\nTRẦN VĂN\nHÙNG", "Trần Văn Hùng", "Giám đốc"),
        ("GIÁM ĐỐC\n\nLê Minh\nNơi nhận:\n- Như trên;", "Lê Minh", "Giám đốc"),
        ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn Luận\nPhụ Lục", "Nguyễn Văn Luận",
         "Phó Giám đốc"),
    ],
)
def test_signature_blocks_of_other_heads_and_broken_names(block: str, name: str,
                                                          position: str) -> None:
    text = "Trên đây là báo cáo kết quả thực hiện./.\n\n" + block
    sig = parse_signature(Context(text))
    assert sig is not None and (sig.name, sig.position) == (name, position)
    quote = text[sig.name_span[0]:sig.name_span[1]]
    assert quote.replace("*", "").lower().split() == name.lower().split()


def test_signature_with_no_recipients_before_a_long_site_footer() -> None:
    footer = "".join(f"\nVăn bản liên quan {i}: Quyết định về thủ tục" for i in range(99))
    text = ("Nội dung báo cáo. " * 40 + "./.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nLò Văn Piếng\n"
            + footer)
    sig = parse_signature(Context(text))
    assert sig is not None and (sig.name, sig.position) == ("Lò Văn Piếng", "Phó Giám đốc")


@pytest.mark.parametrize(
    ("header", "issuer"),
    [("**ỦY BAN NHÂN\nDÂN **\n**TỈNH ĐỒNG THÁP**", "Ủy ban nhân dân tỉnh Đồng Tháp"),
     ("| **ỦY BAN NHÂN DÂN<br>HUYỆN THÁP MƯỜI** | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM** |",
      "Ủy ban nhân dân huyện Tháp Mười"),
     ("**SỞ THÔNG TIN VÀ**\n**TRUYỀN THÔNG**", "Sở Thông tin và Truyền thông")],
)
def test_issuer_broken_by_markup(header: str, issuer: str) -> None:
    text = header + "\n\nSố: 12/BC-UBND\n\nĐồng Tháp, ngày 5 tháng 3 năm 2021\n\nBÁO CÁO\nKết quả"
    doc = document(Context(text))
    assert (doc.issuer, doc.province) == (issuer, "Đồng Tháp")
    src = doc.sources["issuer"]
    assert text[src.span[0]:src.span[1]] == src.quote


@pytest.mark.parametrize(
    "banners",
    [
        'Chủ đề công tác năm 2021: "Năm kỷ cương, kỷ luật hành chính"\n\n',
        "Chào mừng kỷ niệm 76 năm Cách mạng tháng Tám và Quốc khánh 2/9\n",
        "Tin tức - Sự kiện\n\n",
        "Tin tức > Cải cách hành chính\n**Cải cách hành chính**\n",
        "Cổng thông tin điện tử huyện Tiên Yên\nNhiệt liệt chào mừng Đại hội Đảng bộ huyện\n",
        "",
    ],
)
def test_news_headline_after_site_banners(banners: str) -> None:
    headline = "Sáu tháng đầu năm không có hồ sơ thủ tục hành chính quá hạn"
    text = (banners + headline + "\n\n08:15, 12/07/2021\n\nTrong 6 tháng đầu năm, Trung tâm "
            "Hành chính công huyện đã tiếp nhận 3.120 hồ sơ, giải quyết đúng hạn 100%.\n")
    doc = document(Context(text))
    assert (doc.kind.value, doc.title, doc.issued_date) == ("tin_bai", headline, "2021-07-12")
    src = doc.sources["title"]
    assert text[src.span[0]:src.span[1]] == src.quote


@pytest.mark.parametrize(
    ("title_lines", "title"),
    [("VỀ KẾT QUẢ XÁC ĐỊNH TRƯỚC MÃ SỐ\nCỤC TRƯỞNG CỤC HẢI QUAN",
      "VỀ KẾT QUẢ XÁC ĐỊNH TRƯỚC MÃ SỐ"),
     ("BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ VÀ\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
      "BAN HÀNH QUY CHẾ PHỐI HỢP GIỮA CÁC SỞ VÀ")],
)
def test_title_stops_at_the_deciders_line(title_lines: str, title: str) -> None:
    text = _HEADER.format(number="12/QĐ-UBND") + "QUYẾT ĐỊNH\n" + title_lines + "\n\nCăn cứ Luật."
    header = parse_header(Context(text))
    assert header.title is not None and header.title.value == title


def test_signature_before_a_long_annex() -> None:
    annex = "\n**QUY CHẾ**\nTIẾP NHẬN HỒ SƠ\n" + "Điều 1. Nơi nhận hồ sơ là Trung tâm.\n" * 400
    text = ("Nội dung quyết định. " * 20 + "./.\n|\n*Nơi nhận:*\n- Như Điều 3;\n- Lưu: VT.\n|\n"
            "**TM. ỦY BAN NHÂN DÂN**\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Thành\n|\n" + annex)
    sig = parse_signature(Context(text))
    assert sig is not None and (sig.name, sig.position) == ("Nguyễn Văn Thành", "Phó Chủ tịch")


@pytest.mark.parametrize("furniture", ["---|---|---|---\n", "Quốc gia | Việt Nam\n"])
def test_news_headline_after_table_rows(furniture: str) -> None:
    headline = "Công bố danh mục thủ tục hành chính lĩnh vực đất đai"
    text = furniture + headline + "\n\nTrong năm, Sở đã công bố 25 thủ tục hành chính mới.\n"
    assert document(Context(text)).title == headline


def test_metadata_table_flattened_two_cells_a_line() -> None:
    text = ("Quyết định 575/QĐ-UBND năm 2020 về quy trình nội bộ\nSố hiệu: 575/QĐ-UBND Loại văn "
            "bản: Quyết định\nNơi ban hành: Tỉnh Kon Tum Người ký: Nguyễn Văn Hòa\nNgày ban hành:"
            " 02/10/2020 Ngày hiệu lực: Đã biết\n\nNội dung.")
    table = read_table(Context(text))
    assert {k: v.value for k, v in table.items()} == {
        "number": "575/QĐ-UBND", "kind": "quyet_dinh", "place": "Tỉnh Kon Tum",
        "signer": "Nguyễn Văn Hòa", "issued_date": "2020-10-02"}
    for found in table.values():
        assert text[found.start:found.end].strip()
