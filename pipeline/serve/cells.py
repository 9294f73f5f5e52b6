"""Table cells as a reader wants them: every row that comes from a document links to the
document page, labelled with the document's title, at the fact's own highlight.

- A fact table's ``document_id`` (``dossiers``, ``dates``…) links to
  ``/-/cchc/document/<id>#fact-dossiers-<row id>``; the views of single facts
  (``dossier_figures``, ``citations``…) do the same through their ``fact_id``.
- An answer row (``assessment_results``, ``dossier_stats``, the canned queries' "Mã văn
  bản" beside "Trích dẫn") links to ``/-/cchc/document/<id>?quote=…``: the page sends the
  reader on to the fact with those words (``plugin.document_view``).
- ``checks.documents`` and ``data_checks``' "Mã văn bản" (lists of ids) link every document.
- A search snippet's 【found words】 are highlighted (``<mark>``), the rest escaped.
- The ``documents`` table shows a one-line excerpt of its text and words for its JSON
  columns (the document page has them in full), and its title links to the page.

Labels come with the row where Datasette expanded the foreign key; otherwise one lookup
per document per page, cached for the request (``LABELS``, set by the plugin's ASGI
wrapper), never one per cell.
"""

from __future__ import annotations

import json
import re
from contextvars import ContextVar
from typing import Any
from urllib.parse import parse_qsl, urlencode

from markupsafe import Markup, escape

from pipeline.serve.document import FIELD_WORDS
from pipeline.serve.words import DOC_KINDS
from pipeline.store.search import MARK
from schemas import CATEGORIES as FACT_TABLES

#: Where the document page lives, under Datasette's base URL.
DOCUMENT_PATH = "-/cchc/document/"
#: Columns whose value is a document id (the canned queries call it "Mã văn bản").
ID_COLUMNS = frozenset({"document_id", "citing_id", "cited_id", "Mã văn bản", "documents"})
#: Views whose rows are single facts: the fact's category, by view.
FACT_VIEWS = {"dossier_figures": "dossiers", "score_figures": "scores",
              "ranking_figures": "rankings", "citations": "references"}
#: Where an answer row's words can be: the facts each answer table is merged from.
ANSWER_FACTS = {"assessment_results": "scores,rankings,rates", "dossier_stats": "dossiers"}
#: Columns of search snippets (``cchc_snippet``), whose 【found words】 become highlights.
SNIPPET_COLUMNS = frozenset({"Đoạn trích"})
#: The documents table's long columns, shown short in lists.
SHORT_COLUMNS = frozenset({"text", "conversion", "field_sources", "metadata", "pages",
                           "tables", "raw_sha256", "extractor_version"})

#: Columns the documents list leaves out unless asked (``?_col=``/``?_nocol=``): the
#: text, the JSON and the bookkeeping, all on the document page and the row page.
HIDDEN_DOCUMENT_COLUMNS = ("text", "field_sources", "pages", "tables", "metadata", "conversion",
                           "converter", "raw_sha256", "format", "site", "signer_position",
                           "extractor_version", "ingested_at", "extracted_at", "year")
_DOCUMENTS_PAGE = re.compile(r"^/[^/]+/documents$")
_ID = re.compile(r"[0-9a-f]{64}")
#: Document labels already looked up in this request: (database, id) → (label, full).
LABELS: ContextVar[dict[tuple[str, str], tuple[str, str]] | None] = ContextVar(
    "cchc_labels", default=None)


def shorten(text: str, width: int = 60) -> str:
    """``text`` on one line, cut at a word before ``width`` characters.

    >>> shorten("Kế hoạch khắc phục các tiêu chí bị đánh giá thấp năm 2024", 30)
    'Kế hoạch khắc phục các tiêu…'
    """
    line = " ".join(text.split())
    if len(line) <= width:
        return line
    cut = line.rfind(" ", 0, width)
    return line[: cut if cut > width // 2 else width].rstrip(" ,;:") + "…"


def document_label(title: str | None, number: str | None, kind: str | None) -> tuple[str, str]:
    """A document's link label (its title, short; else kind and number) and its full name.

    >>> document_label(None, "04/KH-SCT", "ke_hoach")
    ('Kế hoạch 04/KH-SCT', 'Kế hoạch 04/KH-SCT')
    """
    named = " ".join(p for p in (DOC_KINDS.get(kind or "", ""), number or "") if p)
    if title:
        return shorten(title), " — ".join(p for p in (named, title) if p)
    return named or "(văn bản không có trích yếu)", named


def document_url(datasette: Any, document_id: str, *, fact: str | None = None,
                 quote: str | None = None, within: str | None = None) -> str:
    """The document page's URL, at a fact's anchor or asking for the fact with ``quote``."""
    url = datasette.urls.path(DOCUMENT_PATH + document_id)
    if quote:
        url += "?" + urlencode({"quote": quote, **({"in": within} if within else {})})
    if fact:
        url += f"#fact-{fact}"
    return url


async def _label(datasette: Any, database: str, document_id: str) -> tuple[str, str]:
    cache = LABELS.get()
    if cache is not None and (database, document_id) in cache:
        return cache[(database, document_id)]
    rows = (await datasette.get_database(database).execute(
        "SELECT title, number, kind FROM documents WHERE id = ?", [document_id])).rows
    label = document_label(*rows[0]) if rows else (document_id[:12] + "…", document_id)
    if cache is not None:
        cache[(database, document_id)] = label
    return label


def _link(href: str, label: str, full: str) -> str:
    return f'<a href="{escape(href)}" title="{escape(full)}">{escape(label)}</a>'


def _get(row: Any, column: str) -> Any:
    try:
        value = row[column]
    except (IndexError, KeyError):
        return None
    return value["value"] if isinstance(value, dict) else value


def _where(row: Any, column: str, table: str | None) -> dict[str, str | None]:
    """Which fact of the document the row is: its anchor, or the words to look for."""
    if table in FACT_TABLES and column == "document_id" and _get(row, "id") is not None:
        return {"fact": f"{table}-{_get(row, 'id')}"}
    if table in FACT_VIEWS and column in ("document_id", "citing_id"):
        fact_id = _get(row, "fact_id")
        return {"fact": f"{FACT_VIEWS[table]}-{fact_id}"} if fact_id is not None else {}
    if column not in ("document_id", "Mã văn bản"):
        return {}
    quote = _get(row, "quote") if table else _get(row, "Trích dẫn")
    if isinstance(quote, str) and quote and not quote.startswith("["):
        return {"quote": quote, "within": ANSWER_FACTS.get(table or "")}
    return {}


async def document_links(row: Any, value: Any, column: str, table: str | None,
                         database: str, datasette: Any) -> Markup | None:
    """The cell of a document id (or a JSON list of them) as links to the document page."""
    label = None
    if isinstance(value, dict):
        value, label = value.get("value"), value.get("label")
    if not isinstance(value, str):
        return None
    ids = _ID.findall(value) if value.startswith("[") else [value]
    if not ids or not all(_ID.fullmatch(i) for i in ids):
        return None
    where = _where(row, column, table) if len(ids) == 1 else {}
    links = []
    for document_id in ids:
        if label and label != document_id:
            short, full = shorten(label), label
        else:
            short, full = await _label(datasette, database, document_id)
        links.append(_link(document_url(datasette, document_id, **where), short, full))
    return Markup("; ".join(links))


def short_cell(column: str, value: Any) -> Markup | None:
    """A long column of ``documents`` in a few words: the text's first line, what the
    JSON says (not the JSON), the first characters of a hash."""
    if value in (None, ""):
        return None
    if column == "text":
        return Markup(f'<span class="cchc-excerpt">{escape(shorten(value, 100))}</span>')
    if column in ("raw_sha256", "extractor_version"):
        return Markup(f'<span title="{escape(value)}">{escape(value[:12])}…</span>')
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if column == "conversion" and isinstance(data, dict):
        parts = [data.get("converter"), "OCR" if data.get("ocr") else None,
                 data.get("encoding"),
                 f"{len(data['warnings'])} cảnh báo" if data.get("warnings") else None]
        return Markup(escape(", ".join(p for p in parts if p)))
    if column == "pages" and isinstance(data, list):
        return Markup(escape(f"{len(data)} trang" if data else ""))
    if column == "tables" and isinstance(data, list):
        return Markup(escape(f"{len(data)} bảng" if data else ""))
    if column == "field_sources" and isinstance(data, dict):
        return Markup(escape(", ".join(FIELD_WORDS.get(k, k).lower() for k in data)))
    if isinstance(data, dict):
        return Markup(escape(", ".join(data)))
    return None


def narrow_documents(scope: dict[str, Any]) -> dict[str, Any]:
    """The ASGI ``scope`` of a request for the documents list (HTML, no column choice of
    its own) with the long columns left out, so that the list fits a screen; Datasette
    0.65 has no metadata for default columns. Any other request is left as it is.

    >>> narrow_documents({"type": "http", "path": "/cchc/documents",
    ...                   "query_string": b"_sort=year"})["query_string"][:23]
    b'_sort=year&_nocol=text&'
    """
    if scope.get("type") != "http" or not _DOCUMENTS_PAGE.match(scope.get("path", "")):
        return scope
    query = scope.get("query_string", b"").decode("latin-1")
    if any(key in ("_col", "_nocol", "_format") for key, _ in parse_qsl(query)):
        return scope
    hidden = urlencode([("_nocol", c) for c in HIDDEN_DOCUMENT_COLUMNS])
    return {**scope, "query_string": "&".join(p for p in (query, hidden) if p).encode()}


def snippet_cell(value: str) -> Markup:
    """A snippet with its found words highlighted; every character of the text escaped.

    >>> str(snippet_cell("có 12 【hồ sơ】 <b>"))
    'có 12 <mark>hồ sơ</mark> &lt;b&gt;'
    """
    parts = re.split(f"{MARK[0]}(.*?){MARK[1]}", value)
    return Markup("".join(f"<mark>{escape(p)}</mark>" if i % 2 else str(escape(p))
                          for i, p in enumerate(parts)))


def wants(column: str, table: str | None) -> bool:
    """Whether :func:`render` may change this cell (checked before any await)."""
    return table == "documents" or column in ID_COLUMNS or column in SNIPPET_COLUMNS


async def render(row: Any, value: Any, column: str, table: str | None, database: str,
                 datasette: Any) -> Markup | None:
    """The plugin's ``render_cell``: None leaves the cell to Datasette."""
    if table == "documents":
        if column == "title" and value:
            href = document_url(datasette, str(_get(row, "id")))
            return Markup(_link(href, shorten(value, 90), value))
        if column in SHORT_COLUMNS:
            return short_cell(column, value)
        return None
    if column in ID_COLUMNS and value is not None:
        return await document_links(row, value, column, table, database, datasette)
    if column in SNIPPET_COLUMNS and isinstance(value, str) and MARK[0] in value:
        return snippet_cell(value)
    return None
