"""Atom feeds: canned queries whose rows are feed entries (datasette-atom renders them).

A reader who follows one province's reform results subscribes to
``/cchc/new_results.atom?province=Quảng+Bình&index=par_index`` ("new PAR Index results
for Quảng Bình") and sees an entry each time a stored document gives a result that was
not there before, or changes one; ``/cchc/new_documents.atom?province=Lâm+Đồng`` (or
``?site=dienbien-sct``) lists the documents as they are stored. The same queries without
``.atom`` are ordinary Datasette pages with a form (their long SQL hidden: the columns
are datasette-atom's, not words for a reader).

datasette-atom needs ``atom_id``, ``atom_title`` and ``atom_updated`` (RFC 3339 with a
time zone); ``atom_content`` and ``atom_link`` are optional. The title comes first and
the long id last, so the query's own page reads as a list of titles. Here:

- ``atom_id`` is stable for one answer (``answer_key``: subject, province, index, year,
  criterion, stage) or one document (its sha256), so a feed reader shows a recomputed
  answer as updated, not as new;
- ``atom_updated`` is when the document the entry quotes was first stored
  (``documents.ingested_at``, UTC; for an answer, its ``document_id``: the most recent
  document giving it). A newer report restating a result dates it anew; an older one
  stored later, or a re-extraction, does not make an old result "new";
- ``atom_link`` is relative (``documents/<sha256>``), resolved by the reader against the
  feed's own URL (``/cchc/…``), so it holds whatever host and database name serve it;
- ``atom_author_name`` is on every entry, since RFC 4287 wants an author and
  datasette-atom writes none for the feed: "cchc" for a result (our merge of the
  documents), the issuing body for a document.

datasette-atom 0.9 fails (HTTP 500, ``max()`` of no rows) on a feed with no entries, so
a feed with nothing to say yet says so in one entry ("Chưa có …") instead of breaking
the subscription.
"""

from __future__ import annotations

from typing import Any

from pipeline.store.labels import INDEXES, KINDS, STAGES, case_sql

_INDEX = case_sql("a.index_name", INDEXES, "chỉ số chưa rõ")
_STAGE = case_sql("a.stage", STAGES, "")
_KIND = case_sql("d.kind", KINDS, "Văn bản")
_LIKE = "like '%' || cchc_fold(:{0}) || '%'"
_INDEX_CODES = ", ".join(INDEXES)
#: When no document is stored yet, the one "nothing yet" entry is dated here.
_EPOCH = "'2000-01-01T00:00:00+00:00'"


def vn_number(column: str) -> str:
    """SQL writing a number as Vietnamese texts do: 95.39 → '95,39', 88.0 → '88'."""
    return (f"CASE WHEN {column} IS NULL THEN NULL "
            f"ELSE replace(printf('%g', {column}), '.', ',') END")


#: "hạng 3/20, 95,39/100 điểm, 87,5%": the figures of an answer that are there.
_FIGURES = f"""rtrim(
    coalesce('hạng ' || a."rank" || coalesce('/' || a."of", '') || ', ', '')
    || coalesce({vn_number('a.score')} || coalesce('/' || {vn_number('a."max"')}, '')
                || ' điểm, ', '')
    || coalesce({vn_number('a.percent')} || '%, ', ''), ', ')"""

def _or_nothing_yet(sql: str, feed: str, what: str, params: tuple[str, ...]) -> str:
    """``sql``'s entries, or one entry saying there are none yet (see the module doc),
    titled with what was asked ("Chưa có kết quả đánh giá nào: Quảng Ninh par_index") and
    linking to the feed's form."""
    chosen = " || ' ' || ".join(f"coalesce(nullif(:{p}, ''), '')" for p in params)
    return f"""with entries as ({sql})
select * from entries
union all
select '{what}' || coalesce(': ' || nullif(trim({chosen}), ''), ''),
  coalesce((select max(ingested_at) from documents), {_EPOCH}),
  'Chưa có mục nào khớp với lựa chọn này.', '{feed}', 'cchc',
  'urn:cchc:{feed}:none:' || lower(hex({chosen}))
where not exists (select 1 from entries)"""


#: The newest answers' ids and dates, narrowed before any words are built (at a million
#: facts, building every answer's title to keep 200 of them cost more than the rest).
_NEWEST_RESULTS = f"""select a.id, d.ingested_at AS updated
  from assessment_results a join documents d on d.id = a.document_id
  where (:province = '' or a.province_folded {_LIKE.format('province')})
    and (:index = '' or a.index_name = :index)
  order by d.ingested_at desc, a.id desc
  limit 200"""

NEW_RESULTS = f"""select coalesce(a.province || ' · ', '') || {_INDEX}
    || coalesce(' ' || a.year, '') || ': ' || a.subject
    || coalesce(', tiêu chí ' || a.criterion, '')
    || CASE WHEN a.stage IS NULL THEN '' ELSE ' (' || {_STAGE} || ')' END
    || CASE WHEN {_FIGURES} = '' THEN '' ELSE ' – ' || {_FIGURES} END AS atom_title,
  n.updated AS atom_updated,
  'Kết quả: ' || {_FIGURES} || coalesce(' (' || a."group" || ')', '') || '. Theo '
    || a.documents || ' văn bản' || CASE a.conflict WHEN 1 THEN
      ', các văn bản nêu khác nhau (giá trị khác: ' || coalesce(a.other_values, '') || ')'
      ELSE '' END || '. Trích dẫn: "' || coalesce(a.quote, '') || '"' AS atom_content,
  'documents/' || a.document_id AS atom_link, 'cchc' AS atom_author_name,
  'urn:cchc:assessment_results:' || lower(hex(a.answer_key)) AS atom_id
from ({_NEWEST_RESULTS}) n join assessment_results a on a.id = n.id
order by n.updated desc, a.province, a.index_name, a.year desc, a.subject"""

NEW_DOCUMENTS = f"""select coalesce(d.province || ' · ', '') || {_KIND}
    || coalesce(' ' || d.number, '')
    || coalesce(' ngày ' || strftime('%d/%m/%Y', d.issued_date), '') || ': '
    || coalesce(d.title, d.source) AS atom_title,
  d.ingested_at AS atom_updated,
  coalesce('Cơ quan ban hành: ' || d.issuer || '. ', '') || 'Nguồn: ' || d.source
    || '. ' || substr(d.text, 1, 600) || CASE WHEN length(d.text) > 600 THEN '…' ELSE ''
    END AS atom_content,
  'documents/' || d.id AS atom_link,
  coalesce(d.issuer, d.site, 'cchc') AS atom_author_name,
  'urn:cchc:document:' || d.id AS atom_id
from documents d
where (:site = '' or d.site = :site
       or d.id in (select s.document_id from sources s where s.site = :site))
  and (:province = '' or cchc_fold(d.province) {_LIKE.format('province')})
order by d.ingested_at desc, d.rowid desc
limit 200"""

FEEDS: dict[str, dict[str, Any]] = {
    "new_results": {
        "title": "Kết quả đánh giá mới (nguồn tin Atom)",
        "description": "Kết quả chỉ số mới hoặc vừa thay đổi của một tỉnh và một chỉ số, "
        "mới nhất trước: mỗi dòng là một mục của nguồn tin Atom (thêm .atom vào địa chỉ, "
        "hoặc bấm \"atom\" dưới bảng, để theo dõi bằng trình đọc tin). Gõ không dấu cũng "
        f"được (quang binh). Mã chỉ số: {_INDEX_CODES}.",
        "params": ["province", "index"],
        "hide_sql": True,
        "sql": _or_nothing_yet(NEW_RESULTS, "new_results", "Chưa có kết quả đánh giá nào",
                               ("province", "index")),
    },
    "new_documents": {
        "title": "Văn bản mới (nguồn tin Atom)",
        "description": "Văn bản mới được lưu của một trang (mã trang, xem cchc sites) hay "
        "một tỉnh, mới nhất trước: mỗi dòng là một mục của nguồn tin Atom (thêm .atom vào "
        "địa chỉ, hoặc bấm \"atom\" dưới bảng).",
        "params": ["site", "province"],
        "hide_sql": True,
        "sql": _or_nothing_yet(NEW_DOCUMENTS, "new_documents", "Chưa có văn bản nào",
                               ("site", "province")),
    },
}
