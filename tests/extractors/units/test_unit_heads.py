"""The fast head scan finds exactly what the case-blind flat alternation finds, and the
prefix-tree regex matches exactly its words, longest first."""

from __future__ import annotations

import re

import pytest

from extractors.text.trie import trie_alternation
from extractors.text.view import TextView
from extractors.units.heads import GLUED, head_regex, head_scan

TEXTS = [
    "UBND TỈNH LẠNG SƠN\nSỞ NỘI VỤ\nSố: 12/SNV-CCHC",
    "Văn phòng Sở chủ trì, phối hợp với Phòng Tổng hợp Quy hoạch và Uỷ ban nhân dân huyện.",
    "Trung tâm Phục vụ hành chính công tỉnh; Kho bạc Nhà nước; các sở, ban, ngành; "
    "Sở TT&TT; Bộ Nội vụ; UBND các xã, phường, thị trấn; Ủy   ban\nnhân dân tỉnh.",
    "Quốc phòng Việt Nam, mã_sở, sở_, /Sở, phòng-ban, Ban Chỉ đạo CCHC.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_head_scan_same_as_flat(text: str) -> None:
    view = TextView(text)
    folded = view.folded
    low, rx, guard = head_scan(view)
    found, pos = [], 0
    while m := rx.search(low, pos):
        if guard and m.start() and (low[m.start() - 1].isalnum() or low[m.start() - 1] in GLUED):
            pos = m.start() + 1
            continue
        found.append(m.span(1))
        pos = m.end()
    assert found == [m.span(1) for m in head_regex().finditer(folded)]


WORDS = ["sở", "sở nội vụ", "sở tư pháp", "phòng", "văn phòng", "văn phòng sở", "ủy ban"]


@pytest.mark.parametrize(("text", "expected"), [
    ("sở nội vụ tỉnh", "sở nội vụ"),
    ("sở tài chính", "sở"),
    ("văn phòng sở tư pháp", "văn phòng sở"),
    ("văn\n phòng", "văn\n phòng"),
    ("ủy ban nhân dân", "ủy ban"),
    ("ủy", None),
])
def test_trie_longest_first(text: str, expected: str | None) -> None:
    m = re.compile(trie_alternation(WORDS)).match(text)
    flat = re.compile("|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in WORDS),
                                      key=len, reverse=True))).match(text)
    assert (m.group() if m else None) == expected == (flat.group() if flat else None)
