"""What every site adapter returns, and the sanity checks they share.

An adapter only *lists*: the items of a listing page (URL, title, date) and the next
page, and the attachments of an item page. Converting and extracting happen later, in
the pipeline's own stages. Adapters fail loudly: a listing page that should have items
but where the selectors find none raises ``SelectorsFoundNothing``, and an HTTP 200 that
is really an error page ("Không tìm thấy trang", a login form) raises ``ErrorPage``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    base = tree.find(".//base[@href]")
    if base is not None:
        url = absolute_link(url, base.get("href", ""))
        base.drop_tree()
    tree.rewrite_links(lambda link: absolute_link(url, link), resolve_base_href=False)
    return tree


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def absolute_link(base: str, link: str) -> str:
    """``link`` made absolute against ``base``, with control characters percent-encoded
    as a browser does: an ``href`` with an ESC in it ("/tin/x\x1b[2J.html") is one more
    URL that 404s, never a listing that cannot be read, nor a terminal sequence.

    >>> absolute_link("https://snv.langson.gov.vn/tin/", "x\x1b[2J.html")
    'https://snv.langson.gov.vn/tin/x%1B[2J.html'
    """
    try:
        joined = urljoin(base, link.strip())
    except ValueError:  # a broken link ("http://[") stays as written, made printable
        joined = link
    return _CONTROL.sub(lambda m: f"%{ord(m.group()):02X}", joined)


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


_NEXT_TEXT = re.compile(r"^(trang sau|sau|tiếp|tiếp theo|trang tiếp|next|»|›|>>|>)$", re.I)
_PAGE_NUM = re.compile(
    r"([?&](?:page|trang|p|pageindex|_cur|[\w]*_cur)=)(\d+)|(/(?:page|trang)-?)(\d+)", re.I)


def next_page_url(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """The next page of a listing: ``rel=next``, a "Trang sau"/"Tiếp"/"»" link, or a link
    to the same URL with its page number plus one (``?page=3`` → ``?page=4``,
    ``/page-2/`` → ``/page-3/``, Liferay's ``_cur=2`` → ``_cur=3``)."""
    for href in tree.xpath("//link[@rel='next']/@href|//a[@rel='next']/@href"):
        return urljoin(url, href)
    for a in tree.xpath("//a[@href]"):
        if _NEXT_TEXT.match(" ".join(a.text_content().split())):
            return urljoin(url, a.get("href"))
    m = _PAGE_NUM.search(url)
    if m:
        prefix = m.group(1) or m.group(3)
        number = int(m.group(2) or m.group(4))
        wanted = url[:m.start()] + f"{prefix}{number + 1}" + url[m.end():]
        if tree.xpath("//a[@href=$u]", u=wanted):
            return wanted
    return None


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


def _nearby_date(a: lxml.html.HtmlElement) -> date | None:
    """The date printed next to a link: in the smallest list item, table row or block
    around it that is still one item (not the whole list), the link's own words left out
    ("… từ ngày 21/7 đến 20/8/2021" in a title is not the publication date)."""
    own = " ".join(a.itertext())
    for el in a.iterancestors():
        if el.tag in ("ul", "ol", "table", "tbody", "body"):
            return None
        if el.tag in ("li", "tr", "div", "article", "p", "dd"):
            text = " ".join(el.itertext()).replace(own, " ", 1)
            if len(text) > 1500:
                return None
            found = parse_dmy(text)
            if found:
                return found
    return None


def listed_items(anchors: list[lxml.html.HtmlElement], min_words: int = 3,
                 date_of: Callable[[lxml.html.HtmlElement], date | None] | None = None,
                 ) -> list[ListedItem]:
    """Listing items from the article links an adapter's selectors found, in page order,
    each URL once, titled by the link's text (or its ``title``), dated by ``date_of``
    (the CMS's own date element) or else from the text beside the link. A summary that
    cites "Kế hoạch số 4289/KH-UBND ngày 21/12/2021" must not date the item: adapters
    whose listings show summaries pass ``date_of``."""
    items: list[ListedItem] = []
    seen: set[str] = set()
    for a in anchors:
        href = (a.get("href") or "").split("#")[0].strip()
        title = " ".join(a.text_content().split()) or " ".join((a.get("title") or "").split())
        if (not href or href in seen or urlsplit(href).scheme not in ("http", "https")
                or len(title.split()) < min_words):
            continue
        seen.add(href)
        items.append(ListedItem(href, title, date_of(a) if date_of else _nearby_date(a)))
    return items


def first_text(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    """Text of the first element any of ``xpaths`` finds, white space squashed."""
    for xp in xpaths:
        for el in tree.xpath(xp):
            text = " ".join((el.text_content() if hasattr(el, "text_content")
                             else str(el)).split())
            if text:
                return text
    return None


def listing_by_selectors(body: bytes, url: str, listing: str, date_xpath: str | None = None,
                         next_xpath: str | None = None) -> Listing:
    """Items of a listing page found with a site's own selectors (the registry's
    ``selectors:``): ``listing`` finds the item links, ``date_xpath`` is read relative to
    each link ("ancestor::li[1]//span[@class='date']" → "24/07/2024"), ``next_xpath``
    gives the next page's ``href``. Nothing found raises ``SelectorsFoundNothing``."""
    tree = parse_html(body, url)
    anchors = [a for a in tree.xpath(listing) if isinstance(a, lxml.html.HtmlElement)]

    def date_of(a: lxml.html.HtmlElement) -> date | None:
        found = a.xpath(date_xpath) if date_xpath else []
        text = " ".join(f if isinstance(f, str) else " ".join(f.itertext()) for f in found)
        return parse_dmy(text)

    items = listed_items(anchors, date_of=date_of if date_xpath else None)
    if not items:
        raise SelectorsFoundNothing(url, f"the site's listing selector {listing!r} found "
                                         "no item links")
    following = [h for h in tree.xpath(next_xpath) if isinstance(h, str)] if next_xpath else []
    return Listing(items=items, next_url=absolute_link(url, following[0]) if following
                   else next_page_url(tree, url))
