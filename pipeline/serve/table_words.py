"""Vietnamese titles and descriptions of the tables and views, for the metadata.

The people who read cchc's Datasette read Vietnamese: "Văn bản" over ``documents``,
"Số liệu hồ sơ (từng lần nhắc)" over ``dossier_figures``. The schema's own English words
(the models' ``Field(description=…)``) stay where no Vietnamese is given here, so a
column added to a model is described at once, in English, until it gets its words.
"""

from __future__ import annotations

from pipeline.serve.words import CATEGORIES, field_word

#: Title and description of each table and view, by name.
TABLES: dict[str, tuple[str, str]] = {
    "documents": ("Văn bản", "Mỗi văn bản một dòng (khóa: sha256 của văn bản), với loại, số "
                  "hiệu, ngày, cơ quan ban hành, tỉnh, trích yếu, người ký. Bấm vào trích "
                  "yếu để đọc văn bản với các dữ kiện được tô màu."),
    "sources": ("Nơi thấy văn bản", "Mọi đường dẫn, địa chỉ web nơi đã đọc được một văn bản "
                "(một văn bản, nhiều nơi)."),
    "references": ("Văn bản được dẫn", "Mỗi lần một văn bản dẫn số hiệu một văn bản khác: "
                   "\"Quyết định số 1009/QĐ-UBND ngày 04/5/2019\"."),
    "dates": ("Ngày tháng", "Mỗi ngày tháng có năm được viết trong văn bản: \"ngày 17 tháng "
              "7 năm 2019\" → 2019-07-17."),
    "scores": ("Điểm (từng lần nhắc)", "Mỗi lần văn bản nêu điểm: \"đạt 8,75/11 điểm\". "
               "Kết quả đã gộp: bảng Kết quả đánh giá."),
    "rankings": ("Xếp hạng (từng lần nhắc)", "Mỗi lần văn bản nêu thứ hạng: \"xếp thứ "
                 "18/22\". Kết quả đã gộp: bảng Kết quả đánh giá."),
    "dossiers": ("Hồ sơ (từng lần nhắc)", "Mỗi lần văn bản nêu số hồ sơ: \"tiếp nhận 8.586 "
                 "hồ sơ\". Số liệu đã gộp: bảng Số liệu hồ sơ."),
    "procedures": ("Thủ tục hành chính", "Mỗi lần văn bản nêu số thủ tục hành chính: \"có "
                   "122 TTHC\", \"công bố mới 15 TTHC\"."),
    "rates": ("Tỷ lệ", "Mỗi tỷ lệ phần trăm về thủ tục, hồ sơ, sự hài lòng, chính quyền "
              "điện tử: \"đạt 90,61%\"."),
    "units": ("Cơ quan, đơn vị", "Mỗi cơ quan, đơn vị được nêu tên trong văn bản (một lần "
              "cho mỗi văn bản, kèm các lần nhắc lại)."),
    "people": ("Người", "Người được nêu tên và chức vụ: \"Nguyễn Bá Chính, Giám đốc Sở\"."),
    "attachments": ("Tệp đính kèm", "Tệp đính kèm của các trang đã thu thập, và văn bản "
                    "đọc được từ tệp."),
    "crawl_runs": ("Các lần thu thập", "Mỗi lần thu thập một trang web: mới, đổi, không đổi, "
                   "lỗi."),
    "fetches": ("Các lần tải", "Mỗi lần tải một địa chỉ web: mã trả về, sha256, lỗi."),
    "dossier_figures": ("Số liệu hồ sơ (từng lần nhắc)", "Mỗi lần nhắc số hồ sơ, với cơ "
                        "quan, chỉ tiêu và năm; số nhắc lại thành nhiều dòng: muốn biết số "
                        "hồ sơ, đọc bảng Số liệu hồ sơ."),
    "score_figures": ("Điểm theo cơ quan ban hành (từng lần nhắc)", "Mỗi lần nhắc điểm, "
                      "với cơ quan ban hành văn bản (không phải cơ quan được đánh giá): muốn "
                      "biết kết quả, đọc bảng Kết quả đánh giá."),
    "ranking_figures": ("Xếp hạng theo cơ quan ban hành (từng lần nhắc)", "Mỗi lần nhắc "
                        "thứ hạng, với cơ quan ban hành văn bản (không phải cơ quan được xếp "
                        "hạng): muốn biết xếp hạng, đọc bảng Kết quả đánh giá."),
    "citations": ("Trích dẫn giữa các văn bản", "Văn bản nào dẫn số hiệu nào; cited_id là "
                  "văn bản được dẫn khi nó cũng có trong cơ sở dữ liệu."),
    "dossier_totals": ("Tổng số hồ sơ (cộng mọi lần nhắc)", "Cộng mọi lần nhắc số hồ sơ "
                       "theo cơ quan, năm, chỉ tiêu và tỉnh: số nhắc lại và các cấp đều bị "
                       "cộng ở đây; muốn biết một cơ quan có bao nhiêu hồ sơ, đọc bảng Số "
                       "liệu hồ sơ."),
}

#: Columns every fact table has, and the documents' own columns.
COLUMNS: dict[str, str] = {
    "id": "số thứ tự dòng",
    "document_id": "văn bản chứa dữ kiện (bấm để đọc, dữ kiện được tô màu)",
    "seq": "vị trí của dữ kiện trong kết quả trích xuất của văn bản",
    "start": "vị trí ký tự bắt đầu lời trích dẫn trong văn bản",
    "end": "vị trí ký tự kết thúc (text[start:end] == quote)",
    "quote": "lời văn bản, đúng như viết",
    "rule": "mã quy tắc đã tìm ra dữ kiện",
    "fact_id": "số thứ tự của dữ kiện trong bảng gốc",
    "document_number": "số hiệu văn bản", "document_kind": "loại văn bản",
}
DOCUMENT_COLUMNS: dict[str, str] = {
    "id": "sha256 của văn bản: mã của văn bản", "source": "đường dẫn hoặc địa chỉ web",
    "kind": "loại văn bản", "number": "số hiệu", "issued_date": "ngày ban hành",
    "year": "năm ban hành", "issuer": "cơ quan ban hành", "province": "tỉnh",
    "title": "trích yếu (bấm để đọc văn bản)", "signer": "người ký",
    "signer_position": "chức vụ người ký",
    "field_sources": "nơi đọc được từng trường (JSON; xem trang văn bản)",
    "format": "định dạng gốc", "raw_sha256": "sha256 của tệp gốc",
    "site": "trang web đã thu thập", "pages": "vị trí bắt đầu mỗi trang (JSON)",
    "metadata": "thông tin của tệp: tiêu đề, ngày, địa chỉ (JSON)",
    "tables": "vị trí các bảng trong văn bản: đầu, cuối, trang, số hàng, số cột (JSON)",
    "converter": "công cụ chuyển đổi", "conversion": "bản ghi chuyển đổi (JSON)",
    "text": "toàn văn (trên trang văn bản)",
    "extractor_version": "phiên bản bộ quy tắc trích xuất",
    "ingested_at": "lưu lúc (UTC)", "extracted_at": "trích xuất lúc (UTC)",
}


def columns_in_words(table: str, columns: dict[str, str]) -> dict[str, str]:
    """``columns`` (name → English description) with Vietnamese words where we have them."""
    if table == "documents":
        return {name: DOCUMENT_COLUMNS.get(name, words) for name, words in columns.items()}
    if table not in CATEGORIES:
        return dict(columns)
    return {name: COLUMNS.get(name) or _fact_field(table, name, words)
            for name, words in columns.items()}


def _fact_field(table: str, name: str, english: str) -> str:
    word = field_word(table, name)
    return english if word == name else word
