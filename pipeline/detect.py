"""Detect first, then convert: what a body is, told by its bytes alone.

The format by magic bytes, never by file name or Content-Type ("bao-cao.pdf" that starts
with ``<html`` is a web page, a portal's "Không tìm thấy tệp"); the encoding of text by
its byte-order mark or its bytes. The converters pick their engine with it, and the
crawler asks it whether an attached file is a file at all, before anything is converted.

>>> detect_format(b"%PDF-1.7 ...")
'pdf'
>>> sniff_encoding("Sở Nội vụ".encode("utf-16"))
'utf-16'
"""

from __future__ import annotations

import codecs

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
    return sniff_text(data)[0]


def sniff_text(data: bytes) -> tuple[str | None, str | None]:
    """``(encoding, text)``: ``sniff_encoding``'s answer, and the text when telling UTF-8
    meant decoding all of it (else None), so that a text file is decoded once.

    >>> sniff_text("Sở Nội vụ".encode("utf-8"))
    ('utf-8', 'Sở Nội vụ')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, None
    head = data[:4000]
    if len(head) >= 4 and head.count(0) > len(head) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        return ("utf-16-le" if head[1] == 0 else "utf-16-be"), None
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError:
        return None, None


# Archives, executables and media: formats we know we do not convert.
_BINARY = (b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ", b"OggS", b"ID3", b"GIF8",
           b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp", b"{\\rtf")


def _utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or sniff_encoding(
        data[:4000]) in ("utf-16-le", "utf-16-be")


def detect_format(data: bytes) -> str:
    """The format of ``data`` by its magic bytes: pdf, docx, zip, doc, image, html, txt.

    >>> detect_format(b"%PDF-1.7 ...")
    'pdf'
    """
    head = data[:1024].lstrip()
    if data[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in data else "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if data[:3] in (b"\xff\xd8\xff",) or data.startswith((b"\x89PNG", b"II*\x00", b"MM\x00*")):
        return "image"
    if data.startswith(_BINARY) or (b"\x00" in data[:1024] and not _utf16(data)):
        return "binary"
    low = head[:1024].lower().lstrip(b"\xef\xbb\xbf")
    if low.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")) or (
            b"<html" in low or b"<body" in low):
        return "html"
    return "txt"
