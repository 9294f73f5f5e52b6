"""Datasette metadata, generated from the schema models (``outputs/metadata.yml``).

Table and column descriptions come from ``schema.tables()``, that is from the pydantic
models' docstrings and ``Field(description=…)``: the words a reader sees in Datasette
are the words of the contract. Facets, canned queries (``queries.py``), foreign-key
labels, the answer tables' Vietnamese titles and column words (``ANSWERS``), the
dashboard (``dashboard.py``) and the links to the Atom feeds (``feed_links.py``) are
added here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.serve.dashboard import dashboard
from pipeline.serve.feed_links import add_feed_links
from pipeline.serve.table_words import TABLES, columns_in_words
from pipeline.store import schema
from pipeline.store.answer_tables import COLUMNS as ANSWER_COLUMNS
from pipeline.store.queries import CANNED
from pipeline.store.views import DESCRIPTIONS as VIEW_DESCRIPTIONS

#: Default facets per table or view (only columns that exist there).
FACETS: dict[str, list[str]] = {
    "documents": ["province", "year", "kind"],
    "sources": ["site", "format"],
    "references": ["kind"],
    "scores": ["year", "criterion"],
    "rankings": ["year"],
    "dossiers": ["metric", "agency"],
    "procedures": ["metric"],
    "rates": ["metric"],
    "dossier_figures": ["year", "metric", "agency", "province"],
    "score_figures": ["year", "unit", "province"],
    "ranking_figures": ["year", "unit"],
    "citations": ["cited_kind", "province"],
    "dossier_totals": ["year", "metric", "province"],
    "assessment_results": ["province", "index_name", "year", "stage", "conflict"],
    "dossier_stats": ["province", "metric", "level", "year", "conflict"],
    "checks": ["check_name", "province"],
}

HIDDEN = ("_migrations", "answer_sources", "documents_fts", *(f"documents_fts_{s}" for s in
          ("data", "idx", "docsize", "config", "content")))


def title_and_words(name: str, english: str) -> dict[str, str]:
    """A table's Vietnamese title and description (``table_words``), else the schema's."""
    title, words = TABLES.get(name, (name.replace("_", " ").capitalize(), english))
    return {"title": title, "description": words}


def table_metadata(table: schema.Table) -> dict[str, Any]:
    """Title, description, column descriptions and facets of one table."""
    meta: dict[str, Any] = {
        **title_and_words(table.name, table.description),
        "columns": columns_in_words(table.name, {c.name: c.description
                                                 for c in table.columns}),
    }
    if table.name in FACETS:
        meta["facets"] = FACETS[table.name]
    return meta


#: Title, description and column words of each answer table, for the people who read them.
ANSWERS: dict[str, tuple[str, str, dict[str, str]]] = {
    "assessment_results": (
        "Kết quả đánh giá",
        "Một dòng cho mỗi cơ quan, địa phương, chỉ số, năm, tiêu chí và giai đoạn, gộp từ "
        "mọi văn bản: điểm và thứ hạng cùng một kết quả nằm chung một dòng.", {
            "subject": "cơ quan, địa phương được đánh giá (các cách viết đã gộp)",
            "province": "tỉnh của cơ quan, địa phương (trống với bộ, ngành trung ương)",
            "index_name": "chỉ số: par_index, sipas, papi, pci, ddci, dti, ict_index, "
            "service_index, other", "year": "năm được đánh giá",
            "criterion": "tiêu chí (trống: kết quả tổng thể)",
            "stage": "self: tự chấm; appraised: sau thẩm định; trống: kết quả công bố",
            "score": "điểm", "max": "điểm tối đa", "percent": "tỷ lệ (%)",
            "rank": "thứ hạng", "of": "trên tổng số", "group": "xếp hạng trong nhóm nào",
            "documents": "số văn bản nêu kết quả này",
            "document_id": "một văn bản nêu kết quả (mới nhất)", "quote": "lời văn bản đó",
            "conflict": "1: các văn bản nêu khác nhau (dòng cho giá trị nhiều văn bản nêu "
            "nhất)", "other_values": "các giá trị khác mà văn bản nêu"}),
    "dossier_stats": (
        "Số liệu hồ sơ",
        "Một dòng cho mỗi tỉnh, cơ quan, cấp, kỳ báo cáo và chỉ tiêu: số nhắc lại chỉ tính "
        "một lần, số ước tính không cộng vào số chính xác, không cộng dồn các cấp.", {
            "province": "tỉnh", "agency": "cơ quan (trống: số liệu của cả một cấp)",
            "level": "cấp: province (tỉnh), district (huyện), commune (xã), all (toàn tỉnh)",
            "period_start": "từ ngày", "period_end": "đến ngày", "metric": "chỉ tiêu",
            "count": "số hồ sơ", "approx": "1: số ước tính (trên, gần, khoảng)",
            "documents": "số văn bản nêu số liệu này",
            "document_id": "một văn bản nêu số liệu (mới nhất)", "quote": "lời văn bản đó",
            "conflict": "1: các văn bản nêu khác nhau", "other_values": "các số khác",
            "as_of": "ngày văn bản, khi kỳ báo cáo không có ngày cuối (đến nay)",
            "year": "năm của kỳ báo cáo"}),
    "checks": (
        "Kiểm tra số liệu",
        "Những số liệu không thể cùng đúng, với các văn bản và lời trích dẫn.", {
            "check_name": "mã kiểm tra", "title": "kiểm tra", "about": "về kết quả nào",
            "documents": "các văn bản liên quan", "quotes": "lời các văn bản",
            "detail": "chi tiết"}),
}
#: Helper columns of the answer tables, for matching and recomputing, not for reading.
_HELPERS = {"subject_key", "subject_folded", "agency_key", "agency_folded",
            "province_folded", "answer_key", "group_key", "scope"}


def answers_metadata() -> dict[str, Any]:
    """Metadata of the answer tables: Vietnamese title and columns, facets, helpers
    described as such."""
    out = {}
    for name, (title, words, columns) in ANSWERS.items():
        helpers = {c: "cột phụ để tìm và cập nhật" for c in ANSWER_COLUMNS[name]
                   if c in _HELPERS}
        out[name] = {"title": title, "description": words,
                     "columns": {**columns, **helpers}, "facets": FACETS[name]}
    return out


def tables_metadata() -> dict[str, Any]:
    """Metadata of every table, view and hidden helper table."""
    out: dict[str, Any] = {t.name: table_metadata(t) for t in schema.tables()}
    docs = out["documents"]
    docs.update({"label_column": "title", "fts_table": "documents_fts", "fts_pk": "rowid",
                 "sort_desc": "issued_date"})
    out.update(answers_metadata())
    out["dossier_totals"] = {
        **title_and_words("dossier_totals", ""),
        "facets": FACETS["dossier_totals"],
        "columns": {"agency_folded": "cơ quan, viết không dấu, để tìm",
                    "agency_key": "khóa tên cơ quan (các cách viết của một cơ quan đã gộp)",
                    "dossiers": "tổng các số", "figures": "số lần nhắc đã cộng"},
    }
    for name, words in VIEW_DESCRIPTIONS.items():
        out[name] = {**title_and_words(name, words), "facets": FACETS.get(name, [])}
    for name in ("attachments", "crawl_runs", "fetches"):
        out[name] = title_and_words(name, "")
    for name in HIDDEN:
        out[name] = {"hidden": True}
    return out


def build(db_name: str = "cchc") -> dict[str, Any]:
    """The whole Datasette metadata for a database called ``db_name``."""
    tables = tables_metadata()
    queries = {name: dict(q) for name, q in CANNED.items()}
    add_feed_links(tables, queries)
    return {
        "title": "cchc: administrative reform (cải cách hành chính) data",
        "description": "Dữ kiện đọc từ các văn bản về cải cách hành chính: mỗi dòng giữ "
        "đúng lời văn bản (quote) và vị trí của nó; bấm vào một văn bản để đọc nó với các "
        "dữ kiện được tô màu. Tìm kiếm có dấu hay không dấu đều được (dak lak, quyet dinh).",
        "databases": {
            db_name: {
                "description": "Văn bản, nơi thấy chúng, và một bảng cho mỗi loại dữ kiện; "
                "các bảng kết quả đã gộp (Kết quả đánh giá, Số liệu hồ sơ) và các truy vấn "
                "soạn sẵn trả lời các câu hỏi thường gặp.",
                "tables": tables,
                "queries": queries,
            }
        },
        "plugins": {"datasette-dashboards": dashboard(db_name)},
    }


def write(path: str | Path, db_name: str = "cchc") -> Path:
    """Write the metadata YAML for ``db_name`` to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(build(db_name), allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path
