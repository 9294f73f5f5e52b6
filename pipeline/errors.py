"""Typed errors for broken input: each names the file (or URL) and the problem.

Expected outcomes (nothing found, a page unchanged) are return values, never errors.
Broken input raises one of these, and the CLI prints ``str(error)``, one line:

>>> str(EmptyFile("corpus/a.pdf", "the file has no bytes"))
'corpus/a.pdf: the file has no bytes'
"""

from __future__ import annotations


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
