"""Generic adapter: any site, through its RSS/Atom feeds, sitemaps or listing pages.

CMS: none in particular. Used for sites whose family has no adapter of its own, and for
feeds and sitemaps everywhere. URL shapes it understands:

- RSS 2.0 / Atom feeds (``/rss``, ``/rss/<chuyen-muc>.rss``, ``/feed``);
- sitemaps (``/sitemap.xml``, sitemap indexes);
- HTML listing pages: article links are told from menu links by where they sit (not in
  ``nav``/``header``/``footer``/menus), what they say (a title of four words or more) and
  what they look like (``….html``, ``….aspx``, a numeric id); the next page is found from
  ``rel=next``, "Trang sau" / "Tiếp" / "»" links or a ``page=N+1`` / ``/page-N+1`` URL.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from pipeline.sites.base import (
    ItemPage,
    ListedItem,
    Listing,
    SelectorsFoundNothing,
    attachment_links,
    check_not_error_page,
    listed_items,
    next_page_url,
    page_text,
    parse_dmy,
    parse_html,
)

FAMILY = "generic"
VERSION = "1"

_CHROME = re.compile(r"menu|nav|footer|header|breadcrumb|sidebar|share|social|banner|"
                     r"login|search|tags?\b|lang", re.I)
_ARTICLE_PATH = re.compile(r"(\.html?|\.aspx|\.php)$|\d{3,}|/-/|/tin-tuc/|/news/|/van-ban/",
                           re.I)


def is_xml(body: bytes) -> bool:
    head = body[:500].lstrip().lower()
    return head.startswith(b"<?xml") or head.startswith((b"<rss", b"<feed", b"<urlset",
                                                         b"<sitemapindex"))


def _local(tag: object) -> str:
    return lxml.etree.QName(tag).localname if isinstance(tag, str) else ""


def _feed_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        pass
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return parse_dmy(text)


def parse_xml(body: bytes, url: str) -> Listing:
    """RSS, Atom or sitemap → Listing."""
    root = lxml.etree.fromstring(body, parser=lxml.etree.XMLParser(recover=True,
                                                                   resolve_entities=False))
    kind = _local(root.tag)
    items, follow = [], []
    for el in root.iter():
        name = _local(el.tag)
        fields = {_local(c.tag): c for c in el}
        if (kind == "rss" and name == "item") or (kind == "feed" and name == "entry"):
            link = fields.get("link")
            href = (link.get("href") or link.text or "").strip() if link is not None else ""
            if href:
                when = next((fields[k] for k in ("pubDate", "published", "updated")
                             if fields.get(k) is not None), None)
                title = fields.get("title")
                items.append(ListedItem(urljoin(url, href),
                                        " ".join((title.text or "").split()) or None
                                        if title is not None else None,
                                        _feed_date(when.text if when is not None else None)))
        elif kind in ("urlset", "sitemapindex") and name in ("url", "sitemap"):
            loc = fields.get("loc")
            if loc is None or not (loc.text or "").strip():
                continue
            lastmod = fields.get("lastmod")
            if name == "sitemap":
                follow.append(loc.text.strip())
            else:
                items.append(ListedItem(loc.text.strip(), None,
                                        _feed_date(lastmod.text if lastmod is not None else None)))
    return Listing(items=items, follow=follow)


def _in_chrome(a: lxml.html.HtmlElement) -> bool:
    for el in a.iterancestors():
        if el.tag in ("nav", "header", "footer"):
            return True
        if _CHROME.search(f"{el.get('class', '')} {el.get('id', '')}"):
            return True
    return False


def linked_listing(body: bytes, url: str, *, links: str, date_of: Callable[[Any], date | None],
                   next_links: str, nothing: str) -> Listing:
    """A CMS's listing page: its items are the links ``links`` (an XPath) finds, each
    dated by ``date_of``; the next page is the first ``next_links`` href, else the
    generic pager. A feed is read as a feed. NukeViet ("div.news_column h3 a") and
    WordPress ("article.post .entry-title a") lists are read so; ``nothing`` says what
    was looked for when no link is found."""
    if is_xml(body):
        return parse_xml(body, url)
    tree = parse_html(body, url)
    items = listed_items(tree.xpath(links), date_of=date_of)
    if not items:
        raise SelectorsFoundNothing(url, nothing)
    following = tree.xpath(next_links)
    return Listing(items=items, next_url=following[0] if following else
                   next_page_url(tree, url))


def parse_listing(body: bytes, url: str) -> Listing:
    """Items of a feed, sitemap or HTML listing page, and the next page."""
    if is_xml(body):
        return parse_xml(body, url)
    tree = parse_html(body, url)
    host = urlsplit(url).netloc.lower()
    items: list[ListedItem] = []
    seen = set()
    for a in tree.xpath("//body//a[@href]"):
        href = a.get("href").split("#")[0]
        parts = urlsplit(href)
        title = " ".join(a.text_content().split()) or a.get("title")
        if (parts.netloc.lower() != host or href in seen or not title
                or len(title.split()) < 4 or not _ARTICLE_PATH.search(parts.path)
                or parts.path.lower().endswith((".pdf", ".doc", ".docx")) or _in_chrome(a)):
            continue
        seen.add(href)
        context = a.getparent().text_content() if a.getparent() is not None else ""
        items.append(ListedItem(href, title, parse_dmy(context)))
    if not items:
        raise SelectorsFoundNothing(url, "no article links found on a listing page")
    return Listing(items=items, next_url=next_page_url(tree, url))


def parse_item(body: bytes, url: str) -> ItemPage:
    """Title, date and attachments of an article or document page."""
    tree = parse_html(body, url)
    title = (tree.xpath("string(//meta[@property='og:title']/@content)")
             or tree.xpath("string(//h1)") or tree.xpath("string(//title)"))
    published = tree.xpath("string(//meta[@property='article:published_time']/@content)")
    day = _feed_date(published) if published else None
    attachments = attachment_links(tree, url)
    check_not_error_page(tree, url, min_chars=80 if attachments else 200)
    if day is None:
        day = parse_dmy(page_text(tree)[:3000])
    return ItemPage(url=url, title=" ".join(title.split()) or None, date=day,
                    attachments=attachments)
