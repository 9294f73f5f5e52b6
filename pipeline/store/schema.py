"""The SQLite tables, derived from the pydantic models in ``schemas/``.

Nothing here lists a fact's value columns by hand: a ``Dossier`` field added in
``schemas/facts.py`` becomes a ``dossiers`` column on the next ``migrate()`` (see
``sync_columns``), and its ``Field(description=…)`` becomes the column's description in
Datasette. So the contract, the JSON and the database cannot drift apart.

Each fact is a row: ``dossiers(document_id, seq, metric, count, agency, period_start,
period_end, approx, start, end, quote, rule)`` for "tiếp nhận 8.586 hồ sơ" →
``('…', 0, 'received', 8586, 'Sở Công Thương', …, 412, 433, 'tiếp nhận 8.586 hồ sơ',
'dossier.received')``. Lists (a unit's roles, its mention spans) are JSON text.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel

from extractors.references.keys import number_key
from schemas import CATEGORY_TYPES, Conversion, Document, DocumentMeta, Fact

#: Plain words for model fields that carry no ``description`` of their own.
PLAIN_WORDS: dict[str, str] = {
    "value": "the value as read (a number for scores, an ISO date for dates)",
    "max": "the most points possible, where written (8,75/11 → 11)",
    "percent": "a percentage, as a number (79 % → 79)",
    "label": "the words naming what the figure is about",
    "year": "the year the figure is about, where the text says",
    "rank": "the place in the ranking (18/22 → 18)",
    "of": "how many were ranked (18/22 → 22)",
    "metric": "what is counted (a fixed code, see the contract)",
    "count": "how many, as a number (8.586 → 8586)",
    "period_start": "first day of the period the count covers (ISO date)",
    "period_end": "last day of the period the count covers (ISO date)",
    "name": "the name as the text writes it",
    "position": "the position the text gives the person",
    "role": "what the text says the unit does: responsible, lead, coordinate, assigned",
    "kind": "the document kind word in its standard form",
    "issuer": "the body that issued it",
}

#: Columns every fact table has besides the model's value fields.
FACT_COLUMNS: dict[str, tuple[type, str]] = {
    "id": (int, "row number"),
    "document_id": (str, "the document the fact was read from (its sha256)"),
    "seq": (int, "position of the fact in the extractor's output for that document"),
    "start": (int, "character offset in the document text where the quote starts"),
    "end": (int, "character offset where the quote ends (text[start:end] == quote)"),
    "quote": (str, "the exact words the fact was read from"),
    "rule": (str, "id of the rule that found it, to trace a wrong fact back to its rule"),
}


@dataclass(frozen=True)
class Column:
    """One SQLite column: name, Python type (int, float or str) and plain description."""

    name: str
    type: type
    description: str


@dataclass(frozen=True)
class Table:
    """One table: its columns, key, foreign keys ``(column, table, column)`` and indexes."""

    name: str
    description: str
    columns: tuple[Column, ...]
    pk: str
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    unique: tuple[tuple[str, ...], ...] = field(default=())

    def column_types(self) -> dict[str, type]:
        return {c.name: c.type for c in self.columns}


def sql_type(annotation: Any) -> type:
    """The storage type of a pydantic annotation: int, float, or str (JSON for lists).

    >>> sql_type(int | None), sql_type(bool), sql_type(list[str]), sql_type(float)
    (<class 'int'>, <class 'int'>, <class 'str'>, <class 'float'>)
    """
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return sql_type(inner[0]) if len(inner) == 1 else str
    if annotation is bool or annotation is int:
        return int
    if annotation is float:
        return float
    return str


def model_columns(model: type[BaseModel], skip: tuple[str, ...] = ()) -> list[Column]:
    """Columns for a model's fields, described by ``Field(description=…)``."""
    out = []
    for name, info in model.model_fields.items():
        if name in skip:
            continue
        description = info.description or PLAIN_WORDS.get(name, "")
        out.append(Column(name, sql_type(info.annotation), description))
    return out


def first_line(model: type) -> str:
    return (model.__doc__ or "").strip().splitlines()[0]


#: The number as compared, beside the number as written: one value for every spelling of
#: one number (:func:`extractors.references.number_key`), so "61/2018/NĐCP" cited in one
#: report and "61/2018/NĐ-CP" in another are one cited document, in SQL on any connection.
NUMBER_KEY = Column("number_key", str, "the number as compared: upper case, no marks, "
                    "spaces or hyphens, Đ as D (61/2018/NĐ-CP → 61/2018/NDCP)")


def documents_table() -> Table:
    """``documents``: one row per distinct text (keyed by its sha256)."""
    meta = [c if c.name != "sources" else Column(
        "field_sources", str, "where each header field was read (JSON: span, quote, rule)")
        for c in model_columns(DocumentMeta)]
    doc = model_columns(Document, skip=("text", "conversion"))
    columns = [
        Column("id", str, "sha256 of the NFC text: the document's identity"),
        *doc[:1], *meta[:3], NUMBER_KEY,
        Column("year", int, "year of issued_date, for facets"),
        *meta[3:], *doc[1:],
        Column("converter", str, Conversion.model_fields["converter"].description or ""),
        Column("conversion", str, "the full conversion record (JSON): engine, OCR, encoding"),
        Column("text", str, "the NFC plain text every offset points into"),
        Column("extractor_version", str, "digest of the rules that produced the facts"),
        Column("ingested_at", str, "when the document was first stored (UTC)"),
        Column("extracted_at", str, "when its facts were last extracted (UTC)"),
    ]
    return Table(
        "documents", "Documents: one row per distinct text, with its own header fields.",
        tuple(columns), pk="id",
        indexes=(("province",), ("kind",), ("year",), ("issued_date",), ("number",),
                 ("issuer",), ("site",), ("number_key", "ingested_at")),
    )


def sources_table() -> Table:
    """``sources``: every path or URL a document's text was seen at."""
    return Table(
        "sources", "Every path or URL a document was seen at (one text, many places).",
        (
            Column("id", int, "row number"),
            Column("document_id", str, "the document seen there"),
            Column("source", str, "path or URL"),
            Column("site", str, "registry id of the crawled site, if any"),
            Column("format", str, "file format it was converted from"),
            Column("raw_sha256", str, "sha256 of the raw bytes read there"),
            Column("seen_at", str, "when it was first seen there (UTC)"),
        ),
        pk="id",
        foreign_keys=(("document_id", "documents", "id"),),
        indexes=(("document_id",), ("source",)),
        unique=(("document_id", "source"),),
    )


#: Facet columns indexed in each fact table (besides document_id).
FACT_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "references": (("number",), ("number_key",), ("kind",)),
    "dates": (("value",),),
    "scores": (("year",), ("criterion",)),
    "rankings": (("year",),),
    "dossiers": (("metric",), ("agency",), ("period_end",)),
    "procedures": (("metric",),),
    "rates": (("metric",),),
    "units": (("name",),),
    "people": (("name",),),
}


#: Columns the store derives from a fact, after the model's value fields, and how: keys
#: to match on, written with every fact (``fact_row``) and backfilled by the migration
#: that added them (``0009_number_keys``).
#: ``number_key`` remembered: the same numbers ("30/2020/NĐ-CP") are cited page after page.
_number_key = lru_cache(maxsize=65536)(number_key)
DERIVED: dict[str, tuple[tuple[Column, Callable[[Any], Any]], ...]] = {
    "references": ((NUMBER_KEY, lambda fact: _number_key(fact.number)),),
}
_CATEGORY_OF: dict[type, str] = {model: name for name, model in CATEGORY_TYPES.items()}


def fact_table(category: str, model: type[Fact]) -> Table:
    """One fact table: ids, the model's value fields and the columns derived from them,
    then the provenance columns."""
    def base(name: str) -> Column:
        kind, words = FACT_COLUMNS[name]
        return Column(name, kind, words)

    values = model_columns(model, skip=("span", "quote", "rule"))
    derived = [column for column, _ in DERIVED.get(category, ())]
    columns = [base("id"), base("document_id"), base("seq"), *values, *derived,
               base("start"), base("end"), base("quote"), base("rule")]
    return Table(
        category, first_line(model), tuple(columns), pk="id",
        foreign_keys=(("document_id", "documents", "id"),),
        indexes=(("document_id",), *FACT_INDEXES.get(category, ())),
    )


def tables() -> list[Table]:
    """Every table of the store, in creation order (documents first, for the keys)."""
    facts = [fact_table(name, model) for name, model in CATEGORY_TYPES.items()]
    return [documents_table(), sources_table(), *facts]


def to_cell(value: Any) -> Any:
    """A Python value as stored: enums as their value, lists and dicts as JSON text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


#: Cells ``to_cell`` leaves as they are (a fact dumped as JSON has no enums left).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def fact_row(fact: Fact, document_id: str, seq: int) -> dict[str, Any]:
    """The row of one fact: value fields and the columns derived from them, then
    start/end from its span, quote, rule."""
    columns, values = fact_values([fact], document_id, first=seq)
    return dict(zip(columns, values[0], strict=True))


@cache
def fact_columns(model: type[Fact]) -> tuple[str, ...]:
    """The columns ``fact_values`` fills for a fact of ``model``, in order."""
    values = [name for name in model.model_fields if name not in _PROVENANCE]
    derived = [column.name for column, _ in DERIVED.get(_CATEGORY_OF.get(model, ""), ())]
    return ("document_id", "seq", *values, *derived, "start", "end", "quote", "rule")


def fact_values(facts: list[Fact], document_id: str, first: int = 0,
                ) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """``fact_columns`` and the cells of each fact of one category (all of one model),
    ``seq`` counted from ``first``: an ingest makes ~30 rows a page, straight into one
    ``executemany`` (no dict a fact, the model's serializer and derived columns looked
    up once a category)."""
    model = type(facts[0])
    dump = model.__pydantic_serializer__.to_python
    derive = [d for _, d in DERIVED.get(_CATEGORY_OF.get(model, ""), ())]
    rows = []
    for seq, fact in enumerate(facts, first):
        data = dump(fact, mode="json", exclude=_PROVENANCE)
        start, end = fact.span
        rows.append((document_id, seq,
                     *[v if type(v) in _PLAIN else to_cell(v) for v in data.values()],
                     *[d(fact) for d in derive], start, end, fact.quote, fact.rule))
    return fact_columns(model), rows


_PROVENANCE = frozenset({"span", "quote", "rule"})
