"""NukeViet adapter: the news module ("Tin tức") and its file attachments.

CMS: NukeViet 4 (open source PHP, VINADES), the most common CMS of provincial departments,
district portals and schools: e.g. socongthuong.dienbien.gov.vn (Sở Công Thương Điện Biên).
Markup follows the default theme's ``themes/default/modules/news/*.tpl``:

- category listing (``viewcat_page.tpl``): ``div.news_column`` panels, each item an
  ``h2``/``h3`` link with the time (``em.fa-clock-o``) in ``ul.list-inline``; paging by
  ``ul.pagination`` (``/page-2/`` URLs);
- detail (``detail.tpl``): ``h1.title``, ``span.h5`` publication time, body in
  ``#news-bodyhtml``, files in ``div.news-download-file`` (links ``?download=1&id=N``).

URL shapes: ``/vi/news/<chuyen-muc>/`` (listing), ``/vi/news/<chuyen-muc>/page-2/``,
``/vi/news/<chuyen-muc>/<tieu-de>-<id>.html`` (item), ``/vi/news/rss/<chuyen-muc>/``
(RSS, read as the generic adapter reads feeds).
"""

from __future__ import annotations

from datetime import date

from pipeline.sites import generic
from pipeline.sites.base import (
    ItemPage,
    Listing,
    SelectorsFoundNothing,
    attachment_links,
    check_not_error_page,
    first_text,
    parse_dmy,
    parse_html,
)

FAMILY = "nukeviet"
VERSION = "1"

_ITEM_LINKS = ("//div[contains(@class,'news_column')]//h2/a[@href]"
               "|//div[contains(@class,'news_column')]//h3/a[@href]"
               "|//ul[contains(@class,'list-items')]//h3/a[@href]")
_NEXT = ("//ul[contains(@class,'pagination')]/li[contains(@class,'active')]"
         "/following-sibling::li[1]/a/@href")


def _publication_time(a) -> date | None:
    """The ``em.fa-clock-o`` time of a ``viewcat_page`` panel, or the date beside a
    ``viewcat_list`` link."""
    times = a.xpath("ancestor::div[contains(@class,'panel-body')][1]"
                    "//em[contains(@class,'fa-clock-o')]/parent::li")
    if times:
        return parse_dmy(" ".join(times[0].itertext()))
    if a.xpath("ancestor::div[contains(@class,'panel-body')]"):
        return None
    return parse_dmy(" ".join(a.getparent().getparent().itertext()))


def parse_listing(body: bytes, url: str) -> Listing:
    """Items of a news category page (or an RSS feed) and the next page."""
    return generic.linked_listing(body, url, links=_ITEM_LINKS, date_of=_publication_time,
                                  next_links=_NEXT,
                                  nothing="no div.news_column h2/h3 links on a NukeViet news "
                                          "listing")


def parse_item(body: bytes, url: str) -> ItemPage:
    """Title, date and files of a news detail page."""
    tree = parse_html(body, url)
    if not tree.xpath("//*[@id='news-bodyhtml']|//div[@id='news_detail']"):
        check_not_error_page(tree, url)
        raise SelectorsFoundNothing(url, "no #news-bodyhtml on a NukeViet detail page")
    check_not_error_page(tree, url, min_chars=80)
    files = [h for h in tree.xpath("//div[contains(@class,'news-download-file')]"
                                   "//a[@href and not(starts-with(@href,'#'))]/@href")]
    body_links = attachment_links(tree, url)
    return ItemPage(
        url=url,
        title=first_text(tree, "//div[contains(@class,'news_column')]//h1",
                         "//div[@id='news_detail']/h1"),
        date=parse_dmy(first_text(tree, "//div[contains(@class,'news_column')]"
                                        "//span[contains(@class,'h5')]",
                                  "//div[@id='news_detail']//span[@class='time']")),
        attachments=list(dict.fromkeys([*files, *body_links])))
