"""``cchc extract`` as a user runs it, over real documents replicated to 400 files, beside
underthesea's NER on the same texts — the way issue 19 is measured from outside.

The files are the seeds and ``corpus/texts`` (real official documents, ~2.5k characters
each, mean printed), cycled to 400 files in a temporary folder. The real command runs in
a child (``benchmarks.child``) with ``--jobs 1`` and with its default (one worker a
core), writing one JSON file a document (``-o``); start-up is taken off by the same
command on as many files as it has workers. underthesea's ``ner`` (sentence by sentence, as
``bench_extract.underthesea_ner``) runs on each distinct text once in this process after
its models are loaded; it keeps no cache, so its time a document is the same on the
replicated set. Both are reported in documents a second of CPU and of wall time.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from benchmarks.child import run_cchc
from benchmarks.corpora import ROOT, SHARED
from pipeline.process.many import default_jobs

FILES = 400
TARGET_CPU_DOCS_PER_S = 250


def local_paths() -> list[Path]:
    """The real documents: the seeds and our corpus texts."""
    return sorted((SHARED / "seeds").glob("*.txt")) + sorted(
        (ROOT / "corpus" / "texts").glob("*.txt"))


def write_files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True)
    out = []
    for i, src in enumerate(islice(cycle(local_paths()), n)):
        target = folder / f"{i:04d}-{src.name}"
        shutil.copyfile(src, target)
        out.append(target)
    return out


def extract_run(files: list[Path], out: Path, jobs: int | None) -> dict[str, float]:
    shutil.rmtree(out, ignore_errors=True)
    args = ["extract", *map(str, files), "-o", str(out), "-q"]
    return run_cchc(*args, *(["--jobs", str(jobs)] if jobs else []))


def underthesea_run(paths: list[Path]) -> dict[str, float]:
    from benchmarks.bench_extract import underthesea_ner

    texts = [p.read_text(encoding="utf-8") for p in paths]
    underthesea_ner(texts[0])  # the models load on the first call
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        underthesea_ner(text)
    return {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu,
            "documents": len(texts)}


def run(quick: bool = False) -> dict[str, Any]:
    n = 80 if quick else FILES
    distinct = local_paths()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-cli-") as tmp:
        files = write_files(Path(tmp) / "docs", n)
        extract_run(files[:20], Path(tmp) / "warm", 1)  # the file cache, the bytecode
        out: dict[str, Any] = {"files": n, "distinct_documents": len(distinct),
                               "mean_chars": sum(len(p.read_text(encoding="utf-8"))
                                                 for p in distinct) // len(distinct)}
        for jobs in (1, None):
            key = f"jobs_{jobs}" if jobs else "jobs_default"
            whole = extract_run(files, Path(tmp) / "out", jobs)
            # Start-up: as many files as workers, so that every worker starts (each
            # imports the pipeline and loads underthesea: ~2 s of CPU apiece).
            workers = jobs or default_jobs()
            start = extract_run(files[:workers], Path(tmp) / "one", jobs)
            cpu, wall = whole["cpu_s"] - start["cpu_s"], whole["wall_s"] - start["wall_s"]
            out[key] = {"workers": workers, "wall_s": round(whole["wall_s"], 2),
                        "cpu_s": round(whole["cpu_s"], 2),
                        "startup_wall_s": round(start["wall_s"], 2),
                        "startup_cpu_s": round(start["cpu_s"], 2),
                        "docs_per_s_cpu": round((n - workers) / max(cpu, 1e-9), 1),
                        "docs_per_s_wall": round((n - workers) / max(wall, 1e-9), 1),
                        "peak_rss_mb": round(whole["peak_rss_mb"], 1),
                        "exit_code": int(whole["exit_code"])}
    peer = underthesea_run(distinct)
    out["underthesea_ner"] = {
        "docs_per_s_cpu": round(peer["documents"] / peer["cpu_s"], 2),
        "docs_per_s_wall": round(peer["documents"] / peer["wall_s"], 2)}
    out["ratio_cpu_vs_underthesea"] = round(
        out["jobs_1"]["docs_per_s_cpu"] / out["underthesea_ner"]["docs_per_s_cpu"], 1)
    out["targets"] = {f"--jobs 1 >= {TARGET_CPU_DOCS_PER_S} docs/s of CPU after start-up":
                      out["jobs_1"]["docs_per_s_cpu"] >= TARGET_CPU_DOCS_PER_S}
    return out


def table(r: dict[str, Any]) -> str:
    lines = [f"`cchc extract -o DIR` over {r['files']} files: {r['distinct_documents']} real "
             f"documents (seeds + corpus/texts, mean {r['mean_chars']} chars) replicated; "
             "start-up (the same command on one file a worker) taken off",
             f"{'':<16}{'wall s':>8}{'CPU s':>8}{'start-up CPU s':>16}{'docs/s CPU':>12}"
             f"{'docs/s wall':>13}{'peak RSS MB':>13}"]
    for key, label in (("jobs_1", "--jobs 1"), ("jobs_default", "--jobs default")):
        v = r[key]
        lines.append(f"{label:<16}{v['wall_s']:>8}{v['cpu_s']:>8}{v['startup_cpu_s']:>16}"
                     f"{v['docs_per_s_cpu']:>12}{v['docs_per_s_wall']:>13}{v['peak_rss_mb']:>13}"
                     + ("" if v["exit_code"] == 0 else f"  (exit {v['exit_code']})"))
    p = r["underthesea_ner"]
    lines.append(f"{'underthesea ner':<16}{'':>8}{'':>8}{'':>16}{p['docs_per_s_cpu']:>12}"
                 f"{p['docs_per_s_wall']:>13}")
    lines.append(f"cchc --jobs 1 / underthesea ner (CPU): {r['ratio_cpu_vs_underthesea']}x")
    for target, met in r["targets"].items():
        lines.append(f"target {target}: {'met' if met else 'NOT met'}")
    return "\n".join(lines)
