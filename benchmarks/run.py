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

from pipeline.cli.progress import Progress

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "outputs" / "bench.json"


def sections() -> list[str]:
    """The modules with a ``run`` and a ``table`` (``bench_isolation`` runs alone)."""
    return sorted(p.stem.removeprefix("bench_")
                  for p in Path(__file__).parent.glob("bench_*.py")
                  if "\ndef run(" in (text := p.read_text(encoding="utf-8"))
                  and "\ndef table(" in text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help=f"sections to run (default all: {sections()})")
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("-q", "--quiet", action="store_true", help="no progress bar or lines")
    args = ap.parse_args(argv)
    names = args.names or sections()
    unknown = set(names) - set(sections())
    if unknown:
        ap.error(f"unknown sections {sorted(unknown)}; known: {sections()}")
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    results["machine"] = {"python": platform.python_version(), "cpus": _cpus(),
                          "platform": platform.platform()}
    with Progress("bench", total=len(names), unit="sections", every=1,
                  quiet=args.quiet) as progress:
        for name in names:
            progress.note(name)
            module = importlib.import_module(f"benchmarks.bench_{name}")
            print(f"== {name} ==", flush=True)
            start = time.perf_counter()
            result = module.run(quick=args.quick)
            result["seconds"] = round(time.perf_counter() - start, 1)
            result["quick"] = args.quick
            results[name] = result
            print(module.table(result), flush=True)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1),
                                encoding="utf-8")
            progress.advance(name)
    print("\n== summary ==\n" + summary(results, names))
    print(f"\nwritten {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def summary(results: dict, ran: list[str]) -> str:
    """cchc beside its two peers (underthesea's NER, a naive regex) as ratios, and the
    end-to-end ingest, from this run or, marked so, an earlier one (``bench.json``)."""
    lines = []
    extract, ingest = results.get("extract"), results.get("ingest")

    def earlier(name: str) -> str:
        return "" if name in ran else " (from an earlier run)"

    if extract:
        cchc = extract["one_process"]["docs_per_s"]
        lines.append(f"extraction{earlier('extract')}, {extract['documents']} pages of "
                     f"~{extract['mean_chars']} chars, one process:")
        lines.append(f"  {'':<22}{'docs/s':>9}{'cchc faster':>13}"
                     + "".join(f"{'F1 ' + g:>14}" for g in extract["quality"]))
        quality = extract["quality"]
        peers = {"cchc": ("cchc", None), "underthesea NER": ("underthesea", "underthesea_ner"),
                 "naive regex": ("naive", "naive_regex")}
        for label, (tool, peer) in peers.items():
            speed = cchc if peer is None else 1 / extract["peers"][peer]["s_per_doc"]
            faster = "" if peer is None else f"{cchc / speed:.2f}x"
            f1 = "".join(f"{quality[g][tool]['all_f1']:>14.3f}" for g in quality)
            lines.append(f"  {label:<22}{speed:>9.1f}{faster:>13}{f1}")
        for g in quality:
            ratios = ", ".join(
                f"{_ratio(quality[g]['cchc']['all_f1'], quality[g][tool]['all_f1'])}x "
                f"{label}" for label, (tool, peer) in peers.items() if peer)
            lines.append(f"  F1 on {g}, cchc over: {ratios}")
    if ingest:
        one, two = ingest["jobs_1"], ingest["jobs_2"]
        lines.append(f"end-to-end `cchc ingest`{earlier('ingest')}, {ingest['documents']} "
                     f"pages: --jobs 1 {one['docs_per_s_wall']} docs/s "
                     f"({one['docs_per_s_cpu_after_startup']} docs/s of CPU after "
                     f"start-up), --jobs 2 "
                     f"{two['docs_per_s_wall']} docs/s ({ingest.get('speedup_two_cores', '?')}x "
                     f"--jobs 1 on one core, "
                     f"{ingest.get('speedup_two_cores_after_startup', '?')}x after start-up; "
                     f"{ingest['speedup_jobs_2']}x --jobs 1 on two; two "
                     f"plain processes got {ingest.get('machine_parallelism', '?')}x one's "
                     f"work done meanwhile"
                     + (f"; the host's reference loop took {ingest['reference_loop_cpu_s']} s"
                        if "reference_loop_cpu_s" in ingest else "") + ")")
    return "\n".join(lines) or "(run the extract and ingest sections for a summary)"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b else ("inf" if a else "n/a")


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
