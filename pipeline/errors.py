"""Typed errors for broken input: each names the file (or URL) and the problem.

Expected outcomes (nothing found, a page unchanged) are return values, never errors.
Broken input raises one of these, and the CLI prints ``str(error)``, one line:

>>> str(EmptyFile("corpus/a.pdf", "the file has no bytes"))
'corpus/a.pdf: the file has no bytes'
"""

from __future__ import annotations

import re


class CchcError(Exception):
    """Base of every error cchc raises about its input."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = str(source)
        self.problem = problem


class UnreadableFile(CchcError):
    """The file cannot be opened or read (missing, a directory, no permission)."""


class EmptyFile(CchcError):
    """Zero bytes, or nothing but white space after conversion."""


class FileTooLarge(CchcError):
    """Over the configured size limit (``CCHC_MAX_BYTES``)."""


class UnsupportedFormat(CchcError):
    """A format cchc does not convert (detected by magic bytes, not by name)."""


class DecodeError(CchcError):
    """Bytes that are not text in any encoding cchc knows."""


class CorruptFile(CchcError):
    """A file of a known format that is truncated, encrypted or otherwise broken."""


class ErrorPage(CchcError):
    """An HTML page that is really an error page ("không tìm thấy", a login form)."""


class EncryptedFile(CorruptFile):
    """A password-protected PDF or Office file: its text cannot be read without the key."""


class UnsafeFile(CchcError):
    """Input that would exhaust memory or disk if opened (a zip bomb, absurd page count)."""


class MissingTool(CchcError):
    """A system program the format needs is not installed (tesseract, antiword)."""


class OcrFailed(CchcError):
    """The OCR engine failed or timed out on a page."""


class InternalError(CchcError):
    """A bug met while processing one input (not the input's fault). Batch runs catch it
    at the boundary of each document, report it with the document's name and go on with
    the next, so one page can never stop a night's crawl::

        except Exception as e:  # the per-document boundary
            report(InternalError.wrap(path, e))
    """

    @classmethod
    def wrap(cls, source: object, error: BaseException) -> InternalError:
        """The error as a failure of ``source``, its traceback logged for the fix."""
        import logging

        logging.getLogger(__name__).error("internal error on %s", source, exc_info=error)
        return cls(str(source), f"internal error ({type(error).__name__}: {error})")


#: Characters that would break a message over lines or restyle a terminal: C0 and C1
#: controls (newline, ESC …), DEL, the Unicode line and paragraph separators and the
#: bidirectional overrides that reorder what a reader sees.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: object) -> str:
    """``text`` as one printable line: control characters escaped, nothing dropped, so a
    URL or a file name a server made up cannot start a line of its own in a log or a
    report (nor colour a terminal with ESC sequences).

    >>> one_line("https://a.gov.vn/tin\\nFAILED: 0\\x1b[2J")
    'https://a.gov.vn/tin\\\\nFAILED: 0\\\\x1b[2J'
    >>> one_line("Báo cáo quý I.pdf")
    'Báo cáo quý I.pdf'
    """
    def escape(m: re.Match[str]) -> str:
        c = m.group()
        return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")

    return _UNPRINTABLE.sub(escape, str(text))
