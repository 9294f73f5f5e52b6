"""Issue 17's probes end to end, memory measured (items 4 and 6).

``tests/probe_run.py`` runs every probe through ``process`` in a fresh Python, so
``RUSAGE_CHILDREN`` there counts only its workers (and the programs they ran), killed
ones included. Each probe is refused (or stopped) in seconds, by name, with the setting
to raise, and no process came near 1 GB resident.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GB_IN_MB = 1024

#: probe → (kind, words of the message, most seconds it may take)
EXPECTED = {
    "lying-header.docx": ("UnsafeFile", "word/document.xml unpacks to more than the 1000 "
                                        "bytes its header claims (a zip bomb)", 2),
    "deflate-bomb.docx": ("UnsafeFile", "more than 32 MB of XML (CCHC_MAX_XML_BYTES)", 3),
    "huge-xml.docx": ("UnsafeFile", "word/document.xml is more than 32 MB of XML "
                                    "(CCHC_MAX_XML_BYTES)", 3),
    "entities.docx": ("UnsafeFile", "declares a DTD (entities)", 2),
    "200-inch-page.pdf": ("EmptyFile", "no text on any of its 1 page(s), even by OCR", 15),
    "50mb.txt": ("FileTooLarge", "characters of text is over the limit of 1500000 "
                                 "characters (CCHC_MAX_CHARS)", 5),
    "fifo.txt": ("NotRegularFile", "is a named pipe (FIFO), not a regular file", 2),
    "200-inch-page.unlimited-pixels.pdf": ("OverMemoryLimit", "needed more than 1 GB of "
                                                              "memory (CCHC_MAX_MEMORY)", 15),
    # 5 s of work, plus a fresh worker's start after the memory breach before it
    "huge-xml.unlimited-xml.docx": ("OverTimeLimit", "took more than 5 s "
                                                     "(CCHC_MAX_SECONDS)", 20),
}


@pytest.fixture(scope="module")
def measured() -> dict[str, dict]:
    done = subprocess.run([sys.executable, "-m", "tests.probe_run"], capture_output=True,
                          text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {line.get("probe", "children"): line for line in lines}


@pytest.mark.slow
@pytest.mark.parametrize("probe", list(EXPECTED))
def test_each_probe_is_refused_in_seconds_by_name(measured: dict, probe: str) -> None:
    kind, words, seconds = EXPECTED[probe]
    line = measured[probe]
    assert line["kind"] == kind and line["message"].startswith(f"{probe}: ")
    assert words in line["message"], line["message"]
    assert line["seconds"] < seconds
    assert line["peak_rss_mb"] is None or line["peak_rss_mb"] < GB_IN_MB


@pytest.mark.slow
def test_no_worker_came_near_a_gigabyte(measured: dict) -> None:
    assert 0 < measured["children"]["children_peak_rss_mb"] < GB_IN_MB
