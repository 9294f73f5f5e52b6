"""The document page's text: every fact marked at its own span, nested and crossing
spans both visible, lines, paragraphs and flattened tables kept, everything escaped.

Each case is a text, its spans, and what a reader must find in the HTML: the words of
each fact's marks (its pieces joined) equal to its quote, its anchor on its first mark."""

from __future__ import annotations

import lxml.html
import pytest

from pipeline.serve.annotate import Span, annotate, blocks

REF = "Thực hiện Quyết định số 102/QĐ-UBND ngày 16/01/2024 của Chủ tịch UBND tỉnh."


def span(text: str, words: str, key: str, *, nth: int = 0) -> Span:
    at = -1
    for _ in range(nth + 1):
        at = text.index(words, at + 1)
    return Span(at, at + len(words), key, key.split("-")[0], f"tip of {key}")


def parse(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(f"<div>{html}</div>")


def pieces(root: lxml.html.HtmlElement, key: str) -> str:
    """The words of a fact's marks, in reading order, joined (line breaks dropped)."""
    return "".join(m.text_content() for m in root.iter("mark") if m.get("data-fact") == key)


def squash(text: str) -> str:
    return "".join(text.split())


CASES = [
    ("a date inside a reference", REF,
     lambda t: [span(t, "Quyết định số 102/QĐ-UBND ngày 16/01/2024", "references-1"),
                span(t, "16/01/2024", "dates-7")]),
    ("crossing spans", "Sở Nội vụ đạt 89,5 điểm xếp thứ 3",
     lambda t: [span(t, "Sở Nội vụ đạt 89,5", "units-1"), span(t, "89,5 điểm xếp", "scores-2")]),
    ("the same words twice", "tiếp nhận 8.586 hồ sơ",
     lambda t: [span(t, "8.586 hồ sơ", "dossiers-1"), span(t, "8.586 hồ sơ", "rates-2")]),
    ("three deep", REF,
     lambda t: [span(t, "Quyết định số 102/QĐ-UBND ngày 16/01/2024", "references-1"),
                span(t, "ngày 16/01/2024", "dates-2"), span(t, "2024", "scores-3")]),
    ("across a line break", "Sở Công\nThương tiếp nhận",
     lambda t: [span(t, "Sở Công\nThương", "units-4")]),
    ("in a table", "Kết quả:\nSở Nội vụ | 89,5 | 3\nSở Tư pháp | 88 | 5",
     lambda t: [span(t, "89,5", "scores-1"), span(t, "Sở Tư pháp", "units-2")]),
    ("across cells", "Sở Nội vụ | 89,5 | 3",
     lambda t: [span(t, "Sở Nội vụ | 89,5", "scores-9")]),
    ("around a paragraph break", "Mở đầu.\n\nNgày 17/4 đạt 91,43%.",
     lambda t: [span(t, "17/4", "dates-1"), span(t, "91,43%", "rates-5")]),
]


@pytest.mark.parametrize(("name", "text", "make"), CASES, ids=[c[0] for c in CASES])
def test_every_fact_is_marked_at_its_words(name, text, make):
    spans = make(text)
    root = parse(annotate(text, spans))
    for s in spans:
        quote = text[s.start:s.end]
        assert squash(pieces(root, s.key)).replace("|", "") == squash(quote).replace("|", "")
        anchors = root.xpath(f'//*[@id="fact-{s.key}"]')
        assert len(anchors) == 1 and anchors[0].tag == "mark", s.key
        assert anchors[0].get("tabindex") == "0" and anchors[0].get("title") == s.tip
        back = root.xpath(f'//a[@href="#item-{s.key}"]')
        assert len(back) == 1 and back[0].text_content() == "", s.key


def test_nested_marks_nest():
    text = REF
    root = parse(annotate(text, CASES[0][2](text)))
    date = root.xpath('//*[@id="fact-dates-7"]')[0]
    assert date.getparent().get("id") == "fact-references-1"
    assert date.text_content() == "16/01/2024"
    assert root.xpath('//*[@id="fact-references-1"]')[0].text_content() \
        == "Quyết định số 102/QĐ-UBND ngày 16/01/2024"
    assert "d0" in date.getparent().get("class") and "d1" in date.get("class")


def test_a_crossing_span_is_reopened_as_a_continuation():
    text = CASES[1][1]
    root = parse(annotate(text, CASES[1][2](text)))
    score = [m for m in root.iter("mark") if m.get("data-fact") == "scores-2"]
    assert [bool(m.get("id")) for m in score] == [True, False]
    assert "cont" in score[1].get("class")
    assert root.xpath('//*[@id="fact-units-1"]')[0].text_content() == "Sở Nội vụ đạt 89,5"


def test_text_outside_marks_is_kept_word_for_word():
    text = REF
    root = parse(annotate(text, CASES[3][2](text)))
    assert root.text_content() == text


def test_tables_and_paragraphs():
    text = "Kết quả:\nSở Nội vụ | 89,5 | 3\nSở Tư pháp | 88 | 5\n\nHết.\nKý tên"
    assert [(b.kind, len(b.rows)) for b in blocks(text)] == [("p", 1), ("table", 2), ("p", 1)]
    root = parse(annotate(text, []))
    rows = root.xpath("//table/tr")
    assert [[td.text_content() for td in tr] for tr in rows] == [
        ["Sở Nội vụ", "89,5", "3"], ["Sở Tư pháp", "88", "5"]]
    assert [p.text_content() for p in root.iter("p")] == ["Kết quả:", "Hết.\nKý tên"]
    assert len(root.xpath("//p/br")) == 1


def test_antiword_rows_are_tables_too():
    root = parse(annotate("|Sở Nội vụ |89,5 |\n|Sở Tư pháp |88 |", []))
    assert [[td.text_content() for td in tr] for tr in root.xpath("//tr")] == [
        ["Sở Nội vụ", "89,5"], ["Sở Tư pháp", "88"]]


def test_everything_is_escaped():
    text = 'Báo cáo <script>alert("x")</script> & "Sở" đạt 1/2'
    tip = 'Điểm — "x" <b>'
    html = annotate(text, [Span(text.index("<script>"), text.index("&"), "dates-1", "dates",
                                tip)])
    assert "<script>" not in html and "&lt;script&gt;" in html
    root = parse(html)
    assert root.text_content() == text
    assert root.xpath('//*[@id="fact-dates-1"]')[0].get("title") == tip


def test_an_empty_span_keeps_its_anchor():
    root = parse(annotate("Ngày ký", [Span(4, 4, "dates-3", "dates", "")]))
    assert root.xpath('//*[@id="fact-dates-3"]')[0].tag == "span"
