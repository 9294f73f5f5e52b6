"""Which words name which dossier metric, and how a qualifier refines a metric.

The phrases are data (``words: metric_<name>`` in ``extractors/dossiers/data/dossiers.yaml``);
this module only looks them up: "mới tiếp nhận" → received_new, "số hóa" → block (a
figure after it is no status count). A qualifier after a figure refines the metric
before it: "đã giải quyết 1.200 hồ sơ đúng hạn" is resolved_on_time, "tiếp nhận 1.200 hồ
sơ trực tuyến" received_online, a table's "Đang giải quyết" / "Quá hạn" pending_overdue;
those refinements are data too (``refine``).
"""

from __future__ import annotations

from extractors.text.patterns import load_data


def phrase_metric(words: str) -> str | None:
    """The metric key of a phrase ("mới tiếp nhận" → received_new), "block", or None."""
    return _PHRASES.get(" ".join(words.lower().split()))


def _phrase_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for key, words in (load_data("dossiers").get("words") or {}).items():
        if key.startswith("metric_") or key == "block":
            metric = key.removeprefix("metric_")
            for w in words:
                table[" ".join(str(w).lower().split())] = metric
    return table


_PHRASES = _phrase_table()

#: (metric before, qualifier after) → metric: "tiếp nhận 1.200 hồ sơ trực tuyến" is
#: received_online. Data (``refine`` in dossiers.yaml), each pair with the sentence it reads.
REFINE: dict[tuple[str, str], str] = {
    (r["before"], r["after"]): r["metric"] for r in load_data("dossiers")["refine"]}


def combine(before: str | None, after: str | None) -> str | None:
    """The metric of a figure from the phrase before it and a qualifier after it."""
    if before and after:
        return REFINE.get((before, after), before)
    metric = before or after
    return "received" if metric == "total" else metric
