"""The README's Crawl section stays true: every option of ``cchc crawl`` and every field
of a registry entry is named there."""

from __future__ import annotations

import re

import pytest

from pipeline.cli import main
from pipeline.sites.registry import Site
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CRAWL = README[README.index("## Crawl"):README.index("## Orchestrate")]
OPTIONS = sorted(o for p in main.commands["crawl"].params for o in getattr(p, "opts", [])
                 if o.startswith("--") and o not in ("--db", "--raw", "--registry", "--all"))


@pytest.mark.parametrize("option", OPTIONS)
def test_every_crawl_option_is_in_the_readme(option: str) -> None:
    assert re.search(rf"{re.escape(option)}(?![\w-])", CRAWL), (
        f"README's Crawl section does not name `{option}`")


@pytest.mark.parametrize("name", sorted(set(Site.model_fields) - {"notes"}))
def test_every_registry_field_is_in_the_readme(name: str) -> None:
    assert f"`{name}`" in CRAWL, f"README's Crawl section does not name `{name}`"
