"""Run issue 17's probes through ``process`` in a fresh process and say what each cost.

    python -m tests.probe_run            # one JSON line a probe, then the children's peak

Each line: the probe, the seconds ``process`` took, the worker's peak resident memory
for it (``VmHWM``, reset before each task; absent when the worker was killed), and the
outcome in words. The last line is ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest
resident size any worker (or a program it ran) reached, killed ones included, since this
process started; ``tests/test_probes.py`` holds it under 1 GB.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests import probes

#: name → (file maker, the settings it runs under). The last two lift a format limit,
#: so the per-document memory and time limits are what stops them.
PROBES: dict[str, tuple[Callable[[Path], None], dict[str, str]]] = {
    "lying-header.docx": (lambda p: p.write_bytes(probes.lying_docx()), {}),
    "deflate-bomb.docx": (lambda p: p.write_bytes(probes.bomb_docx()), {}),
    "huge-xml.docx": (lambda p: p.write_bytes(probes.huge_xml_docx(100)), {}),
    "entities.docx": (lambda p: p.write_bytes(probes.entity_docx()), {}),
    "200-inch-page.pdf": (lambda p: p.write_bytes(probes.big_page_pdf()), {}),
    "50mb.txt": (lambda p: probes.large_text(p, 50), {}),
    "fifo.txt": (os.mkfifo, {}),
    "200-inch-page.unlimited-pixels.pdf": (lambda p: p.write_bytes(probes.big_page_pdf()),
                                           {"CCHC_MAX_PIXELS": "4000000000"}),
    "huge-xml.unlimited-xml.docx": (lambda p: p.write_bytes(probes.huge_xml_docx(100)),
                                    {"CCHC_MAX_XML_BYTES": "1G", "CCHC_MAX_SECONDS": "5"}),
}


def run(name: str, folder: Path) -> dict:
    """One probe through ``process``: seconds, the worker's peak RSS, the outcome."""
    from pipeline.process import Failure, isolate, process

    make, settings = PROBES[name]
    path = folder / name
    make(path)
    saved = dict(os.environ)
    os.environ.update(settings)
    isolate.POOL.last = {}
    start = time.monotonic()
    try:
        result = process(path)
    finally:
        os.environ.clear()
        os.environ.update(saved)
        path.unlink()
    return {"probe": name, "seconds": round(time.monotonic() - start, 2),
            "peak_rss_mb": isolate.POOL.last.get("peak_rss", 0) // (1 << 20) or None,
            "kind": result.kind.__name__ if isinstance(result, Failure) else "Prepared",
            "message": str(result).replace(str(folder) + "/", "") if isinstance(
                result, Failure) else ""}


def main(names: list[str]) -> None:
    from pipeline.process import isolate, process

    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text("Kế hoạch cải cách hành chính năm 2024.", encoding="utf-8")
        process(warm)  # a worker up before the clock starts
        for name in names or list(PROBES):
            print(json.dumps(run(name, Path(tmp)), ensure_ascii=False), flush=True)
    isolate.POOL.close()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(json.dumps({"children_peak_rss_mb": peak}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
