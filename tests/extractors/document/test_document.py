"""The document extractor on header, signature and byline snippets written in the
layouts of Nghị định 30/2020/NĐ-CP (Phụ lục I) and of provincial news portals: clean
layouts, two columns flattened onto one line, blank numbers and dates, no header at all.
Every case checks the fields it states and that every source quote is the text at its span.
"""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.document.find import extract
from extractors.layout.signature import parse_signature

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BODY = "\n\nNội dung triển khai công tác cải cách hành chính trong năm.\n\n"
RECIPIENTS = "Nơi nhận:\n- Như trên;\n- Lưu: VT, VP.\n\n"

CASES: list[tuple[str, str, dict[str, str | None]]] = [
    ("cong_van_clean",
     "UBND TỈNH QUẢNG NINH\nSỞ NỘI VỤ\n\nSố: 2345 /SNV-CCHC\n\nV/v hướng dẫn chấm điểm\n"
     "chỉ số cải cách hành chính năm 2022\n\n" + MOTTO + "\nQuảng Ninh, ngày 05 tháng 9 năm 2022"
     "\n\nKính gửi: Các phòng, đơn vị thuộc Sở" + BODY + RECIPIENTS
     + "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n(Đã ký)\nTrần Thị Mai",
     {"kind": "cong_van", "number": "2345/SNV-CCHC", "issued_date": "2022-09-05",
      "issuer": "Sở Nội vụ", "province": "Quảng Ninh",
      "title": "hướng dẫn chấm điểm chỉ số cải cách hành chính năm 2022",
      "signer": "Trần Thị Mai", "signer_position": "Phó Giám đốc"}),
    ("cong_van_flattened_two_columns",
     "UBND TỈNH HÀ TĨNH CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ TƯ PHÁP Độc lập - Tự do - Hạnh "
     "phúc\nSố: 512/STP-VP Hà Tĩnh, ngày 12 tháng 4 năm 2021\nV/v báo cáo kết quả thực hiện\n"
     "công tác CCHC quý I năm 2021\nKính gửi: Sở Nội vụ" + BODY + "GIÁM ĐỐC\n\nLê Văn Sơn",
     {"kind": "cong_van", "number": "512/STP-VP", "issued_date": "2021-04-12",
      "issuer": "Sở Tư pháp", "province": "Hà Tĩnh",
      "title": "báo cáo kết quả thực hiện công tác CCHC quý I năm 2021",
      "signer": "Lê Văn Sơn", "signer_position": "Giám đốc"}),
    ("quyet_dinh_ubnd",
     "ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\n-------\nSố: 1234/QĐ-UBND\n\n" + MOTTO
     + "---------------\nBình Định, ngày 20 tháng 4 năm 2023\n\nQUYẾT ĐỊNH\nVề việc công bố Chỉ số "
     "cải cách hành chính năm 2022\ncủa các sở, ban, ngành\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH "
     "ĐỊNH\n\nCăn cứ Luật Tổ chức chính quyền địa phương;\n\nQUYẾT ĐỊNH:\n\nĐiều 1. Công bố."
     "\n\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\n"
     "PHÓ CHỦ TỊCH\n\n\nNguyễn Tự Công Hoàng",
     {"kind": "quyet_dinh", "number": "1234/QĐ-UBND", "issued_date": "2023-04-20",
      "issuer": "Ủy ban nhân dân tỉnh Bình Định", "province": "Bình Định",
      "title": "Về việc công bố Chỉ số cải cách hành chính năm 2022 của các sở, ban, ngành",
      "signer": "Nguyễn Tự Công Hoàng", "signer_position": "Phó Chủ tịch"}),
    ("ke_hoach_blank_number_and_day",
     "SỞ Y TẾ TỈNH CÀ MAU\nSố: ……/KH-SYT        Cà Mau, ngày     tháng 3 năm 2022\n\nKẾ HOẠCH\n"
     "Tuyên truyền cải cách hành chính năm 2022\n\nThực hiện Kế hoạch số 20/KH-UBND." + BODY
     + RECIPIENTS + "**KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC**\n\nHuỳnh Minh Tâm",
     {"kind": "ke_hoach", "number": None, "issued_date": "2022-03",
      "issuer": "Sở Y tế tỉnh Cà Mau", "province": "Cà Mau",
      "title": "Tuyên truyền cải cách hành chính năm 2022",
      "signer": "Huỳnh Minh Tâm", "signer_position": "Phó Giám đốc"}),
    ("bao_cao_district_room",
     "UBND HUYỆN ĐIỆN BIÊN ĐÔNG\nPHÒNG NỘI VỤ\nSố: 45/BC-PNV\n" + MOTTO
     + "Điện Biên Đông, ngày 15 tháng 12 năm 2020\n\nBÁO CÁO\nKết quả thực hiện công tác cải "
     "cách hành chính năm 2020\n\nThực hiện Kế hoạch của UBND tỉnh Điện Biên, Phòng Nội vụ "
     "báo cáo như sau." + BODY + RECIPIENTS + "TRƯỞNG PHÒNG\n\n\nLò Văn Thắng",
     {"kind": "bao_cao", "number": "45/BC-PNV", "issued_date": "2020-12-15",
      "issuer": "Phòng Nội vụ", "province": "Điện Biên",
      "signer": "Lò Văn Thắng", "signer_position": "Trưởng phòng"}),
    ("to_trinh",
     "UBND TỈNH KON TUM\nSỞ NỘI VỤ\nSố: 88/TTr-SNV\n" + MOTTO
     + "Kon Tum, ngày 03 tháng 11 năm 2023\n\nTỜ TRÌNH\nVề việc đề nghị phê duyệt Kế hoạch cải "
     "cách hành chính năm 2024\n\nKính gửi: Ủy ban nhân dân tỉnh Kon Tum" + BODY + RECIPIENTS
     + "GIÁM ĐỐC\n\nA Sang",
     {"kind": "to_trinh", "number": "88/TTr-SNV", "issued_date": "2023-11-03",
      "issuer": "Sở Nội vụ", "province": "Kon Tum",
      "title": "Về việc đề nghị phê duyệt Kế hoạch cải cách hành chính năm 2024"}),
    ("thong_bao_without_header",
     "\n\nTHÔNG BÁO\n\nKết quả tự đánh giá chỉ số cải cách hành chính năm 2022\n\nCăn cứ Quyết "
     "định số 12/QĐ-UBND, Sở Tài nguyên và Môi trường thông báo kết quả như sau:" + BODY
     + "Trên đây là thông báo của Sở Tài nguyên và Môi trường tỉnh Bạc Liêu./.\n\n"
     + RECIPIENTS + "GIÁM ĐỐC\n\nPhạm Văn Bình",
     {"kind": "thong_bao", "number": None, "issued_date": None,
      "issuer": "Sở Tài nguyên và Môi trường", "province": "Bạc Liêu",
      "title": "Kết quả tự đánh giá chỉ số cải cách hành chính năm 2022",
      "signer": "Phạm Văn Bình", "signer_position": "Giám đốc"}),
    ("thong_bao_ket_luan",
     "VĂN PHÒNG UBND TỈNH\nSỐ: 150/TB-VPUBND\n" + MOTTO + "Yên Bái, ngày 7 tháng 6 năm 2021\n\n"
     "THÔNG BÁO KẾT LUẬN\ncủa Chủ tịch UBND tỉnh tại cuộc họp về cải cách hành chính\n\nNgày "
     "05/6/2021, Chủ tịch UBND tỉnh chủ trì cuộc họp." + BODY + RECIPIENTS
     + "TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\n\nHoàng Xuân Đán",
     {"kind": "ket_luan", "issued_date": "2021-06-07", "issuer": "Văn phòng UBND tỉnh",
      "province": "Yên Bái", "signer": "Hoàng Xuân Đán", "signer_position": "Chánh Văn phòng"}),
    ("chi_thi_city",
     "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 07/CT-UBND\n" + MOTTO
     + "Hà Nội, ngày 09 tháng 6 năm 2022\n\nCHỈ THỊ\nVề tăng cường kỷ luật, kỷ cương hành "
     "chính\n\nThời gian qua, công tác cải cách hành chính có chuyển biến." + BODY
     + RECIPIENTS + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nChu Ngọc Anh",
     {"kind": "chi_thi", "number": "07/CT-UBND", "issued_date": "2022-06-09",
      "issuer": "Ủy ban nhân dân thành phố Hà Nội", "province": "Hà Nội",
      "title": "Về tăng cường kỷ luật, kỷ cương hành chính",
      "signer": "Chu Ngọc Anh", "signer_position": "Chủ tịch"}),
    ("nghi_quyet_hdnd",
     "HỘI ĐỒNG NHÂN DÂN\nTỈNH KHÁNH HOÀ\nSố: 15/NQ-HĐND\n" + MOTTO
     + "Khánh Hòa, ngày 08 tháng 12 năm 2021\n\nNGHỊ QUYẾT\nVề nhiệm vụ cải cách hành chính\n\n"
     "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA\nKHÓA VII, KỲ HỌP THỨ 3\n\nCăn cứ Luật." + BODY
     + RECIPIENTS + "CHỦ TỊCH\n\nNguyễn Khắc Toàn",
     {"kind": "nghi_quyet", "issuer": "Hội đồng nhân dân tỉnh Khánh Hòa",
      "province": "Khánh Hòa", "title": "Về nhiệm vụ cải cách hành chính",
      "signer": "Nguyễn Khắc Toàn", "signer_position": "Chủ tịch"}),
    ("ministry_has_no_province",
     "BỘ NỘI VỤ\nSố: 1234/BNV-CCHC\nV/v hướng dẫn xác định Chỉ số cải cách hành chính\n" + MOTTO
     + "Hà Nội, ngày 15 tháng 3 năm 2023\n\nKính gửi: UBND các tỉnh, thành phố" + BODY
     + RECIPIENTS + "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nTriệu Văn Cường",
     {"kind": "cong_van", "issuer": "Bộ Nội vụ", "province": None,
      "signer": "Triệu Văn Cường", "signer_position": "Thứ trưởng"}),
    ("kind_from_number_symbol",
     "SỞ CÔNG THƯƠNG\nSố: 15/KH-SCT\n" + MOTTO + "Tuyên Quang, ngày 02 tháng 02 năm 2024\n\n"
     "Căn cứ Kế hoạch của UBND tỉnh." + BODY + "GIÁM ĐỐC\n\nNGUYỄN VĂN HÙNG",
     {"kind": "ke_hoach", "number": "15/KH-SCT", "issuer": "Sở Công Thương",
      "province": "Tuyên Quang", "signer": "Nguyễn Văn Hùng", "signer_position": "Giám đốc"}),
    ("two_bodies_on_one_line",
     "UBND TỈNH GIA LAI SỞ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 77/STTTT-VP\nV/v triển khai dịch vụ "
     "công trực tuyến\n" + MOTTO + "Gia Lai, ngày 1 tháng 8 năm 2020" + BODY + RECIPIENTS
     + "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC\n\nRơ Châm Long",
     {"issuer": "Sở Thông tin và Truyền thông", "province": "Gia Lai",
      "issued_date": "2020-08-01", "signer": "Rơ Châm Long", "signer_position": "Phó Giám đốc"}),
    ("body_name_over_two_lines",
     "UBND TỈNH SÓC TRĂNG\nSỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\nSố: 301/SLĐTBXH-VP\n" + MOTTO
     + "Sóc Trăng, ngày 18 tháng 5 năm 2019\nV/v cải cách hành chính" + BODY,
     {"issuer": "Sở Lao động - Thương binh và Xã hội", "province": "Sóc Trăng",
      "number": "301/SLĐTBXH-VP"}),
    ("blank_date",
     "UBND TỈNH LÀO CAI\nSỞ NỘI VỤ\nSố:      /SNV-CCHC\n" + MOTTO
     + "Lào Cai, ngày     tháng     năm 2023\nV/v dự thảo kế hoạch" + BODY,
     {"kind": "cong_van", "number": None, "issued_date": None, "province": "Lào Cai"}),
    ("web_furniture_before_header",
     "A- A A+ | Tăng tương phản Giảm tương phản\nTrang chủ > Văn bản\nUBND TỈNH ĐĂK NÔNG\n"
     "SỞ TÀI CHÍNH\nSố: 990/STC-VP\n" + MOTTO + "Đăk Nông, ngày 25 tháng 10 năm 2021\n"
     "V/v góp ý dự thảo" + BODY,
     {"kind": "cong_van", "issuer": "Sở Tài chính", "province": "Đắk Nông",
      "issued_date": "2021-10-25"}),
    ("quyet_dinh_of_department",
     "UBND TỈNH THỪA THIÊN HUẾ\nSỞ NỘI VỤ\nSố: 210/QĐ-SNV\n" + MOTTO
     + "Thừa Thiên Huế, ngày 3 tháng 2 năm 2022\n\nQUYẾT ĐỊNH\nBan hành Kế hoạch cải cách hành "
     "chính năm 2022\nGIÁM ĐỐC SỞ NỘI VỤ\n\nCăn cứ Quyết định." + BODY + RECIPIENTS
     + "GIÁM ĐỐC\n\nNguyễn Quốc Đoàn",
     {"kind": "quyet_dinh", "issuer": "Sở Nội vụ", "province": "Thừa Thiên Huế",
      "title": "Ban hành Kế hoạch cải cách hành chính năm 2022", "signer": "Nguyễn Quốc Đoàn"}),
    ("huế_after_it_became_a_city",
     "UBND THÀNH PHỐ HUẾ\nSỞ NỘI VỤ\nSố: 12/SNV-VP\n" + MOTTO
     + "Huế, ngày 12 tháng 3 năm 2025\nV/v báo cáo" + BODY,
     {"province": "Huế", "issuer": "Sở Nội vụ", "issued_date": "2025-03-12"}),
    ("hcm_city",
     "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSỞ NỘI VỤ\nSố: 3456/SNV-CCHC\n" + MOTTO
     + "Thành phố Hồ Chí Minh, ngày 21 tháng 10 năm 2022\nV/v khảo sát sự hài lòng" + BODY,
     {"issuer": "Sở Nội vụ", "province": "Hồ Chí Minh", "issued_date": "2022-10-21"}),
]

CASES.append(
    ("markdown_table_cells_and_broken_motto",
     "|\n**ỦY BAN NHÂN DÂN**\nTỈNH NINH THUẬN\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT "
     "NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố: 88/QĐ-UBND\n|\n*Ninh "
     "Thuận, ngày 14 tháng 2 năm 2024*\n|\n\n**QUYẾT ĐỊNH**\n\n**VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC"
     "\nHÀNH CHÍNH MỚI BAN HÀNH**\n\nCăn cứ Luật." + BODY,
     {"kind": "quyet_dinh", "number": "88/QĐ-UBND", "issued_date": "2024-02-14",
      "issuer": "Ủy ban nhân dân tỉnh Ninh Thuận", "province": "Ninh Thuận",
      "title": "VỀ VIỆC CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH MỚI BAN HÀNH"}))

NEWS: list[tuple[str, str, dict[str, str], dict[str, str | None]]] = [
    ("news_weekday_byline_author_label",
     "Bình Phước: nâng cao chỉ số hài lòng của người dân\n\nThứ Hai, 24/07/2023 08:17\n\n"
     "Năm 2023, UBND tỉnh Bình Phước đã chỉ đạo các sở, ngành đẩy mạnh cải cách hành chính."
     "\n\nTác giả: Minh Châu\nTin liên quan",
     {},
     {"kind": "tin_bai", "issued_date": "2023-07-24", "issuer": None, "province": "Bình Phước",
      "title": "Bình Phước: nâng cao chỉ số hài lòng của người dân", "signer": "Minh Châu",
      "signer_position": None, "number": None}),
    ("news_updated_and_paper_credit",
     "Phú Yên đẩy mạnh dịch vụ công trực tuyến\nCập nhật: 10:20, 15/03/2024\n\nSở Thông tin và "
     "Truyền thông tỉnh Phú Yên vừa tổ chức hội nghị.\n\nMinh Anh (Báo Phú Yên)",
     {},
     {"kind": "tin_bai", "issued_date": "2024-03-15", "province": "Phú Yên",
      "signer": "Minh Anh"}),
    ("news_hints_fill_what_the_text_leaves_empty_but_never_a_signer",
     "Đoàn kiểm tra CCHC làm việc tại huyện Hải Lăng\n\nSáng nay, đoàn công tác đến Hải Lăng."
     "\n\nPV",
     {"title": "Kiểm tra cải cách hành chính", "date": "2022-05-06T09:00:00",
      "author": "Thanh Hải", "site": "snv.quangtri.gov.vn"},
     {"kind": "tin_bai", "issued_date": "2022-05-06", "province": "Quảng Trị",
      "signer": "PV", "title": "Đoàn kiểm tra CCHC làm việc tại huyện Hải Lăng"}),
    ("news_furniture_and_dashes",
     "A- A A+ | Tăng tương phản Giảm tương phản\n\nHội nghị tập huấn kiểm soát thủ tục hành "
     "chính năm 2021\n\nNgày 12/5/2021, Sở Tư pháp tỉnh Vĩnh Phúc tổ chức hội nghị tập huấn."
     "\n\n---Nguyễn Hưng---\n\nTổng số điểm của bài viết là: 10 trong 2 đánh giá",
     {},
     {"kind": "tin_bai", "province": "Vĩnh Phúc", "signer": "Nguyễn Hưng",
      "title": "Hội nghị tập huấn kiểm soát thủ tục hành chính năm 2021"}),
    ("news_after_merger_names_new_province",
     "Người dân tỉnh Tiền Giang (cũ) làm thủ tục tại trung tâm mới\n\nNgày đăng: 05/08/2025\n\n"
     "Tại trụ sở Trung tâm Phục vụ hành chính công tỉnh Tiền Giang cũ, người dân vẫn đến.",
     {},
     {"kind": "tin_bai", "issued_date": "2025-08-05", "province": "Đồng Tháp"}),
    ("news_author_first_in_byline",
     "Lâm Đồng: tổng kết cải cách hành chính\n\nHoàng Yến 14:05, 02/01/2022\n\nUBND tỉnh Lâm "
     "Đồng tổ chức hội nghị tổng kết.",
     {},
     {"kind": "tin_bai", "issued_date": "2022-01-02", "signer": "Hoàng Yến",
      "province": "Lâm Đồng"}),
]

NEWS += [
    ("news_date_dash_time_and_initials",
     "Trung tâm hành chính công giải quyết 5 ngàn hồ sơ\n\n12/04/2022 - 09:30\n\nTrong quý I, "
     "trung tâm đã tiếp nhận hồ sơ.\n\nT.Hà\n\nChia sẻ bài viết\n\nBÌNH LUẬN",
     {}, {"kind": "tin_bai", "issued_date": "2022-04-12", "signer": "T.Hà"}),
    ("news_word_date",
     "Kiểm tra cải cách hành chính tại huyện\n\nNgày 03 tháng 6 năm 2019\n\nĐoàn kiểm tra của "
     "tỉnh Hà Giang làm việc với huyện.",
     {}, {"kind": "tin_bai", "issued_date": "2019-06-03", "province": "Hà Giang"}),
    ("news_opening_with_its_lead_has_no_headline",
     "(ABC)- Theo thống kê, toàn tỉnh Cao Bằng hiện có 120 đơn vị đã cung cấp dịch vụ công "
     "trực tuyến mức độ 3, mức độ 4 cho người dân và doanh nghiệp trên địa bàn.\n\nNội dung.",
     {}, {"kind": "tin_bai", "title": None, "province": "Cao Bằng"}),
]
CASES.append(
    ("pasted_without_header_kind_in_first_line",
     "Kế hoạch Cải cách hành chính năm 2023\n\nThực hiện Kế hoạch của UBND tỉnh Hậu Giang, Sở "
     "Xây dựng xây dựng Kế hoạch cải cách hành chính năm 2023 như sau:" + BODY,
     {"kind": "ke_hoach", "title": "Cải cách hành chính năm 2023", "issuer": "Sở Xây dựng",
      "province": "Hậu Giang"}))


# Headings printed over several lines, as a PDF's text layer keeps them (issue 18): the
# title is read whole, line breaks folded into spaces.
CASES.append(
    ("ke_hoach_title_wrapped_over_two_lines",
     "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\n\nKẾ HOẠCH\nCải cách hành chính năm 2024 của\n"
     "Ủy ban nhân dân tỉnh\n\nCăn cứ Nghị định số 30/2020/NĐ-CP." + BODY,
     {"kind": "ke_hoach", "province": "Lâm Đồng",
      "title": "Cải cách hành chính năm 2024 của Ủy ban nhân dân tỉnh"}))
NEWS += [
    ("news_headline_wrapped_above_its_byline",
     "Các giải pháp giúp Sở Công Thương dẫn đầu về\ncải cách hành chính\nHằng Nga 08:17, "
     "24/07/2024\nVới 90,35 điểm, Sở Công Thương đứng đầu khối các sở, ngành của\ntỉnh Thái "
     "Nguyên về Chỉ số cải cách hành chính (CCHC) năm",
     {}, {"kind": "tin_bai", "issued_date": "2024-07-24", "signer": "Hằng Nga",
          "title": "Các giải pháp giúp Sở Công Thương dẫn đầu về cải cách hành chính"}),
    ("news_headline_then_its_lead_on_the_next_line",
     "Sở Nội vụ phối hợp với các sở, ngành liên quan tổ chức kiểm tra công tác cải cách "
     "hành chính tại Sở Xây dựng và Sở Giao thông - Vận tải\nNgày 25/10/2022, Sở Nội vụ "
     "phối hợp với Văn phòng Ủy ban nhân dân tỉnh, Sở Thông tin và Truyền thông, Sở Tư pháp"
     " tổ chức kiểm tra công tác cải cách hành chính",
     {}, {"kind": "tin_bai",
          "title": "Sở Nội vụ phối hợp với các sở, ngành liên quan tổ chức kiểm tra công tác "
                   "cải cách hành chính tại Sở Xây dựng và Sở Giao thông - Vận tải"}),
]


def _check(text: str, hints: dict[str, str], expected: dict[str, str | None]) -> None:
    view = Context(text, hints=hints)
    meta = extract(view)
    got = meta.model_dump(mode="json")
    for name, value in expected.items():
        assert got[name] == value, (name, got[name], value)
    for name, src in meta.sources.items():
        assert text[src.span[0]:src.span[1]] == src.quote, name


@pytest.mark.parametrize(("case", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_official_documents(case: str, text: str, expected: dict[str, str | None]) -> None:
    _check(text, {}, expected)


@pytest.mark.parametrize(("case", "text", "hints", "expected"), NEWS, ids=[c[0] for c in NEWS])
def test_news_articles(case: str, text: str, hints: dict[str, str],
                       expected: dict[str, str | None]) -> None:
    _check(text, hints, expected)


@pytest.mark.parametrize(
    ("tail", "name", "position"),
    [
        ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn Luận", "Nguyễn Văn Luận", "Phó Giám đốc"),
        ("GIÁM ĐỐC\n\n\nĐinh Xuân Hà", "Đinh Xuân Hà", "Giám đốc"),
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n(Đã ký)\nNguyễn Văn A",
         "Nguyễn Văn A", "Phó Chủ tịch"),
        ("TL. GIÁM ĐỐC\nCHÁNH VĂN PHÒNG\n\nLê Thị Hoa", "Lê Thị Hoa", "Chánh Văn phòng"),
        ("**KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC**\n\nVõ Minh", "Võ Minh", "Phó Giám đốc"),
        ("KT. Giám đốc\nPhó Giám đốc\n\nĐặng Thị Thu", "Đặng Thị Thu", "Phó Giám đốc"),
        ("KT. CHỦ TỊCH\n\nPhan Văn Hòa", "Phan Văn Hòa", "Phó Chủ tịch"),
        ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\n\nBùi Đức Hạnh", "Bùi Đức Hạnh", "Giám đốc"),
        ("Nơi nhận: KT. CHI CỤC TRƯỞNG\n- Như trên; PHÓ CHI CỤC TRƯỞNG\n- Lưu: VT.\n\n"
         "Trần Văn Tư", "Trần Văn Tư", "Phó Chi cục trưởng"),
    ],
)
def test_signature_blocks(tail: str, name: str, position: str) -> None:
    text = "Trên đây là báo cáo của Sở./.\n\n" + tail
    sig = parse_signature(Context(text))
    assert sig is not None
    assert (sig.name, sig.position) == (name, position)
    a, b = sig.name_span
    assert text[a:b] == name


def test_no_signature_in_a_news_article() -> None:
    text = "Sở Nội vụ tổ chức hội nghị.\n\nGiám đốc Sở phát biểu."
    assert parse_signature(Context(text)) is None

