"""Data flows one way: crawl → fetch → convert → extract → store → serve.

Every module under ``pipeline/``, ``extractors/`` and ``schemas/`` is read with ``ast``
(imports inside functions and under ``TYPE_CHECKING`` count too) and placed by the longest
prefix in the tables below. A module may import its own stage, an earlier one, or the
shared layer; only an orchestrator, whose job is to tie stages together, may import a
later stage. A failure names the file, the line and the import, e.g.::

    pipeline/crawl.py:37 (fetch) imports pipeline.store.records (store), a later stage
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

#: The stages in the order data flows through them, and the modules each holds.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # what a site lists: the registry and one adapter per CMS
    ("crawl", ("pipeline.sites",)),
    # getting the bytes: polite HTTP, the raw store, attached files, and the walk over a
    # site's pages that fetches what the adapters list (it comes after the adapters)
    ("fetch", ("pipeline.fetch", "pipeline.raw", "pipeline.attachments", "pipeline.crawl")),
    ("convert", ("pipeline.convert",)),
    # the extractors, one document converted then extracted (process), and their scoring
    ("extract", ("extractors", "pipeline.process", "pipeline.evaluation")),
    ("store", ("pipeline.store",)),
    ("serve", ("pipeline.serve",)),
)

#: Usable by every stage, importing no stage: the shared types, the typed errors, what a
#: body is by its bytes, and what cchc knows about text and names (NFC and folding in
#: ``extractors.text``, provinces and bodies in ``extractors.lexicon``: no fact category,
#: see their ``__init__``; the converters normalise with the same NFC, the site registry
#: checks a site's province against the gazetteer).
SHARED: tuple[str, ...] = (
    "pipeline.__init__", "schemas", "pipeline.errors", "pipeline.detect",
    "extractors.text", "extractors.lexicon",
)

#: Tie stages together, so they may import any of them: the CLI, the Prefect stack, and
#: the runners that process documents and store them (files, stored text, crawled sites).
#: ``flows.py`` is one too; it lives outside the packages read here.
ORCHESTRATORS: tuple[str, ...] = (
    "pipeline.cli", "pipeline.__main__", "pipeline.orchestrate",
    "pipeline.ingest", "pipeline.reextract", "pipeline.harvest",
)

PACKAGES = ("pipeline", "extractors", "schemas")
LATER_THAN_ALL = len(STAGES)


@dataclass(frozen=True)
class Import:
    line: int
    target: str  # a module of ours, packages named "<package>.__init__"


def module_name(path: Path) -> str:
    """``pipeline/store/__init__.py`` → ``pipeline.store.__init__``."""
    return ".".join(path.relative_to(REPO).with_suffix("").parts)


def shown(name: str) -> str:
    return name.removesuffix(".__init__")


MODULES: dict[str, Path] = {
    module_name(p): p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))}


def resolve(dotted: str) -> str | None:
    """The module of ours that ``dotted`` names (a package is its ``__init__``)."""
    for name in (f"{dotted}.__init__", dotted):
        if name in MODULES:
            return name
    return None


def imports_of(name: str, source: str | None = None) -> list[Import]:
    """Every import of one of our modules in module ``name`` (its file, or ``source``),
    wherever it stands."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8") if source is None else source)
    here = name.split(".")[:-1]  # the package a relative import starts from
    found: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [resolve(a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = here[: len(here) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            targets = [resolve(f"{base}.{a.name}") or resolve(base) for a in node.names]
        else:
            continue
        found += [Import(node.lineno, t) for t in dict.fromkeys(targets) if t]
    return found


def place(name: str) -> tuple[str, int]:
    """(layer, rank): a stage and its index, ("shared", -1), ("orchestrator", after all),
    or ("", -2) for a module no table names."""
    best, placed = "", ("", -2)
    layers = [*((stage, i, prefixes) for i, (stage, prefixes) in enumerate(STAGES)),
              ("shared", -1, SHARED), ("orchestrator", LATER_THAN_ALL, ORCHESTRATORS)]
    for layer, rank, prefixes in layers:
        for prefix in prefixes:
            matches = name == prefix or name.startswith(prefix + ".")
            if matches and len(prefix) > len(best):
                best, placed = prefix, (layer, rank)
    return placed


def problems(name: str, source: str | None = None) -> list[str]:
    """Every import of module ``name`` (its file, or ``source``) that goes against the
    flow, in words."""
    layer, rank = place(name)
    where = MODULES[name].relative_to(REPO)
    out, label = [], layer or "no stage"
    for imp in imports_of(name, source):
        to_layer, to_rank = place(imp.target)
        target = f"{shown(imp.target)} ({to_layer or 'no stage'})"
        if layer == "orchestrator" or to_layer == "shared":
            continue
        if layer == "shared":
            out.append(f"{where}:{imp.line} (shared) imports {target}: the shared layer "
                       "imports only shared modules")
        elif to_rank > rank:
            kind = "an orchestrator" if to_layer == "orchestrator" else "a later stage"
            out.append(f"{where}:{imp.line} ({label}) imports {target}, {kind}")
    return out


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: str(MODULES[n].relative_to(REPO)))
def test_no_module_imports_a_later_stage(name: str) -> None:
    found = problems(name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(MODULES), ids=lambda n: str(MODULES[n].relative_to(REPO)))
def test_every_module_has_a_place(name: str) -> None:
    assert place(name)[0], (f"{MODULES[name].relative_to(REPO)} is in no stage: add it to "
                            "STAGES, SHARED or ORCHESTRATORS in tests/test_import_direction.py")


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
