"""Extraction is safe on threads (Prefect's default task runner runs batches on threads).

underthesea loads its models lazily and, while it does, a second thread sees a
half-built tagger; in a fresh process, sixteen threads released at once into its word
segmentation and NER must all get the answer one thread gets, and whole extractions on
threads must equal the sequential ones."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import sys, threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from extractors import extract
from extractors.people import ner as people_ner
gate = threading.Barrier(16)
def both(i):
    gate.wait()
    words = people_ner.words(f"Ông Nguyễn Tấn Dũng Lưu trữ {i}")
    return words, people_ner.tag(f"Ông Lê Văn An {i} dự họp.")
with ThreadPoolExecutor(16) as pool:
    raced = list(pool.map(both, range(16)))
texts = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus/texts").glob("*.txt"))]
with ThreadPoolExecutor(8) as pool:
    threaded = list(pool.map(lambda t: extract(t).to_contract(), texts))
sequential = [extract(t).to_contract() for t in texts]
words = [people_ner.words(f"Ông Nguyễn Tấn Dũng Lưu trữ {i}") for i in range(16)]
sys.exit(0 if threaded == sequential and [w for w, _ in raced] == words else 3)
"""


def test_threads_give_the_sequential_result() -> None:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
