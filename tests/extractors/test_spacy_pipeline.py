"""The spaCy container gives the same facts as ``extractors.extract``, as spans."""

from __future__ import annotations

import pytest

from extractors import STAGES, extract, nlp
from extractors.spacy_pipeline import doc_to_extraction
from tests.conftest import REPO, shared_path

TEXTS = sorted([*shared_path("seeds").glob("*.txt"), *(REPO / "corpus" / "texts").glob("*.txt")])


@pytest.fixture(scope="module")
def pipeline():
    return nlp()


def test_components_one_per_stage(pipeline) -> None:
    assert pipeline.pipe_names == [f"cchc_{stage.name}" for stage in STAGES]
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


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_nlp_and_extract_give_the_same_facts(pipeline, path) -> None:
    """Both run the one runner: every category, and the document, on every seed and corpus
    text."""
    text = path.read_text(encoding="utf-8")
    assert doc_to_extraction(pipeline(text)) == extract(text)


def test_own_number_is_no_reference_in_either() -> None:
    """A decision whose annex names the decision itself ("kèm theo Quyết định số
    2813/QĐ-UBND") cites other documents, not itself: the ``own_number`` stage runs in the
    spaCy pipeline too."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 2813/QĐ-UBND\n\nQUYẾT ĐỊNH\n"
            "Về việc công bố Chỉ số cải cách hành chính năm 2023\n\n"
            "Căn cứ Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh;\n\n"
            "Phụ lục\n(Kèm theo Quyết định số 2813/QĐ-UBND ngày 25/12/2023 của UBND tỉnh)\n")
    plain = extract(text)
    assert plain.document.number == "2813/QĐ-UBND"
    assert [r.number for r in plain.references] == ["1009/QĐ-UBND"]
    assert doc_to_extraction(nlp()(text)).references == plain.references
