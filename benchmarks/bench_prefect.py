"""Prefect overhead: the same 1,000 real documents ingested by the plain functions and by
the ``ingest/folder`` deployment on a process worker, in one run.

Three times are reported: the plain ``pipeline.ingest``; the flow run's own duration as
Prefect records it (start to end, in the worker's subprocess: imports, task runs, the
single writer); and the wall time from ``prefect deployment run`` to completion, which
adds the worker's polling and process start. Target: flow-run overhead ≤ 10 %.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.corpora import ROOT, bulk_texts, source_name

TARGET_OVERHEAD = 0.10


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_docs(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i, text in enumerate(bulk_texts(n)):
        # Cycled pages get a distinct last line so every file is its own document.
        (folder / f"doc{i:05d}.txt").write_text(f"{text}\n\n(bản sao {i})", encoding="utf-8")


def _flow_run_seconds(stack, name: str) -> float:
    from pipeline import orchestrate as o

    runs = json.loads(o.run(stack, "flow-run", "ls", "--flow-name", name, "--limit", "1",
                            "--output", "json"))
    return float(runs[0]["total_run_time"])


def run(quick: bool = False) -> dict[str, Any]:
    from pipeline import orchestrate as o
    from pipeline import store
    from pipeline.ingest import ingest

    n = 100 if quick else 1000
    work = Path(tempfile.mkdtemp(prefix="cchc-bench-prefect-"))
    try:
        docs = work / "docs"
        _write_docs(docs, n)
        start = time.perf_counter()
        ingest([docs], store.open_db(work / "plain.db"))
        plain = time.perf_counter() - start
        stack = o.Stack(home=work / "prefect", port=_free_port(), project=ROOT)
        o.up(stack)
        try:
            start = time.perf_counter()
            o.run(stack, "deployment", "run", "ingest/folder",
                  "-p", f"paths={json.dumps([str(docs)])}", "-p", f"db={work / 'flow.db'}",
                  "--watch", "--watch-timeout", "3600", timeout=3700)
            wall = time.perf_counter() - start
            flow_run = _flow_run_seconds(stack, "ingest")
        finally:
            o.down(stack)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    overhead = flow_run / plain - 1
    return {
        "documents": n, "source": source_name(),
        "plain_s": round(plain, 2), "flow_run_s": round(flow_run, 2),
        "deployment_wall_s": round(wall, 2),
        "overhead_flow_run": round(overhead, 3),
        "overhead_wall": round(wall / plain - 1, 3),
        "targets": {"Prefect flow-run overhead <= 10 % (process worker)":
                    overhead <= TARGET_OVERHEAD},
    }


def table(r: dict[str, Any]) -> str:
    lines = [f"{r['documents']} documents from {r['source']}",
             f"plain functions          {r['plain_s']:>8} s",
             f"flow run (process worker){r['flow_run_s']:>8} s   overhead "
             f"{r['overhead_flow_run']:+.1%}",
             f"deployment run, wall     {r['deployment_wall_s']:>8} s   overhead "
             f"{r['overhead_wall']:+.1%} (worker polling and process start included)"]
    for target, met in r["targets"].items():
        lines.append(f"target {target}: {'met' if met else 'NOT met'}")
    return "\n".join(lines)
