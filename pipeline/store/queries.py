"""Canned queries: the questions readers ask, as parameterised SQL for Datasette.

Every parameter may be left empty (Datasette sends ``''``), which means "any". Text
parameters are compared accent-free through ``cchc_fold`` (registered by our Datasette
plugin), so "so cong thuong" finds "Sở Công Thương". Search goes through ``cchc_match``,
which turns "ho so tre han" into an FTS5 query over the folded columns.
"""

from __future__ import annotations

from typing import Any

CANNED: dict[str, dict[str, Any]] = {
    "dossiers_by_agency": {
        "title": "Dossiers by agency and period",
        "description": "Dossier counts summed by agency, year, metric and province (from "
        "dossier_totals; the single figures with their quotes are in dossier_figures). "
        "Leave a box empty for any; agency matches without accents (so cong thuong).",
        "params": ["agency", "metric", "year_from", "year_to"],
        "sql": """select nullif(agency, '') as agency, nullif(year, 0) as year, metric,
  nullif(province, '') as province, dossiers, figures
from dossier_totals
where (:agency = '' or agency_folded like '%' || cchc_fold(:agency) || '%')
  and (:metric = '' or metric = :metric)
  and (:year_from = '' or year >= cast(:year_from as integer))
  and (:year_to = '' or year <= cast(:year_to as integer))
order by year desc, agency, metric
limit 1000""",
    },
    "overdue_dossiers": {
        "title": "Overdue dossiers",
        "description": "Agencies with dossiers resolved late or still pending past their "
        "deadline (quá hạn, trễ hạn), by year; zero counts (không có hồ sơ trễ hạn) "
        "included.",
        "params": ["year", "province"],
        "sql": """select nullif(agency, '') as agency, nullif(year, 0) as year,
  nullif(province, '') as province, metric, dossiers, figures
from dossier_totals
where metric in ('overdue', 'pending_overdue')
  and (:year = '' or year = cast(:year as integer))
  and (:province = '' or cchc_fold(province) = cchc_fold(:province))
order by dossiers desc, year desc, agency
limit 1000""",
    },
    "scores_by_unit": {
        "title": "Scores and ranks by unit and year",
        "description": "Assessment scores (PAR index and criteria) by unit, year and "
        "criterion, with the unit's rank that year where the same document gives one.",
        "params": ["unit", "year"],
        "sql": """select s.unit, s.year, s.criterion, s.label, s.value, s."max", s.percent,
  (select r."rank" || coalesce('/' || r."of", '') from ranking_figures r
    where r.document_id = s.document_id and r.year is s.year
    order by r.fact_id limit 1) as rank,
  s.province, s.document_id, s.quote
from score_figures s
where (:unit = '' or cchc_fold(s.unit) like '%' || cchc_fold(:unit) || '%')
  and (:year = '' or s.year = cast(:year as integer))
order by s.fact_id desc
limit 500""",
    },
    "documents_citing": {
        "title": "Documents citing a given number",
        "description": "Every document that cites a number such as 1009/QĐ-UBND, written "
        "as the document writes it (spaces ignored), with the words of the citation.",
        "params": ["number"],
        "sql": """select c.citing_id as document_id, c.citing_kind, c.citing_number,
  c.citing_title, c.province, c.citing_date, c.cited_kind, c.cited_number,
  c.cited_date, c.quote
from citations c
where c.cited_number = replace(:number, ' ', '')
order by c.citing_date desc
limit 500""",
    },
    "search": {
        "title": "Full-text search",
        "description": "Search titles and texts, with or without accents: dak lak, "
        "quyet dinh, ho so tre han.",
        "params": ["q"],
        "sql": """select d.id as document_id, d.kind, d.number, d.issued_date, d.province,
  d.title, snippet(documents_fts, 3, '[', ']', '…', 12) as snippet
from documents_fts
join documents d on d.rowid = documents_fts.rowid
where documents_fts match cchc_match(:q)
order by rank
limit 100""",
    },
}
