"""HTML page → the article or document body, without the site around it.

A provincial news page is 10 % article and 90 % furniture: menus, breadcrumbs,
"Tin liên quan", the visit counter ("Đang truy cập: 125 / Tổng lượt truy cập: 1.234.567"),
share buttons, the footer with the address and a cookie banner. Numbers in that
furniture would be read as facts, so it must go. Known site families (NukeViet, the
Liferay and SharePoint portals; ``data/html_sites.yaml``) are read with their own
selectors; any other page goes to trafilatura, a well-kept general extractor. Tables
stay as rows of text ("Sở Nội vụ | 89,5 | 3"). Title, publication date and author are
kept in ``metadata`` for the extractors' ``document`` stage.

An HTTP 200 page that is really "Không tìm thấy trang" or a login form raises
``ErrorPage``; it is never stored as a document.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

import lxml.html
import yaml
from lxml import etree

from extractors.text.view import nfc
from pipeline.convert import legacy
from pipeline.convert.clean import clean_text, markdown_tables, table_text, unmark
from pipeline.convert.furniture import drop_furniture_lines
from pipeline.errors import CorruptFile, EmptyFile, ErrorPage
from schemas import Conversion, Document

log = logging.getLogger(__name__)

_SITES = Path(__file__).with_name("data") / "html_sites.yaml"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "button", "nav", "aside",
              "select", "input", "svg", "object", "embed", "template")
# Furniture by class or id: share bars, related news, counters, menus, cookie banners.
_FURNITURE = re.compile(
    r"share|social|related|tin-?khac|tin-?lien-?quan|other-?news|breadcrumb|menu|navbar|"
    r"counter|thong-?ke|visit|luot-?(xem|truy)|cookie|consent|banner|comment|rating|"
    r"print|sendmail|\btags?\b|keyword|pagination|footer|advert|quang-?cao|\bads?\b|"
    r"sidebar|widget|hotline|weather", re.I)
_ERROR = re.compile(
    r"\b404\b|\b403\b|\b500\b|không tìm thấy|không tồn tại|đã bị xóa|page not found|"
    r"not found|access denied|forbidden|lỗi hệ thống|error|bạn không có quyền|"
    r"đăng nhập hệ thống|đang bảo trì|service unavailable", re.I)
_BLOCKS = {"p", "div", "section", "article", "header", "main", "blockquote", "pre", "ul",
           "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
           "figcaption", "address", "center", "caption", "tr"}
_DMY = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
_YMD = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_AUTHOR_LABEL = re.compile(r"^\s*(tác giả|người viết|bài|tin|ảnh)\s*:\s*", re.I)
#: Body text shorter than this from a site selector is not trusted: trafilatura decides.
MIN_BODY = 200


@cache
def families() -> list[dict]:
    """The site families of ``data/html_sites.yaml``, in the order they are tried."""
    return yaml.safe_load(_SITES.read_text(encoding="utf-8"))["families"]


def decode_html(data: bytes) -> str:
    """HTML bytes → str: BOM, then the page's declared charset, then UTF-8, then cp1258."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", "replace")
    declared = _CHARSET.search(data[:4096])
    names = [declared.group(1).decode("ascii", "ignore")] if declared else []
    for name in [*names, "utf-8", "cp1258"]:
        try:
            return data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _first_text(tree, xpaths: list[str]) -> str:
    for xp in xpaths:
        for el in tree.xpath(xp):
            text = _squash(el.text_content() if hasattr(el, "text_content") else str(el))
            if text:
                return text
    return ""


def _is_furniture(el) -> bool:
    marks = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
    return bool(marks.strip()) and bool(_FURNITURE.search(marks))


def strip_furniture(root) -> None:
    """Remove scripts, forms and furniture blocks under ``root`` (not ``root`` itself)."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el is not root:
            el.drop_tree()
    for el in list(root.iter()):
        if el is not root and isinstance(el.tag, str) and _is_furniture(el):
            el.drop_tree()


def _walk(el, out: list[str]) -> None:
    """Append ``el``'s text to ``out`` with line breaks for blocks, tables as rows."""
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "table":
        out.append("\n\n" + table_text(table_grid(el)) + "\n\n")
    elif tag == "br":
        out.append("\n")
    elif tag:
        brk = "\n\n" if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6"} else "\n"
        block = tag in _BLOCKS
        out.append(brk if block else "")
        out.append(re.sub(r"\s+", " ", el.text or ""))
        for child in el:
            _walk(child, out)
        out.append(brk if block else "")
    out.append(re.sub(r"\s+", " ", el.tail or ""))


def table_grid(table) -> list[list[str]]:
    """A ``<table>``'s cells on its grid: a cell with ``colspan``/``rowspan`` gives its
    text at its top left and empty cells where it spans, so a two-level header ("Số hồ
    sơ đã giải quyết" over "Trước hạn | Đúng hạn | Quá hạn") keeps its columns. Rows of a
    table nested in a cell are that cell's text, not rows of this table."""
    grid: list[list[str]] = []
    taken: dict[tuple[int, int], bool] = {}
    rows = [tr for tr in table.iter("tr") if _owner_table(tr) is table]
    for r, tr in enumerate(rows):
        row: list[str] = []
        col = 0
        for cell in tr.xpath("./th|./td"):
            while taken.get((r, col)):
                row.append("")
                col += 1
            span_c = _span(cell.get("colspan"))
            span_r = _span(cell.get("rowspan"))
            row.extend([_squash(cell.text_content())] + [""] * (span_c - 1))
            for dr in range(1, span_r):
                for dc in range(span_c):
                    taken[(r + dr, col + dc)] = True
            col += span_c
        while taken.get((r, col)):
            row.append("")
            col += 1
        grid.append(row)
    return grid


def _owner_table(tr):
    parent = tr.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    return min(int(value), 50) if value and value.strip().isdigit() and int(value) > 0 else 1


def element_text(el) -> str:
    """Visible text of an element as paragraphs (``clean_text`` tidies the breaks)."""
    out: list[str] = []
    _walk(el, out)
    out[-1] = ""  # the element's own tail is outside it
    return clean_text("".join(out))


def _iso_date(text: str) -> str | None:
    if m := _YMD.search(text):
        return f"{m[1]}-{m[2]}-{m[3]}"
    if m := _DMY.search(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if 1 <= day <= 31 and 1 <= month <= 12:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def _family_of(html: str) -> list[dict]:
    """Families whose markers occur in the page, then the generic one."""
    found = [f for f in families() if any(mark in html for mark in f["detect"])]
    return found + [f for f in families() if not f["detect"]]


def _by_family(tree, html: str) -> tuple[str, dict[str, str], str] | None:
    """(body text, metadata, family id) from the first family whose body selector fits."""
    for family in _family_of(html):
        for xp in family["body"]:
            bodies = tree.xpath(xp)
            if not bodies:
                continue
            body = bodies[0]
            for drop in family.get("drop", []):
                for el in body.xpath(drop):
                    el.drop_tree()
            strip_furniture(body)
            text = element_text(body)
            lead = _first_text(tree, family.get("lead", []))
            if lead and lead not in text:
                text = lead + "\n\n" + text
            if len(text) >= MIN_BODY:
                meta = {"title": _first_text(tree, family["title"]),
                        "date": _first_text(tree, family["date"]),
                        "author": _AUTHOR_LABEL.sub("", _first_text(tree, family["author"]))}
                return text, meta, family["id"]
    return None


def _by_trafilatura(html: str) -> tuple[str, dict[str, str]] | None:
    import trafilatura

    result = trafilatura.bare_extraction(html, include_tables=True, include_comments=False,
                                         favor_precision=True, with_metadata=True)
    if result is None or not (result.text or "").strip():
        return None
    meta = {"title": result.title or "", "date": result.date or "", "author": result.author or ""}
    return clean_text(result.text), meta


def _head_metadata(tree) -> dict[str, str]:
    """What the page's <head> says: og:title, published time, author, canonical URL."""
    def meta(*names: str) -> str:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                found = tree.xpath(f"//meta[@{attr}='{name}']/@content")
                if found and found[0].strip():
                    return _squash(found[0])
        return ""
    url = tree.xpath("//link[@rel='canonical']/@href")
    return {"title": meta("og:title") or _first_text(tree, ["//title"]),
            "date": meta("article:published_time", "datePublished", "pubdate", "date"),
            "author": meta("author", "article:author"),
            "url": (url[0].strip() if url else "") or meta("og:url")}


def _merge_metadata(found: dict[str, str], head: dict[str, str]) -> dict[str, str]:
    merged = {k: _squash(nfc(found.get(k) or head.get(k, "")))
              for k in ("title", "date", "author", "url")}
    merged["date"] = _iso_date(merged["date"]) or ""
    return {k: v for k, v in merged.items() if v}


def _error_signs(tree) -> tuple[str, bool]:
    """``(heading, has a password field)`` of the page as parsed, read before the body
    extraction strips forms and furniture from the same tree (one parse, not two)."""
    return _first_text(tree, ["//title", "//h1"]), bool(tree.xpath("//input[@type='password']"))


def _check_error_page(signs: tuple[str, bool], text: str, source: str) -> None:
    """Raise ``ErrorPage`` when the page says it is an error, not a document."""
    heading, login = signs
    short = len(text) < 600
    if (short and _ERROR.search(heading)) or (len(text) < 300 and _ERROR.search(text)):
        raise ErrorPage(source, f"the page is an error page ({heading or text[:80]!r})")
    if short and login:
        raise ErrorPage(source, "the page is a login form, not a document")


def convert(data: bytes, source: str) -> Document:
    """An HTML page's bytes → ``Document`` of its body, with title/date/author metadata."""
    html = decode_html(data)
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as e:
        raise CorruptFile(source, f"not parseable HTML ({e})") from e
    head = _head_metadata(tree)
    signs = _error_signs(tree)
    found = _by_family(tree, html)
    if found:
        text, meta, converter = found[0], found[1], f"html:{found[2]}"
    else:
        got = _by_trafilatura(html)
        text, meta, converter = (got[0], got[1], "trafilatura") if got else ("", {}, "none")
    text = clean_text(drop_furniture_lines(text))
    _check_error_page(signs, text, source)
    if not text.strip():
        raise EmptyFile(source, "no article or document body found in the page")
    metadata = _merge_metadata(meta, head)
    title = metadata.get("title", "")
    if title and _squash(title) not in _squash(text[: len(title) * 3]):
        text = title + "\n\n" + text  # the headline is the document's title: keep it first
    text, encoding = legacy.repair(text)
    text, _pages, tables = unmark(text)
    if converter == "trafilatura":
        tables = markdown_tables(text)
    return Document(source=source, format="html", text=text, tables=tables,
                    metadata=metadata,
                    conversion=Conversion(converter=converter, encoding=encoding))
