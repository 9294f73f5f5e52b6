"""Data flows one way: crawl → fetch → convert → extract → store → serve.

The tables and the reading live in ``pipeline/layers.py`` (``python -m pipeline.layers``
draws the graph); this test holds every module to them.

Every module under ``pipeline/``, ``extractors/`` and ``schemas/`` is read with ``ast``
(imports inside functions and under ``TYPE_CHECKING`` count too) and placed by the longest
prefix in the tables below. A module may import its own stage, an earlier one, or the
shared layer; only an orchestrator, whose job is to tie stages together, may import a
later stage. A failure names the file, the line and the import, e.g.::

    pipeline/crawl.py:37 (fetch) imports pipeline.store.records (store), a later stage
"""

from __future__ import annotations

import pytest

from pipeline.layers import (
    MODULES,
    ORCHESTRATORS,
    REPO,
    SHARED,
    STAGES,
    imports_of,
    place,
    problems,
    shown,
)


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: str(MODULES[n].relative_to(REPO)))
def test_no_module_imports_a_later_stage(name: str) -> None:
    found = problems(name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: str(MODULES[n].relative_to(REPO)))
def test_every_module_has_a_place(name: str) -> None:
    assert place(name)[0], (f"{MODULES[name].relative_to(REPO)} is in no stage: add it to "
                            "STAGES, SHARED or ORCHESTRATORS in pipeline/layers.py")


@pytest.mark.parametrize("package", ["extractors", "schemas"])
def test_extractors_and_schemas_import_nothing_from_pipeline(package: str) -> None:
    found = [f"{MODULES[n].relative_to(REPO)}:{imp.line} imports {shown(imp.target)}"
             for n in MODULES if n.split(".")[0] == package
             for imp in imports_of(n) if imp.target.startswith("pipeline.")]
    assert not found, "\n".join(found)


def test_every_name_in_the_tables_is_a_module() -> None:
    """The tables stay true: a module moved or removed must leave them too."""
    names = [p for _, prefixes in STAGES for p in prefixes] + [*SHARED, *ORCHESTRATORS]
    stale = [p for p in names if not any(m == p or m.startswith(p + ".") for m in MODULES)]
    assert not stale, f"no such module: {', '.join(stale)}"


@pytest.mark.parametrize(("source", "expected"), [
    ("from pipeline.store import fold\n",
     ["pipeline/crawl.py:1 (fetch) imports pipeline.store (store), a later stage"]),
    ("def f():\n    from pipeline.harvest import crawl_site\n",
     ["pipeline/crawl.py:2 (fetch) imports pipeline.harvest (orchestrator), an orchestrator"]),
    ("from pipeline import sites, errors\nfrom pipeline.detect import detect_format\n", []),
])
def test_the_check_names_the_offending_import(source: str, expected: list[str]) -> None:
    """The rule itself, on made-up sources for ``pipeline/crawl.py``."""
    assert problems("pipeline.crawl", source) == expected
