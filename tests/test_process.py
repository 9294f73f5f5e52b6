"""``process``: the one per-document path, for every kind of source a batch hands it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import EmptyFile, ErrorPage
from pipeline.process import Failure, Fetched, Prepared, Skipped, process
from schemas import Document

TEXT = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 86/KH-UBND\n\nKẾ HOẠCH\n"
        "Cải cách hành chính năm 2024\n\nCăn cứ Quyết định số 1009/QĐ-UBND ngày 18/8/2021.\n")
URL = "https://snv.langson.gov.vn/tin-tuc/ke-hoach-cchc-2024.html"


def test_a_path_is_converted_and_extracted(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = process(path)
    assert isinstance(result, Prepared) and result.document.source == str(path)
    assert [r.number for r in result.extraction.references] == ["1009/QĐ-UBND"]


def test_fetched_bytes_carry_what_the_site_said() -> None:
    """Defaults fill only what the conversion left empty; metadata is always kept."""
    fetched = Fetched(TEXT.encode(), URL, site="langson-snv",
                      defaults={"title": "Kế hoạch CCHC năm 2024", "date": "2024-04-02",
                                "author": ""},
                      metadata={"page": "https://snv.langson.gov.vn/tin-tuc/"})
    result = process(fetched)
    assert isinstance(result, Prepared)
    doc = result.document
    assert (doc.source, doc.site) == (URL, "langson-snv")
    assert doc.metadata == {"title": "Kế hoạch CCHC năm 2024", "date": "2024-04-02",
                            "page": "https://snv.langson.gov.vn/tin-tuc/"}


def test_a_document_is_not_converted_again() -> None:
    doc = Document(source="cchc.db:abc", format="pdf", text=TEXT)
    result = process(doc)
    assert isinstance(result, Prepared) and result.document is doc


@pytest.mark.parametrize(("reason", "expected"), [(None, Prepared), ("unchanged", Skipped)])
def test_a_screen_stops_before_extraction(reason: str | None, expected: type) -> None:
    result = process(Document(source="a.txt", format="txt", text=TEXT),
                     screen=lambda doc: reason)
    assert type(result) is expected
    if reason:
        assert result.reason == reason and result.document.text == TEXT


@pytest.mark.parametrize(("source", "kind", "problem"), [
    (Fetched(b"", URL), EmptyFile, "the file has no bytes"),
    (Fetched("<html><body><h1>Không tìm thấy trang</h1></body></html>".encode(), URL),
     ErrorPage, ""),
])
def test_broken_input_is_a_failure_of_its_kind(source: Fetched, kind: type,
                                               problem: str) -> None:
    result = process(source)
    assert isinstance(result, Failure) and result.kind is kind and result.source == URL
    assert problem in result.problem and str(result) == f"{URL}: {result.problem}"
    error = result.error()
    assert isinstance(error, kind) and str(error) == str(result)


def test_a_bug_in_a_screen_is_that_documents_failure() -> None:
    result = process(Document(source="b.txt", format="txt", text=TEXT),
                     screen=lambda doc: doc.metadata["missing"])
    assert isinstance(result, Failure) and result.source == "b.txt"
    assert result.problem.startswith("internal error (KeyError")
