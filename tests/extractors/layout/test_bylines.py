"""News bylines: who wrote an article, however the portal prints it (capitals, initials,
two authors, a label, under the headline or after the last paragraph); section names,
news agencies and places are not authors."""

from __future__ import annotations

import pytest

from extractors.context import Context
from extractors.layout.bylines import byline_names
from extractors.layout.news import read_news
from extractors.text.view import TextView

HEAD = "Tiêu đề bài viết về cải cách\n\n10/03/2024\n\n"
BODY = "Sở Nội vụ tỉnh tổ chức hội nghị tổng kết công tác cải cách hành chính năm 2023."

LINES = [
    ("HẠNH CHÂU", ["Hạnh Châu"]),
    ("MINH HUYỀN", ["Minh Huyền"]),
    ("Thu Hà", ["Thu Hà"]),
    ("TD", ["TD"]),
    ("Đ.Chính", ["Đ.Chính"]),
    ("N.H", ["N.H"]),
    ("Nhóm PV", ["Nhóm PV"]),
    ("Đức Tính - Nông Quý", ["Đức Tính", "Nông Quý"]),
    ("QUANG HIẾU – THANH TÂM", ["Quang Hiếu", "Thanh Tâm"]),
    ("Tin, ảnh: Ngọc Lan", ["Ngọc Lan"]),
    ("Bài và ảnh: Trần Hải", ["Trần Hải"]),
    ("Hoàng Anh (Trung tâm Truyền thông tỉnh)", ["Hoàng Anh"]),
    # traps
    ("TIN LIÊN QUAN", []),
    ("BÀI VIẾT KHÁC", []),
    ("CẢI CÁCH HÀNH CHÍNH", []),
    ("TTXVN", []),
    ("HÀ NỘI", []),
    ("HÀ NỘI (TTXVN)", []),
    ("ĐẮK LẮK", []),
    ("Tin tức sự kiện", []),
    ("NGƯỜI LÀM ĐƠN", []),
    ("KẾ HOẠCH", []),
    ("Sáng nay, Sở Tư pháp tổ chức hội nghị.", []),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_byline_names(line: str, expected: list[str]) -> None:
    found = byline_names(line)
    assert [v for _, _, v in found] == expected
    for a, b, v in found:
        assert line[a:b].casefold() == v.casefold()


PAGES = [
    # after the last paragraph, indented, above the portal's furniture
    (f"{HEAD}{BODY}\n\nGIA KHÁNH\n", "Gia Khánh", []),
    (f"{HEAD}{BODY}\n\n Lê Hòa - Tuấn Anh\n\n\nBình luận\n",
     "Lê Hòa", ["Tuấn Anh"]),
    (f"{HEAD}{BODY}\n\nTD\n\nLượt xem: 2,789\n\nTin đã đưa\n",
     "TD", []),
    (f"{HEAD}{BODY}\n\nTin, ảnh: Ngọc Lan\n\nVăn Hùng\n",
     "Ngọc Lan", []),
    # under the headline, next to the date
    (f"Tiêu đề bài viết về cải cách\n\nPHƯƠNG THẢO\n\n10/03/2024 08:15\n\n{BODY}\n",
     "Phương Thảo", []),
    # traps: a section name, a dateline, furniture
    (f"{HEAD}{BODY}\n\nTIN LIÊN QUAN\n", None, []),
    (f"{HEAD}HÀ NỘI (TTXVN)\n\n{BODY}\n", None, []),
    (f"{HEAD}Back To Top\n", None, []),
]


@pytest.mark.parametrize(("text", "author", "others"), PAGES)
def test_news_authors(text: str, author: str | None, others: list[str]) -> None:
    view = TextView(text)
    news = read_news(view)
    assert (news.author.value if news.author else None) == author
    assert [f.value for f in news.coauthors] == others
    for f in [news.author, *news.coauthors]:
        if f:
            assert text[f.start:f.end].casefold() == f.value.casefold()
    ctx = Context(text)
    assert ctx.news is ctx.news  # read once per page, however many stages ask
