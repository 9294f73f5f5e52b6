"""scores extractor (being built)."""

from __future__ import annotations

from typing import Any

from extractors.textview import TextView


def extract(view: TextView, found: dict[str, Any]) -> list:
    """Nothing yet."""
    return []
