"""Attached files of a crawled page: is it really a file, and what do we call it.

A notice on a provincial portal ("Thông báo kết quả giải quyết TTHC quý I/2024") usually
carries the signed text as a PDF, DOC or DOCX, sometimes an XLS table or a ZIP. Before
keeping one:

- the server's Content-Type must not say it is a web page (a portal that lost the file
  answers ``200 text/html`` "Không tìm thấy tệp"), and the bytes must start with the magic
  of a file format we keep (``%PDF-``, OLE2 for DOC/XLS, ``PK`` for DOCX/XLSX/ZIP);
- its name comes from Content-Disposition (``filename*=UTF-8''Bao%20cao.pdf`` or
  ``filename="..."``) or the URL, reduced to a safe base name: no directories, no ``..``,
  no control characters, so ``filename="../../etc/passwd"`` becomes ``passwd``.

The bytes themselves are kept under their sha256 in the raw store; the name is only a
label in the ``attachments`` table.
"""

from __future__ import annotations

import re
import unicodedata
from email.message import Message
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

from pipeline.detect import detect_format
from pipeline.errors import CchcError

#: Formats kept as attachments (by magic bytes); the converters read pdf, doc and docx.
KEPT_FORMATS = frozenset({"pdf", "doc", "docx", "zip"})
CONVERTED_FORMATS = frozenset({"pdf", "doc", "docx"})
MAX_NAME = 150


class NotAFile(CchcError):
    """An attachment link that answered with something other than a kept file format."""


def check_file(data: bytes, content_type: str, url: str) -> str:
    """The format of an attachment's bytes, or ``NotAFile`` saying why it is not one.

    >>> check_file(b"%PDF-1.7 ...", "application/pdf", "https://a.gov.vn/tb.pdf")
    'pdf'
    """
    if content_type in ("text/html", "application/xhtml+xml"):
        raise NotAFile(url, f"answered a web page ({content_type}), not a file")
    fmt = detect_format(data)
    if fmt not in KEPT_FORMATS:
        raise NotAFile(url, f"the bytes are {fmt}, not PDF/DOC/DOCX/XLS(X)/ZIP")
    return fmt


def _disposition_name(header: str | None) -> str | None:
    if not header:
        return None
    msg = Message()
    msg["content-disposition"] = header
    name = msg.get_filename()  # decodes RFC 2231 filename*=UTF-8''…
    return name or None


def safe_filename(content_disposition: str | None, url: str, fmt: str | None = None) -> str:
    """A base name safe to show or write anywhere, from the header or else the URL.

    >>> safe_filename('attachment; filename="../../Báo cáo.pdf"', "https://a.gov.vn/f?id=1")
    'Báo cáo.pdf'
    """
    raw = _disposition_name(content_disposition) or unquote(urlsplit(url).path)
    # Either slash may separate directories in what a server sends: keep the last part.
    name = PureWindowsPath(PurePosixPath(raw).name).name
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"/\\|?*]', "_", name).strip(" .")
    if not name or set(name) <= {"."}:
        name = "attachment"
    if fmt and "." not in name:
        name = f"{name}.{fmt}"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot else name[:MAX_NAME]
    return name
