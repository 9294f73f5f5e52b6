"""Datasette metadata, generated from the schema models (``outputs/metadata.yml``).

Table and column descriptions come from ``schema.tables()``, that is from the pydantic
models' docstrings and ``Field(description=…)``: the words a reader sees in Datasette
are the words of the contract. Facets, canned queries (``queries.py``), foreign-key
labels and the dashboard (datasette-dashboards, Vega-Lite charts of dossier and score
figures over time) are added here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.store import schema
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
}

HIDDEN = ("_migrations", "documents_fts", *(f"documents_fts_{s}" for s in
          ("data", "idx", "docsize", "config", "content")))


def table_metadata(table: schema.Table) -> dict[str, Any]:
    """Title, description, column descriptions and facets of one table."""
    meta: dict[str, Any] = {
        "title": table.name.replace("_", " ").capitalize(),
        "description": table.description,
        "columns": {c.name: c.description for c in table.columns},
    }
    if table.name in FACETS:
        meta["facets"] = FACETS[table.name]
    return meta


def tables_metadata() -> dict[str, Any]:
    """Metadata of every table, view and hidden helper table."""
    out: dict[str, Any] = {t.name: table_metadata(t) for t in schema.tables()}
    docs = out["documents"]
    docs.update({"label_column": "title", "fts_table": "documents_fts", "fts_pk": "rowid",
                 "sort_desc": "issued_date"})
    out["dossier_totals"] = {
        "title": "Dossier totals",
        "description": "Dossier counts summed by agency, year, metric and province, kept "
        "in step with the facts ('' and 0 where unknown).",
        "facets": FACETS["dossier_totals"],
        "columns": {"agency_folded": "the agency without accents, for matching",
                    "agency_key": "the agency's name key (spellings of one body merged)",
                    "dossiers": "sum of the counts", "figures": "how many figures summed"},
    }
    for name, words in VIEW_DESCRIPTIONS.items():
        out[name] = {"title": name.replace("_", " ").capitalize(), "description": words,
                     "facets": FACETS.get(name, [])}
    for name in HIDDEN:
        out[name] = {"hidden": True}
    return out


def dashboard(db_name: str) -> dict[str, Any]:
    """A datasette-dashboards dashboard: dossier and score figures over time."""
    def line(title: str, sql: str, y: str, color: str) -> dict[str, Any]:
        return {
            "title": title, "db": db_name, "query": sql, "library": "vega-lite",
            "display": {
                "mark": {"type": "line", "point": True, "tooltip": True},
                "encoding": {
                    "x": {"field": "year", "type": "ordinal", "title": "year"},
                    "y": {"field": y, "type": "quantitative"},
                    "color": {"field": color, "type": "nominal"},
                },
            },
        }

    return {
        "figures-over-time": {
            "title": "Dossier and score figures over time",
            "description": "Sums of dossier counts by metric, and mean scores by unit, "
            "per year, from every stored document.",
            "layout": [["dossiers-by-year", "scores-by-year"]],
            "charts": {
                "dossiers-by-year": line(
                    "Dossiers by year and metric",
                    'select year, metric, sum("count") as dossiers from dossier_figures '
                    "where year is not null group by year, metric order by year",
                    "dossiers", "metric"),
                "scores-by-year": line(
                    "Overall scores by unit and year",
                    "select year, unit, round(avg(value), 2) as score from score_figures "
                    "where year is not null and criterion is null and unit is not null "
                    "group by year, unit order by year",
                    "score", "unit"),
            },
        }
    }


def build(db_name: str = "cchc") -> dict[str, Any]:
    """The whole Datasette metadata for a database called ``db_name``."""
    return {
        "title": "cchc: administrative reform (cải cách hành chính) data",
        "description": "Facts read from Vietnamese official texts about administrative "
        "reform: each row keeps the exact words (quote) and offsets it was read from. "
        "Search works with or without accents (dak lak, quyet dinh).",
        "databases": {
            db_name: {
                "description": "Documents, where they were seen, and one table per kind "
                "of fact; views join them for common questions.",
                "tables": tables_metadata(),
                "queries": {name: dict(q) for name, q in CANNED.items()},
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
