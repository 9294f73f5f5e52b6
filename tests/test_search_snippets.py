"""Search as a reader types it: any input is a valid FTS5 query, and snippets quote the
text with its accents while the words were matched without them."""

from __future__ import annotations

import sqlite3

import pytest

from pipeline.store.db import register_functions
from pipeline.store.search import fts_query, fts_terms, snippet

TEXT = ("Trong tháng 5/2021, Trung tâm tiếp nhận 4.512 hồ sơ (tỷ lệ 99,7%), có 12 hồ sơ "
        "giải quyết trễ hạn; Sở Tư pháp [đơn vị mới] đạt 100%.")


@pytest.mark.parametrize(("typed", "terms"), [
    ("ho so tre han", '"ho" "so" "tre" "han"'),
    ("Hồ sơ TRỄ HẠN", '"ho" "so" "tre" "han"'),
    ('"', '""'),
    ('""', '""'),
    ("'", '""'),
    ("*", '""'),
    ("NOT AND OR", '"not" "and" "or"'),
    ("title:abc", '"title" "abc"'),
    ("1009/QĐ-UBND", '"1009" "qd" "ubnd"'),
    ("", '""'),
])
def test_fts_terms_quote_every_word(typed, terms):
    assert fts_terms(typed) == terms


@pytest.mark.parametrize("typed", ['"', '"ho so', "NEAR(", "a OR", "-", "(", "{x}", "^"])
def test_no_input_is_an_fts5_syntax_error(typed):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, text, title_folded, text_folded)")
    conn.execute("INSERT INTO f VALUES ('Hồ sơ', 'trễ hạn', 'ho so', 'tre han')")
    for expression in (fts_terms(typed), fts_query(typed)):
        conn.execute("SELECT * FROM f WHERE f MATCH ?", [expression]).fetchall()


@pytest.mark.parametrize(("query", "expected"), [
    ("ho so tre han", "…【hồ sơ】 (tỷ lệ 99,7%), có 12 【hồ sơ】 giải quyết 【trễ hạn】…"),
    ("Hồ sơ trễ hạn", "…【hồ sơ】 (tỷ lệ 99,7%), có 12 【hồ sơ】 giải quyết 【trễ hạn】…"),
    ("giai quyet tre han", "…7%), có 12 hồ sơ 【giải quyết trễ hạn】; Sở Tư pháp [đơn vị…"),
    ("so tu phap", "…hồ 【sơ】 giải quyết trễ hạn; 【Sở Tư pháp】 [đơn vị mới] đạt 100%."),
    ("dak lak", "Trong tháng 5/2021, Trung tâm tiếp nhận 4.512 hồ sơ (tỷ lệ…"),
    ('"', ""),
])
def test_snippet_keeps_the_accents_of_the_text(query, expected):
    assert snippet(TEXT, query) == expected


def test_cchc_snippet_in_sql():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    got = conn.execute("SELECT cchc_snippet(?, 'tre han')", [TEXT]).fetchone()[0]
    assert got.count("【trễ hạn】") == 1
