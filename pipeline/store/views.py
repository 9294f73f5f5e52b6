"""SQL views that answer the common questions, so a reader needs no join.

- ``dossier_figures``: "which departments had overdue dossiers in 2023" is
  ``select agency, sum(count) from dossier_figures where metric = 'overdue' and year = 2023
  group by agency``. The agency is the fact's own (``agency``) or else the issuer of the
  document; the year is the period's, else the document's.
- ``score_figures`` / ``ranking_figures``: "scores of every Sở by year", with the unit
  taken as the issuing body of the report that states them.
- ``citations``: the citation graph, one edge per reference: citing document → cited
  number, with ``cited_id`` filled when the cited document is itself stored. Numbers are
  matched by ``number_key`` (stored beside every number, see
  :func:`extractors.references.number_key`): ``cited_key`` is one value for
  "61/2018/NĐCP" and "61/2018/NĐ-CP", and ``cited_id`` finds the document whose own
  number is typed either way. Plain SQL, so it answers on any SQLite connection:
  ``select citing_id from citations where cited_key = '61/2018/NDCP'``.
"""

from __future__ import annotations

VIEWS: dict[str, str] = {
    "dossier_figures": """
SELECT d.id AS fact_id, d.document_id, doc.number AS document_number,
  doc.kind AS document_kind, doc.province, doc.issued_date,
  COALESCE(d.agency, doc.issuer) AS agency, d.metric, d."count", d.approx,
  d.period_start, d.period_end,
  CAST(COALESCE(substr(d.period_end, 1, 4), substr(d.period_start, 1, 4), doc.year)
       AS INTEGER) AS year,
  d.quote
FROM dossiers d JOIN documents doc ON doc.id = d.document_id""",
    "score_figures": """
SELECT s.id AS fact_id, s.document_id, doc.number AS document_number, doc.province,
  doc.issuer AS unit, s.criterion, s.label, s.value, s."max", s.percent,
  COALESCE(s.year, doc.year) AS year, s.quote
FROM scores s JOIN documents doc ON doc.id = s.document_id""",
    "ranking_figures": """
SELECT r.id AS fact_id, r.document_id, doc.number AS document_number, doc.province,
  doc.issuer AS unit, r."rank", r."of", COALESCE(r.year, doc.year) AS year, r.quote
FROM rankings r JOIN documents doc ON doc.id = r.document_id""",
    "citations": """
SELECT r.id AS fact_id, r.document_id AS citing_id, src.number AS citing_number,
  src.kind AS citing_kind, src.title AS citing_title, src.province,
  src.issued_date AS citing_date, r.kind AS cited_kind, r.number AS cited_number,
  r.number_key AS cited_key, r.date AS cited_date, r.issuer AS cited_issuer,
  (SELECT c.id FROM documents c WHERE c.number_key = r.number_key
   ORDER BY c.ingested_at LIMIT 1) AS cited_id,
  r.quote
FROM "references" r JOIN documents src ON src.id = r.document_id""",
}

DESCRIPTIONS: dict[str, str] = {
    "dossier_figures": "Single dossier mentions with their agency, metric and year; a "
    "figure restated is several rows here: for counts, read dossier_stats.",
    "score_figures": "Single score mentions with the document's issuer as unit (not who "
    "was assessed): for results, read assessment_results.",
    "ranking_figures": "Single ranking mentions with the document's issuer as unit (not "
    "who was ranked): for rankings, read assessment_results.",
    "citations": "The citation graph: which document cites which number. cited_key is "
    "the number as compared (upper case, no marks, spaces or hyphens: 61/2018/NĐCP and "
    "61/2018/NĐ-CP are 61/2018/NDCP); the documents_citing query finds it however it is "
    "typed.",
}


def create_views(db) -> None:
    """(Re)create every view whose SQL differs from the stored one."""
    for name, sql in VIEWS.items():
        wanted = f"CREATE VIEW {name} AS{sql}"
        row = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?", [name]
        ).fetchone()
        if row and row[0] == wanted:
            continue
        if row:
            db.execute(f"DROP VIEW {name}")
        db.execute(wanted)
