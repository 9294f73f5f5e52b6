"""Liferay adapter: the provincial "Cổng thông tin điện tử" built on Liferay Portal.

CMS: Liferay Portal 6.x/7.x, delivered to many provinces by VNPT and Viettel, e.g.
hoabinh.gov.vn and stttt.quangbinh.gov.vn. Pages are made of portlets; the news lists
are Asset Publisher portlets (or the integrators' own list portlets) and articles are
Web Content (Journal) articles:

- listing: ``div.asset-abstract`` > ``h3.asset-title`` > ``a`` with the date in
  ``.asset-metadata`` / ``.metadata-publish-date``; VNPT list portlets put items in
  ``div.news-item``-like blocks linking to ``/-/…`` URLs; paging by the portlet's
  ``_<portlet id>_cur=N`` parameter ("Tiếp" / "Trang sau" links);
- item: ``/web/guest/<trang>/-/asset_publisher/<id>/content/<tieu-de>``,
  ``/-/view-article/…`` or ``/chi-tiet-tin/-/…``; body in
  ``div.journal-content-article`` (inside ``.asset-full-content``);
- files: Documents and Media, ``/documents/<groupId>/<folderId>/<ten>/<uuid>`` and
  ``/c/document_library/get_file?uuid=…&groupId=…``.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from pipeline.sites import generic
from pipeline.sites.base import (
    ItemPage,
    Listing,
    SelectorsFoundNothing,
    attachment_links,
    check_not_error_page,
    first_text,
    listed_items,
    next_page_url,
    parse_dmy,
    parse_html,
)

FAMILY = "liferay"
VERSION = "1"

_ITEMS = ("//div[contains(@class,'asset-abstract')]//*[contains(@class,'asset-title')]"
          "//a[@href]")
_ARTICLE = re.compile(r"/-/(asset_publisher|view-article|view_content|[\w-]+/)", re.I)
_CUR = re.compile(r"_cur=(\d+)")
_SHORT_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{2})(?!\d)")
_FILES = re.compile(r"/documents/\d+/|/c/document_library/get_file|/documents/\w+/", re.I)


def _next(tree, url: str) -> str | None:
    found = next_page_url(tree, url)
    if found:
        return found
    m = _CUR.search(url)
    wanted = int(m.group(1)) + 1 if m else 2
    for href in tree.xpath("//a[contains(@href,'_cur=')]/@href"):
        n = _CUR.search(href)
        if n and int(n.group(1)) == wanted:
            return href
    return None


def _metadata_date(a) -> date | None:
    """Asset Publisher prints the date in ``.metadata-publish-date``, in the locale's short
    form ("23/02/23 10:20") or in full ("23/02/2023")."""
    box = a.xpath("ancestor::div[contains(@class,'asset-abstract')][1]"
                  "//*[contains(@class,'metadata-publish-date')]")
    if not box:
        return None
    text = " ".join(box[0].itertext())
    m = _SHORT_DATE.search(text)
    if not m:
        return parse_dmy(text)
    try:
        return date(2000 + int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def parse_listing(body: bytes, url: str) -> Listing:
    """Items of an Asset Publisher (or list portlet) page, and the next page."""
    if generic.is_xml(body):
        return generic.parse_xml(body, url)
    tree = parse_html(body, url)
    anchors = tree.xpath(_ITEMS)
    date_of = _metadata_date if anchors else None
    if not anchors:
        host = urlsplit(url).netloc.lower()
        anchors = [a for a in tree.xpath("//div[contains(@class,'portlet-body')]//a[@href]")
                   if _ARTICLE.search(urlsplit(a.get("href")).path)
                   and urlsplit(a.get("href")).netloc.lower() == host]
    items = listed_items(anchors, date_of=date_of)
    if not items:
        raise SelectorsFoundNothing(url, "no asset-abstract / portlet article links on a "
                                         "Liferay listing")
    return Listing(items=items, next_url=_next(tree, url))


def parse_item(body: bytes, url: str) -> ItemPage:
    """Title, date and Documents and Media files of a web content article."""
    tree = parse_html(body, url)
    check_not_error_page(tree, url, min_chars=80)
    if not tree.xpath("//div[contains(@class,'journal-content-article')]"
                      "|//div[contains(@class,'asset-full-content')]"):
        raise SelectorsFoundNothing(url, "no journal-content-article body on a Liferay page")
    title = first_text(tree, "//div[contains(@class,'asset-full-content')]//h1",
                       "//*[contains(@class,'header-title')]", "//h1",
                       "//meta[@property='og:title']/@content")
    day = parse_dmy(first_text(tree, "//*[contains(@class,'publish-date')]",
                               "//*[contains(@class,'news-date')]",
                               "//*[contains(@class,'date-news')]"))
    files = [h for h in tree.xpath("//a/@href") if _FILES.search(h)]
    return ItemPage(url=url, title=title, date=day,
                    attachments=list(dict.fromkeys([*files, *attachment_links(tree, url)])))
