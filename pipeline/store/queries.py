"""Canned queries: the questions readers ask, as parameterised SQL for Datasette.

The answers come from the answer tables (``answer_tables``): ``assessment_results`` for
scores and ranks, ``dossier_stats`` for dossier counts, ``checks`` for figures that
cannot all be true. None of these queries adds counts up: a figure restated by three
reports is one row, and counts of the province's departments, its districts and the whole
province stay apart, so a reader sees each figure once with the words it was read from.

The Atom feeds (``feeds.py``: new results of a province and index, new documents of a
site or province) are canned queries too, whose columns datasette-atom turns into entries.

Titles, descriptions and column names are Vietnamese, for the people who read them
(columns are SQL aliases: ``score AS "Điểm"``). Every parameter may be left empty
(Datasette sends ``''``), which means "any". Names are matched without accents against
the folded copies the tables keep (``subject_folded``, ``agency_folded``,
``province_folded``), so "so cong thuong" finds "Sở Công Thương" with one function call
per query, not per row. Search goes through ``cchc_match`` ("ho so tre han" → FTS5), and
its snippets through ``cchc_snippet``, which quotes the text with its accents ("【hồ sơ】
giải quyết 【trễ hạn】"),
and a cited number through ``number_key`` ("61/2018/nd-cp" → the stored key of
"61/2018/NĐ-CP" and "61/2018/NĐCP").
"""

from __future__ import annotations

from typing import Any

from pipeline.store.feeds import FEEDS
from pipeline.store.labels import INDEXES, LEVELS, METRICS, STAGES, case_sql

_INDEX = case_sql("index_name", INDEXES, "(chưa rõ)")
_STAGE = case_sql("stage", STAGES, "kết quả công bố")
_METRIC = case_sql("metric", METRICS)
_LEVEL = case_sql("level", LEVELS, "")
_CONFLICT = "CASE conflict WHEN 1 THEN 'có' ELSE '' END"
_LIKE = "like '%' || cchc_fold(:{0}) || '%'"
#: An exact-match parameter on a NOT NULL code column, written as a range so that the
#: index can seek it ("any" is the whole range): ``(:metric = '' or metric = :metric)``
#: would make SQLite read every row of the index instead.
_EXACT = ("{0} between (case when :{1} = '' then '' else :{1} end) "
          "and (case when :{1} = '' then char(1114111) else :{1} end)")
_INDEX_CODES = ", ".join(f"{code} ({words})" for code, words in INDEXES.items())

#: Columns shown for an assessment result, in reading order.
_RESULT_COLUMNS = f"""subject AS "Cơ quan, địa phương", province AS "Tỉnh",
  {_INDEX} AS "Chỉ số", year AS "Năm", coalesce(criterion, '(tổng thể)') AS "Tiêu chí",
  {_STAGE} AS "Giai đoạn", score AS "Điểm", "max" AS "Điểm tối đa",
  percent AS "Tỷ lệ (%)", "rank" AS "Thứ hạng", "of" AS "Trên tổng số",
  "group" AS "Xếp hạng trong", documents AS "Số văn bản", {_CONFLICT} AS "Mâu thuẫn",
  other_values AS "Giá trị khác", quote AS "Trích dẫn", document_id AS "Mã văn bản\""""

#: Columns shown for a dossier figure.
_DOSSIER_COLUMNS = f"""coalesce(agency, {_LEVEL}) AS "Cơ quan", province AS "Tỉnh",
  {_LEVEL} AS "Cấp", period_start AS "Từ ngày",
  coalesce(period_end, as_of || ' (ngày văn bản)') AS "Đến ngày", {_METRIC} AS "Chỉ tiêu",
  "count" AS "Số hồ sơ", CASE approx WHEN 1 THEN 'khoảng' ELSE '' END AS "Ước tính",
  documents AS "Số văn bản", {_CONFLICT} AS "Mâu thuẫn", other_values AS "Giá trị khác",
  quote AS "Trích dẫn", document_id AS "Mã văn bản\""""


def _paged(columns: str, table: str, where: str, order: str, limit: int = 1000) -> str:
    """A query that picks its rows' ids first (filter, order, limit on the raw columns,
    walking the query's own index: ``answer_tables.READING_INDEXES``) and only then reads
    and labels those rows. Sorting and labelling every matching figure to show 1000 costs
    more than the whole query may (p95 ≤ 100 ms at a million facts)."""
    return f"""select {columns}
from {table}
where id in (select id from {table}
  where {where}
  order by {order}
  limit {limit})
order by {order}"""


#: Columns shown for a ranking table.
_RANKING_COLUMNS = f"""\"rank\" AS "Thứ hạng", "of" AS "Trên tổng số",
  subject AS "Cơ quan, địa phương", "group" AS "Xếp hạng trong", score AS "Điểm",
  "max" AS "Điểm tối đa", percent AS "Tỷ lệ (%)", {_STAGE} AS "Giai đoạn",
  province AS "Tỉnh", {_INDEX} AS "Chỉ số", year AS "Năm", documents AS "Số văn bản",
  {_CONFLICT} AS "Mâu thuẫn", quote AS "Trích dẫn", document_id AS "Mã văn bản\""""

#: Columns shown for a check.
_CHECK_COLUMNS = """title AS "Kiểm tra", about AS "Về", detail AS "Chi tiết",
  province AS "Tỉnh", quotes AS "Trích dẫn", documents AS "Mã văn bản",
  check_name AS "Mã kiểm tra\""""

CANNED: dict[str, dict[str, Any]] = {
    "results_by_subject": {
        "title": "Kết quả đánh giá của cơ quan, địa phương theo chỉ số và năm",
        "description": "Điểm, thứ hạng và tỷ lệ của một cơ quan hay địa phương (hoặc của mọi "
        "cơ quan, địa phương thuộc một tỉnh: để trống ô cơ quan), mỗi kết quả một dòng dù "
        "nhiều văn bản cùng nêu. Tự chấm và sau thẩm định là các dòng riêng; dòng có mâu "
        "thuẫn cho giá trị được nhiều văn bản nêu nhất. Gõ không dấu cũng được (so cong "
        f"thuong). Mã chỉ số: {_INDEX_CODES}.",
        "params": ["subject", "province", "index", "year"],
        "sql": _paged(_RESULT_COLUMNS, "assessment_results", f"""(:subject = ''
    or subject_folded {_LIKE.format('subject')})
    and (:province = '' or province_folded {_LIKE.format('province')})
    and (:index = '' or index_name = :index)
    and (:year = '' or year = cast(:year as integer))""",
                      # NULL first: the overall result before its criteria
                      "province, subject, index_name, year desc, criterion, stage"),
    },
    "ranking_table": {
        "title": "Bảng xếp hạng của một tỉnh theo chỉ số và năm",
        "description": "Thứ hạng và điểm tổng thể (không tính tự chấm) của các cơ quan, địa "
        "phương thuộc một tỉnh, theo chỉ số và năm; các bảng xếp hạng khác cỡ (trên 20 sở, "
        f"trên 63 tỉnh) đứng riêng. Mã chỉ số: {_INDEX_CODES}.",
        "params": ["province", "index", "year"],
        "sql": _paged(_RANKING_COLUMNS, "assessment_results", f"""criterion is null
    and coalesce(stage, '') != 'self'
    and ("rank" is not null or score is not null or percent is not null)
    and (:province = '' or province_folded {_LIKE.format('province')})
    and (:index = '' or index_name = :index)
    and (:year = '' or year = cast(:year as integer))""",
                      'index_name, year desc, "of" is null, "of", "rank" is null, "rank", '
                      "score desc"),
    },
    "overdue_dossiers": {
        "title": "Hồ sơ quá hạn theo cơ quan và kỳ báo cáo",
        "description": "Số hồ sơ giải quyết quá hạn (trễ hạn, trễ hẹn) và đang giải quyết "
        "quá hạn của từng cơ quan, từng cấp, từng kỳ báo cáo; kể cả \"không có hồ sơ trễ "
        "hạn\" (0). Mỗi số liệu một dòng dù nhiều văn bản nhắc lại; không cộng dồn các "
        "kỳ, các cấp hay các cơ quan.",
        "params": ["province", "agency", "year"],
        "sql": _paged(_DOSSIER_COLUMNS, "dossier_stats", f"""metric in ('overdue',
    'pending_overdue')
    and (:province = '' or province_folded {_LIKE.format('province')})
    and (:agency = '' or agency_folded {_LIKE.format('agency')})
    and (:year = '' or year = cast(:year as integer))""",
                      '"count" desc, year desc, agency, period_start'),
    },
    "dossiers_by_agency": {
        "title": "Số liệu hồ sơ theo cơ quan và kỳ báo cáo",
        "description": "Số hồ sơ tiếp nhận, đã giải quyết, đúng hạn, quá hạn… của từng cơ "
        "quan, từng cấp và từng kỳ báo cáo, mỗi số liệu một dòng (số nhắc lại chỉ tính "
        "một lần, số ước tính \"trên 7.600\" không cộng vào số chính xác). Mã chỉ tiêu: "
        + ", ".join(f"{code} ({words})" for code, words in METRICS.items()) + ".",
        "params": ["agency", "province", "metric", "year_from", "year_to"],
        "sql": _paged(_DOSSIER_COLUMNS, "dossier_stats", f"""(:agency = ''
    or agency_folded {_LIKE.format('agency')})
    and (:province = '' or province_folded {_LIKE.format('province')})
    and {_EXACT.format('metric', 'metric')}
    and (:year_from = '' or year >= cast(:year_from as integer))
    and (:year_to = '' or year <= cast(:year_to as integer))""",
                      # metric first: the figures of one metric together, newest first
                      "metric, year desc, province, agency, period_start"),
    },
    "data_checks": {
        "title": "Kiểm tra số liệu",
        "description": "Những số liệu không thể cùng đúng: các văn bản nêu khác nhau "
        "(disagreement), đã giải quyết lớn hơn tiếp nhận (resolved_gt_received), trước hạn "
        "+ đúng hạn + quá hạn khác số đã giải quyết (parts_ne_resolved), thứ hạng lớn hơn "
        "tổng số (rank_gt_of), điểm lớn hơn điểm tối đa (score_gt_max), năm đánh giá sau "
        "năm ban hành văn bản (year_after_document). Mỗi dòng nêu các văn bản và trích dẫn.",
        "params": ["check", "province"],
        "sql": _paged(_CHECK_COLUMNS, "checks", f"""{_EXACT.format('check_name', 'check')}
    and (:province = '' or province_folded {_LIKE.format('province')})""",
                      "check_name, province, about"),
    },
    "documents_citing": {
        "title": "Văn bản trích dẫn một số hiệu",
        "description": "Mọi văn bản nhắc đến một số hiệu như 1009/QĐ-UBND, kèm lời trích "
        "dẫn. Gõ thế nào cũng được: chữ hoa hay thường, có dấu hay không (QD = QĐ), có hay "
        "không dấu cách và gạch nối: 61/2018/nd-cp tìm ra cả văn bản viết 61/2018/NĐ-CP "
        "lẫn văn bản viết 61/2018/NĐCP.",
        "params": ["number"],
        "sql": """select c.citing_id AS "Mã văn bản", c.citing_kind AS "Loại văn bản",
  c.citing_number AS "Số hiệu", c.citing_title AS "Trích yếu", c.province AS "Tỉnh",
  c.citing_date AS "Ngày ban hành", c.cited_kind AS "Loại văn bản được dẫn",
  c.cited_number AS "Số hiệu được dẫn", c.cited_date AS "Ngày của văn bản được dẫn",
  c.cited_id AS "Mã văn bản được dẫn", c.quote AS "Trích dẫn"
from citations c
where c.cited_key = number_key(:number)
order by c.citing_date desc
limit 500""",
    },
    "search": {
        "title": "Tìm kiếm toàn văn",
        "description": "Tìm trong trích yếu và nội dung văn bản, có dấu hay không dấu: dak "
        "lak, quyet dinh, ho so tre han.",
        "params": ["q"],
        "sql": """select d.id AS "Mã văn bản", d.kind AS "Loại văn bản", d.number AS "Số hiệu",
  d.issued_date AS "Ngày ban hành", d.province AS "Tỉnh", d.title AS "Trích yếu",
  cchc_snippet(d.text, :q) AS "Đoạn trích"
from documents_fts
join documents d on d.rowid = documents_fts.rowid
where documents_fts match cchc_match(:q)
order by rank
limit 100""",
    },
    **FEEDS,
}
