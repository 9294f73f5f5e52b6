"""Which text layers are trusted (issue 18): real Vietnamese is, garbage of any kind is not.

Real texts are the seeds and ``corpus/texts``; garbled ones are those same texts through
the wrong code pages (``corpus/fixtures/garble.py``) and short quotations of a real
signed scan whose hidden OCR layer was made with the wrong encoding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.fixtures.garble import GARBLERS, seven_bit, to_legacy
from extractors import extract
from pipeline.convert import convert_bytes, convert_path
from pipeline.convert.pdf import decide
from pipeline.convert.quality import MIN_SCORE, assess, garbage_reason, judge_word
from pipeline.convert.syllables import _data, is_syllable, syllables
from pipeline.store import open_db, store
from pipeline.store.records import stored_document
from tests.conftest import REPO, shared_path
from tests.test_convert import need_tool

FIX = REPO / "corpus" / "fixtures"
LETTER, REPORT = "002_d5467ff125b81b44", "000_92b1fd73d68b9474"
CORPUS = sorted((REPO / "corpus" / "texts").glob("*.txt"))
SEEDS = ["000_92b1fd73d68b9474", "001_cd0c8ec09d399e4a", LETTER, "003_3f0e39a7207b2158",
         "004_ed9f0645d537b244"]
#: Quotations of the hidden text layer of a real signed scan (issue 18): "UỶ BAN NHÂN DÂN
#: … CỘNG HÒA", "Số: …/TB-UBND" and the signer's name as that layer gives them.
SCAN_LAYER = ["uY BAN NgAN nAN ceNG HoA", "56:]+9-} /TB-LIBND", "Minh Vfr"]


def real_text(name: str) -> str:
    if name.endswith(".txt"):
        return (REPO / "corpus" / "texts" / name).read_text(encoding="utf-8")
    return shared_path("seeds", f"{name}.txt").read_text(encoding="utf-8")


TEXTS = [p.name for p in CORPUS] + SEEDS


# ---- the syllable list ------------------------------------------------------------------
@pytest.mark.parametrize("word", _data()["examples"])
def test_syllable_examples(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize("word", _data()["counterexamples"])
def test_syllable_counterexamples(word: str) -> None:
    assert not is_syllable(word)


def test_the_syllable_list_is_nfc_lower_case_and_its_plain_words_are_what_they_are() -> None:
    import unicodedata

    found = syllables()
    assert 10_000 < len(found) < 30_000
    assert all(s == unicodedata.normalize("NFC", s) and s.islower() for s in found)
    # Unaccented syllables are in only as themselves, not as stripped accented ones.
    assert {"xa", "ban", "tin", "hoa"} <= found
    assert not {"hoc", "viet", "quoc", "tich"} & found  # -c/-t/-ch take sắc or nặng


def alphabetical(word: str) -> list[int]:
    """Sort key in Vietnamese alphabetical order (a ă â b c d đ e ê …), tones ignored."""
    import unicodedata

    alphabet = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
    key = []
    for ch in word.lower():
        tones = "\u0300\u0301\u0309\u0303\u0323"
        base = unicodedata.normalize(
            "NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in tones))
        key.append(alphabet.index(base) if base in alphabet else 100 + ord(base))
    return key


def test_the_data_files_are_nfc_and_sorted() -> None:
    import unicodedata

    import yaml

    from pipeline.convert.quality import WORDS
    from pipeline.convert.syllables import DATA

    words = yaml.safe_load(WORDS.read_text(encoding="utf-8"))["words"]
    lists = [*words.values(), _data()["onsets"], *_data()["rhymes"], *_data()["medial_rhymes"]]
    for items in lists:
        assert all(isinstance(w, str) and w == unicodedata.normalize("NFC", w) for w in items)
        assert items == sorted(items, key=alphabetical), items
    for path in (WORDS, DATA):
        text = path.read_text(encoding="utf-8")
        assert text == unicodedata.normalize("NFC", text)
    # No abbreviation or name is a syllable already (it would say nothing).
    assert not [w for group in words.values() for w in group if is_syllable(w)]


# ---- one word -----------------------------------------------------------------------------
@pytest.mark.parametrize(("token", "problem"), [
    ("Hòa,", None), ("HOÀ", None), ("Thuỷ", None), ("(Sở", None), ("ngày", None),
    ("163/2024/QH15", None), ("30/2020/NĐ-CP", None), ("1688/SKHĐT-VP", None),
    ("16/CT-TTg", None), ("05/3/2020", None), ("90,35%", None), ("UBND", None),
    ("HĐND", None), ("TTHC", None), ("CCHC", None), ("SNV", None), ("KH&ĐT", None),
    ("V/v", None), ("Đắk", None), ("Kạn", None), ("12h30", None), ("25m2", None),
    ("II.", None), ("b)", None), ("-", ""), ("./.", ""),
    ("ceNG", "case"), ("NgAN", "case"), ("uY", "case"), ("HoA", "case"),
    ("Vfr", "syllable"), ("LIBND", "syllable"), ("ubnd", "syllable"),
    ("56:]+9-}", "symbols"), ("h_a", "symbols"), ("x7", "symbols"), ("C8c", "symbols"),
    ("hßa", "letters"), ("Coäng", "letters"), ("Ä‘Æ°á»£c", "letters"), ("hÃ²a", "symbols"),
])
def test_judge_word(token: str, problem: str | None) -> None:
    assert judge_word(token) == problem


def test_the_quoted_scan_layer_is_refused_word_by_word() -> None:
    words = " ".join(SCAN_LAYER).split()
    assert [w for w in words if judge_word(w) is None] == ["BAN", "/TB-LIBND", "Minh"]
    reason = garbage_reason(" ".join(SCAN_LAYER))
    assert reason.startswith("only 30% of 10 words read as Vietnamese: capitals inside words")


# ---- whole texts --------------------------------------------------------------------------
@pytest.mark.parametrize("name", TEXTS)
def test_every_real_text_is_trusted(name: str) -> None:
    text = real_text(name)
    assert garbage_reason(text) is None
    assert assess(text).score >= 0.93


#: Garbler → the words its reason must start with.
REFUSED = {
    "tcvn3": "letters of the TCVN3 legacy encoding",
    "vni": "letters of the VNI legacy encoding",
    "tcvn3-7bit": "only",
    "vni-7bit": "only",
    "utf8-as-cp1252": "letters outside the Vietnamese alphabet",
    "glyph-order": ("mostly symbols", "only"),
}


@pytest.mark.parametrize("garbler", sorted(GARBLERS))
@pytest.mark.parametrize("name", TEXTS)
def test_every_garbled_text_is_refused_for_its_reason(name: str, garbler: str) -> None:
    garbled = GARBLERS[garbler](real_text(name))
    reason = garbage_reason(garbled)
    assert reason is not None and reason.startswith(REFUSED[garbler]), reason
    assert assess(garbled).score < MIN_SCORE
    if reason.startswith("only"):
        assert "read as Vietnamese" in reason


# ---- a PDF page's decision ----------------------------------------------------------------
def page_text() -> str:
    """The first 60 lines of a real letter, about a page."""
    return "\n".join(real_text(LETTER).split("\n")[:60])


@pytest.mark.parametrize(("make", "has_images", "decision", "reason"), [
    (lambda t: t, False, "text", None),
    (lambda t: t, True, "text", None),  # a text page with a logo
    (lambda t: to_legacy(t, "tcvn3"), False, "legacy", "letters of the TCVN3 legacy"),
    (lambda t: to_legacy(t, "vni"), False, "legacy", "letters of the VNI legacy"),
    (seven_bit, True, "ocr", "only"),
    (lambda t: "(cid:3)(cid:45)(cid:12)(cid:88) " * 20, True, "ocr", "(cid:N)"),
    (lambda t: "", True, "ocr", "no text layer (a scan)"),
    (lambda t: "ĐÓNG DẤU", True, "ocr", "only 7 characters"),
    (lambda t: "", False, "text", "blank page"),
])
def test_page_decision(make, has_images: bool, decision: str, reason: str | None) -> None:
    text, record, encoding = decide(make(page_text()), has_images)
    assert record.decision == decision
    assert (record.reason or "").startswith(reason or "") and (reason is None) is (
        record.reason is None)
    if decision == "text" and reason is None:
        assert text == page_text() and record.score >= MIN_SCORE
    if decision == "legacy":
        assert encoding in ("tcvn3", "vni") and "Cải cách hành chính" in text
    if decision == "ocr":
        assert text == ""


def test_text_pdf_records_each_page_as_its_text_layer() -> None:
    doc = convert_path(FIX / "pdf" / f"{LETTER}.pdf")
    assert [p.page for p in doc.conversion.pages] == list(range(1, len(doc.pages) + 1))
    assert {p.decision for p in doc.conversion.pages} == {"text"}
    assert min(p.score for p in doc.conversion.pages) >= 0.9


def test_legacy_font_pdf_records_its_pages_as_converted() -> None:
    doc = convert_path(FIX / "pdf" / f"{REPORT}.vntime.pdf")
    assert {p.decision for p in doc.conversion.pages} == {"legacy"}
    assert all(p.reason.startswith("letters of the TCVN3 legacy encoding")
               for p in doc.conversion.pages)
    assert not doc.conversion.ocr and doc.conversion.encoding == "tcvn3"


@pytest.mark.slow
def test_scan_with_a_garbled_hidden_layer_is_ocred() -> None:
    """The fixture: a real letter's first and last page scanned, under a hidden text layer
    of its own text in the wrong code page (corpus/fixtures/README.md)."""
    need_tool("tesseract")
    doc = convert_path(FIX / "garbled" / f"{LETTER}.hidden-layer.pdf")
    assert doc.conversion.ocr and "tesseract" in doc.conversion.converter
    assert [(p.page, p.decision) for p in doc.conversion.pages] == [(1, "ocr"), (2, "ocr")]
    assert all("read as Vietnamese" in p.reason and p.score < 0.5
               for p in doc.conversion.pages)
    assert doc.conversion.warnings[0].startswith("page 1: text layer unusable (only ")
    assert garbage_reason(doc.text) is None
    meta = extract(doc).document
    assert meta.kind == "cong_van" and meta.number == "1688/SKHĐT-VP"
    assert meta.title is None or garbage_reason(meta.title, min_chars=0) is None
    assert meta.signer is not None and assess(meta.signer).score == 1.0


def test_the_hidden_layer_trusted_as_it_is_gives_garbage() -> None:
    """Why it must not be trusted: the fixture's hidden layer, read as a text layer and
    extracted, loses the letter's number and date and gives a garbage title."""
    import pypdfium2 as pdfium

    from pipeline.convert import pdftext

    pdf = pdfium.PdfDocument((FIX / "garbled" / f"{LETTER}.hidden-layer.pdf").read_bytes())
    layer = "\n\n".join(pdftext.page_text(page) for page in pdf)
    meta = extract(layer).document
    assert meta.number is None and meta.issued_date is None
    assert meta.title is not None and garbage_reason(meta.title) is not None


# ---- the record is kept -------------------------------------------------------------------
def test_the_store_keeps_the_page_records(tmp_path: Path) -> None:
    doc = convert_path(FIX / "pdf" / f"{REPORT}.vntime.pdf")
    db = open_db(tmp_path / "q.db")
    store(db, doc, extract(doc))
    row = next(iter(db["documents"].rows))
    assert stored_document(row).conversion == doc.conversion
    assert stored_document(row).conversion.pages[0].decision == "legacy"


# ---- other formats warn -------------------------------------------------------------------
@pytest.mark.parametrize(("make", "warned"), [
    (lambda t: t, False),
    (seven_bit, True),
    (lambda t: seven_bit(t, "vni"), True),
])
def test_a_text_file_that_comes_out_garbage_is_flagged(make, warned: bool) -> None:
    doc = convert_bytes(make(real_text(REPORT)).encode("utf-8"), "a.txt")
    flagged = [w for w in doc.conversion.warnings if w.startswith("text may be garbage: only")]
    assert bool(flagged) is warned


def test_a_docx_that_comes_out_garbage_is_flagged(tmp_path: Path) -> None:
    from docx import Document as new_docx

    d = new_docx()
    for line in real_text(LETTER).split("\n")[:40]:
        d.add_paragraph(seven_bit(line))
    d.save(tmp_path / "a.docx")
    doc = convert_path(tmp_path / "a.docx")
    assert any(w.startswith("text may be garbage") for w in doc.conversion.warnings)
