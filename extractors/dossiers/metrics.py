"""Which words name which dossier metric, and how a qualifier refines a metric.

The phrases are data (``words: metric_<name>`` in ``extractors/dossiers/data/dossiers.yaml``);
this module only looks them up: "mới tiếp nhận" → received_new, "số hóa" → block (a
figure after it is no status count). A qualifier after a figure refines the metric
before it: "đã giải quyết 1.200 hồ sơ đúng hạn" is resolved_on_time, "tiếp nhận 1.200 hồ
sơ trực tuyến" received_online, a table's "Đang giải quyết" / "Quá hạn" pending_overdue.
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

#: (metric before, qualifier after) → metric: "tiếp nhận 1.200 hồ sơ trực tuyến".
REFINE: dict[tuple[str, str], str] = {
    ("received", "received_online"): "received_online",
    ("received", "received_new"): "received_new",
    ("received", "carried_over"): "carried_over",
    ("total", "received_online"): "received_online",
    ("resolved", "resolved_early"): "resolved_early",
    ("resolved", "resolved_on_time"): "resolved_on_time",
    ("resolved", "resolved_early_or_on_time"): "resolved_early_or_on_time",
    ("resolved", "overdue"): "overdue",
    ("resolved", "pending"): "resolved_early_or_on_time",
    ("pending", "overdue"): "pending_overdue",
    ("pending", "pending_overdue"): "pending_overdue",
    ("total", "resolved"): "resolved",
    ("total", "pending"): "pending",
}


def combine(before: str | None, after: str | None) -> str | None:
    """The metric of a figure from the phrase before it and a qualifier after it."""
    if before and after:
        return REFINE.get((before, after), before)
    metric = before or after
    return "received" if metric == "total" else metric
