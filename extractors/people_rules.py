"""Rule-only places of names: signature blocks, news bylines, and positions after a name.

A signature block (Nghị định 30/2020/NĐ-CP, Phụ lục I) is a position line in capitals,
optionally after "KT."/"TL."/"TM.", then the signer's name on its own line::

    KT. GIÁM ĐỐC
    PHÓ GIÁM ĐỐC

    Nguyễn Văn Luận

→ ``Nguyễn Văn Luận``, position "Phó Giám đốc". A news byline names the author with no
position: "Tác giả: Tô Dậu", "Hằng Nga 08:17, 24/07/2024", "---Tô Dậu----".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from extractors.patterns import alternation, load_data, word_lists
from extractors.textview import TextView, squash

_SYL = r"\p{Lu}\p{Ll}+"
_SYL_UP = r"\p{Lu}+"
_NAME_LINE = regex.compile(
    rf"^[ \t*_\-–]*(?P<n>{_SYL}(?:[ ]{_SYL}){{1,3}}|{_SYL_UP}(?:[ ]{_SYL_UP}){{1,3}})"
    r"[ \t*_\-–.]*$", regex.M)
_TIME_BYLINE = regex.compile(
    rf"^[ \t]*(?P<n>{_SYL}(?:[ ]{_SYL}){{1,3}})[ \t]+\d{{1,2}}:\d{{2}}\s*,?\s*"
    r"\d{1,2}/\d{1,2}/\d{4}", regex.M)
_STOP = regex.compile(
    r"[,;.()\n:|]|\s(?:là|dẫn\s+đầu|tiếp|làm|cùng|dự|báo\s+cáo|trình\s+bày|chỉ\s+đạo|và|đã|đang|sẽ|cho\s+biết|nhấn\s+mạnh|phát\s+biểu|chủ\s+trì|"
    r"khẳng\s+định|thông\s+tin|chia\s+sẻ|trao\s+đổi|kiến\s+nghị|được|tại|về|trong|khi)"
    r"(?!\p{L})", regex.I)


@cache
def words() -> dict[str, list[str]]:
    """The word lists of ``people.yaml``."""
    return word_lists(load_data("people"))


@cache
def word_regex(name: str, suffix: str = "") -> regex.Pattern[str]:
    """One list of ``people.yaml`` as a case-blind alternation (longest first)."""
    return regex.compile(alternation(words()[name]) + suffix, regex.I)


def has_surname(name: str) -> bool:
    """Whether a name starts with a common family name ("NGUYỄN VĂN A", not "DÂN TỈNH")."""
    first = name.split()[0].capitalize()
    return first in words()["surnames"]


@dataclass
class Candidate:
    """A person name found at ``[start, end)`` with its position, if any."""

    start: int
    end: int
    name: str
    position: str | None
    rule: str


def _recase(words: list[str]) -> str:
    """"PHÓ GIÁM ĐỐC" → "Phó Giám đốc"; "NGUYỄN VĂN LUẬN" → "Nguyễn Văn Luận" (names)."""
    return " ".join(w.capitalize() for w in words)


def _position_line(line: str, positions: regex.Pattern[str]) -> str | None:
    """The position of a signature line, without "KT."/"TL."/"TM." ("Phó Giám đốc")."""
    line = regex.sub(r"^\W*(?:(?:KT|TL|TM|TUQ|Q)\s*\.\s*)?", "", line.strip(" *_"))
    m = positions.match(line)
    if not m or len(line.split()) > 8:
        return None
    canon = next((p for p in words()["positions"] if p.lower() == squash(m.group(0)).lower()),
                 squash(m.group(0)))
    rest = squash(line[m.end():]).strip(" *_")
    rest = " ".join(w if w in ("UBND", "HĐND") else w.lower() for w in rest.split())
    return f"{canon} {rest}".strip()


def signature_names(view: TextView) -> list[Candidate]:
    """Signers: a name line within four lines under a position line in capitals."""
    positions = word_regex("positions")
    out = []
    lines = view.text.split("\n")
    offsets = view.line_starts
    for i, line in enumerate(lines):
        if not line.isupper():
            continue
        position = _position_line(line, positions)
        if not position:
            continue
        for j in range(i + 1, min(len(lines), i + 6)):
            m = _NAME_LINE.match(lines[j])
            if m and not positions.match(m.group("n")) and has_surname(m.group("n")):
                a = offsets[j] + m.start("n")
                name = m.group("n")
                name = _recase(name.split()) if name.isupper() else name
                out.append(Candidate(a, a + len(m.group("n")), name, position,
                                     "people.signature"))
                break
    return out


def byline_names(view: TextView) -> list[Candidate]:
    """News authors: "Tác giả: Tô Dậu", "Hằng Nga 08:17, 24/07/2024", "---Tô Dậu---"."""
    labels = word_regex("byline_labels").pattern
    rx = regex.compile(rf"^[ \t*_]*(?:{labels})[ \t]*:[ \t]*(?P<n>{_SYL}(?:[ ]{_SYL}){{1,3}})"
                       r"[ \t*_.]*$", regex.M | regex.I)
    out = [Candidate(m.start("n"), m.end("n"), m.group("n"), None, "people.byline")
           for m in rx.finditer(view.text)]
    out += [Candidate(m.start("n"), m.end("n"), m.group("n"), None, "people.byline")
            for m in _TIME_BYLINE.finditer(view.text)]
    out += _closing_name_lines(view)
    for m in regex.finditer(rf"^[ \t]*-{{2,}}(?P<n>{_SYL}(?:[ ]{_SYL}){{1,3}})-{{2,}}[ \t]*$",
                            view.text, regex.M):
        out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), None, "people.byline"))
    return out


_ALONE = regex.compile(rf"(?<=\n[ \t]*\n)[ \t]*(?P<n>{_SYL}(?:[ ]{_SYL}){{1,3}})[ \t]*(?=\n|$)")


def _closing_name_lines(view: TextView) -> list[Candidate]:
    """A news article's author alone on a line after its last paragraph ("…đạt 82,96%.
    // Đoàn Thư"): a family name first, a sentence-ending paragraph just above."""
    out = []
    for m in _ALONE.finditer(view.text):
        above = view.text[:m.start()].rstrip()
        if has_surname(m.group("n")) and above.endswith((".", "…", '"', "”")) and len(
                above.rsplit("\n", 1)[-1]) > 80:
            out.append(Candidate(m.start("n"), m.end("n"), m.group("n"), None,
                                 "people.byline"))
    return out


def position_after(view: TextView, end: int, positions: regex.Pattern[str]) -> str | None:
    """", Giám đốc Sở Công Thương, nhấn mạnh" after a name → "Giám đốc Sở Công Thương"."""
    m = regex.match(r"\s*(?:,|–|-|\(|:)\s*", view.folded[end:end + 6])
    if not m:
        return None
    start = end + m.end()
    p = positions.match(view.folded, start)
    if not p:
        return None
    stop = _STOP.search(view.folded, p.end(), min(len(view.folded), p.end() + 80))
    stop_at = stop.start() if stop else min(len(view.text), p.end() + 80)
    return squash(view.text[start:stop_at]) or None
