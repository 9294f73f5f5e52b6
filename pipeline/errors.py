r"""Typed errors for broken input: each names the file (or URL) and the problem.

Expected outcomes (nothing found, a page unchanged) are return values, never errors.
Broken input raises one of these, and the CLI prints ``str(error)``, one line:

>>> str(EmptyFile("corpus/a.pdf", "the file has no bytes"))
'corpus/a.pdf: the file has no bytes'

One line even when a name is hostile: a file called "bao-cao\n.pdf" or one whose name
carries a terminal escape ("\x1b[31m") would split the line or recolour the terminal, so
control characters are written as escapes (``safe_text``):

>>> str(EmptyFile("bao\ncao\x1b[31m.pdf", "the file has no bytes"))
'bao\\ncao\\x1b[31m.pdf: the file has no bytes'
"""

from __future__ import annotations

import unicodedata

# Characters a terminal acts on or that break a line: C0 and C1 controls and DEL (Cc),
# the Unicode line and paragraph separators, and the bidirectional overrides that make
# "fdp.exe" read as "exe.pdf".
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    r"""``text`` with every control character written as an escape, so it prints as one
    harmless line; other text, Vietnamese letters included, is left alone. Backslashes are
    not doubled, so escaping twice changes nothing.

    >>> safe_text("Báo cáo\nquý I\x1b[2J.pdf")
    'Báo cáo\\nquý I\\x1b[2J.pdf'
    """
    if text.isprintable():
        return text
    return "".join(
        _escape(ch) if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") or ch in _BIDI
        else ch for ch in text)


class CchcError(Exception):
    """Base of every error cchc raises about its input.

    ``source`` is kept as given (it identifies the document: a path, a URL); the message
    and ``problem`` are escaped with ``safe_text``, since a problem may quote a name too
    (a zip member, a tag).
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = str(source)
        self.problem = safe_text(str(problem))
        super().__init__(f"{safe_text(self.source)}: {self.problem}")


class UnreadableFile(CchcError):
    """The file cannot be opened or read (missing, a directory, no permission)."""


class NotRegularFile(UnreadableFile):
    """A named pipe, device or socket: reading one may block forever or never end, so it
    is refused by its type before it is opened for reading."""


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


class OverTimeLimit(UnsafeFile):
    """Converting and extracting the document took longer than ``CCHC_MAX_SECONDS``; its
    worker process was stopped."""


class OverMemoryLimit(UnsafeFile):
    """The document needed more memory than ``CCHC_MAX_MEMORY``."""


class WorkerCrashed(CchcError):
    """The process converting the document died (a crash in a C library, or memory
    exhausted where Python could not see it)."""


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


def one_line(text: object) -> str:
    """``text`` as one printable line (``safe_text`` of its string): a URL or a file name
    a server made up cannot start a line of its own in a log or a report, nor colour a
    terminal with ESC sequences.

    >>> one_line("https://a.gov.vn/tin\\nFAILED: 0\\x1b[2J")
    'https://a.gov.vn/tin\\\\nFAILED: 0\\\\x1b[2J'
    >>> one_line("Báo cáo quý I.pdf")
    'Báo cáo quý I.pdf'
    """
    return safe_text(str(text))
