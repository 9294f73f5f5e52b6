"""Many documents at once: ``process`` on several worker processes, results in order.

``cchc ingest``, ``extract`` and ``reextract --jobs N`` hand their documents here. Each of
``jobs`` threads of this process takes the next document and runs it in that thread's
own worker process (``isolate``, held to ``CCHC_MAX_SECONDS`` and ``CCHC_MAX_MEMORY`` as
always), so conversion and extraction run on ``jobs`` cores while the threads here only
wait on their sockets. A thread hands its worker the next document while the worker
still runs one (``isolate.Stream``), so that a worker never waits for its thread to be
scheduled between two documents. The results come back to the caller's thread in the order of the
sources, so whoever stores them is the one writer the database has, one document and
one transaction at a time, as with one job::

    >>> for path, result in process_many(paths, jobs=2):  # doctest: +SKIP
    ...     store(db, result.document, result.extraction)

At most ``window`` documents are in flight or waiting to be taken, so memory stays flat
over a hundred thousand files; a slow one (a scanned PDF under OCR) holds back the
results behind it, not the workers, until the window is full. Pages are that uneven
even without OCR: of 300 bulk web pages the slowest takes ~370 ms, forty times the
mean, and while it runs the other worker gets through its share of the window and then
waits. So the window is ``WINDOW_PER_JOB`` (32) documents a job: at four a job the
workers of ``--jobs 2`` spent ~17 % of their time waiting for work, at 32 ~3 %.
Waiting results are a document's rows or facts, tens of kilobytes each.

The ``screen`` runs in the thread that processes the document, between conversion and
extraction, so ``screens`` makes one per thread (a screen that reads the database needs
a connection of that thread's own). With one job everything runs in the calling thread,
its one worker a document ahead (``_streamed``); with ``CCHC_ISOLATE=0`` (nothing
isolated: threads would only take turns at the interpreter), one document after another.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from pipeline.errors import InternalError
from pipeline.process import Failure, Pack, Result, Screen, Source, name_of, process
from pipeline.process.isolate import Stream

S = TypeVar("S", bound=Source)
#: Documents a job that may be in flight or waiting to be taken (see the docstring).
WINDOW_PER_JOB = 32
#: Makes the screen of one thread (called once in each thread that processes).
Screens = Callable[[], Screen | None]
_END = object()


def default_jobs() -> int:
    """The cores this process may use: one worker process each."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def effective_jobs(jobs: int | None) -> int:
    """``jobs`` (``default_jobs()`` when None), or 1 when nothing is isolated."""
    from pipeline.process import isolate

    if not isolate.enabled():
        return 1
    return max(1, default_jobs() if jobs is None else jobs)


def process_many(sources: Iterable[S], *, jobs: int | None = None,
                 screens: Screens | None = None, with_people: bool = True,
                 window: int | None = None, pack: Pack | None = None,
                 ) -> Iterator[tuple[S, Result]]:
    """``(source, process(source))`` for every source, in order, on ``jobs`` workers.

    ``sources`` is read in the calling thread (a generator over the caller's database
    is safe), never more than ``window`` (default ``WINDOW_PER_JOB`` a job) ahead of what
    was yielded. Closing the iterator early lets the threads go after their document.
    ``pack`` is handed to ``process``: what a worker makes of each prepared document.
    """
    from pipeline.process import isolate

    jobs = effective_jobs(jobs)
    if jobs == 1:
        screen = screens() if screens else None
        if isolate.enabled():
            yield from _streamed(iter(sources), Stream(screen, with_people, pack))
            return
        for source in sources:
            yield source, process(source, screen=screen, with_people=with_people, pack=pack)
        return
    window = window or WINDOW_PER_JOB * jobs
    yield from _threaded(iter(sources), jobs, screens, with_people, window, pack)


def _streamed(sources: Iterator[S], stream: Stream) -> Iterator[tuple[S, Result]]:
    """One job in the calling thread, on one ``Stream``: the worker gets the next
    document before the caller takes the result of the one it ran, so it converts and
    extracts that one while the caller stores, instead of waiting for it (and being
    woken: ~0.1 ms of CPU a document on both sides, measured). A document that is not
    one task in the worker goes through ``process`` once the worker answered the rest."""
    try:
        for source in sources:
            if not stream.pipelined(source):
                while stream.pending:
                    yield stream.receive()
                yield source, process(source, screen=stream.screen,
                                      with_people=stream.with_people, pack=stream.pack)
                continue
            stream.send(source, source)
            if stream.pending > 1:
                yield stream.receive()
        while stream.pending:
            yield stream.receive()
    finally:
        stream.close()


def _threaded(sources: Iterator[S], jobs: int, screens: Screens | None, with_people: bool,
              window: int, pack: Pack | None) -> Iterator[tuple[S, Result]]:
    tasks: queue.Queue[tuple[int, S] | None] = queue.Queue()
    done: queue.Queue[tuple[int, Result]] = queue.Queue()

    def work() -> None:
        """Take documents and put their results; each thread's worker gets its next
        document while it runs one (``isolate.Stream``), a document that is not one
        task in the worker (a stored ``Document``, a screen of this process) goes
        through ``process`` once the worker has answered every other."""
        stream: Stream | None = None
        ended = False
        while not ended or (stream is not None and stream.pending):
            task = None
            try:
                if not ended and (stream is None or stream.pending < 2):
                    try:  # a worker with a document to run gets one more, if one waits
                        task = tasks.get(block=stream is None or not stream.pending)
                    except queue.Empty:
                        pass
                    else:
                        ended = task is None
                if task is not None:
                    index, source = task
                    if stream is None:
                        stream = Stream(screens() if screens else None, with_people, pack)
                    if stream.pipelined(source):
                        stream.send(index, source)
                        continue
                    while stream.pending:
                        done.put(stream.receive())
                    result = process(source, screen=stream.screen, with_people=with_people,
                                     pack=pack)
                    task = None
                    done.put((index, result))
                elif stream is not None and stream.pending:
                    done.put(stream.receive())
            except BaseException as e:  # never leave the writer waiting: these failed
                lost = [task] if task is not None and (
                    stream is None or task not in stream.sent) else []
                if stream is not None:
                    lost.extend(stream.abandon())
                for index, source in lost:
                    err = InternalError.wrap(name_of(source), e)
                    done.put((index, Failure(err.source, err.problem, InternalError)))
        if stream is not None:
            stream.close()

    # Daemon threads: an interrupted run exits at once; each worker process notices its
    # parent is gone and stops with whatever it was doing (``worker.watch_parent``).
    threads = [threading.Thread(target=work, name=f"process-{i}", daemon=True)
               for i in range(jobs)]
    for thread in threads:
        thread.start()
    held: dict[int, S] = {}
    finished: dict[int, Result] = {}
    sent = taken = 0
    exhausted = False
    try:
        while True:
            while not exhausted and sent - taken < window:
                source = next(sources, _END)
                if source is _END:
                    exhausted = True
                    break
                held[sent] = source  # type: ignore[assignment]
                tasks.put((sent, source))
                sent += 1
            if taken == sent:
                return
            while taken not in finished:
                index, result = done.get()
                finished[index] = result
            yield held.pop(taken), finished.pop(taken)
            taken += 1
    finally:
        while True:  # what was not started is not wanted
            try:
                tasks.get_nowait()
            except queue.Empty:
                break
        for _ in threads:
            tasks.put(None)


__all__ = ["default_jobs", "effective_jobs", "process_many"]
