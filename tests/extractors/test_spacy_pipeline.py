"""The spaCy container gives the same facts as ``extractors.extract``, as spans."""

from __future__ import annotations

import pytest

from extractors import STAGES, extract, nlp
from extractors.spacy_pipeline import doc_to_extraction
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def pipeline():
    return nlp()


def test_components_one_per_category(pipeline) -> None:
    assert pipeline.pipe_names == [f"cchc_{name}" for name, _ in STAGES]
    assert pipeline.lang == "vi"


def test_tokens_round_trip_the_text(pipeline) -> None:
    text = "Căn cứ Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh Đắk Lắk."
    doc = pipeline.make_doc(text)
    assert doc.text == text
    assert "1009/QĐ-UBND" in [t.text for t in doc]  # syllable tokens, no pyvi segmentation


@pytest.mark.parametrize("name", ["000_92b1fd73d68b9474", "002_d5467ff125b81b44",
                                  "004_ed9f0645d537b244"])
def test_spans_are_the_facts_of_extract(pipeline, name: str) -> None:
    text = (shared_path("seeds") / f"{name}.txt").read_text(encoding="utf-8")
    plain = extract(text)
    doc = pipeline(text)
    via_spacy = doc_to_extraction(doc)
    for category in ("references", "dates", "dossiers", "units", "people", "scores"):
        facts = getattr(plain, category)
        assert getattr(via_spacy, category) == facts, category
        spans = doc.spans[category]
        assert len(spans) == len(facts)
        for span, fact in zip(spans, facts, strict=True):
            # "expand" alignment may widen a span to whole tokens, never shrink it
            assert span.start_char <= fact.start and span.end_char >= fact.end
    assert via_spacy.document == plain.document
