"""Export tables as CSV, JSON or JSON lines, through sqlite-utils' own row iteration.

``cchc export --format csv --table dossiers`` prints the dossiers; without ``--table``
every table goes to ``outputs/export/<table>.<format>``. JSON cells that hold lists (a
unit's roles) stay JSON text, as they are stored.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from sqlite_utils import Database

from pipeline.store import schema
from pipeline.store.views import VIEWS

FORMATS = ("csv", "json", "jsonl")


def exportable(db: Database) -> list[str]:
    """Tables and views a reader may export (the derived ones and the views)."""
    names = [t.name for t in schema.tables()] + list(VIEWS)
    return [n for n in names if db[n].exists() or n in db.view_names()]


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, out: IO[str]) -> int:
    """Write ``rows`` to ``out`` in ``fmt``; return how many."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    if fmt == "csv":
        writer.writeheader()
    n = 0
    for row in rows:
        n += 1
        if fmt == "csv":
            writer.writerow(row)
        elif fmt == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            out.write(("[\n " if n == 1 else ",\n ") + json.dumps(row, ensure_ascii=False))
    if fmt == "json":
        out.write("\n]\n" if n else "[]\n")
    return n


def export_table(db: Database, table: str, fmt: str, out: IO[str]) -> int:
    """Export one table or view to ``out``; return the number of rows."""
    if table not in exportable(db):
        raise ValueError(f"no table {table!r}: choose from {', '.join(exportable(db))}")
    columns = [c.name for c in db[table].columns]
    return write_rows(db[table].rows, columns, fmt, out)


def export_all(db: Database, fmt: str, out_dir: Path) -> dict[str, int]:
    """Export every table and view into ``out_dir``; return rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for table in exportable(db):
        with (out_dir / f"{table}.{fmt}").open("w", encoding="utf-8", newline="") as fh:
            counts[table] = export_table(db, table, fmt, fh)
    return counts
