"""``Extraction``: everything cchc read from one document, in the contract's shape.

``Extraction.to_contract()`` is exactly what ``cchc extract FILE --json`` prints;
``cchc schema`` prints ``Extraction.model_json_schema()``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from schemas.facts import (
    DateFact,
    DocumentMeta,
    Dossier,
    Person,
    Procedure,
    Ranking,
    Rate,
    Reference,
    Score,
    Unit,
)


class Extraction(BaseModel):
    """The contract object for one document."""

    model_config = ConfigDict(frozen=True)

    source: str | None = None
    sha256: str | None = Field(None, description="content hash of the NFC text")
    extractor_version: str | None = None
    text: str
    document: DocumentMeta = Field(default_factory=DocumentMeta)
    references: list[Reference] = Field(default_factory=list)
    dates: list[DateFact] = Field(default_factory=list)
    scores: list[Score] = Field(default_factory=list)
    rankings: list[Ranking] = Field(default_factory=list)
    dossiers: list[Dossier] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    rates: list[Rate] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The JSON-ready dict of the contract (enums as strings, spans as lists)."""
        return self.model_dump(mode="json")


def output_json_schema() -> dict[str, Any]:
    """JSON Schema of ``cchc extract --json`` output."""
    schema = Extraction.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "cchc extraction"
    return schema
