"""Legacy-encoding detection only where a text shows a sign of a legacy font (issue 19).

viparse's detector scores a text against every legacy table; ``legacy.needs_detection``
spares it clean Unicode ("Cộng hòa xã hội chủ nghĩa Việt Nam", "m²", curly quotes) and
sends it anything with a TCVN3/VNI/VISCII sign ("Céng hßa X·", "Coäng hoøa", a control
code, U+2212 for ".VnTime"'s "ư"). The test that matters is the false negatives: on every
legacy surface our fixtures give — the text files read as Latin-1 (as ``text`` reads
them), each page of the ".VnTime" PDF's text layer (``pdf`` judges page by page), the
".VnTime" DOCX and DOC read without their fonts — every unit viparse calls legacy, down
to single paragraphs, must be sent to it: the list of misses is empty.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx as python_docx
import pypdfium2 as pdfium
import pytest
import viparse

from pipeline.convert import legacy, pdftext
from pipeline.convert.docx import _legacy_run_text
from tests.conftest import REPO, shared_path

FIX = REPO / "corpus" / "fixtures"
REPORT = "000_92b1fd73d68b9474"


def _txt(name: str) -> list[str]:
    return [(FIX / "txt" / f"{REPORT}.{name}.txt").read_bytes().decode("latin-1")]


def _pdf_pages() -> list[str]:
    pdf = pdfium.PdfDocument(str(FIX / "pdf" / f"{REPORT}.vntime.pdf"))
    try:
        return [pdftext.page_text(pdf[i]) for i in range(len(pdf))]
    finally:
        pdf.close()


def _docx() -> list[str]:
    doc = python_docx.Document(str(FIX / "docx" / f"{REPORT}.vntime.docx"))
    return ["\n".join("".join(_legacy_run_text(r) for r in p.runs) for p in doc.paragraphs)]


def _doc() -> list[str]:
    if shutil.which("antiword") is None:
        pytest.skip("antiword not installed (make system-deps)")
    out = subprocess.run(["antiword", "-m", "UTF-8.txt", "-w", "0",
                          str(FIX / "doc" / f"{REPORT}.vntime.doc")],
                         capture_output=True, check=True)
    return [out.stdout.decode("utf-8", "replace")]


SURFACES = {"txt tcvn3": lambda: _txt("tcvn3"), "txt vni": lambda: _txt("vni"),
            "txt viscii": lambda: _txt("viscii"), "pdf .VnTime pages": _pdf_pages,
            "docx .VnTime": _docx, "doc .VnTime (antiword)": _doc}


def _units(texts: list[str]) -> list[str]:
    """The texts themselves, then each paragraph of 40 characters or more."""
    paragraphs = [p for t in texts for p in t.split("\n") if len(p.strip()) >= 40]
    return [*texts, *paragraphs]


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_every_legacy_surface_of_the_fixtures_goes_to_the_detector(surface: str) -> None:
    texts = SURFACES[surface]()
    assert all(legacy.needs_detection(t) for t in texts)
    assert legacy.detect(texts[0]) in legacy.LEGACY
    missed = [u[:60] for u in _units(texts)
              if viparse.detect_text_encoding(u) in legacy.LEGACY
              and not legacy.needs_detection(u)]
    assert missed == []  # the false-negative rate: 0 of every unit viparse calls legacy


@pytest.mark.parametrize(("text", "needs"), [
    ("Céng hßa x· héi chñ nghÜa ViÖt Nam", True),  # TCVN3
    ("§éc lËp - Tù do - H¹nh phóc", True),  # TCVN3
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", True),  # VNI
    ("Th\u2212¬ng m¹i", True),  # TCVN3 "Thương mại" from a .VnTime PDF: ư drawn as U+2212
    ("Sở Nội vụ tỉnh Đắk Lắk", False),
    ("Diện tích 25 m², nhiệt độ 30°C – “Kế hoạch” số 04/KH-SCT…", False),
    ("Kế hoạch số 04/KH-SCT", False),
])
def test_signs_of_a_legacy_font(text: str, needs: bool) -> None:
    assert legacy.needs_detection(text) is needs


def _clean_texts() -> list[Path]:
    seeds = sorted(shared_path("seeds").glob("*.txt"))
    return seeds + sorted((REPO / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", _clean_texts() if (REPO.parent / "shared").exists()
                         else sorted((REPO / "corpus" / "texts").glob("*.txt")),
                         ids=lambda p: p.name)
def test_a_clean_unicode_text_skips_the_detector(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert legacy.needs_detection(text) is False
    assert legacy.detect(text) is None


def test_a_few_signs_among_thousands_of_letters_are_not_a_legacy_font() -> None:
    """A pinyin "ǎ" (U+01CE) typed for "ă" is a sign: a phrase with it alone ("Cải cách
    hành chính nǎm 2025", one sign of four non-ASCII letters) is still judged; in a whole
    report of thousands of letters it is a slip of the keyboard, and the report skips the
    detector (which calls it Unicode either way)."""
    path = REPO / "corpus" / "texts" / "lamdong_2025_bc_cchc_quy1_dungkno.txt"
    text = path.read_text(encoding="utf-8")
    phrase = text[text.index("Cải cách hành chính n\u01ce"):][:28]
    assert phrase == "Cải cách hành chính n\u01cem 2025"
    assert legacy.needs_detection(phrase) is True
    assert legacy.needs_detection(text) is False
    assert viparse.detect_text_encoding(text) not in legacy.LEGACY
