"""The stage runner: which stages run, what each needs and assigns, in an order it checks.

Each stage is a plain function of the :class:`~extractors.context.Context` that returns
one category's facts; a :class:`Stage` declares which fact slots it ``requires`` and which
it ``assigns`` (as spaCy components declare ``requires``/``assigns``). References take the
date written after a number from ``dates`` ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019");
people leave out what ``units`` took ("Sở Nội vụ" is no name); dossiers need the
``document`` for their owner and year; rates leave alone the percent a score or a ranking
already holds. Steps that cross stages are stages too: ``own_number`` drops the document's
own number from the references ("Phụ lục … kèm theo Quyết định số 2813/QĐ-UBND" in the
decision 2813 itself), and needs both.

:func:`check_order` refuses an order where a stage runs before what it needs;
:func:`run` is the one entry point that ``extractors.extract`` and the spaCy pipeline
(``extractors.spacy_pipeline``) both call, so the two cannot drift apart::

    >>> from extractors.context import Context
    >>> ctx = run(Context("Ngày 25/10/2022, Sở Nội vụ kiểm tra."))
    >>> [d.value for d in ctx.dates]
    ['2022-10-25']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from extractors import (
    assessment,
    dates,
    document,
    dossiers,
    people,
    procedures,
    rates,
    references,
    units,
)
from extractors.context import FACT_SLOTS, Context, StageOrderError
from extractors.text.view import nfc
from extractors.version import EXTRACTOR_VERSION
from schemas import Document, DocumentMeta, Extraction
from schemas.document import text_sha256


@dataclass(frozen=True)
class Stage:
    """One step of extraction: ``fn(ctx)`` returns the value of slot ``assigns``."""

    name: str
    fn: Callable[[Context], Any]
    requires: tuple[str, ...] = ()
    assigns: str = ""
    #: The value a skipped stage leaves in its slot (``with_people=False``).
    empty: Callable[[], Any] = list

    @property
    def slot(self) -> str:
        return self.assigns or self.name


def _own_number(ctx: Context) -> list[Any]:
    meta = ctx.need("document")
    return references.drop_own_number(ctx.need("references"), meta.number)


_ASSESSED_NEEDS = ("units", "document", "scores", "rankings", "rates")

#: Every stage in the order it runs.
STAGES: tuple[Stage, ...] = (
    Stage("dates", dates.extract),
    Stage("references", references.extract, requires=("dates",)),
    Stage("units", units.extract),
    Stage("people", people.extract, requires=("units",)),
    Stage("document", document.extract, empty=DocumentMeta),
    Stage("own_number", _own_number, requires=("references", "document"),
          assigns="references"),
    Stage("scores", assessment.extract_scores),
    Stage("rankings", assessment.extract_rankings),
    Stage("dossiers", dossiers.extract, requires=("document",)),
    Stage("procedures", procedures.extract),
    Stage("rates", rates.extract, requires=("scores", "rankings")),
    # who was assessed, in which index, for which year: once all three are found
    *(Stage(f"{slot}_assessed", fn, requires=_ASSESSED_NEEDS, assigns=slot)
      for slot, fn in (("scores", assessment.resolved_scores),
                       ("rankings", assessment.resolved_rankings),
                       ("rates", assessment.resolved_rates))),
)

#: The fact categories of the contract, in the order ``STAGES`` first assigns them.
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(s.slot for s in STAGES))


def check_order(stages: Sequence[Stage]) -> None:
    """Raise :class:`StageOrderError` unless every stage's needs are assigned before it
    and every slot it names is a known one."""
    done: set[str] = set()
    for stage in stages:
        for name in (*stage.requires, stage.slot):
            if name not in FACT_SLOTS:
                raise StageOrderError(f"stage {stage.name!r}: unknown slot {name!r}")
        missing = [r for r in stage.requires if r not in done]
        if missing:
            raise StageOrderError(
                f"stage {stage.name!r} requires {', '.join(missing)}, "
                "which no earlier stage assigns")
        done.add(stage.slot)


check_order(STAGES)


def select(*names: str) -> tuple[Stage, ...]:
    """The named stages, in their running order, checked: a rule's test runs what it
    needs and no more (``select("dates", "references")``), and naming a stage without
    what it requires is an error."""
    unknown = set(names) - {s.name for s in STAGES}
    if unknown:
        raise StageOrderError(f"no stage named {', '.join(sorted(unknown))}")
    chosen = tuple(s for s in STAGES if s.name in names)
    check_order(chosen)
    return chosen


def run_stage(ctx: Context, stage: Stage) -> None:
    """Run one stage on ``ctx`` after checking that what it requires is there."""
    missing = [r for r in stage.requires if getattr(ctx, r) is None]
    if missing:
        raise StageOrderError(f"stage {stage.name!r} runs before {', '.join(missing)}")
    setattr(ctx, stage.slot, stage.fn(ctx))


def run(ctx: Context, *, skip: Iterable[str] = (),
        stages: Sequence[Stage] | None = None) -> Context:
    """Run ``stages`` (default: every stage) in order on ``ctx``; a stage named in
    ``skip`` leaves its empty value (``skip={"people"}`` when speed matters more than
    names)."""
    skipped = set(skip)
    for stage in STAGES if stages is None else stages:
        if stage.name in skipped:
            if getattr(ctx, stage.slot) is None:
                setattr(ctx, stage.slot, stage.empty())
            continue
        run_stage(ctx, stage)
    return ctx


def load() -> None:
    """Load now what the stages load on first use: underthesea's models, every data
    file's patterns compiled (a pattern compiles when first asked: ``issuer.voice`` ~2.5
    ms), the places' registers, the word lists' patterns of people and units. A process
    that forks its workers (the fork server) calls it once, so that no worker pays these
    on its first pages (~50 ms of CPU over the first 300 bulk pages after the server's
    one warm page) and the workers share them."""
    from extractors.lexicon import places
    from extractors.people import find as people_find
    from extractors.people import ner
    from extractors.text.patterns import data_paths, patterns
    from extractors.units import find as units_find

    ner.load()
    for name in data_paths():
        for pattern in patterns(name).values():
            pattern.regex  # noqa: B018  (compiled on first use: a cached property)
            pattern.required  # noqa: B018
    places.load()
    people_find.load()
    units_find.load()


def context_of(source: str | Document) -> Context:
    """A fresh context for a text or a converted ``Document`` (its metadata and site
    become hints: the document stage uses them only where the text says nothing)."""
    if isinstance(source, Document):
        hints = dict(source.metadata)
        if source.site:
            hints.setdefault("site", source.site)
        return Context(source.text, hints=hints)
    return Context(nfc(source))


def extract(source: str | Document, *, name: str | None = None,
            with_people: bool = True) -> Extraction:
    """Extract every contract category from a text or a converted ``Document``.

    ``name`` is what ``source`` is called in the output (a file name or URL) when a
    plain string is given.

    >>> [d.value for d in extract("Ngày 25/10/2022, Sở Nội vụ kiểm tra.").dates]
    ['2022-10-25']
    """
    if isinstance(source, Document):
        name = source.source
    ctx = run(context_of(source), skip=() if with_people else ("people",))
    return to_extraction(ctx, name)


def to_extraction(ctx: Context, name: str | None) -> Extraction:
    """The ``Extraction`` of a context every stage has run on."""
    lists = {c: ctx.need(c) for c in CATEGORIES if c != "document"}
    return Extraction(
        source=name,
        sha256=text_sha256(ctx.text),  # the converter's or screen's hash of it, if any
        extractor_version=EXTRACTOR_VERSION,
        text=ctx.text,
        document=ctx.need("document"),
        **lists,
    )
