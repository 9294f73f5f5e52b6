"""Limits on the work one document may cause, in one place, each with its reason.

A crawl meets files no office meant to send: a 2 MB .docx whose zip says 1,000 bytes and
inflates to 2 GB, a one-page PDF 200 inches wide that renders to 3.6 GB, 100 MB of
Word XML, a 50 MB text file. Each limit below bounds one of those; real provincial
documents stay far below every default (the largest page of the bulk corpus is 615 k
characters, a Word report's document.xml a few MB, a scan A3 at 300 dpi). A limit is read
from the environment when it is used, so a batch, a test or a worker process can change
it, and the error it raises names the setting to raise::

    bomb.docx: word/document.xml unpacks to more than the 1000 bytes its header claims

The wall time and memory of a whole document (``CCHC_MAX_SECONDS``,
``CCHC_MAX_MEMORY``) are enforced around conversion and extraction by
``pipeline.process``, which runs them in a worker process; they are declared here with
the others so that every limit is in one table (and the README lists them all).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.errors import CchcError, FileTooLarge

_SIZE = re.compile(r"\s*(\d+)\s*([kmg]?)i?b?\s*", re.I)
_FACTOR = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


@dataclass(frozen=True)
class Limit:
    """One limit: its environment variable, default, unit and why it exists."""

    env: str
    default: int
    unit: str
    why: str

    def value(self) -> int:
        """The limit now: the environment's value (sizes may say "512M", "1G") or the
        default. A value that is not a number is an error naming the variable."""
        raw = os.environ.get(self.env, "").strip()
        if not raw:
            return self.default
        match = _SIZE.fullmatch(raw)
        if not match or (match.group(2) and self.unit != "bytes"):
            raise CchcError(self.env, f"{raw!r} is not a number of {self.unit}")
        return int(match.group(1)) * _FACTOR[match.group(2).lower()]

    def shown(self, value: int | None = None) -> str:
        """The value in words: "1 GB (CCHC_MAX_MEMORY)", "120 s (CCHC_MAX_SECONDS)"."""
        value = self.value() if value is None else value
        return f"{amount(value, self.unit)} ({self.env})"


def amount(value: int, unit: str) -> str:
    """``1073741824, "bytes"`` → "1 GB"; other units as they are: "120 s"."""
    if unit != "bytes":
        return f"{value} {unit}"
    for size, name in ((1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")):
        if value >= size and value % size == 0:
            return f"{value // size} {name}"
    return f"{value} bytes"


MAX_BYTES = Limit("CCHC_MAX_BYTES", 64 << 20, "bytes",
                  "a file's size, checked before it is read")
MAX_CHARS = Limit("CCHC_MAX_CHARS", 1_500_000, "characters",
                  "the converted text: longer is a data dump, not an official text "
                  "(extraction is about linear: 1.4 M characters of real texts take "
                  "~2.4 s of CPU)")
MAX_UNPACKED = Limit("CCHC_MAX_UNPACKED", 512 << 20, "bytes",
                     "all members of a DOCX together, counted as they inflate")
MAX_RATIO = Limit("CCHC_MAX_RATIO", 200, "times",
                  "how much one zip member over 1 MB may expand (Word XML ~10x)")
MAX_XML_BYTES = Limit("CCHC_MAX_XML_BYTES", 32 << 20, "bytes",
                      "one XML part of a DOCX (python-docx builds a tree of it in memory)")
MAX_PAGES = Limit("CCHC_MAX_PAGES", 2000, "pages", "a PDF's page count")
MAX_OCR_PAGES = Limit("CCHC_MAX_OCR_PAGES", 100, "pages",
                      "pages of one document sent to OCR (~12 s a page a core); the rest "
                      "are left out with a warning")
MAX_PIXELS = Limit("CCHC_MAX_PIXELS", 25_000_000, "pixels",
                   "one page image for OCR: larger pages are rendered at a lower "
                   "resolution (A3 at 300 dpi is 17 M)")
MAX_SECONDS = Limit("CCHC_MAX_SECONDS", 120, "s",
                    "wall time of one document's conversion and extraction")
OCR_SECONDS = Limit("CCHC_OCR_SECONDS", 30, "s",
                    "added to CCHC_MAX_SECONDS for each page sent to OCR")
OCR_PAGE_SECONDS = Limit("CCHC_OCR_PAGE_SECONDS", 60, "s",
                         "Tesseract on one page (all its regions; ~3 s here): a page over it "
                         "is left out with an error naming the file and the page, the other "
                         "pages are kept")
OCR_MEMORY = Limit("CCHC_OCR_MEMORY", 512 << 20, "bytes",
                   "address space of one tesseract process (~70 MB resident on an A4 page "
                   "at 300 dpi), set with prlimit, so one page cannot take the worker's "
                   "CCHC_MAX_MEMORY")
MAX_MEMORY = Limit("CCHC_MAX_MEMORY", 1 << 30, "bytes",
                   "memory (address space) of the process converting one document")

#: Every limit, for the README's table and the test that keeps it true.
LIMITS: tuple[Limit, ...] = (MAX_BYTES, MAX_CHARS, MAX_UNPACKED, MAX_RATIO, MAX_XML_BYTES,
                             MAX_PAGES, MAX_OCR_PAGES, MAX_PIXELS, MAX_SECONDS, OCR_SECONDS,
                             OCR_PAGE_SECONDS, OCR_MEMORY, MAX_MEMORY)


def check_chars(text: str | bytes, source: str) -> None:
    """Refuse a text longer than ``CCHC_MAX_CHARS`` before anything extracts it (and,
    for a text file, before its encoding is guessed)."""
    limit = MAX_CHARS.value()
    if len(text) > limit:
        raise FileTooLarge(source, f"{len(text)} characters of text is over the limit of "
                                   f"{MAX_CHARS.shown(limit)}")


#: Told of extra time a document legitimately needs (pages sent to OCR), by whoever
#: enforces ``CCHC_MAX_SECONDS``: the worker process of ``pipeline.process``.
_on_more_time: Callable[[float], None] | None = None


def on_more_time(listener: Callable[[float], None] | None) -> None:
    """Register (or, with None, remove) the listener of ``allow_time``."""
    global _on_more_time
    _on_more_time = listener


def allow_time(seconds: float) -> None:
    """Ask for ``seconds`` more than ``CCHC_MAX_SECONDS`` for this document: OCR is slow
    but bounded on its own (``CCHC_MAX_OCR_PAGES``, ``CCHC_MAX_PIXELS``, a timeout per
    page), so a 40-page scan is not cut off like a runaway loop would be."""
    if _on_more_time is not None:
        _on_more_time(seconds)
