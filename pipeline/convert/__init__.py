"""Convert files to ``Document``s: detect the format by content, then one module per format.

``convert_path("Quyet dinh 86.pdf")`` → ``Document`` with NFC text. Broken input raises
a typed error from ``pipeline.errors`` naming the file and the problem.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.convert import text as text_format
from pipeline.errors import EmptyFile, FileTooLarge, UnreadableFile, UnsupportedFormat
from schemas import Document

#: Files larger than this are refused (bytes); ``CCHC_MAX_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def max_bytes() -> int:
    return int(os.environ.get("CCHC_MAX_BYTES", DEFAULT_MAX_BYTES))


def detect_format(data: bytes) -> str:
    """The format of ``data`` by its magic bytes: pdf, zip (docx), ole (doc), html, txt."""
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data[:3] in (b"\xff\xd8\xff",) or data.startswith((b"\x89PNG", b"II*\x00", b"MM\x00*")):
        return "image"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "html"
    return "txt"


def convert_bytes(data: bytes, source: str) -> Document:
    """Convert raw bytes (from a file or a crawl) into a ``Document``."""
    if not data:
        raise EmptyFile(source, "the file has no bytes")
    if len(data) > max_bytes():
        raise FileTooLarge(source, f"{len(data)} bytes is over the limit of {max_bytes()}")
    fmt = detect_format(data)
    if fmt == "txt":
        doc = text_format.convert(data, source)
    else:
        raise UnsupportedFormat(source, f"{fmt} files are not converted yet")
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
