"""Run every ``benchmarks/bench_<section>.py`` (or the sections named on the command line)
and merge each one's ``run()`` result into ``outputs/bench.json`` under ``<section>``.

Other sections already in the file are kept, so each engineer's section can be re-run
alone: ``python -m benchmarks.run store``.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

OUT = Path("outputs/bench.json")


def sections() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py"))


def main(names: list[str]) -> None:
    results = json.loads(OUT.read_text()) if OUT.exists() else {}
    for name in names or sections():
        module = importlib.import_module(f"benchmarks.bench_{name}")
        print(f"bench {name} …", file=sys.stderr)
        results[name] = module.run()
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
        print(json.dumps(results[name], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
