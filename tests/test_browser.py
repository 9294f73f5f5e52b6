"""The reader's side in a real browser: headless Chromium (Playwright) on a real
``cchc serve`` over ``corpus/texts`` as ``cchc ingest`` stores it.

Every assertion is on what the page shows (the DOM's text, what is focused, what is in
view), never on a status code: the document page marks each fact at its own words, a
fact's link in the panel lands on its highlight and back, a canned query's row opens its
document at the fact, search shows the words as the text writes them, and input that
FTS5 would choke on gives an ordinary page.

Set ``CCHC_SCREENSHOTS=1`` to write ``docs/document-page.png`` and
``docs/answer-query.png`` (shown in the README) from the same pages.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from schemas import CATEGORIES
from tests.conftest import REPO, serving
from tests.test_datasette import chromium

pytestmark = pytest.mark.slow
sync_api = pytest.importorskip("playwright.sync_api")

DB = "cchc"
#: Chromium as the machine has it (Debian's), never a browser Playwright downloads.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def cchc(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    """``cchc ingest corpus/texts`` into a fresh database."""
    path = tmp_path_factory.mktemp("browser") / f"{DB}.db"
    done = cchc("ingest", "corpus/texts", "--db", str(path))
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return path


@pytest.fixture(scope="module")
def server(database: Path) -> Iterator[str]:
    """``cchc serve`` over it, on a free port."""
    with serving(database) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=chromium(), args=FLAGS)
        yield chrome
        chrome.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def rows(database: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(database) as conn:
        return conn.execute(sql, params).fetchall()


def facts_sql(columns: str = "id, start, \"end\", quote") -> str:
    return " UNION ALL ".join(f"SELECT '{c}' AS category, {columns} FROM \"{c}\" "
                              "WHERE document_id = ?1" for c in CATEGORIES)


def busiest(database: Path) -> str:
    """The document with the most facts."""
    counts = " + ".join(f'(SELECT count(*) FROM "{c}" f WHERE f.document_id = d.id)'
                        for c in CATEGORIES)
    return rows(database, f"SELECT id FROM documents d ORDER BY {counts} DESC LIMIT 1")[0][0]


def screenshot(page, name: str, tmp_path: Path) -> None:
    """A PNG of what the reader sees, into docs/ when CCHC_SCREENSHOTS is set."""
    where = REPO / "docs" if os.environ.get("CCHC_SCREENSHOTS") else tmp_path
    path = where / name
    page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size < 600_000


#: The words of a fact's marks in reading order (a fact cut by a crossing span, a line
#: or a table cell is several marks), and what the anchor of the fact is.
def marked_words(database: Path, doc: str, category: str, fact_id: int, quote: str) -> str:
    """The words a fact's marks hold: its quote, and for a unit named several times the
    words at each place the text names it (``units.mentions``), in text order."""
    if category != "units":
        return quote
    (mentions, start, end), = rows(database, 'SELECT mentions, start, "end" FROM units '
                                   "WHERE id = ?", fact_id)
    text = rows(database, "SELECT text FROM documents WHERE id = ?", doc)[0][0]
    places = sorted({(start, end), *(tuple(m) for m in json.loads(mentions or "[]"))})
    return "".join(text[a:b] for a, b in places)


PIECES = """key => ({
  words: [...document.querySelectorAll(`mark[data-fact="${key}"]`)]
           .map(m => m.textContent).join(''),
  anchor: document.getElementById(`fact-${key}`)?.tagName,
  visible: (() => { const m = document.getElementById(`fact-${key}`);
                    const r = m && m.getBoundingClientRect(); return !!r && r.width > 0; })(),
})"""


def column(page, header: str):
    """The cells under the column headed ``header`` (Datasette names them by a hash)."""
    css = page.evaluate("""h => [...document.querySelectorAll('table.rows-and-columns th')]
        .find(th => th.innerText.trim() === h)?.className.split(' ')[0]""", header)
    assert css, f"no column {header!r}"
    return page.locator(f"table.rows-and-columns td.{css}")


def squash(text: str) -> str:
    return "".join(text.split()).replace("|", "")


def test_every_fact_is_highlighted_at_its_words(server, database, page, tmp_path):
    doc = busiest(database)
    facts = rows(database, facts_sql(), doc)
    page.goto(f"{server}/-/cchc/document/{doc}")
    title = rows(database, "SELECT title FROM documents WHERE id = ?", doc)[0][0]
    assert page.locator("h1").inner_text() == title
    assert len(facts) > 10
    for category, fact_id, _, _, quote in facts:
        shown = page.evaluate(PIECES, f"{category}-{fact_id}")
        assert shown["anchor"] == "MARK" and shown["visible"], (category, fact_id)
        assert squash(shown["words"]) == squash(marked_words(database, doc, category, fact_id,
                                                             quote)), (category, fact_id, quote)
    assert page.locator("#facts").inner_text().startswith(f"Dữ kiện ({len(facts)})")
    screenshot(page, "document-page.png", tmp_path)


def test_overlapping_facts_are_both_visible(server, database, page):
    """Two facts whose words overlap (a unit inside a dossier figure): both marked, the
    shorter inside the longer."""
    pairs = []
    for a in CATEGORIES:
        for b in CATEGORIES:
            pairs += rows(database, f"SELECT '{a}', x.id, x.quote, '{b}', y.id, y.quote, "
                          f'x.document_id FROM "{a}" x JOIN "{b}" y ON x.document_id = '
                          'y.document_id AND x.start <= y.start AND y."end" <= x."end" AND '
                          f"(x.start, x.\"end\", '{a}', x.id) != (y.start, y.\"end\", '{b}', y.id)"
                          " LIMIT 1")
    assert pairs, "the corpus has no overlapping facts any more: pick another case"
    outer_cat, outer_id, outer_quote, inner_cat, inner_id, inner_quote, doc = pairs[0]
    page.goto(f"{server}/-/cchc/document/{doc}")
    outer = page.locator(f"#fact-{outer_cat}-{outer_id}")
    inner = page.locator(f"#fact-{inner_cat}-{inner_id}")
    assert outer.is_visible() and inner.is_visible()
    assert squash(outer.inner_text()) == squash(outer_quote)
    assert squash(inner.inner_text()) == squash(inner_quote)
    assert outer.evaluate("(o, id) => o.contains(document.getElementById(id))",
                          f"fact-{inner_cat}-{inner_id}")


def test_a_facts_link_lands_on_its_highlight_and_back(server, database, page):
    doc = busiest(database)
    page.goto(f"{server}/-/cchc/document/{doc}")
    link = page.locator("#facts li a").last
    key = link.get_attribute("href").removeprefix("#fact-")
    link.click()
    target = page.evaluate("() => [location.hash, document.querySelector(':target')?.tagName,"
                           " document.querySelector(':target')?.dataset.fact]")
    assert target == [f"#fact-{key}", "MARK", key]
    mark = page.locator(f"#fact-{key}")
    assert mark.evaluate("m => { const r = m.getBoundingClientRect(); "
                         "return r.top >= 0 && r.bottom <= innerHeight; }")
    mark.focus()  # the values show on keyboard focus, as on hover (title)
    tip = mark.evaluate("m => getComputedStyle(m, '::after').content")
    assert mark.get_attribute("title") in tip and "quy tắc" in tip
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    if focused == f"#item-{key}":  # no nested mark in between: the way back comes next
        page.keyboard.press("Enter")
    else:
        page.locator(f'mark a[href="#item-{key}"]').click()
    assert page.evaluate("() => location.hash") == f"#item-{key}"
    assert page.locator(f"#item-{key}").is_visible()


def test_the_page_reads_without_javascript_and_from_the_keyboard(browser, server, database):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/-/cchc/document/{busiest(database)}")
    assert page.locator("mark.fact").count() > 10 and page.locator(".text p").count() > 3
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "MARK":
            break
    assert page.evaluate("() => document.activeElement.id").startswith("fact-")
    details = page.locator(".doc-record details")
    assert details.count() == 2 and not details.first.evaluate("d => d.open")
    details.first.locator("summary").click()
    assert "công cụ chuyển đổi" in details.first.inner_text()
    assert "{" not in details.first.inner_text()  # words, not JSON
    context.close()


def test_a_canned_querys_row_opens_its_document_at_the_fact(server, database, page,
                                                           tmp_path):
    page.goto(f"{server}/{DB}/results_by_subject?subject=&province=an+giang&index=&year="
              "&_hide_sql=1")
    assert "Kết quả đánh giá" in page.locator("h1").inner_text()
    page.set_viewport_size({"width": 1800, "height": 800})  # every column, the links too
    page.locator("table.rows-and-columns").scroll_into_view_if_needed()
    screenshot(page, "answer-query.png", tmp_path)
    page.set_viewport_size({"width": 1280, "height": 900})
    link = column(page, "Mã văn bản").locator("a").first
    label = link.inner_text()
    assert label and not any(len(w) == 64 for w in label.split())  # a title, not a hash
    quote = column(page, "Trích dẫn").first.inner_text()
    link.click()
    page.wait_for_load_state()
    doc = page.url.split("/document/")[1].split("#")[0].split("?")[0]
    title = rows(database, "SELECT title FROM documents WHERE id = ?", doc)[0][0]
    assert page.locator("h1").inner_text() == title
    target = page.locator(":target")
    assert target.evaluate("t => t.tagName") == "MARK"
    assert squash(target.inner_text()) in {squash(q) for q in quote.split(" … ")}


def test_every_fact_tables_row_links_to_its_highlight(server, page):
    page.goto(f"{server}/{DB}/dossiers?_size=5")
    link = page.locator("td.col-document_id a").first
    row_id = page.locator("td.col-id").first.inner_text().strip()
    assert link.get_attribute("href").endswith(f"#fact-dossiers-{row_id}")
    link.click()
    assert page.locator(":target").get_attribute("data-fact") == f"dossiers-{row_id}"


def test_search_shows_the_words_as_the_text_writes_them(server, page):
    page.goto(f"{server}/{DB}/search?q=ho+so+tre+han")
    snippets = column(page, "Đoạn trích")
    assert snippets.count() >= 1
    found = [m.lower() for m in snippets.locator("mark").all_inner_texts()]
    assert "trễ hạn" in found or "hồ sơ" in found
    assert "tre han" not in snippets.first.inner_text()
    page.goto(f"{server}/{DB}/documents?_search=ho+so+tre+han")
    assert page.locator("table.rows-and-columns tbody tr").count() >= 1


@pytest.mark.parametrize("path", ['documents?_search="', 'documents?_search=NEAR(',
                                  'search?q="', "search?q=*"])
def test_any_search_input_gives_an_ordinary_page(server, page, path):
    page.goto(f"{server}/{DB}/{path}")
    text = page.locator("body").inner_text()
    assert "error" not in text.lower() and "syntax" not in text.lower()
    assert page.locator("h1").count() == 1


def test_the_documents_list_fits_a_screen(server, page):
    page.goto(f"{server}/{DB}/documents")
    table = page.locator("table.rows-and-columns")
    assert table.evaluate("t => t.getBoundingClientRect().width") <= 1280
    headers = page.locator("table.rows-and-columns th").all_inner_texts()
    assert "title" in " ".join(headers) and "text" not in [h.strip() for h in headers]
    first = page.locator("td.col-title a").first
    assert first.get_attribute("href").startswith("/-/cchc/document/")
