"""The spaCy container: one pipeline component per extraction stage.

spaCy ties the extractors together for users who already work in spaCy: each component
runs one stage of ``extractors.runner.STAGES`` through the same ``run_stage`` as
``extractors.extract`` (so the same order checks, and the ``own_number`` step that drops
the document's own number from its references) and puts that category's facts in
``doc.spans[category]`` (``doc.char_span(..., alignment_mode="expand")``); the
extraction context, with the fact objects themselves, is ``doc.user_data["cchc"]``::

    >>> from extractors import nlp
    >>> doc = nlp()("Thực hiện Quyết định số 86/QĐ-SCT ngày 18/8/2021 của Sở.")
    >>> [s.text for s in doc.spans["references"]]
    ['Quyết định số 86/QĐ-SCT']

The tokenizer is spaCy's Vietnamese one with pyvi word segmentation switched off
(syllable tokens; the text round-trips): rules run on the text, not on tokens, and pyvi
would cost ten times the rest of the pipeline.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.context import Context
from extractors.runner import STAGES, Stage, run_stage, to_extraction
from schemas import Extraction

_BY_NAME = {stage.name: stage for stage in STAGES}


def _context(doc: Doc) -> Context:
    ctx = doc.user_data.get("cchc")
    if ctx is None:
        ctx = Context(doc.text)
        doc.user_data["cchc"] = ctx
    return ctx


class StageComponent:
    """Runs one stage and records the facts of the slot it assigns as spans."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage

    def __call__(self, doc: Doc) -> Doc:
        ctx = _context(doc)
        run_stage(ctx, self.stage)
        slot = self.stage.slot
        if slot != "document":
            spans = []
            for fact in getattr(ctx, slot):
                span = doc.char_span(fact.start, fact.end, label=slot,
                                     alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans[slot] = spans
        return doc


for _stage in STAGES:

    def _factory(nlp: Language, name: str, _name: str = _stage.name) -> StageComponent:
        return StageComponent(_BY_NAME[_name])

    Language.factory(f"cchc_{_stage.name}")(_factory)


@cache
def nlp(with_people: bool = True) -> Language:
    """A blank Vietnamese spaCy pipeline with one cchc component per stage, in the order
    the runner checked.

    Built once per process (``functools.cache``); ``with_people=False`` leaves out the
    underthesea-backed people component when speed matters more than names.
    """
    pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    for stage in STAGES:
        if stage.name == "people" and not with_people:
            continue
        pipeline.add_pipe(f"cchc_{stage.name}")
    return pipeline


def doc_to_extraction(doc: Doc, name: str | None = None) -> Extraction:
    """The ``Extraction`` a processed doc carries (the same as ``extractors.extract``)."""
    ctx = _context(doc)
    if ctx.people is None:
        ctx.people = []
    return to_extraction(ctx, name)
