"""The ``Document``: one converted source file or page, the unit every stage passes on.

Conversion makes it (bytes → NFC text); extraction reads ``text`` and never rewrites it;
the store keys it by the content hash. A Word file, its PDF print and the web page that
carries the same text are three Documents with three hashes.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

#: What is known of the text hashed last (the very object): its digest and its UTF-8.
_LAST_HASHED: tuple[str, str, bytes] = ("", hashlib.sha256(b"").hexdigest(), b"")


def text_sha256(text: str) -> str:
    """The sha256 of ``text``'s UTF-8 bytes: a ``Document``'s identity in the store.

    Remembered for the last text hashed, by identity (the same object, which is kept
    alive, so never another text with the same id): an ingest's worker asks for one
    page's key three times, in its "already stored?" screen, for its ``Extraction`` and
    for its rows, and each hash of 11k characters of Vietnamese is ~35 us (the UTF-8
    encoding most of it). ``remember_utf8`` lets a converter that read the text's own
    bytes and hashed them already say so.

    >>> text_sha256("Sở Nội vụ") == hashlib.sha256("Sở Nội vụ".encode()).hexdigest()
    True
    """
    last = _LAST_HASHED
    if last[0] is text:
        return last[1]
    utf8 = text.encode("utf-8")
    digest = hashlib.sha256(utf8).hexdigest()
    remember_utf8(text, utf8, digest)
    return digest


def remember_utf8(text: str, utf8: bytes, digest: str) -> None:
    """Remember for this very ``text`` object that ``utf8`` is ``text.encode("utf-8")``
    and ``digest`` its sha256 (``text_sha256``, ``utf8_of``): only for them, as a .txt
    file's bytes are when its text is them decoded as they are (``pipeline.convert.
    text``: the file's own hash, taken anyway, is then its text's)."""
    global _LAST_HASHED
    _LAST_HASHED = (text, digest, utf8)


def utf8_of(text: str) -> bytes | None:
    """``text.encode("utf-8")`` where it is at hand (``text`` is the text hashed or
    remembered last), else None: an ingest's rows pickle it instead of the text."""
    last = _LAST_HASHED
    return last[2] if last[0] is text else None


class PageQuality(BaseModel):
    """How one PDF page's text was obtained, and why: its text layer as it is ("text"),
    its text layer converted from a legacy font ("legacy": TCVN3 "Céng hßa" → "Cộng hòa"),
    or OCR of the page image ("ocr": no text layer, or one that does not read as
    Vietnamese, "uY BAN NgAN nAN ceNG HoA")."""

    model_config = ConfigDict(frozen=True)

    page: int = Field(description="page number, from 1")
    score: float = Field(description="share of the text layer's words that read as "
                                     "Vietnamese (pipeline.convert.quality), 0–1")
    decision: Literal["text", "legacy", "ocr"] = Field(
        description='"text" (layer used), "legacy" (layer converted), "ocr" (page image read)')
    reason: str | None = Field(None, description="why the layer was converted or not used")


class Conversion(BaseModel):
    """How the text was made, so a reader can judge it (an OCR'd page is less sure)."""

    model_config = ConfigDict(frozen=True)

    converter: str = Field(description='engine used: "text", "pdfium", "tesseract" …')
    ocr: bool = False
    ocr_engine: str | None = None
    ocr_confidence: float | None = Field(None, description="mean word confidence, 0–100")
    encoding: str | None = Field(None, description="source encoding, when text was decoded")
    warnings: list[str] = Field(default_factory=list)
    pages: list[PageQuality] = Field(
        default_factory=list,
        description="per PDF page: the text layer's score and how the page was read")


class TableSpan(BaseModel):
    """Where a table of the source is in the text: its rows are the lines
    ``text[start:end]``, one a row, cells joined by " | " ("1 | Sở Tư pháp | 92,5 | 1"),
    the first ``header_rows`` of them its header (two where "Số hồ sơ đã giải quyết"
    stands over "Trước hạn | Đúng hạn | Quá hạn")."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    page: int | None = Field(None, description="1-based page the table starts on, if paged")
    n_rows: int
    n_cols: int
    header_rows: int = 0


class Document(BaseModel):
    """A converted document: where it came from and its clean NFC text.

    ``format`` is the file format it was converted from (txt, html, pdf, docx, doc,
    image); the document's own *kind* (Thông báo, Kế hoạch …) is extracted later into
    ``DocumentMeta.kind``.
    """

    model_config = ConfigDict(frozen=True)

    source: str = Field(description="path or URL the bytes came from")
    format: str = Field(description="txt, html, pdf, docx, doc, image")
    text: str = Field(description="NFC plain text with paragraph breaks")
    raw_sha256: str | None = Field(None, description="sha256 of the raw bytes converted")
    site: str | None = Field(None, description="registry id of the site it was crawled from")
    conversion: Conversion = Field(default_factory=lambda: Conversion(converter="text"))
    pages: list[int] = Field(
        default_factory=list,
        description="page map: offset where each page starts (PDF, DOCX); empty if none",
    )
    metadata: dict[str, str] = Field(
        default_factory=dict, description="what the container said: title, date, author"
    )
    tables: list[TableSpan] = Field(
        default_factory=list,
        description="where each table of the source is in the text (DOCX, PDF, HTML)",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sha256(self) -> str:
        """Content hash of the NFC text: the document's identity in the store."""
        return text_sha256(self.text)

    def page_of(self, offset: int) -> int | None:
        """1-based page holding ``offset``, or None when there is no page map."""
        if not self.pages:
            return None
        page = 0
        for i, start in enumerate(self.pages):
            if start <= offset:
                page = i
            else:
                break
        return page + 1
