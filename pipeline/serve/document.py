"""The document page's content: a stored document, its header, its facts at their spans,
and how it was made, read in one go from the database.

``read(conn, "4700cd…")`` returns everything ``cchc_document.html`` shows for "Chỉ số cải
cách hành chính năm 2019 An Giang xếp hạng 11/63…": the header (kind, number, date,
issuer, province, signer, source), the text with every fact marked (``annotate``), the
facts panel by category, and the conversion record and field sources as lists of words,
never raw JSON. It reads only; the plugin (``plugin/``) serves it.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from pipeline.serve.annotate import Span, annotate
from pipeline.serve.words import CATEGORIES, DOC_KINDS, fact_tip, fact_values
from schemas import CATEGORIES as FACT_TABLES

#: Header fields, in reading order, with their words.
HEADER: tuple[tuple[str, str], ...] = (
    ("kind", "Loại văn bản"), ("number", "Số hiệu"), ("issued_date", "Ngày ban hành"),
    ("issuer", "Cơ quan ban hành"), ("province", "Tỉnh"), ("signer", "Người ký"),
)
#: The conversion record's fields, in words.
CONVERSION: dict[str, str] = {
    "converter": "công cụ chuyển đổi", "ocr": "nhận dạng ký tự (OCR)",
    "ocr_engine": "công cụ OCR", "ocr_confidence": "độ tin cậy OCR (0–100)",
    "encoding": "bảng mã gốc", "warnings": "cảnh báo", "pages": "cách đọc từng trang",
}
#: How a PDF page was read (``PageQuality.decision``), in words.
DECISIONS: dict[str, str] = {"text": "lớp chữ", "legacy": "lớp chữ chuyển mã", "ocr": "OCR"}
#: Other columns of the document row shown with the conversion record.
RECORD: dict[str, str] = {
    "format": "định dạng gốc", "site": "trang web", "raw_sha256": "sha256 của tệp gốc",
    "extractor_version": "phiên bản bộ quy tắc", "ingested_at": "lưu lúc",
    "extracted_at": "trích xuất lúc", "id": "mã văn bản (sha256 của văn bản)",
}
#: Document fields as the field-sources list names them.
FIELD_WORDS: dict[str, str] = {
    **dict(HEADER), "title": "Trích yếu", "signer_position": "Chức vụ người ký",
}


@dataclass(frozen=True)
class Fact:
    """One fact for the panel: its anchor key, category, words and values."""

    key: str
    category: str
    quote: str
    start: int
    values: list[tuple[str, str]]
    rule: str


@dataclass(frozen=True)
class Page:
    """Everything the document page shows."""

    id: str
    title: str
    header: list[tuple[str, str]]
    links: list[tuple[str, str]]
    text: Markup
    facts: dict[str, list[Fact]]
    record: list[tuple[str, str]]
    warnings: list[str]
    metadata: list[tuple[str, str]]
    field_sources: list[tuple[str, str, str, str]]

    @property
    def total(self) -> int:
        """How many facts the document has."""
        return sum(len(facts) for facts in self.facts.values())


def is_url(value: str | None) -> bool:
    return bool(value) and value.startswith(("http://", "https://"))


def _rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def read(conn: sqlite3.Connection, document_id: str) -> Page | None:
    """The page of the document ``document_id``, or None when there is no such document."""
    found = _rows(conn, "SELECT * FROM documents WHERE id = ?", [document_id])
    if not found:
        return None
    doc = found[0]
    tables = _tables(conn)
    facts: dict[str, list[Fact]] = {}
    spans: list[Span] = []
    for category in FACT_TABLES:
        if category not in tables:
            continue
        for row in _rows(conn, f'SELECT * FROM "{category}" WHERE document_id = ? '
                         'ORDER BY start, "end" DESC, id', [document_id]):
            key = f"{category}-{row['id']}"
            tip = fact_tip(category, row)
            spans += [Span(start, end, key, category, tip)
                      for start, end in _places(row)]
            facts.setdefault(category, []).append(Fact(
                key, category, row["quote"], row["start"], fact_values(category, row),
                row["rule"]))
    sources = [r["source"] for r in _rows(
        conn, "SELECT source FROM sources WHERE document_id = ? ORDER BY id", [document_id])
    ] if "sources" in tables else []
    return Page(
        id=document_id, title=doc.get("title") or doc.get("number") or "(không có trích yếu)",
        header=header(doc), links=links(doc, sources),
        text=annotate(doc.get("text") or "", spans),
        facts={c: facts[c] for c in CATEGORIES if c in facts},
        record=record(doc), warnings=_conversion(doc).get("warnings") or [],
        metadata=sorted(_json(doc.get("metadata"), {}).items()),
        field_sources=field_sources(doc.get("field_sources")),
    )


def _places(row: dict[str, Any]) -> list[tuple[int, int]]:
    """Where a fact stands in the text: its span, and for a unit named several times
    ("Sở Công Thương tiếp nhận …" and again in a table row) every mention, so each is
    marked and the first carries the anchor."""
    first = (row["start"], row["end"])
    mentions = [tuple(m) for m in _json(row.get("mentions"), []) if len(m) == 2]
    return [first, *sorted({m for m in mentions if m != first})]


def header(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """The short header: (word, value) for each header field the document has.

    >>> header({"kind": "ke_hoach", "number": "04/KH-SCT", "signer": "Nguyễn Văn A",
    ...         "signer_position": "Giám đốc"})
    [('Loại văn bản', 'Kế hoạch'), ('Số hiệu', '04/KH-SCT'), ('Người ký', 'Nguyễn Văn A, Giám đốc')]
    """
    out = []
    for name, word in HEADER:
        value = doc.get(name)
        if not value:
            continue
        if name == "kind":
            value = DOC_KINDS.get(value, value)
        if name == "signer" and doc.get("signer_position"):
            value = f"{value}, {doc['signer_position']}"
        out.append((word, str(value)))
    return out


def links(doc: dict[str, Any], sources: list[str]) -> list[tuple[str, str]]:
    """Where the document was read, first its own source, then every other place it was
    seen and the page it was published at (``metadata.url``): (place, href or "")."""
    places = [doc.get("source"), *sources, _json(doc.get("metadata"), {}).get("url")]
    out, seen = [], set()
    for place in places:
        if place and place not in seen:
            seen.add(place)
            out.append((place, place if is_url(place) else ""))
    return out


def _json(value: str | None, default: Any) -> Any:
    try:
        return json.loads(value) if value else default
    except ValueError:
        return default


def _conversion(doc: dict[str, Any]) -> dict[str, Any]:
    return _json(doc.get("conversion"), {})


def record(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """The conversion record and the document's bookkeeping, as (word, value) pairs.

    >>> record({"conversion": '{"converter": "tesseract", "ocr": true, "warnings": []}',
    ...         "format": "pdf"})
    [('công cụ chuyển đổi', 'tesseract'), ('nhận dạng ký tự (OCR)', 'có'), ('định dạng gốc', 'pdf')]
    """
    out = []
    for name, value in _conversion(doc).items():
        if name == "warnings" or value in (None, ""):
            continue
        if isinstance(value, bool):
            value = "có" if value else "không"
        if name == "pages":
            value = page_decisions(value)
        out.append((CONVERSION.get(name, name), str(value)))
    pages = _json(doc.get("pages"), [])
    if pages:
        out.append(("số trang", str(len(pages))))
    out.extend((word, str(doc[name])) for name, word in RECORD.items() if doc.get(name))
    return out


def page_decisions(pages: list[dict[str, Any]]) -> str:
    """How each PDF page was read, runs of pages read alike together.

    >>> page_decisions([{"page": 1, "decision": "text"}, {"page": 2, "decision": "text"},
    ...                 {"page": 3, "decision": "ocr"}])
    'trang 1–2: lớp chữ; trang 3: OCR'
    """
    runs: list[list[Any]] = []
    for page in pages:
        decision = DECISIONS.get(page.get("decision"), page.get("decision"))
        if runs and runs[-1][2] == decision and runs[-1][1] == page.get("page", 0) - 1:
            runs[-1][1] = page.get("page")
        else:
            runs.append([page.get("page"), page.get("page"), decision])
    return "; ".join(f"trang {a}: {d}" if a == b else f"trang {a}–{b}: {d}"
                     for a, b, d in runs)


def field_sources(value: str | None) -> list[tuple[str, str, str, str]]:
    """Where each header field was read: (field, quote, rule, characters).

    >>> field_sources('{"title": {"span": [0, 9], "quote": "Kế hoạch", "rule": "title.kind"}}')
    [('Trích yếu', 'Kế hoạch', 'title.kind', '0–9')]
    """
    out = []
    for name, source in _json(value, {}).items():
        start, end = source.get("span") or (0, 0)
        out.append((FIELD_WORDS.get(name, name), source.get("quote") or "",
                    source.get("rule") or "", f"{start}–{end}"))
    return out


def find_fact(conn: sqlite3.Connection, document_id: str, quote: str,
              within: str | None = None) -> str | None:
    """The anchor key ("dossiers-12") of the document's first fact with exactly these
    words, looking in ``within`` (categories, comma-separated) or every category.

    An answer row keeps the words it was read from ("đã tiếp nhận 10,18 ngàn hồ sơ"),
    not the fact's id: its link asks the page for them, and the page answers with the
    anchor. An answer that joins a document's statements ("xếp hạng 11/63 … 83,32%")
    leads to the first of them.
    """
    wanted = [c for c in (within or "").split(",") if c in FACT_TABLES] or list(FACT_TABLES)
    parts = list(dict.fromkeys(p.strip() for p in quote.split(" … ") if p.strip()))
    marks = ", ".join("?" * len(parts))
    tables = _tables(conn)
    best: tuple[int, str] | None = None
    for category in wanted:
        if category not in tables or not parts:
            continue
        row = conn.execute(f'SELECT id, start FROM "{category}" WHERE document_id = ? AND '
                           f"quote IN ({marks}) ORDER BY start LIMIT 1",
                           [document_id, *parts]).fetchone()
        if row and (best is None or row[1] < best[0]):
            best = (row[1], f"{category}-{row[0]}")
    return best[1] if best else None
