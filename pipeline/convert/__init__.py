"""Convert files to ``Document``s: detect the format by content, then one module per format.

``convert_path("Quyet dinh 86.pdf")`` → ``Document`` with NFC text. Broken input raises
a typed error from ``pipeline.errors`` naming the file and the problem.

One module per format, each a thin adapter over a maintained engine: ``text`` (UTF-8/16,
Windows-1258, TCVN3/VNI/VISCII), ``html`` (site selectors, trafilatura), ``pdf``
(pypdfium2, pdfplumber, Tesseract for scans), ``image`` (Tesseract), ``docx``
(python-docx), ``doc`` (antiword, LibreOffice). ``legacy`` is the one door to viparse.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.convert import doc as doc_format
from pipeline.convert import docx as docx_format
from pipeline.convert import html as html_format
from pipeline.convert import image as image_format
from pipeline.convert import pdf as pdf_format
from pipeline.convert import text as text_format
from pipeline.errors import EmptyFile, FileTooLarge, UnreadableFile, UnsupportedFormat
from schemas import Document

#: Files larger than this are refused (bytes); ``CCHC_MAX_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def max_bytes() -> int:
    return int(os.environ.get("CCHC_MAX_BYTES", DEFAULT_MAX_BYTES))


# Archives, executables and media: formats we know we do not convert.
_BINARY = (b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"\x7fELF", b"MZ", b"OggS", b"ID3", b"GIF8",
           b"\x00\x00\x00\x18ftyp", b"\x00\x00\x00\x20ftyp", b"{\\rtf")


def _utf16(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff") or text_format.sniff_encoding(
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


_CONVERTERS = {
    "txt": text_format.convert,
    "html": html_format.convert,
    "pdf": pdf_format.convert,
    "docx": docx_format.convert,
    "zip": docx_format.convert,  # says which zips it refuses, and why
    "doc": doc_format.convert,
    "image": image_format.convert,
}


def convert_bytes(data: bytes, source: str) -> Document:
    """Convert raw bytes (from a file or a crawl) into a ``Document``."""
    if not data:
        raise EmptyFile(source, "the file has no bytes")
    if len(data) > max_bytes():
        raise FileTooLarge(source, f"{len(data)} bytes is over the limit of {max_bytes()}")
    fmt = detect_format(data)
    converter = _CONVERTERS.get(fmt)
    if converter is None:
        raise UnsupportedFormat(source, f"a {fmt} file (archive, program, media or RTF): "
                                        "only txt, html, pdf, docx, doc and images are converted")
    doc = converter(data, source)
    return doc.model_copy(update={"raw_sha256": hashlib.sha256(data).hexdigest()})


def convert_path(path: str | Path) -> Document:
    """Read and convert one file."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise UnreadableFile(str(p), "is a directory")
        if size > max_bytes():
            raise FileTooLarge(str(p), f"{size} bytes is over the limit of {max_bytes()}")
        data = p.read_bytes()
    except FileNotFoundError as e:
        raise UnreadableFile(str(p), "no such file") from e
    except PermissionError as e:
        raise UnreadableFile(str(p), "permission denied") from e
    except IsADirectoryError as e:
        raise UnreadableFile(str(p), "is a directory") from e
    return convert_bytes(data, str(p))


__all__ = ["convert_bytes", "convert_path", "detect_format"]
