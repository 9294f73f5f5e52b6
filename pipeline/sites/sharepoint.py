"""SharePoint adapter: provincial portals built on Microsoft SharePoint 2010/2013.

CMS: SharePoint Server publishing sites, used by provincial portals and departments of
the 2010s, e.g. vinhphuc.gov.vn (``/ct/cms/thongbao/Lists/ThongBao/View_Detail.aspx?
ItemID=3105``). News live in SharePoint lists or publishing pages; each portal has its
own web parts, so items are recognised by SharePoint's URL shapes rather than by classes:

- items: ``…/Lists/<Danh sach>/View_Detail.aspx?ItemID=N``, ``…/DispForm.aspx?ID=N``,
  ``/Pages/<tieu-de>.aspx`` and ``/tin-tuc/Pages/<tieu-de>.aspx`` (publishing pages);
- paging: ``?Page=N`` / ``?PageIndex=N`` links, "Trang sau"/"»", or the list view's
  ``RefreshPageTo(event, "…?Paged=TRUE&p_ID=…&PageFirstRow=N")`` script link;
- body: ``div.content-detail`` (portal web parts) or ``div.ms-rtestate-field`` (rich
  text field); attachments: ``…/Lists/<…>/Attachments/<ID>/<file>`` and document
  libraries (``/Documents/…``, ``/VanBan/…``) ending in .pdf/.doc/.docx/.xls(x)/.zip.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

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

FAMILY = "sharepoint"
VERSION = "1"

_ITEM_URL = re.compile(r"View_Detail\.aspx\?ItemID=\d+|DispForm\.aspx\?ID=\d+|"
                       r"/Pages/(?!default\.aspx|Home\.aspx)[^/?]+\.aspx", re.I)
_JS_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_REFRESH = re.compile(r"""RefreshPageTo\([^,]*,\s*["']([^"']+)["']""")


def _chrome(a) -> bool:
    return any(el.tag in ("nav", "header", "footer") or re.search(
        r"menu|nav|footer|breadcrumb|s4-ribbon|ms-core-navigation", f"{el.get('class', '')} "
        f"{el.get('id', '')}", re.I) for el in a.iterancestors())


def _next(tree, url: str) -> str | None:
    for onclick in tree.xpath("//a[contains(@onclick,'RefreshPageTo')]/@onclick"):
        m = _REFRESH.search(onclick)
        if m and "Paged=TRUE" in m.group(1) and "PagedPrev=TRUE" not in m.group(1):
            target = _JS_ESCAPE.sub(lambda e: chr(int(e.group(1), 16)), m.group(1))
            return urljoin(url, target.replace("&amp;", "&"))
    return next_page_url(tree, url)


def parse_listing(body: bytes, url: str) -> Listing:
    """Items of a list view or news web part page, and the next page."""
    if generic.is_xml(body):
        return generic.parse_xml(body, url)
    tree = parse_html(body, url)
    host = urlsplit(url).netloc.lower()
    anchors = [a for a in tree.xpath("//body//a[@href]")
               if _ITEM_URL.search(a.get("href")) and not _chrome(a)
               and urlsplit(a.get("href")).netloc.lower() == host]
    items = listed_items(anchors)
    if not items:
        raise SelectorsFoundNothing(url, "no View_Detail.aspx / DispForm.aspx / Pages/*.aspx "
                                         "links on a SharePoint listing")
    return Listing(items=items, next_url=_next(tree, url))


def parse_item(body: bytes, url: str) -> ItemPage:
    """Title, date and attachments of a list item or publishing page."""
    tree = parse_html(body, url)
    bodies = tree.xpath("//div[contains(@class,'content-detail')]"
                        "|//div[contains(@class,'ms-rtestate-field')]")
    check_not_error_page(tree, url, min_chars=80)
    if not bodies:
        raise SelectorsFoundNothing(url, "no content-detail / ms-rtestate-field body")
    title = first_text(tree, "//*[contains(@class,'title-detail')]",
                       "//*[contains(@class,'TitleNews')]", "//h1")
    day = parse_dmy(first_text(tree, "//*[contains(@class,'date-detail')]",
                               "//*[contains(@class,'DateNews')]"))
    files = [h for h in tree.xpath("//a/@href") if "/attachments/" in h.lower()]
    return ItemPage(url=url, title=title, date=day,
                    attachments=list(dict.fromkeys([*files, *attachment_links(tree, url)])))
