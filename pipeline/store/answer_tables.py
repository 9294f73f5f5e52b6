"""The answer tables in SQLite: ``assessment_results``, ``dossier_stats`` and ``checks``,
kept in step with the facts in the same transaction as every document write.

The merging itself is ``answers`` (pure functions); this module reads the facts it needs,
writes the rows, and knows which rows a document touches. ``answer_sources`` remembers
which fact of which document went into which answer group (an assessment without its
stage, a dossier figure without its metric), so storing or re-extracting one document
recomputes only the groups it stated before or states now, from the facts behind them:
"Sở Công Thương, Lạng Sơn, par_index 2023" is merged again from the statements of the
three reports that give it, not from the whole database nor from all those reports say.
``rebuild`` recomputes everything (the migration, and after bulk loads).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from pipeline.store import answers, checks

ASSESSMENTS, DOSSIERS = "assessment_results", "dossier_stats"

_DOC = "d.province AS doc_province, d.issued_date AS doc_date"
_FROM = "FROM {table} f JOIN documents d ON d.id = f.document_id"
#: Each kind of fact the answers read: its table, its columns as the merge names them,
#: and the condition that makes it an answer at all (a rate of an index).
_KINDS: dict[str, tuple[str, str, str]] = {
    "score": ("scores", """'score' AS kind, f.id, f.document_id, f.start, f.subject,
  f."index", f.year, f.criterion, f.stage, f.value, f."max", f.percent, NULL AS "rank",
  NULL AS "of", NULL AS "group", f.quote""", ""),
    "ranking": ("rankings", """'ranking', f.id, f.document_id, f.start, f.subject,
  f."index", f.year, f.criterion, NULL, NULL, NULL, NULL, f."rank", f."of", f."group",
  f.quote""", ""),
    "rate": ("rates", """'rate', f.id, f.document_id, f.start, f.subject, f."index",
  f.year, NULL, NULL, NULL, NULL, f.percent, NULL, NULL, NULL, f.quote""",
             'f."index" IS NOT NULL'),
    "dossier": ("dossiers", """'dossier' AS kind, f.id, f.document_id, f.start, f.metric,
  f."count", f.agency, f.level, f.period_start, f.period_end, f.approx, f.quote""", ""),
}
KINDS = {ASSESSMENTS: ("score", "ranking", "rate"), DOSSIERS: ("dossier",)}
#: The fact tables the answers are merged from: a text new to the store with no row in
#: any of them ("Kế hoạch cải cách hành chính năm 2024", counting nothing) is in no answer
#: group and has no check, so storing it leaves every answer as it was.
FACT_TABLES = frozenset(table for table, _, _ in _KINDS.values())
#: Which facts to read: all, those of the documents being written, or those behind the
#: answer groups being recomputed (``answer_sources``), other documents' only.
ALL = ""
OF_DOCUMENTS = "f.document_id IN (SELECT id FROM temp._answer_docs)"
IN_GROUPS = ("f.id IN (SELECT fact_id FROM answer_sources WHERE answer_table = '{table}' "
             "AND fact_kind = '{kind}' AND group_key IN (SELECT key FROM "
             "temp._answer_groups)) AND f.document_id NOT IN (SELECT id FROM "
             "temp._answer_docs)")


def facts_sql(answer_table: str, where: str) -> str:
    """The SELECT of the facts ``answer_table`` is merged from, with their document's
    province and date, restricted by ``where`` (one of the conditions above)."""
    parts = []
    for kind in KINDS[answer_table]:
        table, columns, answer_only = _KINDS[kind]
        conditions = [c for c in (where.format(table=answer_table, kind=kind), answer_only)
                      if c]
        parts.append(f"SELECT {columns}, {_DOC} {_FROM.format(table=table)}"
                     + (f" WHERE {' AND '.join(conditions)}" if conditions else ""))
    return "\nUNION ALL\n".join(parts)


COLUMNS: dict[str, dict[str, type]] = {
    ASSESSMENTS: {
        "id": int, "subject": str, "province": str, "index_name": str, "year": int,
        "criterion": str, "stage": str, "score": float, "max": float, "percent": float,
        "rank": int, "of": int, "group": str, "documents": int, "document_id": str,
        "quote": str, "conflict": int, "other_values": str, "subject_key": str,
        "subject_folded": str, "province_folded": str, "answer_key": str,
        "group_key": str},
    DOSSIERS: {
        "id": int, "province": str, "agency": str, "level": str, "period_start": str,
        "period_end": str, "metric": str, "count": int, "approx": int, "documents": int,
        "document_id": str, "quote": str, "conflict": int, "other_values": str,
        "as_of": str, "year": int, "agency_key": str, "agency_folded": str,
        "province_folded": str, "answer_key": str, "group_key": str},
    "checks": {
        "id": int, "check_name": str, "title": str, "about": str, "province": str,
        "document_id": str, "documents": str, "quotes": str, "detail": str,
        "province_folded": str, "scope": str},
}
#: Keys, facets and foreign keys.
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    ASSESSMENTS: (("group_key",), ("index_name", "year"), ("subject_key",), ("year",),
                  ("document_id",), ("conflict",)),
    DOSSIERS: (("group_key",), ("metric", "year"), ("agency_key",), ("year",),
               ("document_id",), ("conflict",)),
    "checks": (("scope",), ("province",), ("document_id",)),
}
#: One index per canned query (``queries.py``), holding its order and the columns it
#: filters on: the query picks its 1000 rows walking the index, without reading the wide
#: rows (quotes, keys) of every figure. Partial and descending, so written as SQL.
READING_INDEXES: dict[str, str] = {
    "idx_results_reading": f"{ASSESSMENTS} (province, subject, index_name, year DESC, "
    "criterion, stage, subject_folded, province_folded)",
    "idx_ranking_reading": f"""{ASSESSMENTS} (index_name, year DESC, "of" IS NULL, "of",
    "rank" IS NULL, "rank", score DESC, stage, province_folded, percent)
    WHERE criterion IS NULL""",
    "idx_dossiers_reading": f"{DOSSIERS} (metric, year DESC, province, agency, "
    "period_start, agency_folded, province_folded)",
    "idx_overdue_reading": f'{DOSSIERS} (metric, "count" DESC, year DESC, agency, '
    "period_start, province_folded, agency_folded)",
    "idx_checks_reading": "checks (check_name, province, about, province_folded)",
}


def create(db: Database) -> None:
    """Create the answer tables, their indexes and ``answer_sources``; fill them."""
    for name, columns in COLUMNS.items():
        db[name].create(columns, pk="id", if_not_exists=True,
                        foreign_keys=[("document_id", "documents", "id")])
        for cols in INDEXES[name]:
            db[name].create_index(list(cols), if_not_exists=True)
    for name in (ASSESSMENTS, DOSSIERS):
        db[name].create_index(["answer_key"], unique=True, if_not_exists=True)
    for name, on in READING_INDEXES.items():
        db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")
    db["answer_sources"].create({"answer_table": str, "group_key": str, "document_id": str,
                                 "fact_kind": str, "fact_id": int}, if_not_exists=True)
    db["answer_sources"].create_index(["answer_table", "group_key"], if_not_exists=True)
    db["answer_sources"].create_index(["document_id"], if_not_exists=True)
    rebuild(db)


def rebuild(db: Database) -> dict[str, int]:
    """Recompute every answer and check from the facts; return the row counts. The facts
    are read once, as a stream: each is checked and handed to the merge, not kept."""
    for name in (*COLUMNS, "answer_sources"):
        db.execute(f"DELETE FROM {name}")
    found: list[dict[str, Any]] = []

    def checked(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for row in rows:
            found.extend(checks.fact_checks([row]))
            yield row

    _write(db, ASSESSMENTS, answers.merge_assessments(
        checked(_rows(db, facts_sql(ASSESSMENTS, ALL)))))
    _write_checks(db, found)
    dossiers = answers.merge_dossiers(_rows(db, facts_sql(DOSSIERS, ALL)))
    _write(db, DOSSIERS, dossiers)
    _write_checks(db, checks.dossier_checks(a.row for a in dossiers))
    return {name: db[name].count for name in COLUMNS}


def update(db: Database, document_ids: Iterable[str]) -> None:
    """Recompute the answer groups these documents stated before or state now, and their
    checks (call after the documents' facts are written, in the same transaction).

    A database not yet migrated this far has no answer tables: nothing to do, since the
    migration that creates them builds them from every stored fact."""
    if not db["answer_sources"].exists():
        return
    ids = list(dict.fromkeys(document_ids))
    _fill(db, "_answer_docs", ids)
    mine = list(_rows(db, facts_sql(ASSESSMENTS, OF_DOCUMENTS)))
    db.execute("DELETE FROM checks WHERE scope IN (SELECT 'document:' || id "
               "FROM temp._answer_docs)")
    _write_checks(db, checks.fact_checks(mine))
    _regroup(db, ASSESSMENTS, mine, answers.assessment_group, answers.merge_assessments)
    mine = list(_rows(db, facts_sql(DOSSIERS, OF_DOCUMENTS)))
    _regroup(db, DOSSIERS, mine, answers.dossier_group, answers.merge_dossiers)


def _regroup(db: Database, table: str, mine: list[dict[str, Any]], group_of: Any,
             merge: Any) -> None:
    """Recompute ``table``'s groups that the documents in ``temp._answer_docs`` state now
    (their facts: ``mine``) or stated before (``answer_sources``), from these facts and
    the other documents' facts behind those groups (``answer_sources`` again: only the
    facts of the groups, not everything their documents say)."""
    before = {r[0] for r in db.execute(
        "SELECT group_key FROM answer_sources WHERE answer_table = ? AND document_id IN "
        "(SELECT id FROM temp._answer_docs)", [table])}
    groups = {group_of(r) for r in mine} - {None} | before
    if not groups:
        return
    _fill(db, "_answer_groups", groups)
    others = list(_rows(db, facts_sql(table, IN_GROUPS)))
    merged = merge(r for r in [*mine, *others] if group_of(r) in groups)
    in_groups = "group_key IN (SELECT key FROM temp._answer_groups)"
    db.execute(f"DELETE FROM {table} WHERE {in_groups}")
    db.execute(f"DELETE FROM answer_sources WHERE answer_table = ? AND {in_groups}", [table])
    db.execute("DELETE FROM checks WHERE scope IN (SELECT ? || key FROM "
               "temp._answer_groups)", [f"{table}:"])
    _write(db, table, merged)
    if table == DOSSIERS:
        _write_checks(db, checks.dossier_checks(a.row for a in merged))


def _rows(db: Database, sql: str) -> Iterator[Any]:
    cursor = db.conn.execute(sql)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _fill(db: Database, name: str, keys: Iterable[str]) -> None:
    """A temporary one-column table of keys, for ``IN (SELECT …)`` of any size."""
    column = "id" if name == "_answer_docs" else "key"
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({column} TEXT PRIMARY KEY)")
    db.execute(f"DELETE FROM temp.{name}")
    db.conn.executemany(f"INSERT OR IGNORE INTO temp.{name} VALUES (?)",
                        [(k,) for k in keys])


def _write(db: Database, table: str, merged: list[answers.Answer]) -> None:
    """Insert answer rows and the documents behind each group."""
    columns = [c for c in COLUMNS[table] if c != "id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    db.conn.executemany(
        f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})",
        [[a.row[c] for c in columns] for a in merged])
    db.conn.executemany(
        "INSERT INTO answer_sources (answer_table, group_key, document_id, fact_kind, "
        "fact_id) VALUES (?, ?, ?, ?, ?)",
        [(table, a.row["group_key"], s.document_id, s.kind, s.fact_id)
         for a in merged for s in a.said])
    _write_checks(db, checks.disagreements(merged, table))


def _write_checks(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    columns = [c for c in COLUMNS["checks"] if c != "id"]
    quoted = ", ".join(f'"{c}"' for c in columns)
    db.conn.executemany(
        f"INSERT INTO checks ({quoted}) VALUES ({', '.join('?' * len(columns))})",
        [[r[c] for c in columns] for r in rows])
