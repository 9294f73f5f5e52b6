"""Tables read as tables (issue 18, part 5): converters keep cells, the Document says where
each table is, and the rules read a row with its header.

The fixtures (``corpus/fixtures/*/tables_*``, made by ``make_table_fixtures.py`` from real
published figures; README.md names each source) are converted and extracted whole and
compared with ``corpus/fixtures/tables.gold.json``, written by reading the tables.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractors import extract
from pipeline.convert import convert_path
from pipeline.convert.clean import row_cells, rows_text, table_rows, table_text, unmark
from schemas import Document, TableSpan

FIX = Path(__file__).resolve().parent.parent / "corpus" / "fixtures"
GOLD = json.loads((FIX / "tables.gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("rows", "lines", "header_rows"), [
    # a cell's wrapped lines are one cell (pdfplumber gives "Sở Thông tin và\nTruyền thông")
    ([["STT", "Đơn vị", "Tổng điểm"], ["1", "Sở Thông tin và\nTruyền thông", "95,73"]],
     ["STT | Đơn vị | Tổng điểm", "1 | Sở Thông tin và Truyền thông | 95,73"], 1),
    # a wrapped line set as a row of its own goes back into the row above
    ([["STT", "Đơn vị", "Tổng điểm"], ["1", "Sở Nông nghiệp và Môi", "95,73"],
      [None, "trường", None]],
     ["STT | Đơn vị | Tổng điểm", "1 | Sở Nông nghiệp và Môi trường | 95,73"], 1),
    ([["STT", "Đơn vị", "Tổng điểm"], ["1", "Sở Thông tin và", "95,73"],
      ["", "Truyền thông", ""]],
     ["STT | Đơn vị | Tổng điểm", "1 | Sở Thông tin và Truyền thông | 95,73"], 1),
    # …but a group heading after a row is a row of its own
    ([["STT", "Đơn vị", "Tổng điểm"], ["3", "Sở Nội vụ", "95,39"],
      ["", "UBND các huyện, thị xã, thành phố", ""], ["1", "UBND huyện Lệ Thủy", "88,94"]],
     ["STT | Đơn vị | Tổng điểm", "3 | Sở Nội vụ | 95,39",
      "| | UBND các huyện, thị xã, thành phố | |", "1 | UBND huyện Lệ Thủy | 88,94"], 1),
    # a two-level header keeps its empty cells, so each column keeps its index
    ([["Cấp", "Số hồ sơ đã giải quyết", None, None], [None, "Trước hạn", "Đúng hạn", "Quá hạn"],
      ["Cấp huyện", "13.767", "3.254", "634"]],
     ["| Cấp | Số hồ sơ đã giải quyết | | |", "| | Trước hạn | Đúng hạn | Quá hạn |",
      "Cấp huyện | 13.767 | 3.254 | 634"], 2),
    # the row numbering the columns belongs to the header; a group row ("I | …") does not
    ([["STT", "Đơn vị", "Tổng điểm"], ["(1)", "(2)", "(3)"], ["I", "Sở, ban, ngành", ""],
      ["1", "Sở Nội vụ", "95,39"]],
     ["STT | Đơn vị | Tổng điểm", "(1) | (2) | (3)", "| I | Sở, ban, ngành | |",
      "1 | Sở Nội vụ | 95,39"], 2),
])
def test_table_rows(rows: list, lines: list[str], header_rows: int) -> None:
    assert rows_text(rows).split("\n") == lines
    assert table_rows(rows)[1] == header_rows
    width = len(rows[0])
    assert all(len(row_cells(line)) == width for line in lines)


def test_unmark_records_where_tables_are_and_moves_the_page_map() -> None:
    table = table_text([["Đơn vị", "Tổng điểm"], ["Sở Nội vụ", "95,39"]])
    marked = "Trang 1\n\n" + table + "\n\nTrang 2"
    text, pages, tables = unmark(marked, [0, marked.index("Trang 2")])
    assert text == "Trang 1\n\nĐơn vị | Tổng điểm\nSở Nội vụ | 95,39\n\nTrang 2"
    assert pages == [0, text.index("Trang 2")]
    [span] = tables
    assert text[span.start:span.end] == "Đơn vị | Tổng điểm\nSở Nội vụ | 95,39"
    assert (span.page, span.n_rows, span.n_cols, span.header_rows) == (1, 2, 2, 1)


def test_documents_without_tables_still_load() -> None:
    """A Document made before ``tables`` existed loads with none; one with tables
    round-trips through JSON."""
    old = Document.model_validate({"source": "a.txt", "format": "txt", "text": "x"})
    assert old.tables == []
    doc = old.model_copy(update={"tables": [TableSpan(start=0, end=1, n_rows=1, n_cols=1)]})
    assert Document.model_validate_json(doc.model_dump_json()).tables == doc.tables


def test_the_store_keeps_where_the_tables_are(tmp_path: Path) -> None:
    """``documents.tables`` holds the records, so a document re-extracted from the store
    (``load_document``) has the tables it was converted with."""
    from pipeline.store import load_document, open_db, store

    doc = convert_path(FIX / "pdf" / "tables_lamdong_2020_q1_hoso.pdf")
    db = open_db(tmp_path / "t.db")
    store(db, doc, extract(doc.text))
    assert load_document(db, doc.sha256).tables == doc.tables != []


def _facts(items: list, fields: list[str]) -> Counter:
    return Counter(tuple((f, _plain(getattr(x, f))) for f in fields) for x in items)


def _plain(value):
    return getattr(value, "value", value)


def _gold(rows: list[dict], fields: list[str]) -> Counter:
    return Counter(tuple((f, r[f]) for f in fields) for r in rows)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_fixture_tables_read_as_tables(name: str) -> None:
    gold = GOLD[name]
    doc = convert_path(FIX / name)
    got_tables = [{"n_rows": t.n_rows, "n_cols": t.n_cols, "header_rows": t.header_rows,
                   "page": t.page} for t in doc.tables]
    assert got_tables == gold["tables"]
    for t in doc.tables:
        lines = doc.text[t.start:t.end].split("\n")
        assert len(lines) == t.n_rows and all(" | " in line for line in lines)
    found = extract(doc.text)
    for fact in [*found.scores, *found.rankings, *found.dossiers]:
        assert doc.text[fact.start:fact.end] == fact.quote
    for category in ("scores", "rankings", "dossiers"):
        fields = list(gold[category][0]) if gold[category] else ["span"]
        assert _facts(getattr(found, category), fields) == _gold(gold[category], fields), category
