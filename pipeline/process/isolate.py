"""Each document in a worker process, held to a wall time and a memory limit.

A file can make a converter run for an hour or allocate gigabytes (a zip bomb the
format checks did not foresee, a pathological PDF, a regex meeting a 1 MB line), and
neither can be stopped from inside: a Python thread cannot be killed, and pdfium or lxml
allocate outside Python. So conversion and extraction run in a separate process:

- a worker is a long-lived process that has imported the pipeline and loaded
  underthesea, and takes documents one at a time over a socket pair: a path, fetched
  bytes or a ``Document`` in, a ``Prepared``, ``Document`` or ``Failure`` out (pickled).
  It is forked from the pool's fork server (``forkserver``), which loaded all that once
  (~1 s of CPU) for every worker of the run, replacements included; where there can be
  none, each worker is a ``python -m pipeline.process.worker`` that loads it itself;
- for each document the worker sets its address space limit (``RLIMIT_AS``) to
  ``CCHC_MAX_MEMORY``, so an allocation past it fails as a ``MemoryError`` (reported as
  ``OverMemoryLimit``) instead of taking the machine; the programs it runs (tesseract,
  antiword) inherit the limit;
- the parent waits at most ``CCHC_MAX_SECONDS`` (plus ``CCHC_OCR_SECONDS`` for each
  page the worker says it sends to OCR) and then kills the worker's process group, its
  tesseract too, and reports ``OverTimeLimit``: "bomb.docx: took more than 120 s
  (CCHC_MAX_SECONDS)";
- a worker that was killed, crashed, ran out of memory or grew past half the limit is
  replaced for the next document; each thread that calls gets a worker of its own (the
  Prefect flows run batches on threads), and idle workers wait in a pool until the
  parent exits.

The ``CCHC_*`` settings travel with each document, so a change of the parent's
environment (a test's, a CLI option's) holds in the worker too. ``CCHC_ISOLATE=0`` turns
all of this off: everything runs in the calling process with no time or memory limit
(for a debugger, or a test that patches the code).
"""

from __future__ import annotations

import atexit
import collections
import contextlib
import logging
import math
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline.convert.safety import MAX_SECONDS, OCR_SECONDS
from pipeline.errors import CchcError, InternalError, OverTimeLimit, WorkerCrashed
from pipeline.process import (
    Failure,
    Pack,
    Prepared,
    Result,
    Screen,
    Skipped,
    Source,
    forkserver,
    guarded,
    name_of,
    packed,
)
from schemas import Document

log = logging.getLogger(__name__)

#: How long a new worker may take to import the pipeline and load its models.
STARTUP_SECONDS = 120
#: The root that holds ``pipeline``, ``extractors`` and ``schemas``, for the worker.
ROOT = Path(__file__).resolve().parent.parent.parent


def enabled() -> bool:
    """False when ``CCHC_ISOLATE`` is 0/no/off/false: everything in this process."""
    return os.environ.get("CCHC_ISOLATE", "1").strip().lower() not in ("0", "no", "off",
                                                                       "false")


def settings() -> dict[str, str]:
    """The ``CCHC_*`` environment, sent with each task so the worker uses the same
    (only the values of those names are decoded: a third of the CPU of decoding all)."""
    return {k: os.environ[k] for k in os.environ if k.startswith("CCHC_")}


@dataclass
class Budget:
    """The wall time a document may take: ``CCHC_MAX_SECONDS`` and what OCR added."""

    base: float = field(default_factory=MAX_SECONDS.value)
    extra: float = 0.0
    start: float = field(default_factory=time.monotonic)

    @property
    def deadline(self) -> float:
        return self.start + self.base + self.extra

    def problem(self) -> str:
        """The breach in words, naming the settings to raise."""
        if not self.extra:
            return f"took more than {self.base:.0f} s ({MAX_SECONDS.env})"
        return (f"took more than {self.base + self.extra:.0f} s ({MAX_SECONDS.env} "
                f"{self.base:.0f} s, plus {self.extra:.0f} s for pages sent to OCR, "
                f"{OCR_SECONDS.env})")


def worker_env() -> dict[str, str]:
    """A worker's environment: this one, with our root on the path, few malloc arenas,
    and no isolation of its own."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        "MALLOC_ARENA_MAX": "2", "CCHC_ISOLATE": "0"}


#: What the calling thread does while it waits for a worker's answer (``waiting``).
_WAITING: ContextVar[Callable[[], float | None] | None] = ContextVar("cchc_waiting",
                                                                    default=None)


@contextlib.contextmanager
def waiting(idle: Callable[[], float | None]) -> Iterator[None]:
    """While this thread waits for a worker's answer, ``idle()`` runs first and then
    again each time the seconds it returned have passed (None: not again until the
    answer). ``ingest`` with one job commits its batch there when the batch is due, in
    the thread that writes, instead of taking the answers in a thread of its own and
    handing each over (~0.1 ms of the writer's CPU a document)."""
    token = _WAITING.set(idle)
    try:
        yield
    except _IdleFailed as e:
        raise e.error from None
    finally:
        _WAITING.reset(token)


class _IdleFailed(BaseException):
    """The ``waiting`` hook's error, carried through the wait as an interruption (not
    as a failure of the document awaited) and raised again where the hook was set."""

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


class Worker:
    """One worker process and the socket to it: forked by the pool's fork server
    (``forkserver``) where there is one, else started on its own. ``warm``: it will
    extract, so the server first runs a page (``forkserver.warm``), which a worker for
    ``cchc convert`` alone would not need. ``modules``: what its tasks will need
    imported (``Stream.modules``), imported by the server before it forks."""

    def __init__(self, warm: bool = True, modules: tuple[str, ...] = ()) -> None:
        ours, theirs = socket.socketpair()
        env = worker_env()
        server = POOL.server(env)
        with theirs:
            proc: subprocess.Popen | forkserver.Forked | None = None
            if server is not None:
                try:
                    proc = server.fork(theirs, env, STARTUP_SECONDS, warm=warm,
                                       modules=modules)
                except (OSError, RuntimeError) as e:  # the server died: one on its own
                    log.warning("the fork server did not start a worker (%s)", e)
            if proc is None:
                level = logging.getLogger().getEffectiveLevel()
                proc = subprocess.Popen(
                    [sys.executable, "-m", "pipeline.process.worker", str(theirs.fileno()),
                     str(level)], pass_fds=(theirs.fileno(),), env=env, cwd=os.getcwd(),
                    stdin=subprocess.DEVNULL, stdout=2, start_new_session=True)
        self.proc = proc
        self.conn = Connection(ours.detach())
        #: Readiness of ``conn``, kept for every answer: ``Connection.poll`` builds a
        #: selector each call (~0.03 ms of CPU a document, measured).
        self.ready = select.poll()
        self.ready.register(self.conn.fileno(), select.POLLIN)
        self.retire = False
        #: What the worker said of its last task: peak RSS (bytes), seconds.
        self.last: dict[str, Any] = {}
        if not self.conn.poll(STARTUP_SECONDS):
            self.kill()
            raise RuntimeError(f"the worker did not start in {STARTUP_SECONDS} s")
        try:
            self.conn.recv()
        except EOFError as e:
            self.conn.close()
            raise RuntimeError(f"the worker exited at start ({self.proc.wait()})") from e

    def alive(self) -> bool:
        return self.proc.poll() is None and not self.retire

    def call(self, kind: str, args: tuple, name: str, budget: Budget) -> Any:
        """Run one task; its result, or the ``Failure`` of a breach or a crash."""
        self.send(kind, args)
        return self.answer(name, budget)

    def send(self, kind: str, args: tuple) -> None:
        """Hand the worker a task; it starts it once it has answered those before."""
        self.conn.send(("task", kind, args, settings()))

    def answer(self, name: str, budget: Budget) -> Any:
        """The result of the oldest task not yet answered (``name``), waited for until
        ``budget`` runs out; or the ``Failure`` of a breach or a crash (the worker is
        then killed, and whatever was sent after it never ran)."""
        self.last = {}
        while True:
            remaining = budget.deadline - time.monotonic()
            if remaining <= 0 or not self.answered(remaining):
                self.kill()
                return Failure(name, budget.problem(), OverTimeLimit)
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                why = self.death()
                self.kill()  # what it started (a tesseract) goes with it
                return Failure(name, why, WorkerCrashed)
            if message[0] == "more_time":
                budget.extra += message[1]
                continue
            _, result, self.last = message
            self.retire = self.retire or self.last.get("recycle", False)
            return result

    def answered(self, seconds: float) -> bool:
        """Whether an answer came within ``seconds``; meanwhile the thread's ``waiting``
        hook runs when its time comes."""
        idle = _WAITING.get()
        end = time.monotonic() + seconds
        while idle is not None:
            try:
                wait = idle()
            except Exception as e:
                raise _IdleFailed(e) from e
            left = end - time.monotonic()
            if wait is None or wait >= left:
                break
            if self.ready.poll(math.ceil(max(wait, 0.0) * 1000)):
                return True
        left = end - time.monotonic()
        return left > 0 and bool(self.ready.poll(math.ceil(left * 1000)))

    def death(self) -> str:
        """Why the worker died, in words."""
        code = self.proc.wait()
        if code >= 0:
            return f"the worker process converting it exited ({code})"
        name = signal.Signals(-code).name
        hint = " (the system's out-of-memory killer?)" if -code == signal.SIGKILL else ""
        return f"the worker process converting it died ({name}{hint})"

    def kill(self) -> None:
        """Stop the worker and everything it started, at once."""
        self.retire = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.conn.close()

    def stop(self) -> None:
        """Let an idle worker go: it exits when its socket closes."""
        self.conn.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()


class Pool:
    """Idle workers, handed out one per calling thread and taken back after."""

    def __init__(self) -> None:
        self._idle: list[Worker] = []
        self._lock = threading.Lock()
        #: What new workers are forked from (None: not started yet, or each worker
        #: starts on its own); started with the first worker, stopped with the pool.
        self._server: forkserver.Server | None = None
        self._forking = forkserver.AVAILABLE
        self._server_lock = threading.Lock()
        #: What the last task to finish cost (peak RSS, seconds), for tests and benches.
        self.last: dict[str, Any] = {}

    @contextlib.contextmanager
    def worker(self, warm: bool = True) -> Iterator[Worker]:
        worker = self.take(warm)
        try:
            yield worker
        except BaseException:  # interrupted mid-task: the worker's state is unknown
            worker.kill()
            raise
        self.give(worker)

    def take(self, warm: bool = True, modules: tuple[str, ...] = ()) -> Worker:
        """An idle worker, or a new one (which may raise if it cannot start; ``warm``
        and ``modules``: see ``Worker``)."""
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is not None and not worker.alive():  # died while idle
            worker.stop()
            worker = None
        if worker is not None:
            return worker
        if warm and not modules:
            return Worker()
        return Worker(warm=warm, modules=modules)

    def give(self, worker: Worker) -> None:
        """Take back a worker with no task left: idle if it may serve again, else gone."""
        self.last = worker.last
        if worker.alive():
            with self._lock:
                self._idle.append(worker)
        else:
            worker.stop()

    def server(self, env: dict[str, str]) -> forkserver.Server | None:
        """The fork server new workers come from, started by the first one to ask
        (before this process had a worker: the server is a fresh interpreter, with no
        thread or database connection of ours); None where workers cannot be forked or
        the server would not start, and each worker starts on its own."""
        with self._server_lock:
            if self._server is not None and not self._server.alive():
                self._server.stop()  # killed, or gone out of memory: another one
                self._server = None
            if self._server is None and self._forking:
                self._server = forkserver.start(env, STARTUP_SECONDS)
                self._forking = self._server is not None
            return self._server

    def close(self) -> None:
        """Let every idle worker go, then the fork server (at exit, and in tests that
        need fresh ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()
        with self._server_lock:
            server, self._server = self._server, None
            self._forking = forkserver.AVAILABLE
        if server is not None:
            server.stop()

    def forget(self) -> None:
        """In a child forked from this process (Dask, a test runner): the workers and
        the fork server are the parent's to talk to, so the child starts with none."""
        self._idle = []
        self._lock = threading.Lock()
        if self._server is not None:
            self._server.sock.close()  # our copy only: the parent's server stays
        self._server = None
        self._forking = forkserver.AVAILABLE
        self._server_lock = threading.Lock()


POOL = Pool()
atexit.register(POOL.close)
os.register_at_fork(after_in_child=POOL.forget)


def _run(name: str, calls: Any, warm: bool = True) -> Any:
    """Run ``calls(worker, budget)`` on a pooled worker; a worker that cannot start or
    a pipe that breaks is this document's internal error, not the batch's end (the
    worker is then replaced)."""
    try:
        with POOL.worker(warm) as worker:
            return calls(worker, Budget())
    except CchcError as e:  # a setting that is not a number
        return Failure(name, str(e), type(e))
    except Exception as e:  # a worker that would not start, a broken pipe: this one's
        err = InternalError.wrap(name, e)
        return Failure(err.source, err.problem, InternalError)


def process(source: Source, *, screen: Screen | None, with_people: bool,
            pack: Pack | None = None) -> Result:
    """``pipeline.process.process`` in a worker; the screen, if any, runs here between
    conversion and extraction (it may read the caller's database), unless it says it
    can run in the worker (``in_worker = True``, and picklable: ``ingest``'s "already
    stored?" reads the database file itself). Then the document is one task, not two,
    and never travels back and forth between conversion and extraction."""
    name = name_of(source)

    def calls(worker: Worker, budget: Budget) -> Result:
        if not isinstance(source, Document) and (
                screen is None or getattr(screen, "in_worker", False)):
            return worker.call("process", (source, with_people, screen, pack), name, budget)
        document = source if isinstance(source, Document) else worker.call(
            "convert", (source,), name, budget)
        if isinstance(document, Failure):
            return document
        reason = guarded(name, lambda: screen(document)) if screen else None
        if isinstance(reason, Failure):
            return reason
        if reason:
            return Skipped(document, reason)
        extraction = worker.call("extract", (document, with_people, name), name, budget)
        if isinstance(extraction, Failure):
            return extraction
        return packed(Prepared(document, extraction), pack, name)

    return _run(name, calls)


class Stream:
    """``process`` of one document after another on one worker, each sent before the
    answer to the one before is read (``many.process_many``: one stream a thread).

    With ``process`` a worker that answers waits for its next document until the
    thread reading the answer gets the interpreter and the CPU back from the thread that
    writes the database and from the other workers: with ``--jobs 2`` on a busy 2-core
    machine the next document was there at 93 of 302 answers, the others waited 1-5 ms.
    Here the next document already waits in the socket when it answers (287 of 302).
    At most two are in the worker: the one it runs, held to a ``Budget`` from the moment
    the answer before it arrived (when the worker took it up), and the next, not
    started. When the worker is killed for a breach, dies,
    or is retired after an answer (grown past half the memory limit), the next one is
    sent again to the worker that replaces it, so every document is still run once, on
    a worker that has run nothing since its last answer.

    Only a document that is one task goes this way (``pipelined``): a path or fetched
    bytes, screened in the worker or not at all.
    """

    def __init__(self, screen: Screen | None, with_people: bool, pack: Pack | None) -> None:
        self.screen, self.with_people, self.pack = screen, with_people, pack
        #: Where the screen and the pack it sends are defined: each of its workers
        #: imports them to unpickle its first task, so the fork server imports them
        #: first, once for all (``pipeline.ingest``'s screen and rows: ~0.08 s each).
        self.modules = tuple(dict.fromkeys(
            module for part in (screen if self.pipelines_screen() else None, pack)
            if part is not None and isinstance(module := getattr(part, "__module__", None),
                                               str)))
        self.worker: Worker | None = None
        self.budget = Budget()
        #: (key, source) of the documents sent, oldest (the one running) first.
        self.sent: collections.deque[tuple[Any, Source]] = collections.deque()
        #: (key, failure) of documents that never reached a worker (it would not start).
        self.failed: collections.deque[tuple[Any, Result]] = collections.deque()

    def pipelines_screen(self) -> bool:
        """Whether the screen, if any, runs in the worker (see ``process``)."""
        return self.screen is None or getattr(self.screen, "in_worker", False)

    def pipelined(self, source: Source) -> bool:
        """Whether ``source`` is one task in the worker (see ``process``)."""
        return not isinstance(source, Document) and self.pipelines_screen()

    @property
    def pending(self) -> int:
        """Documents sent whose result is not taken yet."""
        return len(self.sent) + len(self.failed)

    def send(self, key: Any, source: Source) -> None:
        """Hand ``source`` to the worker (a new one if there is none); ``key`` comes back
        with its result."""
        if self.worker is None:
            try:
                self.worker = POOL.take(modules=self.modules)
            except Exception as e:  # a worker that would not start: this one's failure
                err = InternalError.wrap(name_of(source), e)
                self.failed.append((key, Failure(err.source, err.problem, InternalError)))
                return
        if not self.sent:
            self.budget = Budget()
        self.sent.append((key, source))
        with contextlib.suppress(OSError):  # a dead worker: its answer will say how
            self.worker.send("process", (source, self.with_people, self.screen, self.pack))

    def receive(self) -> tuple[Any, Result]:
        """(key, result) of the oldest document sent; what was sent after it is sent
        again if its worker is gone."""
        if self.failed:
            return self.failed.popleft()
        key, source = self.sent.popleft()
        assert self.worker is not None
        try:
            result = self.worker.answer(name_of(source), self.budget)
        except Exception as e:  # a broken pipe: this one's, and the worker is replaced
            err = InternalError.wrap(name_of(source), e)
            result = Failure(err.source, err.problem, InternalError)
            self.worker.kill()
        except BaseException:
            # Interrupted while it waited (Ctrl-C, the ``waiting`` hook's error): the
            # worker may still run this document, so it is killed, never given back to
            # the pool to answer another task with this one's result.
            self.worker.kill()
            self.worker = None
            raise
        self.budget = Budget()
        POOL.last = self.worker.last
        if not self.worker.alive():
            self.worker.kill()  # retired with the next one maybe begun: it runs again
            self.worker = None
            again, self.sent = self.sent, collections.deque()
            for waiting in again:
                self.send(*waiting)
        elif not self.sent:
            # Nothing waits in it: back to the pool before the result is handed on, as
            # with ``process``, so that once the last result is in every worker is idle
            # (the pool closes idle workers at exit; a busy one would be killed
            # holding the database open, its WAL left behind).
            POOL.give(self.worker)
            self.worker = None
        return key, result

    def abandon(self) -> list[tuple[Any, Source]]:
        """Kill the worker and forget the documents sent and not answered; their (key,
        source): a bug met between documents makes them failures, so that the writer
        waits for none."""
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        lost = list(self.sent)
        self.sent.clear()
        return lost

    def close(self) -> None:
        """Give the worker back (every result taken), or kill it (interrupted)."""
        worker, self.worker = self.worker, None
        if worker is None:
            return
        if self.sent:
            worker.kill()
        else:
            POOL.give(worker)


def convert(source: Source) -> Document | Failure:
    """``pipeline.process.convert_here`` in a worker (``cchc convert``)."""
    name = name_of(source)
    return _run(name, lambda worker, budget: worker.call("convert", (source,), name, budget),
                warm=False)


__all__ = ["POOL", "Budget", "Pool", "Stream", "Worker", "convert", "enabled", "process",
           "waiting"]
