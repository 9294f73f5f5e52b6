"""Scaling: end-to-end ``cchc ingest`` of 1k, 10k and 100k documents, time and peak RSS.

Documents are real pages of ../shared/bulk (cycled past its 3,945 pages, each copy with
a distinct last line so it is a document of its own; the table says so), written as
.txt files and ingested by the real command (``--jobs`` at its default, one worker a
core) in a child process whose peak RSS is read from ``wait4`` (the largest of the
ingest and its workers). The growth should be linear in time and flat in memory; target: RSS
≤ 1 GB at 100k. ``CCHC_BENCH_SCALING_SIZES=1000,10000`` overrides the sizes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.child import run_cchc
from benchmarks.corpora import iter_bulk, source_name

TARGET_RSS_MB = 1024


def sizes(quick: bool) -> list[int]:
    env = os.environ.get("CCHC_BENCH_SCALING_SIZES")
    if env:
        return [int(x) for x in env.split(",")]
    return [200, 1000] if quick else [1000, 10_000, 100_000]


def write_docs(folder: Path, n: int) -> int:
    """``n`` real texts as files; returns the number of characters written."""
    folder.mkdir(parents=True)
    chars = 0
    for i, text in iter_bulk(n):
        body = f"{text}\n\n(bản sao {i})"
        chars += len(body)
        (folder / f"{i // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"doc{i:06d}.txt").write_text(body, encoding="utf-8")
    return chars


def ingest(folder: Path, db: Path) -> tuple[float, float, float, int]:
    """Run ``cchc ingest`` in a child; (seconds, CPU seconds, peak RSS MB, exit code).

    CPU seconds are the child's and its workers' user + system time (``wait4``): on a
    shared machine they say what the run cost whatever else was running."""
    r = run_cchc("ingest", str(folder), "--db", str(db))
    return r["wall_s"], r["cpu_s"], r["peak_rss_mb"], int(r["exit_code"])


def run(quick: bool = False) -> dict[str, Any]:
    rows = []
    for n in sizes(quick):
        work = Path(tempfile.mkdtemp(prefix=f"cchc-scale-{n}-"))
        try:
            chars = write_docs(work / "docs", n)
            seconds, cpu, rss, code = ingest(work / "docs", work / "cchc.db")
            db_mb = (work / "cchc.db").stat().st_size / 2**20
        finally:
            shutil.rmtree(work, ignore_errors=True)
        rows.append({"documents": n, "chars": chars, "seconds": round(seconds, 1),
                     "docs_per_s": round(n / seconds, 1),
                     "cpu_seconds": round(cpu, 1), "peak_rss_mb": round(rss, 1),
                     "db_mb": round(db_mb, 1), "exit_code": code})
    first, last = rows[0], rows[-1]
    # CPU time, not wall: on a shared machine the wall clock of an hour-long run counts
    # whatever else ran in that hour.
    per_doc_growth = ((last["cpu_seconds"] / last["documents"])
                      / (first["cpu_seconds"] / first["documents"]))
    return {
        "source": source_name() + " (cycled, each copy made distinct)",
        "runs": rows,
        "cpu_per_document_ratio_largest_vs_smallest": round(per_doc_growth, 2),
        "targets": {
            f"peak RSS <= {TARGET_RSS_MB} MB at {last['documents']} documents":
                last["peak_rss_mb"] <= TARGET_RSS_MB,
            "linear time (CPU time per document within 1.5x from smallest to largest)":
                per_doc_growth <= 1.5,
        },
    }


def table(r: dict[str, Any]) -> str:
    lines = [f"end-to-end `cchc ingest`, {r['source']}",
             f"{'documents':>10}{'seconds':>10}{'docs/s':>9}{'CPU s':>9}{'peak RSS MB':>13}"
             f"{'db MB':>9}"]
    for row in r["runs"]:
        lines.append(f"{row['documents']:>10}{row['seconds']:>10}{row['docs_per_s']:>9}"
                     f"{row.get('cpu_seconds', '-'):>9}{row['peak_rss_mb']:>13}{row['db_mb']:>9}"
                     + ("" if row["exit_code"] == 0 else f"  (exit {row['exit_code']})"))
    lines.append("CPU time per document, largest vs smallest run: "
                 f"{r['cpu_per_document_ratio_largest_vs_smallest']}x")
    for target, met in r["targets"].items():
        lines.append(f"target {target}: {'met' if met else 'NOT met'}")
    return "\n".join(lines)
