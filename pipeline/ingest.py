"""Ingest files and folders: process each file, then store it, one document at a time.

``ingest(["corpus/texts", "bao-cao.pdf"], db)`` walks folders (sorted, hidden files
skipped) and hands each file to ``pipeline.process`` (every format the converters support,
then ``extractors.extract``); what comes back is stored atomically (a savepoint of its
own, up to 32 documents or 0.1 s a transaction: ``Batch``). A file that
cannot be processed is reported with its reason and the others go on; an unchanged file
(same text, same extractor version) is not even extracted again. With ``jobs=2``
two worker processes convert and extract while this process stores what they give back
(``pipeline.process.many``): each document is still atomic, and a failure of one is
still that document's alone.

Several ingests may run at once into one database (two shells, Prefect batches, a manual
ingest during the nightly crawl): each transaction waits for the write lock
(``pipeline.store.locking``) and holds it 0.1 s at most, and a document that still
cannot be written is a failure of that document alone (``DatabaseBusy``: "still
locked after 300 s"), never of the run.

An orchestrator: it ties the process step to the store, so it may import both.
"""

from __future__ import annotations

import logging
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from sqlite_utils import Database

from pipeline.errors import CchcError, InternalError
from pipeline.process import Failure, Packed, Prepared, Result, Screen, Skipped
from pipeline.process.many import effective_jobs, process_many
from pipeline.store.db import open_readonly
from pipeline.store.locking import begin, database_name, unsaved, write_transaction
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
    except Exception as e:  # the per-document boundary, as in ``process``
        return failure_of(path, e)


def failure_of(path: Path, error: Exception) -> Failure:
    """The failure of the document from ``path`` whose write raised ``error``."""
    if isinstance(error, CchcError):
        return Failure(str(path), error.problem, type(error))
    err = InternalError.wrap(path, error)
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
    text, its fact rows); this thread alone writes them, each document atomic: in
    batches (``Batch``) when the workers are isolated processes, else one
    transaction a document. ``on_file`` hears of a document once it is committed.
    """
    report = IngestReport()

    def done(path: Path, kept: Outcome | Failure) -> None:
        if isinstance(kept, Failure):
            report.fail(kept)
            log.info("%s", kept)
        else:
            report.add(kept)
        if on_file:
            on_file(path, "failed" if isinstance(kept, Failure) else kept)

    name = database_name(db)
    if name == ":memory:":
        jobs = 1  # no other connection can see it
    results = process_many(expand(paths), jobs=jobs, screens=screens(db), pack=rows_of)
    from pipeline.process import isolate

    if name == ":memory:" or not isolate.enabled():
        # the screen may read ``db`` in this thread (``already_stored``): no thread ahead
        for path, result in results:
            done(path, result if isinstance(result, Failure)
                 else keep_or_fail(db, path, result))
        return report
    if effective_jobs(jobs) == 1:
        # one worker, its answers awaited in this thread: the batch is committed when
        # due while this thread waits for the next (``isolate.waiting``)
        with Batch(db, done) as batch, isolate.waiting(batch.due), closing(results):
            for path, result in results:
                batch.keep(path, result)
        return report
    with Ahead(results) as ahead, Batch(db, done) as batch:
        while (item := ahead.next(batch.time_left())) is not Ahead.END:
            if item is Ahead.WAITING:
                batch.commit()
            else:
                batch.keep(*item)
    return report


#: A batch is committed once it holds this many documents, or this many seconds after
#: it began (the write lock is held no longer, waiting for the workers included; a
#: progress bar moves as often).
BATCH_DOCUMENTS = 32
BATCH_SECONDS = 0.1


class Batch:
    """Documents written in one transaction, up to ``BATCH_DOCUMENTS`` or
    ``BATCH_SECONDS``.

    A document's commit is a third of what writing it costs (its pages, written again for
    every document) and a savepoint another (FTS5 writes its pending index at each, a
    segment a document, merged again and again): ~11 documents a transaction (0.1 s of
    ``cchc ingest --jobs 1``) without savepoints write ~0.45 ms of CPU a page less. Each
    document stays atomic: when one fails, the transaction is rolled back whole and the
    documents kept before it are written again, each in a savepoint of its own, then
    committed; the failure is that document's alone. A kill loses the open batch, never
    half a document (the kill test). What is reported stored (``done``) is committed:
    the outcomes are handed on at the commit, in order, a failure committing the batch
    before it is reported. The write lock is held ``BATCH_SECONDS`` at most, waiting
    for the workers included (``due``; ``Ahead`` with several jobs), so another writer
    (a second ingest, the crawler) waits no longer.
    """

    def __init__(self, db: Database, done: Callable[[Path, Outcome | Failure], None]) -> None:
        self.db = db
        self.done = done
        self.kept: list[tuple[Path, KeptResult, Outcome]] = []
        self.began: float | None = None
        #: Documents the open batch may hold: 1 until the first commit, so the run is
        #: seen to start (a progress bar moves after the first document, as before).
        self.size = 1

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None or issubclass(kind, Exception):
            self.commit()
        else:  # interrupted: what was kept is not reported, so not committed either
            self.rollback()

    def time_left(self) -> float | None:
        """Seconds until the open batch is due (None: no batch open)."""
        if self.began is None:
            return None
        return max(0.0, self.began + BATCH_SECONDS - time.monotonic())

    def due(self) -> float | None:
        """While the next document is awaited: commit the open batch if it is due; the
        seconds until it will be (None: no batch open)."""
        left = self.time_left()
        if left == 0:
            self.commit()
            return None
        return left

    def keep(self, path: Path, result: Result) -> None:
        """Store one processed document in the batch, or report its failure."""
        if isinstance(result, Failure):
            self.commit()
            self.done(path, result)
            return
        if not self.opened(path):
            return
        try:
            with unsaved(self.db):
                outcome = keep(self.db, result)
        except Exception as e:
            self.again()
            self.done(path, failure_of(path, e))
            return
        except BaseException:
            self.rollback()
            raise
        self.kept.append((path, result, outcome))
        if len(self.kept) >= self.size or self.time_left() == 0:
            self.commit()

    def opened(self, path: Path) -> bool:
        """Whether a batch is open for ``path``'s document, opening one (the write lock
        taken) if none is; when the lock never comes, the document fails alone with the
        reason ("database still locked by another writer after 300 s")."""
        if self.began is not None:
            return True
        try:
            begin(self.db)
        except CchcError as e:
            self.done(path, Failure(str(path), e.problem, type(e)))
            return False
        self.began = time.monotonic()
        return True

    def again(self) -> None:
        """Roll the batch back (a document failed in it) and write the documents kept
        before, each atomic on its own (``keep_or_fail``), then commit them."""
        kept = self.kept
        self.rollback()
        for path, result, _ in kept:
            self.keep_alone(path, result)
        self.commit()

    def keep_alone(self, path: Path, result: KeptResult) -> None:
        """``keep_or_fail`` in the batch: a savepoint of its own."""
        if not self.opened(path):
            return
        kept = keep_or_fail(self.db, path, result)
        if isinstance(kept, Failure) or not self.db.conn.in_transaction:
            self.commit()
            self.done(path, kept if isinstance(kept, Failure) else Failure(
                str(path), "not committed: the transaction was rolled back", InternalError))
            return
        self.kept.append((path, result, kept))

    def commit(self) -> None:
        """Commit the open batch and report its documents (a failed commit: each of
        them failed, with its reason)."""
        if self.began is None:
            return
        kept, self.kept, self.began, self.size = self.kept, [], None, BATCH_DOCUMENTS
        try:
            if self.db.conn.in_transaction:
                self.db.conn.execute("COMMIT")
            else:
                raise sqlite3.OperationalError("the transaction was rolled back")
        except Exception as e:
            if self.db.conn.in_transaction:
                self.db.conn.execute("ROLLBACK")
            problem = InternalError.wrap(database_name(self.db), e).problem
            for path, _, _ in kept:
                self.done(path, Failure(str(path), f"not committed: {problem}", InternalError))
            return
        for path, _, outcome in kept:
            self.done(path, outcome)

    def rollback(self) -> None:
        """End the open batch, undone; its documents are not reported."""
        self.kept, self.began = [], None
        if self.db.conn.in_transaction:
            self.db.conn.execute("ROLLBACK")


#: What a batch keeps to write again: a result that is not a failure.
KeptResult = Prepared | Skipped | Packed


class Ahead:
    """``process_many``'s results taken in a thread of their own, so that the writer can
    wait for the next one a given time (``next(timeout)``) and commit meanwhile: with
    several jobs, whose results ``process_many`` awaits in a queue of its threads (one
    job's answer is awaited in the writer's thread, which commits meanwhile: ``Batch.due``).

    Used only where processing touches no connection of the writer's thread (isolated
    workers, a database file: the "already stored?" screen opens its own). At most
    ``QUEUE`` results wait; on leaving, the thread stops after the document it waits
    for and closes ``process_many`` (its workers let go, as when a loop breaks)."""

    END = object()
    WAITING = object()
    QUEUE = 8

    def __init__(self, results: Iterator[tuple[Path, Result]]) -> None:
        self.results = results
        self.queue: queue.Queue[object] = queue.Queue(self.QUEUE)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.pump, name="ingest-ahead", daemon=True)

    def __enter__(self) -> Ahead:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()

    def pump(self) -> None:
        try:
            for item in self.results:
                if not self.put(item):
                    break
        except BaseException as e:  # handed to the writer's thread, raised there
            self.put(_Raised(e))
        finally:
            if self.stop.is_set():
                self.results.close()  # type: ignore[attr-defined]
            self.put(self.END)

    def put(self, item: object) -> bool:
        while not self.stop.is_set():
            try:
                self.queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                pass
        return False

    def next(self, timeout: float | None) -> object:
        """The next ``(path, result)``, ``END``, or ``WAITING`` when ``timeout`` seconds
        passed without one."""
        try:
            item = self.queue.get(timeout=timeout)
        except queue.Empty:
            return self.WAITING
        if isinstance(item, _Raised):
            raise item.error
        return item


@dataclass(frozen=True)
class _Raised:
    error: BaseException
