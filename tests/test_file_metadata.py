"""A file's own metadata is a hint, never the text's master (issue 18, part 6).

Word fills a DOCX's core properties from whoever installed it: the author is
"Administrator", the title whatever the template or an older document said. The text
says who signed and what the document is about; the metadata only fills a field the
text leaves empty, and its provenance says so (``sources["title"].rule ==
"hints.title"``). Inputs are the real seed texts and a real article of the corpus,
written into DOCX files here; the expected titles and signers are the contract's gold,
read by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from docx import Document as Docx

from extractors import extract
from pipeline.convert import convert_path
from tests.conftest import REPO, shared_path

SEEDS = ["000_92b1fd73d68b9474", "001_cd0c8ec09d399e4a", "002_d5467ff125b81b44",
         "003_3f0e39a7207b2158", "004_ed9f0645d537b244"]
SOURCES = yaml.safe_load((REPO / "corpus" / "sources.yaml").read_text(encoding="utf-8"))
#: A real headline of another document (Báo Gia Lai, July 2018): a wrong title for any seed.
OTHER_TITLE = SOURCES["gialai_2018_ung_dung_cntt"]["title"]


def write_docx(text: str, path: Path, *, author: str, title: str) -> Path:
    """``text`` as Word keeps it: a paragraph per blank-line block, its wrapped lines
    joined by line breaks; ``author`` and ``title`` in the core properties."""
    doc = Docx()
    for block in text.split("\n\n"):
        if block.strip():
            doc.add_paragraph(block.strip("\n"))
    doc.core_properties.author = author
    doc.core_properties.title = title
    doc.save(path)
    return path


@pytest.mark.parametrize("name", SEEDS)
def test_docx_author_and_title_do_not_override_the_text(name: str, tmp_path: Path) -> None:
    text = shared_path("seeds", f"{name}.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("contract", "gold", f"{name}.json").read_text("utf-8"))
    path = write_docx(text, tmp_path / f"{name}.docx", author="Administrator",
                      title=OTHER_TITLE)
    doc = convert_path(path)
    assert doc.metadata == {"author": "Administrator", "title": OTHER_TITLE}
    meta = extract(doc).document
    assert (meta.title, meta.signer) == (gold["document"]["title"], gold["document"]["signer"])
    assert not any(s.rule.startswith("hints.") for s in meta.sources.values())


@pytest.mark.parametrize(("title", "expected"), [
    (OTHER_TITLE, OTHER_TITLE),  # the article's own headline, from its page
    ("Microsoft Word - 1688.doc", None),  # names the file, not the document
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),  # the motto Word copies from the header
])
def test_metadata_title_fills_a_text_without_one(title: str, expected: str | None,
                                                 tmp_path: Path) -> None:
    """The Báo Gia Lai article was stored without its headline: the file's title is the
    only one there is, and its source names the hint (no span: the text lacks it)."""
    text = (REPO / "corpus" / "texts" / "gialai_2018_ung_dung_cntt.txt").read_text("utf-8")
    doc = convert_path(write_docx(text, tmp_path / "gialai.docx", author="Administrator",
                                  title=title))
    meta = extract(doc).document
    assert meta.title == expected
    assert meta.signer != "Administrator"
    if expected is not None:
        assert meta.sources["title"].rule == "hints.title"
        assert meta.sources["title"].span == (0, 0) and meta.sources["title"].quote == ""
    else:
        assert "title" not in meta.sources
