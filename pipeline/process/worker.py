"""The worker process of ``isolate``: documents in, results out, one at a time.

Started as ``python -m pipeline.process.worker FD LOG_LEVEL`` with one end of a socket
pair on ``FD``. It imports the pipeline and loads underthesea once, says it is ready,
then for each task: takes the parent's ``CCHC_*`` settings, limits its address space to
``CCHC_MAX_MEMORY``, runs the task (``process_here``, ``convert_here`` or
``extraction_of``, which never raise for a document's sake) and answers with the result
and what it cost (peak resident memory, seconds). Pages sent to OCR are announced as
they are queued, so the parent can allow them time. The worker exits when the parent
closes the socket, and kills itself and its children if the parent disappears.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import resource
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger("pipeline.process.worker")

#: How long a worker waits for the next task before it lets go what tasks kept.
IDLE_SECONDS = 0.25
_RELEASES: list[Callable[[], None]] = []


def on_idle(release: Callable[[], None]) -> None:
    """Call ``release`` whenever this worker has waited ``IDLE_SECONDS`` for a task: what
    a task keeps for the next one of a run (``ingest``'s read-only connection to the
    database) is let go between runs, never held open while no one sends work."""
    if release not in _RELEASES:
        _RELEASES.append(release)


#: The settings the environment holds since the last task, and the memory limit they
#: set (``apply``); None before the first task or while they are being changed.
_APPLIED: tuple[dict[str, str], int] | None = None


def apply(settings: dict[str, str]) -> int:
    """Take the parent's ``CCHC_*`` settings; limit memory; return the limit (bytes).

    The environment is rewritten only when the settings differ from the last task's
    (a run sends the same with every document; nothing a task runs sets a ``CCHC_*``
    variable): going through every variable of the environment, setting each anew and
    reading the memory limit back cost ~0.03 ms of CPU a document."""
    global _APPLIED
    from pipeline.convert.safety import MAX_MEMORY

    if _APPLIED is None or _APPLIED[0] != settings:
        _APPLIED = None  # half-changed, until the limit has been read
        for key in [k for k in os.environ if k.startswith("CCHC_")]:
            del os.environ[key]
        os.environ.update(settings)
        os.environ["CCHC_ISOLATE"] = "0"  # a worker never starts workers
        _APPLIED = (dict(settings), MAX_MEMORY.value())
    limit = _APPLIED[1]
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    return limit


def unlimit() -> None:
    """Lift the memory limit between tasks (the answer must still be pickled)."""
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


#: The /proc files each task reads or writes, opened once: name → (pid, descriptor).
_PROC: dict[str, tuple[int, int]] = {}


def proc_file(name: str, flags: int) -> int | None:
    """A descriptor of ``/proc/self/<name>``, kept open for the next task (None where
    there is no such file). Opening, reading as text and closing /proc/self/status and
    clear_refs for each task cost ~0.1 ms of a worker's CPU a document; a kept
    descriptor read with ``pread`` ~3 us. "self" is the process that opened it, so a
    process forked since opens its own (the parent's copy it closes)."""
    pid = os.getpid()
    kept = _PROC.get(name)
    if kept is not None and kept[0] == pid:
        return kept[1]
    if kept is not None:
        os.close(kept[1])
        del _PROC[name]
    try:
        fd = os.open(f"/proc/self/{name}", flags | os.O_CLOEXEC)
    except OSError:
        return None
    _PROC[name] = (pid, fd)
    return fd


def reset_peak() -> None:
    """Start the peak resident size (VmHWM) afresh for the next task (Linux)."""
    fd = proc_file("clear_refs", os.O_WRONLY)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.write(fd, b"5")


def resident() -> tuple[int, int]:
    """(current, peak) resident memory in bytes, from /proc (ru_maxrss elsewhere)."""
    fd = proc_file("status", os.O_RDONLY)
    try:
        if fd is None:
            raise OSError("no /proc/self/status")
        status = os.pread(fd, 1 << 14, 0)
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return peak, peak
    return status_kb(status, b"VmRSS:") * 1024, status_kb(status, b"VmHWM:") * 1024


def status_kb(status: bytes, field: bytes) -> int:
    """The size in kB a line of /proc/PID/status gives (``b"VmHWM:\t  69576 kB"`` →
    69576); 0 when the line is missing."""
    start = status.find(field)
    if start < 0:
        return 0
    start += len(field)
    return int(status[start:status.index(b"\n", start)].split()[0])


def run(kind: str, args: tuple) -> Any:
    """One task, by kind: the functions of ``pipeline.process`` that never raise."""
    from pipeline import process

    if kind == "process":
        source, with_people, screen, *packing = args  # the pack step is optional
        pack = packing[0] if packing else None
        return process.process_here(source, screen=screen, with_people=with_people,
                                    pack=pack)
    if kind == "convert":
        return process.convert_here(*args)
    if kind == "extract":
        return process.extraction_of(*args)
    raise ValueError(f"unknown task {kind!r}")


def serve(conn: Connection) -> None:
    """Answer tasks until the parent closes the socket."""
    # Whether a task waits, asked of one poll object kept for the worker's life:
    # ``Connection.poll`` builds a selector each call (~3 us against ~0.4).
    ready = select.poll()
    ready.register(conn.fileno(), select.POLLIN)
    while True:
        if _RELEASES and not ready.poll(IDLE_SECONDS * 1000):
            for release in _RELEASES:
                release()
        try:
            _, kind, args, settings = conn.recv()
        except EOFError:
            return
        start = time.monotonic()
        reset_peak()
        result, limit = attempt(kind, args, settings)
        now, peak = resident()
        conn.send(("done", result, {"peak_rss": peak, "rss": now, "seconds":
                                    time.monotonic() - start,
                                    "recycle": over_memory(result) or now > limit // 2}))


def attempt(kind: str, args: tuple, settings: dict[str, str]) -> tuple[Any, int]:
    """(the task's result, the memory limit it ran under); a bad setting or a bug
    outside the guarded steps is still this one document's failure."""
    from pipeline.errors import CchcError, InternalError
    from pipeline.process import Failure, name_of

    limit = resource.RLIM_INFINITY
    try:
        limit = apply(settings)
        return run(kind, args), limit
    except CchcError as e:  # a setting that is not a number
        return Failure(name_of(args[0]), str(e), type(e)), limit
    except Exception as e:
        err = InternalError.wrap(name_of(args[0]), e)
        return Failure(err.source, err.problem, InternalError), limit
    finally:
        unlimit()


def over_memory(result: Any) -> bool:
    from pipeline.errors import OverMemoryLimit
    from pipeline.process import Failure

    return isinstance(result, Failure) and result.kind is OverMemoryLimit


def watch_parent() -> None:
    """Kill this worker and its children when the parent is gone (no one would read
    the answer, and no one would stop a runaway task)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os.killpg(0, signal.SIGKILL)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def prepare() -> None:
    """Import the pipeline and load underthesea: what every worker needs before its
    first task (~1.3 s of CPU), done once here or once in the fork server
    (``forkserver``), whose workers are forked with it already done."""
    from extractors.people import ner
    from pipeline.process import process_here  # noqa: F401  (import it all now, once)

    ner.load()
    # What start-up made (modules, patterns, underthesea's models) lives as long as the
    # worker: out of the collector's sight, a full collection no longer walks it. Two
    # full collections in 300 bulk pages took 0.14 s of CPU (0.4 ms a page), 0.03 after.
    # In the fork server it also keeps the collector from writing to those objects'
    # pages, which the forked workers then share instead of copying.
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION, *gc.get_threshold()[1:])


#: Container objects allocated (net) before the collector looks for cycles among the
#: young ones: 700 by default. A page allocates ~160 net and leaves almost no cycles,
#: so over 900 bulk pages the default ran 159 collections, 0.07-0.13 ms of CPU a page
#: (younger ones 0.05-0.06, a full one ~20 ms each time the caches had grown by a
#: quarter); at 10,000, 3 collections, 0.007 ms a page. The cyclic garbage a document
#: may leave for the next is then at most ~10,000 objects' worth, far below the
#: memory limit.
YOUNG_COLLECTION = 10_000


def start(conn: Connection) -> None:
    """Serve the parent on ``conn`` once the pipeline is loaded (and its death is
    watched for): say ready, then answer tasks."""
    from pipeline.convert import safety

    safety.on_more_time(lambda seconds: conn.send(("more_time", seconds)))
    conn.send(("ready", os.getpid()))
    serve(conn)


def main(argv: list[str]) -> None:
    # Run as ``python -m``, this module is ``__main__``: whoever imports
    # ``pipeline.process.worker`` (to call ``on_idle``) must get this one, not a copy.
    sys.modules.setdefault("pipeline.process.worker", sys.modules[__name__])
    conn = Connection(int(argv[1]))
    logging.basicConfig(level=int(argv[2]), format="%(levelname)s %(name)s: %(message)s")
    watch_parent()
    prepare()
    start(conn)


if __name__ == "__main__":
    main(sys.argv)
