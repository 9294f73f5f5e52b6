"""What running each document in a worker process costs (``pipeline.process.isolate``).

    python -m benchmarks.bench_isolation            # files of the repo, 5 rounds a mode
    python -m benchmarks.bench_isolation --bulk 300 # plus 300 pages of the bulk corpus

The same files go through ``process`` in this process (``CCHC_ISOLATE=0``) and in a
worker, in alternating rounds (so a busy machine slows both alike); per mode it prints
the best and median round in milliseconds a document, the worker's start-up, and whether
both modes gave identical documents and facts. Files: the seeds, ``corpus/texts`` and
the fixtures (text PDFs, DOCX, DOC, HTML, legacy text; the scan is left out, its OCR
would drown the difference), and with ``--bulk N`` real pages of the bulk corpus written
as text files.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.corpora import SHARED, bulk_texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "corpus" / "fixtures"


def repo_files() -> list[Path]:
    """The repository's normal documents (no broken ones, no scans)."""
    files = sorted((SHARED / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "texts")
                                                               .glob("*.txt"))
    for sub in ("txt", "docx", "doc", "html", "pdf"):
        files += sorted(p for p in (FIXTURES / sub).iterdir()
                        if p.suffix in (".txt", ".docx", ".doc", ".html", ".pdf")
                        and ".scan." not in p.name and not p.name.endswith(".body.txt"))
    return files


def outcome(result: object) -> str:
    """A result as comparable text: the document and its facts, or the failure."""
    from pipeline.process import Failure

    if isinstance(result, Failure):
        return str(result)
    return json.dumps([result.document.model_dump(mode="json"),
                       result.extraction.to_contract()], ensure_ascii=False, sort_keys=True)


def one_round(files: list[Path], isolated: bool) -> tuple[float, list[str]]:
    from pipeline.process import process

    os.environ["CCHC_ISOLATE"] = "1" if isolated else "0"
    start = time.perf_counter()
    results = [process(path) for path in files]
    return time.perf_counter() - start, [outcome(r) for r in results]


def bench(files: list[Path], rounds: int) -> dict:
    """Alternate rounds of both modes; ms a document per mode, and whether they agree."""
    from extractors.people import ner
    from pipeline.process.isolate import Worker

    start = time.perf_counter()
    Worker().stop()
    startup = time.perf_counter() - start
    ner.load()
    one_round(files[:2], True)  # the pool's worker is up
    one_round(files[:2], False)  # and this process's models
    times: dict[str, list[float]] = {"inline": [], "isolated": []}
    same = True
    for _ in range(rounds):
        for mode in ("inline", "isolated"):
            seconds, results = one_round(files, mode == "isolated")
            times[mode].append(1000 * seconds / len(files))
            if mode == "inline":
                reference = results
            else:
                same = same and results == reference
    out = {"documents": len(files), "rounds": rounds, "worker_start_s": round(startup, 2),
           "identical": same}
    for mode, values in times.items():
        out[f"{mode}_ms_per_doc_best"] = round(min(values), 1)
        out[f"{mode}_ms_per_doc_median"] = round(statistics.median(values), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bulk", type=int, default=0, help="also N bulk-corpus pages")
    args = parser.parse_args()
    print(json.dumps({"files": "repo"} | bench(repo_files(), args.rounds)))
    if args.bulk:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for i, text in enumerate(bulk_texts(args.bulk)):
                path = Path(tmp) / f"bulk-{i:05d}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            print(json.dumps({"files": f"bulk {args.bulk}"} | bench(paths, args.rounds)))


if __name__ == "__main__":
    main()
