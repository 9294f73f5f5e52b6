"""``make bench``: run every benchmark section, write ``outputs/bench.json``, print tables.

Each section is a module ``benchmarks/bench_<name>.py`` with ``run(quick: bool) -> dict``
and ``table(result: dict) -> str``; this runner finds them, runs the ones asked for (all
by default) and merges their results into ``outputs/bench.json`` under the section name,
so a section can be re-run alone without losing the others::

    python -m benchmarks.run                 # every section
    python -m benchmarks.run extract store   # just these
    python -m benchmarks.run --quick         # smaller sizes, for a smoke run

Speed is measured here, never in tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "outputs" / "bench.json"


def sections() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help=f"sections to run (default all: {sections()})")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    names = args.names or sections()
    unknown = set(names) - set(sections())
    if unknown:
        ap.error(f"unknown sections {sorted(unknown)}; known: {sections()}")
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    results["machine"] = {"python": platform.python_version(), "cpus": _cpus(),
                          "platform": platform.platform()}
    for name in names:
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"== {name} ==", flush=True)
        start = time.perf_counter()
        result = module.run(quick=args.quick)
        result["seconds"] = round(time.perf_counter() - start, 1)
        result["quick"] = args.quick
        results[name] = result
        print(module.table(result), flush=True)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
