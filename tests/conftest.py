"""Shared test fixtures: where the repository and ../shared are, and span checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CCHC_SHARED", REPO.parent / "shared")).resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared; in CI its absence is a failure, never a silent skip."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} not present on this machine")
    return path


def assert_spans(extraction) -> None:
    """Every fact's quote is exactly the text at its span."""
    data = extraction.to_contract() if hasattr(extraction, "to_contract") else extraction
    text = data["text"]
    for key, items in data.items():
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict) and "span" in item:
                a, b = item["span"]
                assert text[a:b] == item["quote"], (key, item)
