"""Benchmark: ``cchc extract`` throughput with people enabled, on the seed documents.

Not a test (pytest does not collect ``benchmarks/``). Start-up (spaCy, underthesea and
the data files) is paid once, before the clock starts; then every seed is extracted
``--rounds`` times on one core and documents per second are printed, with and without
people, so the cost of person names is visible. The floor the units/people issue sets
is 20 documents per second with people (the benchmarks issue aims at 100)::

    python benchmarks/bench_people.py            # seeds from ../shared/seeds
    python benchmarks/bench_people.py --rounds 20 --seeds /path/to/txt/dir
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors import extract
from extractors.people.ner import tag
from pipeline.convert import convert_path

FLOOR = 20.0


def rate(docs: list, rounds: int, with_people: bool) -> float:
    """Documents per second over ``rounds`` passes."""
    start = time.perf_counter()
    for _ in range(rounds):
        for doc in docs:
            extract(doc, with_people=with_people)
    return rounds * len(docs) / (time.perf_counter() - start)


def run(quick: bool = False) -> dict:
    """The ``people`` section of ``make bench``: seeds with and without person names."""
    from benchmarks.corpora import SHARED

    docs = [convert_path(p) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    tag("Ông Nguyễn Văn A dự họp.")
    for doc in docs:
        extract(doc)
    rounds = 3 if quick else 10
    with_people, without = rate(docs, rounds, True), rate(docs, rounds, False)
    return {"documents": len(docs), "rounds": rounds,
            "with_people_docs_per_s": round(with_people, 1),
            "without_people_docs_per_s": round(without, 1),
            "targets": {f"with people >= {FLOOR:.0f} documents/s (seeds, one core)":
                        with_people >= FLOOR}}


def table(r: dict) -> str:
    met = next(iter(r["targets"].values()))
    return (f"seeds ({r['documents']} documents x {r['rounds']} rounds), one core:\n"
            f"with people    {r['with_people_docs_per_s']:>8} documents/s\n"
            f"without people {r['without_people_docs_per_s']:>8} documents/s\n"
            f"target {next(iter(r['targets']))}: {'met' if met else 'NOT met'}")


def main() -> int:
    shared = Path(os.environ.get("CCHC_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=shared / "seeds")
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()
    docs = [convert_path(p) for p in sorted(args.seeds.glob("*.txt"))]
    if not docs:
        print(f"no .txt documents in {args.seeds} (set CCHC_SHARED or --seeds)")
        return 2
    t0 = time.perf_counter()
    tag("Ông Nguyễn Văn A dự họp.")  # start-up: underthesea's models load once
    for doc in docs:
        extract(doc)
    print(f"start-up and first pass: {time.perf_counter() - t0:.2f} s")
    with_people = rate(docs, args.rounds, True)
    without = rate(docs, args.rounds, False)
    print(f"{len(docs)} documents x {args.rounds} rounds")
    print(f"with people:    {with_people:7.1f} documents/s (floor {FLOOR:.0f})")
    print(f"without people: {without:7.1f} documents/s")
    return 0 if with_people >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
