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
from pipeline.detect import detect_format
from pipeline.errors import EmptyFile, FileTooLarge, UnreadableFile, UnsupportedFormat
from schemas import Document

#: Files larger than this are refused (bytes); ``CCHC_MAX_BYTES`` overrides it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def max_bytes() -> int:
    return int(os.environ.get("CCHC_MAX_BYTES", DEFAULT_MAX_BYTES))


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
