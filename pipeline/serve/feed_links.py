"""Where a reader meets the Atom feeds: a link in the description of every page that shows
what a feed follows.

The feeds themselves are canned queries (``pipeline.store.feeds``) that datasette-atom
renders at ``<query>.atom``. A reader of the answer table ``assessment_results``, of
``results_by_subject`` or of ``ranking_table`` sees "Theo dõi kết quả mới bằng nguồn tin
Atom" with the form of ``new_results`` and a ready feed (Chỉ số CCHC of Quảng Bình, a
province the bundled corpus holds); a reader of ``documents`` sees the same for
``new_documents``. Links are relative (``new_results.atom?…`` from ``/cchc/…``), so they
hold under any host, base URL and database name.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

#: The feed offered as an example on each page: (query, parameters, what it follows).
EXAMPLES: dict[str, tuple[dict[str, str], str]] = {
    "new_results": ({"province": "Quảng Bình", "index": "par_index"},
                    "kết quả Chỉ số CCHC mới của Quảng Bình"),
    "new_documents": ({"site": "", "province": "Lâm Đồng"}, "văn bản mới của Lâm Đồng"),
}
#: Which pages link to which feed: tables (and views) and canned queries.
TABLE_FEEDS = {"assessment_results": "new_results", "documents": "new_documents"}
QUERY_FEEDS = {"results_by_subject": "new_results", "ranking_table": "new_results",
               "new_results": "new_results", "new_documents": "new_documents"}
_WHAT = {"new_results": "kết quả đánh giá mới của một tỉnh và một chỉ số",
         "new_documents": "văn bản mới của một trang hay một tỉnh"}


def feed_url(query: str, params: dict[str, str], *, atom: bool = True) -> str:
    """The relative URL of a feed (or of its form page): ``new_results.atom?province=…``."""
    return f"{query}{'.atom' if atom else ''}?{urlencode(params)}"


def feed_paragraph(query: str) -> str:
    """"Theo dõi … bằng nguồn tin Atom: chọn …, hoặc đăng ký ngay …" as HTML."""
    params, example = EXAMPLES[query]
    blank = dict.fromkeys(params, "")
    return (f'<p>Theo dõi {escape(_WHAT[query])} bằng nguồn tin Atom: '
            f'<a href="{escape(feed_url(query, blank, atom=False))}">chọn tỉnh'
            f'{", chỉ số" if "index" in params else ", trang"}</a> rồi bấm "atom" dưới bảng, '
            f'hoặc đăng ký ngay nguồn tin <a href="{escape(feed_url(query, params))}">'
            f'{escape(example)}</a>.</p>')


def with_description_html(meta: dict[str, Any], query: str) -> None:
    """Give ``meta`` (a table's or a canned query's metadata) its description as HTML,
    followed by the feed's paragraph."""
    words = meta.get("description", "")
    meta["description_html"] = (f"<p>{escape(words)}</p>" if words else "") + \
        feed_paragraph(query)


def add_feed_links(tables: dict[str, Any], queries: dict[str, Any]) -> None:
    """Link every page that shows what a feed follows to that feed (in place)."""
    for name, query in TABLE_FEEDS.items():
        with_description_html(tables.setdefault(name, {}), query)
    for name, query in QUERY_FEEDS.items():
        if name in queries:
            with_description_html(queries[name], query)
