"""WordPress adapter: district and commune portals and department sites built on WordPress.

CMS: WordPress (PHP, open source), used by district portals and smaller sites whose
posts have "post name" permalinks, e.g. huyendamha.vn (Cổng thông tin điện tử huyện Đầm
Hà, Quảng Ninh: ``/quy-i-2020-khong-co-ho-so-giai-quyet-thu-tuc-hanh-chinh-qua-han/``).
Markup follows WordPress's bundled themes (``index.php``/``archive.php`` with
``template-parts/content*.php``, ``single.php``) and core's ``the_posts_pagination``:

- listing (a category ``/category/<chuyen-muc>/`` or the blog page): one
  ``article.post`` (``id="post-N"``) per item, the link in ``.entry-title a``, the date in
  ``time.entry-date[datetime]`` (ISO 8601); paging ``a.next.page-numbers`` to
  ``/page/N/`` (or ``?paged=N``), ``link[rel=next]`` in the head;
- item: ``h1.entry-title``, ``time.entry-date.published[datetime]`` (or the
  ``article:published_time`` meta that SEO plugins add), body in ``div.entry-content``;
  files under ``/wp-content/uploads/<yyyy>/<mm>/``;
- feeds: ``/feed/`` and ``/category/<chuyen-muc>/feed/`` (RSS 2.0, read as the generic
  adapter reads feeds).
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

FAMILY = "wordpress"
VERSION = "1"

_POST = ("//article[starts-with(@id,'post-') or "
         "contains(concat(' ', normalize-space(@class), ' '), ' post ')]")
_ITEM_LINKS = f"{_POST}//*[contains(@class,'entry-title')]//a[@href]"
_NEXT = "//a[contains(@class,'next') and contains(@class,'page-numbers')]/@href"


def _iso_date(text: str | None) -> date | None:
    """"2020-04-02T08:15:00+07:00" → 2020-04-02; a d/m/yyyy text as a fallback."""
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return parse_dmy(text)


def _post_date(a) -> date | None:
    """The ``time.entry-date`` of the ``article`` the link sits in."""
    times = a.xpath("ancestor::article[1]//time[contains(@class,'entry-date')]")
    if not times:
        return None
    return _iso_date(times[0].get("datetime") or " ".join(times[0].itertext()))


def parse_listing(body: bytes, url: str) -> Listing:
    """Items of a category or blog page (or a feed), and the next page."""
    return generic.linked_listing(body, url, links=_ITEM_LINKS, date_of=_post_date,
                                  next_links=_NEXT,
                                  nothing="no article.post .entry-title links on a WordPress "
                                          "listing")


def parse_item(body: bytes, url: str) -> ItemPage:
    """Title, date and files of a single post."""
    tree = parse_html(body, url)
    if not tree.xpath("//div[contains(@class,'entry-content')]"):
        check_not_error_page(tree, url)
        raise SelectorsFoundNothing(url, "no div.entry-content on a WordPress post")
    check_not_error_page(tree, url, min_chars=80)
    stamp = (tree.xpath("string((//time[contains(@class,'published')]"
                        "|//time[contains(@class,'entry-date')])[1]/@datetime)")
             or tree.xpath("string(//meta[@property='article:published_time']/@content)"))
    return ItemPage(url=url,
                    title=first_text(tree, "//h1[contains(@class,'entry-title')]", "//h1"),
                    date=_iso_date(stamp),
                    attachments=attachment_links(tree, url))
