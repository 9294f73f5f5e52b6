"""Text-layer score (``pipeline/convert/quality.py``): how real and garbled texts score.

The figures of docs/architecture.md, "Is a text layer Vietnamese?", come from here:

- every seed and ``corpus/texts`` text, whole and in 60-word pieces (about a paragraph;
  a page holds several), must be trusted;
- the bulk pages (``../shared/bulk``: measured only, never tuned on; 500 with
  ``--quick``) show how often real text is refused;
- each real text through each garbler of ``corpus/fixtures/garble.py`` must be refused;
- the score's speed in characters a second of CPU time.

    python -m benchmarks.run quality
"""

from __future__ import annotations

import gzip
import json
import time
from collections import Counter
from itertools import islice

from benchmarks.corpora import BULK, local_texts
from corpus.fixtures.garble import GARBLERS
from pipeline.convert.quality import assess, garbage_reason


def _row(scores: list[float], reasons: list[str | None]) -> dict:
    scores = sorted(scores)
    kinds: Counter[str] = Counter()
    for reason in reasons:
        kind = (reason or "trusted").split(" (")[0].split(":")[0]
        kinds["only …% of words read as Vietnamese" if " words read as " in kind else kind] += 1
    return {"n": len(scores), "min": round(scores[0], 3),
            "median": round(scores[len(scores) // 2], 3), "max": round(scores[-1], 3),
            "p01": round(scores[int(0.01 * (len(scores) - 1))], 3),
            "refused": sum(r is not None for r in reasons), "reasons": dict(kinds)}


def _judge(texts: list[str], **kwargs) -> dict:
    start = time.process_time()
    qualities = [assess(t) for t in texts]
    seconds = time.process_time() - start
    row = _row([q.score for q in qualities],
               [garbage_reason(t, quality=q, **kwargs) for t, q in zip(texts, qualities,
                                                                        strict=True)])
    row["chars_per_cpu_second"] = round(sum(min(len(t), 60_000) for t in texts)
                                        / max(seconds, 1e-9))
    return row


def _bulk(n: int | None) -> list[str]:
    if not BULK.exists():
        return []
    with gzip.open(BULK, "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in islice(f, n)]


def run(quick: bool = False) -> dict:
    real = local_texts()
    pieces = []
    for text in real:
        words = text.split()
        pieces += [" ".join(words[i:i + 60]) for i in range(0, len(words), 60)]
    result = {"real": _judge(real), "pieces": _judge(pieces, min_chars=0)}
    bulk = _bulk(500 if quick else None)
    if bulk:
        result["bulk"] = _judge(bulk, min_chars=0)
    for name, garble in GARBLERS.items():
        result[name] = _judge([garble(t) for t in real])
    return result


def table(r: dict) -> str:
    lines = ["| texts | n | min | p01 | median | max | refused | reasons |",
             "|---|---|---|---|---|---|---|---|"]
    for name, row in r.items():
        if isinstance(row, dict) and "n" in row:
            reasons = ", ".join(f"{k} {v}" for k, v in row["reasons"].items())
            lines.append(f"| {name} | {row['n']} | {row['min']} | {row['p01']} | "
                         f"{row['median']} | {row['max']} | {row['refused']} | {reasons} |")
    if "bulk" in r:
        lines.append(f"\nassess: ~{r['bulk']['chars_per_cpu_second']:,} characters a second "
                     "of CPU on the bulk pages (a long text by a 60 k sample)")
    return "\n".join(lines)
