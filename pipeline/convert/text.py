"""Plain text files: decode the bytes to NFC text.

Vietnamese text files arrive as UTF-8, UTF-8 with a byte-order mark (Notepad), or
UTF-16 (Word's "Unicode text"). NFC is applied here, once: Windows-1258 and some Mac
tools write decomposed tone marks ("hòa" as h-o-◌̀-a), and every later offset indexes the
NFC text.
"""

from __future__ import annotations

import codecs

from extractors.textview import nfc
from pipeline.errors import DecodeError, EmptyFile
from schemas import Conversion, Document

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_encoding(data: bytes) -> str | None:
    """The encoding of ``data`` when it can be told for sure, else None.

    >>> sniff_encoding("Sở Nội vụ".encode("utf-16"))
    'utf-16'
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4000]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        return "utf-16-le" if head[1] == 0 else "utf-16-be"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``; raise ``DecodeError`` if unknown."""
    encoding = sniff_encoding(data)
    if encoding is None:
        raise DecodeError(source, "not UTF-8 or UTF-16 text (no known encoding fits)")
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as e:
        raise DecodeError(source, f"invalid {encoding} at byte {e.start}") from e


def convert(data: bytes, source: str) -> Document:
    """A text file's bytes → ``Document``."""
    text, encoding = decode(data, source)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFile(source, "the text is empty")
    return Document(
        source=source,
        format="txt",
        text=text,
        conversion=Conversion(converter="text", encoding=encoding),
    )
