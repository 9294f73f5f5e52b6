"""Breakdowns: a figure followed by its parts decides what the parts (or it) count.

Reports split one figure into parts with "trong đó", "gồm", "có … và …", and the parts
change meaning with the whole they split:

- a breakdown of dossiers still being handled: "Trong số 3.405 hồ sơ đang giải quyết, số
  hồ sơ chưa đến hạn là 2.436 hồ sơ và có 969 hồ sơ đã quá hạn" — 969 is
  ``pending_overdue`` (pending and late), not ``overdue`` (resolved late), and the
  "chưa đến hạn" / "trong hạn" parts are ``pending_on_time`` (a pending figure the text
  does not split stays ``pending``: "số hồ sơ đang giải quyết là 45 (trong hạn)");
- a total split into new intake and carry-over is the total in process, the contract's
  ``received``: "tổng số hồ sơ giải quyết trong tháng là 21.686 hồ sơ, trong đó tiếp nhận
  mới 18.477 hồ sơ, số còn lại từ trước chuyển sang" — 21.686 counts what was on hand
  (new + carried over), whatever verb the writer put before it. A "trong đó" naming
  early / on-time / late parts keeps the whole ``resolved``.

Also here: a paragraph a page prints twice (a news lead repeated as the body's first
paragraph) gives its figures once (:func:`dedupe`).
"""

from __future__ import annotations

from extractors.dossiers.metrics import phrase_metric
from extractors.text.patterns import patterns
from extractors.text.view import TextView, squash
from schemas.facts import Dossier, DossierMetric

# after a pending figure: its parts follow ("gồm 7.172 hồ sơ, có 5.950 … và 1.222 …");
# before it: "Trong số 3.405 hồ sơ đang giải quyết"; a resolved whole split by "trong đó"
_PARTS_AFTER = patterns("dossiers")["dossier.parts_after"].regex
_AMONG_BEFORE = patterns("dossiers")["dossier.among_before"].regex
_WHOLE_SPLIT = patterns("dossiers")["dossier.whole_split"].regex
_IN_PENDING = {"overdue": "pending_overdue", "resolved_early_or_on_time": "pending_on_time",
               "pending": "pending_on_time"}
_INTAKE_PARTS = {"received_new", "carried_over"}


def _with(fact: Dossier, metric: str) -> Dossier:
    return fact.model_copy(update={"metric": DossierMetric(metric)})


def _opens_pending(view: TextView, fact: Dossier, anchor: tuple[int, int],
                   sent: tuple[int, int]) -> bool:
    """Whether the pending figure at ``anchor`` is a whole whose parts follow it."""
    folded = view.folded
    clause_start = max(sent[0], folded.rfind(";", sent[0], anchor[0]) + 1)
    return bool(_PARTS_AFTER.match(folded, fact.end, sent[1])
                or _AMONG_BEFORE.search(folded[clause_start:anchor[0]]))


def _first_metric(text: str) -> str | None:
    m = patterns("dossiers")["dossier.metric"].regex.search(text)
    return phrase_metric(m.group(0)) if m else None


def apply(view: TextView, facts: list[tuple[Dossier, tuple[int, int]]],
          sent: tuple[int, int]) -> list[Dossier]:
    """The facts of one sentence (each with its number's span), breakdowns applied."""
    out: list[Dossier] = []
    scope_end = -1  # a pending breakdown runs to the clause's end (";" or the sentence's)
    for fact, anchor in facts:
        metric = fact.metric.value
        if anchor[0] < scope_end and metric in _IN_PENDING:
            fact = _with(fact, _IN_PENDING[metric])
        elif metric in ("pending", "pending_overdue") and _opens_pending(view, fact, anchor, sent):
            semi = view.folded.find(";", fact.end, sent[1])
            scope_end = semi if semi >= 0 else sent[1]
        elif metric == "resolved":
            split = _WHOLE_SPLIT.match(view.folded, fact.end, sent[1])
            if split and _first_metric(split.group("rest")) in _INTAKE_PARTS:
                fact = _with(fact, "received")
        out.append(fact)
    return out


def restatements(view: TextView, facts: list[Dossier], tolerance: float = 0.05
                 ) -> list[Dossier]:
    """A rounded figure ("Trên 7.600 hồ sơ bị quá hạn trong quý I", a headline) restates
    the exact one the text gives ("số hồ sơ quá hạn có 7.677 hồ sơ"): it takes that
    figure's owner, level and period, so an answer never counts it apart. The exact
    figure is the first of the same metric within ``tolerance`` on the side the word
    says ("trên", "hơn" round down; "gần" rounds up)."""
    out: list[Dossier] = []
    for f in facts:
        if not f.approx:
            out.append(f)
            continue
        before = view.folded[max(0, f.start - 16):f.start]
        pats = patterns("dossiers")
        either = bool(pats["dossier.approx_either"].regex.search(before))
        down = not pats["dossier.approx_ceiling"].regex.search(before)
        exact = next((e for e in facts if not e.approx and e.metric == f.metric
                      and abs(e.count - f.count) <= tolerance * max(e.count, 1)
                      and (either or (e.count >= f.count if down else e.count <= f.count))),
                     None)
        if exact is None:
            out.append(f)
            continue
        # a headline names the body short: "Trung tâm Phục vụ hành chính công giải quyết
        # hơn 4,5 ngàn hồ sơ" restates "Trung tâm Phục vụ hành chính công tỉnh … 4.561"
        agency = exact.agency if not f.agency or (
            exact.agency and exact.agency.startswith(f.agency + " ")) else f.agency
        out.append(f.model_copy(update={
            "agency": agency, "level": f.level or exact.level,
            "period_start": f.period_start or exact.period_start,
            "period_end": f.period_end or exact.period_end}))
    return out


def dedupe(view: TextView, facts: list[Dossier]) -> list[Dossier]:
    """Drop a fact equal to an earlier one (metric, count, agency, level, period) whose
    sentence is the same text: the page printed that paragraph twice. The level tells
    apart the zeros one sentence gives two tiers ("Tại cấp huyện và cấp xã không có hồ sơ
    quá hạn": district 0 and commune 0, both with agency null)."""
    seen: set[tuple] = set()
    out: list[Dossier] = []
    for f in facts:
        a, b = view.sentence_of(f.start)
        key = (f.metric, f.count, f.agency, f.level, f.period_start, f.period_end,
               squash(view.folded[a:b]))
        if key in seen:
            continue
        seen.add(key)
        out.append(f)
    return out
