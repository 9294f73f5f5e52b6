"""The spaCy container: one pipeline component per contract category.

spaCy ties the extractors together for users who already work in spaCy: each component
calls the same plain function as ``extractors.extract`` and puts that category's facts in
``doc.spans[category]`` (``doc.char_span(..., alignment_mode="expand")``), with the fact
objects themselves, in the same order, in ``doc.user_data["cchc"][category]``::

    >>> from extractors import nlp
    >>> doc = nlp()("Thực hiện Quyết định số 86/QĐ-SCT ngày 18/8/2021 của Sở.")
    >>> [s.text for s in doc.spans["references"]]
    ['86/QĐ-SCT']

The tokenizer is spaCy's Vietnamese one with pyvi word segmentation switched off
(syllable tokens; the text round-trips): rules run on the text, not on tokens, and pyvi
would cost ten times the rest of the pipeline.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from extractors.core import STAGES, assemble, make_view

_STAGE_FUNCS = dict(STAGES)


def _state(doc: Doc) -> dict:
    state = doc.user_data.get("cchc")
    if state is None:
        state = {"view": make_view(doc.text), "found": {}}
        doc.user_data["cchc"] = state
    return state


class CategoryComponent:
    """Runs one category's extractor and records its facts as spans."""

    def __init__(self, category: str) -> None:
        self.category = category
        self.func = _STAGE_FUNCS[category]

    def __call__(self, doc: Doc) -> Doc:
        state = _state(doc)
        result = self.func(state["view"], state["found"])
        state["found"][self.category] = result
        if self.category != "document":
            spans = []
            for fact in result:
                span = doc.char_span(fact.start, fact.end, label=self.category,
                                     alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans[self.category] = spans
        return doc


for _category in _STAGE_FUNCS:

    def _factory(nlp: Language, name: str, _category: str = _category) -> CategoryComponent:
        return CategoryComponent(_category)

    Language.factory(f"cchc_{_category}")(_factory)


@cache
def nlp(with_people: bool = True) -> Language:
    """A blank Vietnamese spaCy pipeline with one cchc component per category.

    Built once per process (``functools.cache``); ``with_people=False`` leaves out the
    underthesea-backed people component when speed matters more than names.
    """
    pipeline = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    for category, _ in STAGES:
        if category == "people" and not with_people:
            continue
        pipeline.add_pipe(f"cchc_{category}")
    return pipeline


def doc_to_extraction(doc: Doc, name: str | None = None):
    """The ``Extraction`` a processed doc carries (same as ``extractors.extract``)."""
    state = _state(doc)
    found = dict(state["found"])
    found.setdefault("people", [])
    return assemble(state["view"], found, name)
