"""What every site adapter returns, and the sanity checks they share.

An adapter only *lists*: the items of a listing page (URL, title, date) and the next
page, and the attachments of an item page. Converting and extracting happen later, in
the pipeline's own stages. Adapters fail loudly: a listing page that should have items
but where the selectors find none raises ``SelectorsFoundNothing``, and an HTTP 200 that
is really an error page ("Không tìm thấy trang", a login form) raises ``ErrorPage``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

import lxml.html

from pipeline.errors import CchcError, ErrorPage

ATTACHMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar")

#: Phrases that mark a page as an error or a gate, not content (Vietnamese and English).
ERROR_PHRASES = (
    "không tìm thấy trang", "trang không tồn tại", "không tìm thấy nội dung",
    "bài viết không tồn tại", "nội dung không tồn tại", "liên kết không tồn tại",
    "đã xảy ra lỗi", "lỗi hệ thống", "page not found", "404 not found", "access denied",
    "vui lòng đăng nhập", "đăng nhập hệ thống", "mã xác nhận", "captcha",
    "service unavailable", "website đang bảo trì", "hệ thống đang bảo trì",
)


class SelectorsFoundNothing(CchcError):
    """A page that should have items where the adapter's selectors found none: the site
    changed its markup, and the adapter must be fixed."""


@dataclass(frozen=True)
class ListedItem:
    """One item of a listing page."""

    url: str
    title: str | None = None
    date: date | None = None


@dataclass(frozen=True)
class Listing:
    """A parsed listing page: its items, in page order, and the next page if any."""

    items: list[ListedItem]
    next_url: str | None = None
    follow: list[str] = field(default_factory=list)  # more listings (a sitemap index)


@dataclass(frozen=True)
class ItemPage:
    """A parsed item page: what the adapter could see of it, and its attachments."""

    url: str
    title: str | None = None
    date: date | None = None
    attachments: list[str] = field(default_factory=list)


_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")


def decode_html(body: bytes, declared: str | None = None) -> str:
    """HTML bytes → text: the charset the server or the page declares, else UTF-8, else
    Windows-1258 (old Vietnamese sites), never a silent Latin-1 garble."""
    m = _CHARSET.search(body[:4096])
    for charset in (declared, m.group(1).decode("ascii") if m else None, "utf-8"):
        if not charset:
            continue
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("cp1258", errors="replace")


def parse_html(body: bytes | str, url: str) -> lxml.html.HtmlElement:
    """Parse HTML (bytes in any declared charset) into a tree with absolute links."""
    text = decode_html(body) if isinstance(body, bytes) else body
    if not text.strip():
        raise ErrorPage(url, "the page is empty")
    tree = lxml.html.fromstring(_XML_DECL.sub("", text))
    tree.make_links_absolute(url, resolve_base_href=True)
    return tree


def page_text(tree: lxml.html.HtmlElement) -> str:
    for bad in tree.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return " ".join(" ".join(tree.itertext()).split())


def check_not_error_page(tree: lxml.html.HtmlElement, url: str, min_chars: int = 200) -> None:
    """Raise ``ErrorPage`` for a 200 that is really an error, login or empty page."""
    title = " ".join(tree.xpath("string(//title)").split()).lower()
    text = page_text(tree)
    low = text.lower()
    for phrase in ERROR_PHRASES:
        if phrase in title or (phrase in low and len(text) < 3000):
            raise ErrorPage(url, f"an error page ({phrase!r})")
    if tree.xpath("//input[@type='password']") and len(text) < 3000:
        raise ErrorPage(url, "a login page")
    if len(text) < min_chars:
        raise ErrorPage(url, f"almost no text ({len(text)} characters)")


_DMY = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")


def parse_dmy(text: str | None) -> date | None:
    """The first d/m/yyyy date in ``text`` ("08:17, 24/07/2024" → 2024-07-24)."""
    if not text:
        return None
    for m in _DMY.finditer(text):
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            continue
    return None


def attachment_links(tree: lxml.html.HtmlElement, page_url: str) -> list[str]:
    """Links to PDF/DOC/DOCX/XLS(X)/ZIP files, by extension or by a download hint."""
    out: list[str] = []
    for a in tree.xpath("//a[@href]"):
        href = urljoin(page_url, a.get("href").strip())
        path = urlsplit(href).path.lower()
        hint = (a.get("download") is not None
                or "download" in path or "attach" in path or "tai-ve" in path)
        web = urlsplit(href).scheme in ("http", "https")
        if (path.endswith(ATTACHMENT_EXTENSIONS) or (hint and web)) and href not in out:
            out.append(href)
    return out
