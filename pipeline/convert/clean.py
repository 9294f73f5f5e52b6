"""Shared last step of every converter: NFC, line ends, blank lines, and the page map.

Every engine hands back text in its own shape: pdfium ends lines with ``\\r\\n``, Word
paragraphs carry no-break spaces and soft hyphens, Tesseract adds form feeds, and
Windows-1258 files decompose "hòa" into h-o-◌̀-a. The extractors only ever see one
shape: NFC, ``\\n`` line ends, paragraphs separated by one blank line, no control
characters. ``assemble`` joins pages and records where each starts, so a fact found at
offset 5230 can be shown as "trang 3".
"""

from __future__ import annotations

import re

from extractors.text.view import nfc

#: Control characters that carry no text (form feed, NUL, soft hyphen, zero-width marks).
_INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Normalise one converted text: NFC, ``\\n`` line ends, single spaces, ≤1 blank line.

    >>> clean_text("Sở Nội vụ\\r\\n\\r\\n\\r\\n  Số:\\u00a0 12/SNV ")
    'Sở Nội vụ\\n\\nSố: 12/SNV'
    """
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = _INVISIBLE.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")


#: pdfium's mark for a hyphen or soft hyphen that ends a line inside a word or a number.
LINE_END_HYPHEN = "\ufffe"
#: A line broken inside a word or a number: a letter or digit right before a hyphen, a
#: soft hyphen or pdfium's mark ("2775/SNV-", "02/PA-BCA-"; never a dash list item
#: "Độc lập - Tự do -" nor a rule "-------").
_BROKEN = re.compile("(?<=[^\\W_])[-\u00ad\ufffe]$")
#: What a broken word or number goes on with: a letter or a digit ("CCHC&VTLT", "C04"),
#: never a list item ("- Sở Nội vụ").
_CONTINUES = re.compile(r"[^\W_]")


def join_broken_lines(text: str) -> str:
    """Rejoin a word or document number a line end cut after a hyphen.

    A text layer has one line per printed line, and Word breaks a line after the hyphen
    of a long number: "Công văn số 2775/SNV-" then "CCHC&VTLT ngày …", read as the
    number "2775/SNV". The continuation goes back up to its line; a hyphen stays (it was
    typed: "2775/SNV-CCHC&VTLT", "Covid-19"), a soft hyphen goes ("20\\xad" + "24" is
    2024), and pdfium's mark (U+FFFE), which stands for either, stays a hyphen: Word
    hyphenates no Vietnamese word, so a hyphen at a line end is one the author typed.

    >>> join_broken_lines("số 02/PA-BCA-\\nC04 ngày 12/6/2024\\n- Sở Nội vụ;\\n- UBND tỉnh")
    'số 02/PA-BCA-C04\\nngày 12/6/2024\\n- Sở Nội vụ;\\n- UBND tỉnh'
    """
    out: list[str] = []
    for line in text.split("\n"):
        previous = out[-1].rstrip() if out else ""
        if _BROKEN.search(previous) and _CONTINUES.match(line):
            head, _, rest = line.partition(" ")
            mark = previous[-1]
            out[-1] = previous[:-1] + ("" if mark == "\u00ad" else "-") + head
            if not rest.strip():
                continue
            line = rest.lstrip()
        out.append(line)
    return "\n".join(out).replace(LINE_END_HYPHEN, "-")


def join_broken_pages(pages: list[str]) -> list[str]:
    """``join_broken_lines`` across page breaks: a number cut at the foot of a page
    ("Quyết định 20/2019/QĐ-", then "UBND ngày 29/8/2019" atop the next) goes back to
    the page it started on.

    >>> join_broken_pages(["Quyết định 20/2019/QĐ-", "UBND ngày 29/8/2019\\nNội dung"])
    ['Quyết định 20/2019/QĐ-UBND', 'ngày 29/8/2019\\nNội dung']
    """
    out = list(pages)
    for k in range(len(out) - 1):
        body, _, tail = out[k].rstrip("\n").rpartition("\n")
        first, _, rest = out[k + 1].lstrip("\n").partition("\n")
        if not (_BROKEN.search(tail.rstrip()) and _CONTINUES.match(first)):
            continue
        joined = join_broken_lines(tail + "\n" + first).split("\n")
        out[k] = (body + "\n" if body else "") + joined[0]
        out[k + 1] = "\n".join([*joined[1:], rest] if rest else joined[1:])
    return out


def assemble(pages: list[str]) -> tuple[str, list[int]]:
    """Join cleaned page texts with a blank line and return ``(text, page_starts)``.

    An empty page (a blank back side of a scan) still gets an entry, so page numbers
    stay those of the file: ``assemble(["Trang 1", "", "Trang 3"])`` starts page 3 at 9.
    """
    parts: list[str] = []
    starts: list[int] = []
    offset = 0
    for page in pages:
        body = clean_text(page)
        if parts and body:
            parts.append("\n\n")
            offset += 2
        starts.append(offset)
        parts.append(body)
        offset += len(body)
    return "".join(parts), starts


def rows_text(rows: list[list[str | None]]) -> str:
    """A table as text, one row a line, cells joined by `` | ``; empty rows dropped.

    Why rows: "Sở Nội vụ | 89,5 | 3" keeps a unit's score and rank on the line that
    names it, which is what the score and ranking rules read.
    """
    lines = []
    for row in rows:
        cells = [_SPACES.sub(" ", (c or "").replace("\n", " ")).strip() for c in row]
        if any(cells):
            lines.append(" | ".join(c for c in cells if c))
    return "\n".join(lines)
