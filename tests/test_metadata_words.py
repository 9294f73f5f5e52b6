"""The metadata speaks to its readers in Vietnamese: every table and view a reader
opens has a Vietnamese title and description, and the fact tables' columns are named in
Vietnamese too (the schema's English stays only where no words are given yet)."""

from __future__ import annotations

import re

import pytest

from pipeline.serve.metadata import build
from pipeline.store import schema
from pipeline.store.views import VIEWS
from schemas import CATEGORIES

TABLES = build("cchc")["databases"]["cchc"]["tables"]
VIETNAMESE = re.compile(r"[^\x00-\x7f]")  # a Vietnamese letter: Latin with marks, or đ
READ = [t.name for t in schema.tables()] + list(VIEWS) + [
    "assessment_results", "dossier_stats", "checks", "dossier_totals"]


@pytest.mark.parametrize("name", READ)
def test_every_table_has_vietnamese_words(name):
    meta = TABLES[name]
    assert meta["title"] != name.replace("_", " ").capitalize(), name
    assert VIETNAMESE.search(meta["title"] + meta["description"]), meta


@pytest.mark.parametrize("name", ["documents", *CATEGORIES])
def test_columns_of_documents_and_facts_in_vietnamese(name):
    english = [c for c, words in TABLES[name]["columns"].items() if not VIETNAMESE.search(words)]
    assert not english, f"{name}: {english}"


def test_the_site_describes_itself_in_vietnamese():
    assert VIETNAMESE.search(build("cchc")["description"])
