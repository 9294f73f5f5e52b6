"""document extractor (being built)."""

from __future__ import annotations

from typing import Any

from extractors.textview import TextView
from schemas import DocumentMeta


def extract(view: TextView, found: dict[str, Any]) -> DocumentMeta:
    """Nothing yet."""
    return DocumentMeta()
