"""Documents the benchmarks run on: real texts only.

- ``bulk_texts(n)``: pages of ../shared/bulk/vn-legal-web.jsonl.gz (real Vietnamese legal
  and administrative web pages), cycled when more are asked for than it holds — and the
  benchmark says so. Without the bulk file, the seeds and ``corpus/texts`` are cycled.
- ``gold_sets()``: (gold dir, texts dir) pairs of the seeds and our own corpus, for F1.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CCHC_SHARED", ROOT.parent / "shared"))
BULK = SHARED / "bulk" / "vn-legal-web.jsonl.gz"


def _bulk() -> Iterator[str]:
    with gzip.open(BULK, "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)["text"]


def local_texts() -> list[str]:
    paths = sorted((SHARED / "seeds").glob("*.txt")) + sorted((ROOT / "corpus" / "texts")
                                                               .glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def source_name() -> str:
    return "../shared/bulk/vn-legal-web.jsonl.gz" if BULK.exists() else "seeds + corpus/texts"


def bulk_texts(n: int, min_chars: int = 0, max_chars: int | None = None) -> list[str]:
    """``n`` real texts (cycled if needed), optionally within a size band."""
    base = list(_bulk()) if BULK.exists() else local_texts()
    band = [t for t in base if len(t) >= min_chars and (max_chars is None or len(t) <= max_chars)]
    return list(islice(cycle(band or base), n))


def iter_bulk(n: int) -> Iterator[tuple[int, str]]:
    """``(i, text)`` for ``n`` documents, streaming (for the 100k scaling runs)."""
    i = 0
    while i < n:
        source = _bulk() if BULK.exists() else iter(local_texts())
        for text in source:
            if i >= n:
                return
            yield i, text
            i += 1


def gold_sets() -> list[tuple[str, Path, Path]]:
    sets = []
    if (SHARED / "contract" / "gold").is_dir():
        sets.append(("seeds", SHARED / "contract" / "gold", SHARED / "seeds"))
    if (ROOT / "corpus" / "gold").is_dir() and any((ROOT / "corpus" / "gold").glob("*.json")):
        sets.append(("corpus", ROOT / "corpus" / "gold", ROOT / "corpus" / "texts"))
    return sets
