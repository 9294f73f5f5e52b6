"""The layers of cchc, as data: which stage each module belongs to, and what it imports.

Data flows one way, crawl → fetch → convert → extract → store → serve; a module may import
its own stage, an earlier one or the shared layer, and only an orchestrator (the CLI, the
Prefect stack, the runners that tie stages together) may import a later stage.
``tests/test_import_direction.py`` holds every module to it; this module draws the graph::

    python -m pipeline.layers          # each module's layer and the layers it imports
    python -m pipeline.layers --dot    # the same as a Graphviz graph, one node a package

Modules are read with ``ast`` (imports inside functions and under ``TYPE_CHECKING``
count) and placed by the longest prefix in the tables below; a failure names the file,
the line and the import, e.g.::

    pipeline/crawl.py:37 (fetch) imports pipeline.store.records (store), a later stage
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: The stages in the order data flows through them, and the modules each holds.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # what a site lists: the registry and one adapter per CMS
    ("crawl", ("pipeline.sites",)),
    # getting the bytes: polite HTTP, the raw store, attached files, and the walk over a
    # site's pages that fetches what the adapters list (it comes after the adapters)
    ("fetch", ("pipeline.fetch", "pipeline.fetcherrors", "pipeline.fetchguard", "pipeline.raw",
               "pipeline.attachments", "pipeline.crawl", "pipeline.crawlreport",
               "pipeline.retryqueue", "pipeline.walk", "pipeline.sitecheck")),
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
    "extractors.text", "extractors.lexicon", "pipeline.layers",
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




def package_of(name: str) -> str:
    """The node a module is drawn as: its package two levels deep (``extractors.units``)."""
    parts = shown(name).split(".")
    return ".".join(parts[:2])


def layer_of(package: str) -> str:
    """The layer a drawn package sits in ("?" where no table places it)."""
    return place(package + ".__init__")[0] or place(package)[0] or "?"


def edges() -> dict[tuple[str, str], int]:
    """How many imports go from one package to another (``package_of``), self-loops left
    out."""
    out: dict[tuple[str, str], int] = {}
    for name in MODULES:
        for imp in imports_of(name):
            a, b = package_of(name), package_of(imp.target)
            if a != b:
                out[(a, b)] = out.get((a, b), 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dot", action="store_true", help="print a Graphviz digraph")
    args = parser.parse_args(argv)
    graph = edges()
    nodes = sorted({n for pair in graph for n in pair} | {package_of(m) for m in MODULES})
    if args.dot:
        print("digraph cchc {\n  rankdir=LR; node [shape=box, fontname=Helvetica];")
        for node in nodes:
            print(f'  "{node}" [label="{node}\\n({layer_of(node)})"];')
        for (a, b), n in sorted(graph.items()):
            print(f'  "{a}" -> "{b}" [label="{n}"];')
        print("}")
        return 0
    for node in nodes:
        layer = layer_of(node)
        targets = sorted({b for (a, b) in graph if a == node})
        print(f"{node:<28} {layer:<13} → {', '.join(targets) or '—'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
