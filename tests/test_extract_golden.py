"""Speed-ups change no fact: every text extracts exactly as in ``extract_golden.json``.

The golden file was written from the code before the issue-19 optimisations (legacy
detection skipped on clean UTF-8, stage prefilters, cached parses): the seeds and
``corpus/texts`` with every fact, span and quote; the first 400 bulk pages as one hash a
category. A deliberate change of extractor output (a new rule, a data file) is
regenerated with ``python -m tests.extract_golden`` (``--diff`` lists what moved first)
and said so in the commit; a speed-up must pass unchanged.
"""

from __future__ import annotations

import json
from functools import cache

import pytest

from tests import extract_golden as golden

GOLDEN = json.loads(golden.GOLDEN.read_text("utf-8"))
LOCAL = dict(golden.local_files())


@cache
def bulk() -> dict[str, str]:
    return dict(golden.bulk_pages())


@pytest.mark.parametrize("name", sorted(GOLDEN["local"]))
def test_a_seed_or_corpus_text_extracts_as_in_the_golden_file(name: str) -> None:
    if name not in LOCAL:
        pytest.skip(f"{name} not present on this machine")
    assert golden.local_entry(LOCAL[name]) == GOLDEN["local"][name]


@pytest.mark.parametrize("name", sorted(GOLDEN["bulk"]))
def test_a_bulk_page_extracts_as_in_the_golden_file(name: str) -> None:
    if name not in bulk():
        pytest.skip("../shared/bulk not present on this machine")
    assert golden.bulk_entry(bulk()[name]) == GOLDEN["bulk"][name]
