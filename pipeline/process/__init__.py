"""One document, converted and extracted: the only place a document's failure is caught.

Every batch (``cchc extract``, ``cchc ingest``, ``cchc reextract``, the crawler, the
Prefect flows) hands its documents, one at a time, to ``process``. Broken input comes back
as a ``Failure`` naming the document and the problem; so does a bug met on it (an
``InternalError``), so one bad document never stops a batch::

    >>> [type(process(p)).__name__ for p in ["ke-hoach.txt", "hong.pdf"]]  # doctest: +SKIP
    ['Prepared', 'Failure']

A source is a path, bytes a crawler fetched (``Fetched``: the page's URL and what the site
said about it), or a ``Document`` already converted (re-extraction of stored text). An
optional ``screen`` looks at the converted document before extraction and may stop there
with a reason: a text already stored by this extractor version ("unchanged"), a page off
the site's topics ("off topic"). That is a ``Skipped``, an expected outcome, not a failure.

Each document is converted and extracted in a worker process held to a wall time and a
memory limit (``isolate`` and ``worker``), so a file that would run for an hour or
allocate gigabytes is one ``Failure`` ("bomb.docx: took more than 120 s
(CCHC_MAX_SECONDS)"), not the end of a night's crawl. ``many.process_many`` runs it on
several such workers at once (``--jobs``), results back in order.
"""

from __future__ import annotations

import resource
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, overload

from pipeline.convert import convert_bytes, convert_path, manifest
from pipeline.convert.safety import MAX_MEMORY, amount
from pipeline.errors import CchcError, InternalError, OverMemoryLimit, safe_text
from schemas import Document, Extraction

T = TypeVar("T")


@dataclass(frozen=True)
class Fetched:
    """Bytes fetched from ``url``, with what the site said about them.

    ``defaults`` fill metadata the conversion did not find (the listing's title "Kết quả
    giải quyết TTHC quý I/2024", its date); ``metadata`` is always recorded (an attached
    file's name and the page it hangs from). ``site`` is the registry id.
    """

    body: bytes
    url: str
    site: str | None = None
    defaults: Mapping[str, str] = field(default_factory=dict)
    metadata: Mapping[str, str] = field(default_factory=dict)


Source = str | Path | Fetched | Document
#: A look at the converted document: a reason to stop before extraction, or None. It
#: runs in the calling process, unless it has ``in_worker = True`` (and pickles): then
#: in the worker, between its conversion and its extraction (see ``isolate.process``).
Screen = Callable[[Document], str | None]
#: What the caller makes of a prepared document, done where it was extracted (in the
#: worker: it must pickle) so that only its result travels back: ``ingest`` packs the
#: rows the store writes (the folded text, the fact rows), and its one writer only runs
#: SQL. A ``pack`` that raises is that document's ``Failure``.
Pack = Callable[[Document, Extraction], object]


@dataclass(frozen=True)
class Prepared:
    """A converted document and what was extracted from it."""

    document: Document
    extraction: Extraction


@dataclass(frozen=True)
class Skipped:
    """A converted document the screen stopped before extraction, and why."""

    document: Document
    reason: str


@dataclass(frozen=True)
class Packed:
    """A prepared document as the caller's ``pack`` made it (``ingest``: its rows); the
    document and its extraction stayed in the worker."""

    value: object


@dataclass(frozen=True)
class Failure:
    """A document that could not be processed: its name, the problem, and the kind of
    error. The kind is kept as a class, not an exception object, so a Failure pickles to
    a Dask worker and back; ``error()`` rebuilds the exception for callers that raise.
    """

    source: str
    problem: str
    kind: type[CchcError] = CchcError

    def error(self) -> CchcError:
        """The typed error this failure stands for (``EmptyFile``, ``ErrorPage`` …)."""
        return self.kind(self.source, self.problem)

    def __str__(self) -> str:
        """One line, however the source is named (see ``safe_text``)."""
        return f"{safe_text(self.source)}: {safe_text(self.problem)}"


Result = Prepared | Skipped | Failure | Packed


@overload
def process(source: Source, *, screen: None = None, with_people: bool = True,
            pack: None = None) -> Prepared | Failure: ...
@overload
def process(source: Source, *, screen: Screen | None = None, with_people: bool = True,
            pack: Pack | None = None) -> Result: ...


def process(source: Source, *, screen: Screen | None = None,
            with_people: bool = True, pack: Pack | None = None) -> Result:
    """Convert ``source`` (unless it is a ``Document``), screen it, extract it.

    Never raises for one document's sake: a ``CchcError`` becomes a ``Failure`` with its
    own words ("hong.pdf: the file has no bytes"), any other exception a ``Failure`` of
    kind ``InternalError`` whose traceback is logged.

    Conversion and extraction run in a worker process held to ``CCHC_MAX_SECONDS`` and
    ``CCHC_MAX_MEMORY`` (``isolate``; a breach is an ``OverTimeLimit`` or
    ``OverMemoryLimit`` failure naming the limit); the screen runs here, where the
    caller's database is. ``CCHC_ISOLATE=0`` does it all in this process, unlimited.
    With ``pack``, a prepared document comes back ``Packed`` (see ``Pack``).
    """
    from pipeline.process import isolate

    if isolate.enabled():
        return isolate.process(source, screen=screen, with_people=with_people, pack=pack)
    return process_here(source, screen=screen, with_people=with_people, pack=pack)


def convert_only(source: Source) -> Document | Failure:
    """The conversion alone (``cchc convert``), under the same limits as ``process``."""
    from pipeline.process import isolate

    if isolate.enabled():
        return isolate.convert(source)
    return convert_here(source)


def process_here(source: Source, *, screen: Screen | None = None,
                 with_people: bool = True, pack: Pack | None = None) -> Result:
    """``process`` in this process, with no time or memory limit of its own: the body
    of a worker's task, and the whole of ``process`` when ``CCHC_ISOLATE=0``."""
    document = convert_here(source)
    if isinstance(document, Failure):
        return document
    reason = guarded(name_of(source), lambda: screen(document)) if screen else None
    if isinstance(reason, Failure):
        return reason
    if reason:
        return Skipped(document, reason)
    return packed(extract_here(document, with_people, name_of(source)), pack,
                  name_of(source))


def packed(result: Prepared | Failure, pack: Pack | None, name: str) -> Result:
    """``result`` as ``pack`` makes it, its errors a ``Failure`` of ``name``."""
    if pack is None or isinstance(result, Failure):
        return result
    value = guarded(name, lambda: pack(result.document, result.extraction))
    return value if isinstance(value, Failure) else Packed(value)


def convert_here(source: Source) -> Document | Failure:
    """``convert``, its errors as a ``Failure``."""
    return guarded(name_of(source), lambda: convert(source))


def extract_here(document: Document, with_people: bool, name: str) -> Prepared | Failure:
    """The extraction of a converted document, its errors as a ``Failure`` of ``name``."""
    extraction = extraction_of(document, with_people, name)
    return extraction if isinstance(extraction, Failure) else Prepared(document, extraction)


def extraction_of(document: Document, with_people: bool, name: str) -> Extraction | Failure:
    """``extractors.extract``, its errors as a ``Failure`` of ``name``."""
    from extractors import extract

    return guarded(name, lambda: extract(document, with_people=with_people))


def guarded(name: str, step: Callable[[], T]) -> T | Failure:
    """``step()``, or the ``Failure`` of ``name`` it ran into: the per-document boundary,
    where a bug never stops a batch."""
    try:
        return step()
    except CchcError as e:
        return Failure(e.source, e.problem, type(e))
    except MemoryError:
        return Failure(name, memory_problem(), OverMemoryLimit)
    except Exception as e:  # the per-document boundary: a bug here never stops a batch
        err = InternalError.wrap(name, e)
        return Failure(err.source, err.problem, InternalError)


def memory_problem() -> str:
    """What running out of memory means here: over the worker's ``CCHC_MAX_MEMORY``
    (the address-space limit in force), or the machine's own memory."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY:
        return "ran out of memory"
    return f"needed more than {amount(soft, 'bytes')} of memory ({MAX_MEMORY.env})"


def convert(source: Source) -> Document:
    """The ``Document`` of a source; raises ``CchcError`` for broken input."""
    if isinstance(source, Document):
        return source
    if isinstance(source, Fetched):
        return with_hints(convert_bytes(source.body, source.url), source)
    return manifest.annotate(convert_path(source), source)


def with_hints(doc: Document, fetched: Fetched) -> Document:
    """``doc`` with the site's id and what the site said about it (see ``Fetched``)."""
    meta = dict(doc.metadata)
    for key, value in fetched.defaults.items():
        if value and not meta.get(key):
            meta[key] = value
    meta.update(fetched.metadata)
    return doc.model_copy(update={"site": fetched.site, "metadata": meta})


def name_of(source: Source) -> str:
    """What a source is called in a failure: its path, URL or the document's source."""
    if isinstance(source, Fetched):
        return source.url
    if isinstance(source, Document):
        return source.source
    return str(source)
