"""The document page's content and the cells that link to it, without a server: a
stored document read back with its facts, the answer's words leading to the fact, the
labels and short cells of the lists."""

from __future__ import annotations

import sqlite3

import lxml.html
import pytest

from pipeline.serve.cells import document_label, narrow_documents, short_cell, shorten
from pipeline.serve.document import find_fact, read
from pipeline.store import open_db, store
from schemas import DateFact, Document, DocumentMeta, Dossier, Extraction, FieldSource, Reference

TEXT = ("KẾ HOẠCH\nThực hiện Quyết định số 102/QĐ-UBND ngày 16/01/2024 của UBND tỉnh.\n"
        "Năm 2023, Sở Công Thương tiếp nhận 8.586 hồ sơ, không có hồ sơ trễ hẹn.\n"
        "Sở Công Thương | 8.586 | 0")


def fact(model, words: str, nth: int = 0, **values):
    at = -1
    for _ in range(nth + 1):
        at = TEXT.index(words, at + 1)
    return model(span=(at, at + len(words)), quote=words, rule="test", **values)


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> tuple[sqlite3.Connection, str]:
    path = tmp_path_factory.mktemp("page") / "cchc.db"
    db = open_db(path)
    doc = Document(source="https://snv.langson.gov.vn/kh-04.html", format="html", text=TEXT,
                   metadata={"publisher": "Sở Nội vụ <Lạng Sơn>"})
    meta = DocumentMeta(kind="ke_hoach", number="04/KH-SCT", title="Kế hoạch cải cách",
                        province="Lạng Sơn", sources={"kind": FieldSource(
                            span=(0, 8), quote="KẾ HOẠCH", rule="kind.heading")})
    extraction = Extraction(
        text=TEXT, document=meta, extractor_version="x",
        references=[fact(Reference, "Quyết định số 102/QĐ-UBND ngày 16/01/2024",
                         kind="Quyết định", number="102/QĐ-UBND", date="2024-01-16")],
        dates=[fact(DateFact, "16/01/2024", value="2024-01-16")],
        dossiers=[fact(Dossier, "tiếp nhận 8.586 hồ sơ", metric="received", count=8586,
                       agency="Sở Công Thương"),
                  fact(Dossier, "8.586", nth=1, metric="received", count=8586)])
    store(db, doc, extraction)
    db.close()
    return sqlite3.connect(path), doc.sha256


def test_the_page_has_the_header_the_text_and_every_fact(stored):
    conn, doc_id = stored
    page = read(conn, doc_id)
    assert page.title == "Kế hoạch cải cách"
    assert ("Loại văn bản", "Kế hoạch") in page.header and ("Số hiệu", "04/KH-SCT") in page.header
    assert page.links == [("https://snv.langson.gov.vn/kh-04.html",
                           "https://snv.langson.gov.vn/kh-04.html")]
    assert ("publisher", "Sở Nội vụ <Lạng Sơn>") in page.metadata
    assert page.field_sources == [("Loại văn bản", "KẾ HOẠCH", "kind.heading", "0–8")]
    assert list(page.facts) == ["references", "dates", "dossiers"] and page.total == 4
    root = lxml.html.fragment_fromstring(f"<div>{page.text}</div>")
    for category, facts in page.facts.items():
        for f in facts:
            mark = root.xpath(f'//*[@id="fact-{f.key}"]')[0]
            assert f.key.startswith(category) and mark.text_content() == f.quote
    assert root.xpath("//table//mark")  # the fact in the flattened table row
    dossier = page.facts["dossiers"][0]
    assert ("số hồ sơ", "8.586") in dossier.values and ("chỉ tiêu", "tiếp nhận") in dossier.values


def test_no_such_document(stored):
    assert read(stored[0], "0" * 64) is None


@pytest.mark.parametrize(("quote", "within", "found"), [
    ("16/01/2024", None, "dates"),
    ("tiếp nhận 8.586 hồ sơ", "dossiers", "dossiers"),
    ("không có … tiếp nhận 8.586 hồ sơ", None, "dossiers"),  # an answer's joined words
    ("16/01/2024", "dossiers", None),
    ("không có ở đây", None, None),
])
def test_an_answers_words_lead_to_its_fact(stored, quote, within, found):
    key = find_fact(stored[0], stored[1], quote, within)
    assert (key.split("-")[0] if key else None) == found


@pytest.mark.parametrize(("title", "number", "kind", "label"), [
    ("Kế hoạch khắc phục các tiêu chí bị đánh giá thấp tại kết quả Chỉ số CCHC năm 2023",
     "04/KH-SCT", "ke_hoach", "Kế hoạch khắc phục các tiêu chí bị đánh giá thấp tại kết…"),
    (None, "04/KH-SCT", "ke_hoach", "Kế hoạch 04/KH-SCT"),
    (None, None, None, "(văn bản không có trích yếu)"),
])
def test_document_labels(title, number, kind, label):
    assert document_label(title, number, kind)[0] == label


def test_short_cells_of_the_documents_list():
    assert str(short_cell("conversion", '{"converter": "tesseract", "ocr": true, '
                          '"warnings": ["x"]}')) == "tesseract, OCR, 1 cảnh báo"
    assert str(short_cell("field_sources", '{"title": {}, "signer": {}}')) \
        == "trích yếu, người ký"
    assert str(short_cell("metadata", '{"url": "https://x", "publisher": "Báo"}')) \
        == "url, publisher"
    assert shorten("a <b>\n" * 50, 20) == "a <b> a <b> a <b> a…"
    assert str(short_cell("text", "<b>x</b>")) \
        == '<span class="cchc-excerpt">&lt;b&gt;x&lt;/b&gt;</span>'


@pytest.mark.parametrize(("path", "query", "narrowed"), [
    ("/cchc/documents", b"", True),
    ("/cchc/documents", b"_search=ho+so", True),
    ("/cchc/documents", b"_col=title", False),
    ("/cchc/documents", b"_nocol=text", False),
    ("/cchc/documents.json", b"", False),
    ("/cchc/documents", b"_format=json", False),
    ("/cchc/dossiers", b"", False),
])
def test_the_documents_list_leaves_long_columns_out(path, query, narrowed):
    scope = narrow_documents({"type": "http", "path": path, "query_string": query})
    assert (b"_nocol=text" in scope["query_string"] and query in scope["query_string"]) \
        == narrowed or (not narrowed and scope["query_string"] == query)


def test_the_plugins_templates_and_static_files_are_shipped():
    """pyproject's package-data takes the plugin's templates/ and static/ along, so an
    installed cchc serves the document page too."""
    import fnmatch
    import tomllib

    from tests.conftest import REPO

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["*"]
    plugin = REPO / "pipeline" / "serve" / "plugin"
    files = [p.relative_to(plugin).as_posix() for d in ("templates", "static")
             for p in (plugin / d).iterdir()]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files)


def test_every_mention_of_a_unit_is_marked_and_the_first_is_its_anchor(tmp_path):
    """A unit is listed once with every place the text names it: each place is marked,
    the first holds the anchor the facts panel links to, the others continue it."""
    from schemas import Unit

    text = ("Sở Nội vụ chủ trì, phối hợp với Sở Tài chính.\n"
            "Giao Sở Nội vụ tổng hợp, báo cáo UBND tỉnh.")
    first = text.index("Sở Nội vụ")
    second = text.index("Sở Nội vụ", first + 1)
    unit = Unit(span=(first, first + 9), quote="Sở Nội vụ", rule="test", name="Sở Nội vụ",
                mentions=[(first, first + 9), (second, second + 9)])
    db = open_db(tmp_path / "cchc.db")
    doc = Document(source="kh.txt", format="txt", text=text)
    store(db, doc, Extraction(text=text, document=DocumentMeta(), extractor_version="x",
                              units=[unit]))
    db.close()
    page = read(sqlite3.connect(tmp_path / "cchc.db"), doc.sha256)
    marks = lxml.html.fromstring(str(page.text)).xpath("//mark[starts-with(@data-fact, 'units-')]")
    assert [m.text_content() for m in marks] == ["Sở Nội vụ", "Sở Nội vụ"]
    assert marks[0].get("id", "").startswith("fact-units-") and "cont" not in marks[0].get("class")
    assert marks[1].get("id") is None and "cont" in marks[1].get("class")
    assert page.total == 1  # still one fact in the panel
