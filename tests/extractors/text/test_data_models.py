"""Checks across data files, or through the extractors, that no single model can make: the
contract's document kinds (``schemas.DocKind``), the headings and number abbreviations the
document stage reads (``document.yaml``) and the kinds the references stage names
(``doc_kinds.yaml``) agree; each dossier refinement reads its own example."""

from __future__ import annotations

import pytest

from extractors import extract
from extractors.text.data_models import DocKindsFile, DocumentFile, Refinement
from extractors.text.patterns import load_model
from schemas import DocKind

#: News pages and "anything else" have no heading and no number of their own kind.
NOT_DOCUMENT_KINDS = {DocKind.tin_bai, DocKind.khac}
DOCUMENT_KINDS = set(DocKind) - NOT_DOCUMENT_KINDS


def _files() -> tuple[DocumentFile, DocKindsFile]:
    document, kinds = load_model("document"), load_model("doc_kinds")
    assert isinstance(document, DocumentFile) and isinstance(kinds, DocKindsFile)
    return document, kinds


def test_every_document_kind_has_a_heading_and_is_known_to_references() -> None:
    """"QUYẾT ĐỊNH" heads a quyet_dinh, and references name it "Quyết định"."""
    document, kinds = _files()
    assert set(document.kind_headings) == DOCUMENT_KINDS
    assert set(kinds.contract_kinds.values()) == DOCUMENT_KINDS
    assert len(kinds.contract_kinds) == len(DOCUMENT_KINDS)


def test_a_heading_that_is_a_kind_word_names_the_same_kind() -> None:
    """"TỜ TRÌNH" is to_trinh in document.yaml and "tờ trình" → Tờ trình → to_trinh in
    doc_kinds.yaml; "THÔNG BÁO KẾT LUẬN" is no kind word, but each kind has one that is."""
    document, kinds = _files()
    for kind, headings in document.kind_headings.items():
        named = [kinds.kinds[h.casefold()] for h in headings if h.casefold() in kinds.kinds]
        assert named, f"no heading of {kind} is a kind word references know"
        for standard in named:
            assert kinds.contract_kinds.get(standard) == kind, (kind, standard)


def test_other_headings_are_no_contract_kind() -> None:
    """"HƯỚNG DẪN", "QUY ĐỊNH" make kind "khac": their standard kinds are not contract kinds."""
    document, kinds = _files()
    for heading in document.other_headings:
        standard = kinds.kinds.get(heading.casefold())
        assert standard not in kinds.contract_kinds, heading


def test_number_kinds_agree_with_the_abbreviations_references_read() -> None:
    """"Số: 12/KH-SCT" is a ke_hoach for the document stage, and "KH" → Kế hoạch →
    ke_hoach for references."""
    document, kinds = _files()
    for abbrev, kind in document.number_kinds.items():
        assert abbrev in kinds.abbreviations, abbrev
        assert kinds.contract_kinds.get(kinds.abbreviations[abbrev]) == kind, abbrev
    for abbrev, standard in kinds.abbreviations.items():
        # a công văn's own number names its issuer, not its kind ("1820/SCT-VP")
        if standard in kinds.contract_kinds and standard != "Công văn":
            assert abbrev in document.number_kinds, f"{abbrev} ({standard}) has no number kind"


@pytest.mark.parametrize("refinement", load_model("dossiers").refine,  # type: ignore[attr-defined]
                         ids=lambda r: f"{r.before}+{r.after}")
def test_each_dossier_refinement_reads_its_example(refinement: Refinement) -> None:
    """ "Sở đã tiếp nhận 1.200 hồ sơ trực tuyến." is received_online: the phrase before the
    figure (received) refined by the qualifier after it (received_online)."""
    facts = extract(refinement.example, with_people=False).dossiers
    assert [f.metric for f in facts] == [refinement.metric]
