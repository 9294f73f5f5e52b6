"""``dossier_totals``: dossier counts summed by agency, year, metric and province, kept
up to date in the same transaction as the facts.

One row per agency *name*, not per spelling: agencies are grouped by the SQL function
``name_key`` (the extractors' :func:`~extractors.lexicon.names.name_key`, registered in
``db.py``), so "SỞ NỘI VỤ", "Sở Nội vụ" and "Sở  Nội vụ" add up in one row. The row
shows the greatest of the spellings it was given (the same whatever order documents
arrive in); a document taken away leaves that spelling until ``rebuild``.

"Which departments had overdue dossiers in 2023" must answer in milliseconds over a
million facts; summing ``dossier_figures`` each time does not (seconds at 400k rows), so
every document write adds its sums here and every re-extraction first takes the old ones
away (``account(db, id, -1)``). ``rebuild`` recomputes the table from the facts (used by
the migration and after bulk loads). Unknown keys are stored as '' and 0 so that the
unique key holds (SQLite treats NULLs as distinct).
"""

from __future__ import annotations

from sqlite_utils import Database

KEY = "agency_key, year, metric, province"

_SELECT = """SELECT max(coalesce(agency, '')), cchc_fold(max(coalesce(agency, ''))),
  name_key(coalesce(agency, '')), coalesce(year, 0), metric, coalesce(province, ''),
  {sign} * sum("count"), {sign} * count(*)
FROM dossier_figures {where} GROUP BY 3, 4, 5, 6"""

_UPSERT = f"""INSERT INTO dossier_totals (agency, agency_folded, {KEY}, dossiers, figures)
{{select}}
ON CONFLICT ({KEY}) DO UPDATE SET agency = max(agency, excluded.agency),
  agency_folded = cchc_fold(max(agency, excluded.agency)),
  dossiers = dossiers + excluded.dossiers, figures = figures + excluded.figures"""


def create(db: Database) -> None:
    """Create the table and its key; fill it from the facts already stored."""
    db["dossier_totals"].create(
        {"agency": str, "agency_key": str, "agency_folded": str, "year": int, "metric": str,
         "province": str, "dossiers": int, "figures": int},
        not_null={"agency", "agency_key", "year", "metric", "province"}, if_not_exists=True)
    db["dossier_totals"].create_index(KEY.split(", "), unique=True, if_not_exists=True)
    db["dossier_totals"].create_index(["year"], if_not_exists=True)
    rebuild(db)


def rebuild(db: Database) -> None:
    """Recompute every total from ``dossier_figures``."""
    db.execute("DELETE FROM dossier_totals")
    db.execute(_UPSERT.format(select=_SELECT.format(sign=1, where="WHERE true")))


def account(db: Database, document_id: str, sign: int) -> None:
    """Add (``sign=1``) or take away (``-1``) one document's dossier counts."""
    where = "WHERE document_id = ?"
    db.execute(_UPSERT.format(select=_SELECT.format(sign=sign, where=where)), [document_id])
    if sign < 0:
        db.execute("DELETE FROM dossier_totals WHERE figures <= 0")
