"""A loaded worker kept to fork workers from, so start-up is paid once a run.

A worker's start-up (imports, regex compiles, underthesea's models: ~0.9 s of CPU) was
paid by each worker ``isolate`` started: a second one for ``--jobs 2``, and again for
each worker replaced after a time or memory limit or a crash. The fork server pays it
once: started like a worker (``python -m pipeline.process.forkserver FD LOG_LEVEL``, a
fresh interpreter, so no thread and no SQLite connection of the caller comes with it),
it loads the pipeline (``worker.prepare``), then forks a worker for each request. A
forked worker shares the server's loaded modules and models (copy-on-write, frozen out
of the collector's reach so they stay shared) and is ready in a few milliseconds.

What a worker was, it stays: its own session and process group (a stop kills it and
its tesseract), its own socket to the caller, the caller's environment and working
directory as they were when it was asked for (sent with each request, as ``Popen``
would pass them), its limits set per task by ``worker.serve``. The server is the
workers' parent, so it reports how each ended: the request hands it a pipe, where it
writes the worker's pid at once and its exit status (``Popen.returncode``: a negative
signal number) when it reaps it. Parents watch each other as before: a worker kills its
group when the server is gone, the server kills its workers and exits when the caller
is gone or closes the server's socket.

Where ``os.fork`` does not exist, or the server will not start, ``isolate`` starts each
worker on its own as before.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

log = logging.getLogger("pipeline.process.forkserver")

#: Whether workers can be forked here (not on Windows).
AVAILABLE = hasattr(os, "fork") and hasattr(socket, "send_fds")
#: The format of the pid and the exit status the server writes to a worker's pipe.
NUMBER = struct.Struct("!q")
#: A real page the server runs before forking any worker (see ``warm``).
WARM = Path(__file__).resolve().parents[2] / "corpus/texts/quangninh_2020_q1_damha_hoso.txt"
#: Longest request: the pickled environment and working directory.
REQUEST_BYTES = 1 << 20


class Forked:
    """A worker forked by the server, seen from the caller as a ``Popen``: its pid,
    ``poll`` and ``wait`` (from the pipe where the server writes its exit status)."""

    def __init__(self, status: int, timeout: float) -> None:
        self._status = status
        self.returncode: int | None = None
        try:
            pid = self._read(timeout)
        except BaseException:
            os.close(status)
            raise
        if pid is None:
            os.close(status)
            raise RuntimeError("the fork server did not start the worker")
        self.pid = pid

    def _read(self, timeout: float | None) -> int | None:
        """The next number from the server, None when the pipe ended first."""
        data = b""
        while len(data) < NUMBER.size:
            ready, _, _ = select.select([self._status], [], [], timeout)
            if not ready:
                raise subprocess.TimeoutExpired("worker", timeout or 0)
            chunk = os.read(self._status, NUMBER.size - len(data))
            if not chunk:
                return None
            data += chunk
        return NUMBER.unpack(data)[0]

    def poll(self) -> int | None:
        """The exit status if the server reaped the worker, else None."""
        if self.returncode is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.wait(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """The exit status, once the server reaped the worker; a server that died
        first (its workers kill themselves when it does) counts as a kill."""
        if self.returncode is None:
            code = self._read(timeout)
            os.close(self._status)
            self.returncode = -signal.SIGKILL if code is None else code
        return self.returncode


class Server:
    """The caller's side: the server process and the socket requests go through."""

    def __init__(self, env: dict[str, str], startup: float) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        level = logging.getLogger().getEffectiveLevel()
        with theirs:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "pipeline.process.forkserver", str(theirs.fileno()),
                 str(level)], pass_fds=(theirs.fileno(),), env=env, cwd=os.getcwd(),
                stdin=subprocess.DEVNULL, stdout=2, start_new_session=True)
        self.sock = ours
        self._lock = threading.Lock()
        ours.settimeout(startup)
        try:
            said = ours.recv(64)
        except OSError:
            said = b""
        ours.settimeout(None)
        if said != b"ready":
            self.stop()
            raise RuntimeError(f"the fork server did not start ({self.proc.poll()})")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def fork(self, conn: socket.socket, env: dict[str, str], startup: float,
             warm: bool = True, modules: tuple[str, ...] = ()) -> Forked:
        """A worker serving ``conn``, with ``env`` and this working directory; ``warm``:
        the server runs its page first (``warm``), if it has not yet; ``modules``: it
        imports them first (``preload``)."""
        level = logging.getLogger().getEffectiveLevel()
        request = pickle.dumps((env, os.getcwd(), level, warm, modules))
        status, theirs = os.pipe()
        try:
            with self._lock:
                socket.send_fds(self.sock, [request], [conn.fileno(), theirs])
        except BaseException:
            os.close(status)
            raise
        finally:
            os.close(theirs)
        return Forked(status, startup)

    def stop(self) -> None:
        """Let the server go (its idle workers were let go first): it kills what is
        left, busy workers of an interrupted run, and exits."""
        self.sock.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def serve(sock: socket.socket) -> None:
    """Fork a worker for each request on ``sock`` until the caller closes it or dies;
    reap them and report how each ended."""
    parent = os.getppid()
    children: dict[int, int] = {}  # pid → the write end of its status pipe
    warmed = False
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the select below
    with contextlib.suppress(OSError):  # a caller gone already: the loop ends at once
        sock.send(b"ready")
    try:
        while os.getppid() == parent:
            try:
                ready, _, _ = select.select([sock, wake_r], [], [], 1.0)
            except InterruptedError:
                ready = []
            if wake_r in ready:
                os.read(wake_r, 4096)
            reap(children)
            if sock not in ready:
                continue
            try:
                request, fds, _, _ = socket.recv_fds(sock, REQUEST_BYTES, 2)
            except OSError as e:
                if e.errno != errno.ECONNRESET:
                    raise
                request, fds = b"", []
            if not request:
                return  # the caller let us go
            conn, status = fds
            _, _, _, warming, modules = pickle.loads(request)
            if not warmed and warming:
                warm()
                warmed = True
            preload(modules)
            pid = os.fork()
            if pid == 0:
                child(conn, status, request, sock, (wake_r, wake_w), children)
            os.close(conn)
            os.write(status, NUMBER.pack(pid))
            children[pid] = status
    finally:
        for pid in children:  # busy workers of an interrupted run, or a caller gone
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        while children:
            reap(children, block=True)


def reap(children: dict[int, int], block: bool = False) -> None:
    """Collect the workers that ended and write each one's exit status to its pipe."""
    while children:
        try:
            pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
        except ChildProcessError:
            children.clear()
            return
        if pid == 0:
            return
        pipe = children.pop(pid, None)
        if pipe is not None:
            with contextlib.suppress(OSError):  # the caller stopped listening
                os.write(pipe, NUMBER.pack(os.waitstatus_to_exitcode(status)))
            os.close(pipe)
        if block:
            return


def child(conn: int, status: int, request: bytes, sock: socket.socket,
          wake: tuple[int, int], children: dict[int, int]) -> None:
    """The forked worker: drop what was the server's, take the caller's environment,
    serve. Never returns into the server's loop."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for fd in (status, *wake, *children.values()):
            os.close(fd)
        sock.close()
        os.setsid()  # a group of its own: a stop kills it and its tesseract
        env, cwd, level, _, _ = pickle.loads(request)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        logging.getLogger().setLevel(level)
        from multiprocessing.connection import Connection

        from pipeline.process import worker

        worker.watch_parent()
        worker.start(Connection(conn))
        code = 0
    except BaseException:
        log.exception("a forked worker failed")
    finally:
        os._exit(code)


def warm() -> None:
    """Run one real page through conversion and extraction (before the first worker
    that will extract is forked: ``cchc convert`` does without), so that what the first
    pages build on demand (the extractors' modules and patterns, the gazetteer's tables
    of places) is built here once, not in every forked worker: a worker forked after it
    ran 8 bulk pages in 0.05 s of CPU, 0.27 s without (~0.2 s of first-page tables).
    The page is a district's news of its dossiers (hồ sơ) in a quarter (``WARM``), which
    reaches most stages (measured against each corpus text); ``extractors.runner.load``
    then builds what it did not reach (the 2025 register of communes, patterns the page
    never asked for). A checkout without the corpus only skips this: ``load`` alone, with
    no page before it, costs ~0.4 s, more than a short run's workers would pay."""
    import gc

    from extractors import runner
    from pipeline.convert import quality
    from pipeline.process import process_here

    if WARM.is_file():
        process_here(str(WARM), with_people=True)
        runner.load()  # what the page did not reach (~50 ms once, not in every worker)
        quality.load()  # the garbage check's word lists, which a clean page may not read
    gc.collect()
    gc.freeze()  # what the page built stays shared with the workers, as start-up does


def preload(modules: tuple[str, ...]) -> None:
    """Import ``modules`` here, once, before forking: the modules of what a worker's
    tasks carry (``ingest``'s screen and rows in ``pipeline.ingest`` and
    ``pipeline.store.records``, with sqlite_utils: ~0.08 s of CPU), which each worker
    would otherwise import to unpickle its first task. One that fails to import is
    left to the worker, where it is that task's failure, as before."""
    new = [name for name in modules if name not in sys.modules]
    if not new:
        return
    import gc
    import importlib

    for name in new:
        try:
            importlib.import_module(name)
        except Exception as e:  # the worker meets it again, as one document's failure
            log.warning("could not import %s before forking: %s", name, e)
    gc.collect()
    gc.freeze()  # shared with the workers, as start-up is


def main(argv: list[str]) -> None:
    sock = socket.socket(fileno=int(argv[1]))
    logging.basicConfig(level=int(argv[2]), format="%(levelname)s %(name)s: %(message)s")
    from pipeline.process import worker

    worker.prepare()
    serve(sock)


def start(env: dict[str, str], startup: float) -> Server | None:
    """A fork server, or None where workers cannot be forked (``isolate`` then starts
    each on its own)."""
    if not AVAILABLE:
        return None
    try:
        return Server(env, startup)
    except Exception as e:  # the fallback: each worker starts on its own
        log.warning("no fork server (%s): each worker starts on its own", e)
        return None


__all__ = ["AVAILABLE", "Forked", "Server", "start"]


if __name__ == "__main__":
    main(sys.argv)
