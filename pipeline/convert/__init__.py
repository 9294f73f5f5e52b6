"""Convert files to ``Document``s: detect the format by content, then one module per format.

``convert_path("Quyet dinh 86.pdf")`` → ``Document`` with NFC text. Broken input raises
a typed error from ``pipeline.errors`` naming the file and the problem.

One module per format, each a thin adapter over a maintained engine: ``text`` (UTF-8/16,
Windows-1258, TCVN3/VNI/VISCII), ``html`` (site selectors, trafilatura), ``pdf``
(pypdfium2, pdfplumber, Tesseract for scans), ``image`` (Tesseract), ``docx``
(python-docx), ``doc`` (antiword, LibreOffice). ``legacy`` is the one door to viparse.

A format's module is imported when a file of that format comes (``_CONVERTERS`` names
them): ``cchc ingest`` of text files never loads pdfium, python-docx, Pillow or numpy,
and the process that only writes the database (``pipeline.cli.limits`` reads
``safety``) loads no converter at all.

Hostile input is bounded before it costs much: ``safety`` declares every limit (file
size, text length, zip members, XML parts, pages, OCR pages and pixels; the time and
memory of a whole document, which ``pipeline.process`` enforces), ``archive`` inflates a
DOCX's members and counts what comes out, and only regular files are read (a FIFO or
``/dev/zero`` is refused by its type, ``read_file``).
"""

from __future__ import annotations

import errno
import hashlib
import importlib
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.convert.safety import MAX_BYTES, check_chars
from pipeline.detect import detect_format
from pipeline.errors import (
    EmptyFile,
    FileTooLarge,
    NotRegularFile,
    UnreadableFile,
    UnsupportedFormat,
)

if TYPE_CHECKING:
    from schemas import Document

#: The module of ``pipeline.convert`` whose ``convert`` reads each format.
_CONVERTERS = {
    "txt": "text",
    "html": "html",
    "pdf": "pdf",
    "docx": "docx",
    "zip": "docx",  # says which zips it refuses, and why
    "doc": "doc",
    "image": "image",
}


def convert_bytes(data: bytes, source: str) -> Document:
    """Convert raw bytes (from a file or a crawl) into a ``Document``."""
    if not data:
        raise EmptyFile(source, "the file has no bytes")
    limit = MAX_BYTES.value()
    if len(data) > limit:
        raise FileTooLarge(source, f"{len(data)} bytes is over the limit of "
                                   f"{MAX_BYTES.shown(limit)}")
    fmt = detect_format(data)
    module = _CONVERTERS.get(fmt)
    if module is None:
        raise UnsupportedFormat(source, f"a {fmt} file (archive, program, media or RTF): "
                                        "only txt, html, pdf, docx, doc and images are converted")
    doc = importlib.import_module(f"{__name__}.{module}").convert(data, source)
    check_chars(doc.text, source)
    doc = _warn_if_garbage(doc)
    if doc.raw_sha256 is not None:  # hashed by its converter already (``text``)
        return doc
    return doc.model_copy(update={"raw_sha256": hashlib.sha256(data).hexdigest()})


def _warn_if_garbage(doc: Document) -> Document:
    """``doc`` with a warning when its text does not read as Vietnamese (``quality``).

    A PDF is judged page by page while it is read (``pdf.decide``) and an image is OCR
    output; a txt, docx, doc or html has one text and no OCR to fall back on, so it is
    kept and flagged: "text may be garbage: only 24% of 409 words read as Vietnamese".
    """
    from pipeline.convert.quality import garbage_reason

    if doc.format in ("pdf", "image"):
        return doc
    reason = garbage_reason(doc.text, min_chars=0)
    if reason is None:
        return doc
    conversion = doc.conversion.model_copy(
        update={"warnings": [*doc.conversion.warnings, f"text may be garbage: {reason}"]})
    return doc.model_copy(update={"conversion": conversion})


#: What a file that is not a regular file is, in words.
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str | None:
    """None for a regular file, else what it is ("a named pipe (FIFO)", "a directory")."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _open(path: Path) -> int:
    """A descriptor of ``path`` opened without blocking (a FIFO would wait for a writer)."""
    source = str(path)
    try:
        return os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError as e:
        raise UnreadableFile(source, "no such file") from e
    except PermissionError as e:
        raise UnreadableFile(source, "permission denied") from e
    except IsADirectoryError as e:
        raise UnreadableFile(source, "is a directory") from e
    except OSError as e:
        if e.errno == errno.ENXIO:  # a socket, or a device with nothing behind it
            raise NotRegularFile(source, "is not a regular file (a socket or device), "
                                         "so it is not read") from e
        raise UnreadableFile(source, f"cannot be opened ({e.strerror})") from e


def read_file(path: Path) -> bytes:
    """A regular file's bytes, at most ``CCHC_MAX_BYTES`` of them.

    The type is checked on the open descriptor, so a FIFO (whose read waits forever for a
    writer), a device (``/dev/zero`` never ends) or a socket is refused by what it is,
    even if it took a regular file's place after the caller looked.
    """
    source = str(path)
    fd = _open(path)
    try:
        info = os.fstat(fd)
        kind = file_kind(info.st_mode)
        if kind == "a directory":
            raise UnreadableFile(source, "is a directory")
        if kind:
            raise NotRegularFile(source, f"is {kind}, not a regular file, so it is not read")
        limit = MAX_BYTES.value()
        if info.st_size > limit:
            raise FileTooLarge(source, f"{info.st_size} bytes is over the limit of "
                                       f"{MAX_BYTES.shown(limit)}")
        # The size fstat gave and one byte more, which tells whether the file has
        # grown since (then on to the limit): a read of the limit itself would ask
        # for a buffer of 64 MB at every file, four times the cost of a page's read.
        data = _read(fd, info.st_size + 1)
        if len(data) > info.st_size:
            data += _read(fd, limit + 1 - len(data))
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(source, f"more than {limit} bytes, over the limit of "
                                   f"{MAX_BYTES.shown(limit)}")
    return data


def _read(fd: int, size: int) -> bytes:
    """``size`` bytes from ``fd``, fewer only where the file ends: one ``read`` a file
    as a rule, with no buffered file object around it (which asked the file's type,
    whether it is a terminal and its position again, and read it in 8 KB pieces)."""
    parts = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def convert_path(path: str | Path) -> Document:
    """Read and convert one file (regular files only, see ``read_file``)."""
    p = Path(path)
    return convert_bytes(read_file(p), str(p))


__all__ = ["convert_bytes", "convert_path", "detect_format", "read_file"]
