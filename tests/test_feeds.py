"""The Atom feeds, from a real ``cchc serve`` over ``corpus/texts``: each ``.atom`` URL is
a valid Atom document (RFC 4287's required elements, read with an XML parser) whose
entries are exactly the expected answers or documents, linked to documents that exist;
the pages that show what a feed follows link to it."""

from __future__ import annotations

import sqlite3
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from pipeline.serve.feed_links import EXAMPLES

pytestmark = pytest.mark.slow
ATOM = "{http://www.w3.org/2005/Atom}"


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=60) as r:
        assert r.status == 200, url
        return r.read().decode("utf-8"), r.headers.get("content-type", "")


def feed(base: str, name: str, **params: str) -> tuple[str, ET.Element]:
    url = f"{base}/cchc/{name}.atom?{urllib.parse.urlencode(params)}"
    body, content_type = get(url)
    assert "xml" in content_type
    return url, ET.fromstring(body)


def rfc3339(value: str | None) -> datetime:
    stamp = datetime.fromisoformat(value or "")
    assert stamp.tzinfo is not None, value
    return stamp


def assert_valid_atom(root: ET.Element) -> list[ET.Element]:
    """RFC 4287's MUSTs for a feed and its entries; returns the entries."""
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM}{element}")) == 1, element
    rfc3339(root.findtext(f"{ATOM}updated"))
    entries = root.findall(f"{ATOM}entry")
    authors_everywhere = all(e.find(f"{ATOM}author/{ATOM}name") is not None for e in entries)
    assert root.find(f"{ATOM}author") is not None or authors_everywhere
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(ids)
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{element}")) == 1, element
        assert (entry.findtext(f"{ATOM}title") or "").strip()
        rfc3339(entry.findtext(f"{ATOM}updated"))
        assert entry.find(f"{ATOM}content") is not None or entry.find(f"{ATOM}link") is not None
    return entries


def expected_results(db, province: str, index: str) -> dict[str, tuple[str, float | None]]:
    """Entry id → (subject, score) of every answer of ``province`` and ``index``."""
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT answer_key, subject, score FROM assessment_results "
                           "WHERE province = ? AND index_name = ?", [province, index])
        return {f"urn:cchc:assessment_results:{key.encode().hex()}": (subject, score)
                for key, subject, score in rows}


def test_new_results_of_a_province_and_index(served_corpus):
    """"New PAR Index results for Quảng Bình": one entry per answer, with its words."""
    params, _ = EXAMPLES["new_results"]
    url, root = feed(served_corpus.base, "new_results", **params)
    entries = assert_valid_atom(root)
    expected = expected_results(served_corpus.db, "Quảng Bình", "par_index")
    assert len(expected) >= 6
    assert {e.findtext(f"{ATOM}id") for e in entries} == set(expected)
    for entry in entries:
        subject, score = expected[entry.findtext(f"{ATOM}id")]
        title = entry.findtext(f"{ATOM}title")
        assert title.startswith("Quảng Bình · Chỉ số CCHC (PAR INDEX) 2022: " + subject)
        assert f"{score:g}".replace(".", ",") + " điểm" in title
        assert '"' in entry.findtext(f"{ATOM}content")  # the quote
        link = urllib.parse.urljoin(url, entry.find(f"{ATOM}link").get("href"))
        assert link.startswith(f"{served_corpus.base}/cchc/documents/")
        assert "Quảng Bình" in get(link)[0]


def test_typed_without_accents_and_every_index(served_corpus):
    _, root = feed(served_corpus.base, "new_results", province="quang binh", index="")
    _, exact = feed(served_corpus.base, "new_results", province="Quảng Bình",
                    index="par_index")
    ids = {e.findtext(f"{ATOM}id") for e in assert_valid_atom(root)}
    assert ids >= {e.findtext(f"{ATOM}id") for e in exact.findall(f"{ATOM}entry")}


def test_a_feed_with_nothing_yet_is_still_a_feed(served_corpus):
    """Quảng Ninh has SIPAS results in the corpus but no PAR Index ones."""
    _, root = feed(served_corpus.base, "new_results", province="Quảng Ninh",
                   index="par_index")
    entries = assert_valid_atom(root)
    assert len(entries) == 1 and ":none:" in entries[0].findtext(f"{ATOM}id")
    assert "Chưa có kết quả" in entries[0].findtext(f"{ATOM}title")
    _, sipas = feed(served_corpus.base, "new_results", province="Quảng Ninh", index="sipas")
    assert all(":none:" not in e.findtext(f"{ATOM}id") for e in assert_valid_atom(sipas))


def test_new_documents_of_a_province(served_corpus):
    params, _ = EXAMPLES["new_documents"]
    _, root = feed(served_corpus.base, "new_documents", **params)
    entries = assert_valid_atom(root)
    with sqlite3.connect(served_corpus.db) as con:
        ids = {r[0] for r in con.execute("SELECT id FROM documents WHERE province = ?",
                                         [params["province"]])}
    assert len(ids) >= 3
    assert {e.findtext(f"{ATOM}id") for e in entries} == {f"urn:cchc:document:{i}" for i in ids}
    stamps = [rfc3339(e.findtext(f"{ATOM}updated")) for e in entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    assert all(e.findtext(f"{ATOM}title").startswith("Lâm Đồng · ") for e in entries)


@pytest.mark.parametrize(("page", "feed_name"), [
    ("assessment_results", "new_results"), ("results_by_subject", "new_results"),
    ("ranking_table", "new_results"), ("documents", "new_documents")])
def test_pages_link_to_their_feed(served_corpus, page, feed_name):
    html, _ = get(f"{served_corpus.base}/cchc/{page}")
    params, words = EXAMPLES[feed_name]
    href = f'href="{feed_name}.atom?{urllib.parse.urlencode(params)}"'.replace("&", "&amp;")
    assert href in html and words in html


def test_the_feed_page_offers_atom_under_its_table(served_corpus):
    html, _ = get(f"{served_corpus.base}/cchc/new_results?province=quang+binh&index=")
    assert 'new_results.atom?province=quang+binh&amp;index=">atom</a>' in html
