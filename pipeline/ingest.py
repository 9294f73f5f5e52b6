"""Ingest files and folders: process each file, then store it, one document at a time.

``ingest(["corpus/texts", "bao-cao.pdf"], db)`` walks folders (sorted, hidden files
skipped) and hands each file to ``pipeline.process`` (every format the converters support,
then ``extractors.extract``); what comes back is stored in one transaction. A file that
cannot be processed is reported with its reason and the others go on; an unchanged file
(same text, same extractor version) is not even extracted again. With ``jobs=2``
two worker processes convert and extract while this process stores what they give back
(``pipeline.process.many``): each document is still one transaction, and a failure of
one is still that document's alone.

Several ingests may run at once into one database (two shells, Prefect batches, a manual
ingest during the nightly crawl): each document's transaction waits for the write lock
(``pipeline.store.locking``), and a document that still cannot be written is a failure
of that document alone (``DatabaseBusy``: "still locked after 300 s"), never of the run.

An orchestrator: it ties the process step to the store, so it may import both.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from sqlite_utils import Database

from pipeline.errors import CchcError, InternalError
from pipeline.process import Failure, Packed, Prepared, Screen, Skipped
from pipeline.process.many import process_many
from pipeline.store.db import open_readonly
from pipeline.store.locking import database_name, write_transaction
from pipeline.store.records import (
    DocumentRows,
    Outcome,
    add_source,
    rows_of,
    store,
    store_rows,
    stored_version,
)
from schemas import Document

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    """What an ingest did: counts by outcome and every failure with its reason."""

    outcomes: dict[str, int] = field(
        default_factory=lambda: {"stored": 0, "reextracted": 0, "unchanged": 0})
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add(self, outcome: Outcome) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def fail(self, failure: Failure) -> None:
        self.failures.append((failure.source, failure.problem))

    def merge(self, other: IngestReport) -> None:
        """Add ``other``'s counts and failures (the Prefect flow's batches)."""
        for outcome, n in other.outcomes.items():
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + n
        self.failures.extend(other.failures)


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Every file under ``paths``: files as given, folders walked in sorted order.

    Whatever in a folder is not a folder is handed on, regular or not: a named pipe, a
    device or a dangling link is then reported as a failure by name ("is a named pipe
    (FIFO), not a regular file"), never skipped without a word.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path).parts
                if not child.is_dir() and not any(part.startswith(".") for part in rel):
                    yield child
        else:
            yield path


def already_stored(db: Database) -> Callable[[Document], str | None]:
    """A screen for ``process``: "unchanged" when this text is stored and was read by the
    current extractor version, so it is not extracted again."""
    from extractors import EXTRACTOR_VERSION

    def screen(doc: Document) -> str | None:
        return "unchanged" if stored_version(db, doc.sha256) == EXTRACTOR_VERSION else None

    return screen


@dataclass(frozen=True)
class StoredScreen:
    """``already_stored`` of the database file at ``path``, made to run in the worker
    process (``in_worker``): it pickles (a path and a version). A document is then
    converted, screened and extracted in one task, without travelling back here in
    between; in WAL mode the worker reads the last commit while this process goes on
    writing.

    The worker keeps its read-only connection from one document to the next (opening
    one reads the whole schema: ~0.5 ms a document), but not across runs: it is opened
    afresh when the file at ``path`` is another (a database deleted and made again at
    the same path: the kept connection holds the old file open, so the new one has
    another inode), and closed when the worker waits for work (``worker.on_idle``), so
    that a worker outliving its run holds no file open and the last writer still folds
    the WAL back into the database when it closes."""

    path: str
    version: str
    in_worker: ClassVar[bool] = True

    def __call__(self, doc: Document) -> str | None:
        db = _reader(self.path)
        return "unchanged" if stored_version(db, doc.sha256) == self.version else None


#: The read-only connections a worker keeps for ``StoredScreen``: path → (the file's
#: device and inode when opened, the connection).
_READERS: dict[str, tuple[tuple[int, int], Database]] = {}


def _reader(path: str) -> Database:
    """A read-only connection to the database file at ``path``, kept for the next
    document while the file stays the same one (see ``StoredScreen``)."""
    from pipeline.process import worker

    stat = os.stat(path)
    identity = (stat.st_dev, stat.st_ino)
    kept = _READERS.get(path)
    if kept is not None and kept[0] == identity:
        return kept[1]
    if kept is not None:
        kept[1].close()
    db = open_readonly(path)
    _READERS[path] = (identity, db)
    worker.on_idle(release_readers)
    return db


def release_readers() -> None:
    """Close every connection ``StoredScreen`` kept (a worker waiting for work)."""
    while _READERS:
        _, (_, db) = _READERS.popitem()
        db.close()


def screens(db: Database) -> Callable[[], Screen]:
    """The "already stored?" screen for each thread that processes (``process_many``):
    run in the worker processes when they are isolated (``StoredScreen``), else on
    ``db`` in this thread (one job, ``CCHC_ISOLATE=0``, a database in memory)."""
    from extractors import EXTRACTOR_VERSION
    from pipeline.process import isolate

    name = database_name(db)

    def make() -> Screen:
        if isolate.enabled() and name != ":memory:":
            return StoredScreen(name, EXTRACTOR_VERSION)
        return already_stored(db)

    return make


def keep(db: Database, result: Prepared | Skipped | Packed) -> Outcome:
    """Store a processed document; an unchanged one only gains its source (the path).
    A ``Packed`` one holds the rows the worker made (``rows_of``): only SQL is left."""
    if isinstance(result, Skipped):
        with write_transaction(db):
            add_source(db, result.document)
        return "unchanged"
    if isinstance(result, Packed):
        rows = result.value
        if not isinstance(rows, DocumentRows):
            raise TypeError(f"packed {type(rows).__name__}, not DocumentRows")
        return store_rows(db, rows)
    return store(db, result.document, result.extraction)


def keep_or_fail(db: Database, path: Path,
                 result: Prepared | Skipped | Packed) -> Outcome | Failure:
    """``keep``, with the per-document boundary: a document that cannot be written (the
    lock never came, a bug) is that document's failure, its transaction rolled back, and
    the next one goes on."""
    try:
        return keep(db, result)
    except CchcError as e:
        return Failure(str(path), e.problem, type(e))
    except Exception as e:  # the per-document boundary, as in ``process``
        err = InternalError.wrap(path, e)
        return Failure(err.source, err.problem, InternalError)


def ingest(
    paths: Iterable[str | Path],
    db: Database,
    on_file: Callable[[Path, str], None] | None = None,
    *,
    jobs: int | None = 1,
) -> IngestReport:
    """Ingest every file under ``paths``; ``on_file(path, outcome_or_error)`` after each.

    ``jobs`` worker processes convert and extract side by side (None: one a core,
    ``process_many``) and make the rows of each document (``rows_of``: its folded
    text, its fact rows); this thread alone writes them, one transaction a document.
    """
    report = IngestReport()
    if database_name(db) == ":memory:":
        jobs = 1  # no other connection can see it
    results = process_many(expand(paths), jobs=jobs, screens=screens(db), pack=rows_of)
    for path, result in results:
        kept = result if isinstance(result, Failure) else keep_or_fail(db, path, result)
        if isinstance(kept, Failure):
            report.fail(kept)
            log.info("%s", kept)
            outcome = "failed"
        else:
            outcome = kept
            report.add(outcome)
        if on_file:
            on_file(path, outcome)
    return report
