"""Workers forked from one loaded fork server (``pipeline.process.forkserver``): every
worker of a run, replacements included, comes from the server that paid start-up once,
and is still the worker ``isolate`` describes (a group of its own, this process's
environment and working directory). Without fork, workers start on their own."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from pipeline.process import Prepared, Skipped, forkserver, isolate, process

TEXT = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 86/KH-UBND\n\nKẾ HOẠCH\n"
        "Cải cách hành chính năm 2024\n\nCăn cứ Quyết định số 1009/QĐ-UBND ngày 18/8/2021.\n")

forking = pytest.mark.skipif(not forkserver.AVAILABLE, reason="needs os.fork")


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


class Surroundings:
    """A screen run in the worker (``in_worker``) that stops every document with what
    the worker sees: ``FORKSERVER_TEST``, which (not being a ``CCHC_*`` setting, sent
    with each task) it has only if it was set when the worker was started, and its
    working directory."""

    in_worker = True

    def __call__(self, document: object) -> str:
        return f"{os.environ.get('FORKSERVER_TEST')} {os.getcwd()}"


#: Which process imported this module: the fork server when it imported it before
#: forking (``forkserver.preload``), else the worker that unpickled the screen below.
IMPORTED_BY = os.getpid()


class ImportedBy:
    """A screen run in the worker that stops every document with "server" when its
    module was imported by the fork server the worker came from, "worker" otherwise."""

    in_worker = True

    def __call__(self, document: object) -> str:
        return "server" if os.getppid() == IMPORTED_BY else "worker"


class YoungCollection:
    """A screen run in the worker that stops every document with how many net
    allocations its collector lets pass before it looks at young objects."""

    in_worker = True

    def __call__(self, document: object) -> str:
        import gc

        return str(gc.get_threshold()[0])


class CommunesBuilt:
    """A screen run in the worker that stops every document with whether the register
    of communes since 2025 was built before its first page (``places._communes_2025``,
    which a page builds on first use: "UBND xã Đam Rông 3")."""

    in_worker = True

    def __call__(self, document: object) -> str:
        from extractors.lexicon import places

        return str(places._communes_2025.cache_info().currsize)


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat[stat.rindex(")") + 2:].split()[1])


@forking
def test_every_worker_is_forked_from_one_server_in_a_group_of_its_own() -> None:
    isolate.POOL.close()
    first, second = isolate.POOL.take(), isolate.POOL.take()
    server = isolate.POOL._server
    assert server is not None
    for worker in (first, second):
        assert isinstance(worker.proc, forkserver.Forked)
        assert parent_of(worker.proc.pid) == server.proc.pid
        assert os.getpgid(worker.proc.pid) == worker.proc.pid  # a stop kills its group
    first.kill()  # as after a breach: the replacement comes from the same server
    assert first.proc.returncode == -signal.SIGKILL
    third = isolate.POOL.take()
    assert parent_of(third.proc.pid) == server.proc.pid
    isolate.POOL.give(second)
    isolate.POOL.give(third)


@forking
def test_a_forked_worker_has_the_environment_and_directory_of_the_moment(
        good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(process(good), Prepared)  # the server is up before the change
    server = isolate.POOL._server
    monkeypatch.setenv("FORKSERVER_TEST", "seen")
    monkeypatch.chdir(tmp_path)
    while isolate.POOL._idle:  # the next worker is forked now, as it would be started
        isolate.POOL._idle.pop().stop()
    result = process(good, screen=Surroundings())
    assert isinstance(result, Skipped) and result.reason == f"seen {tmp_path}"
    assert isolate.POOL._server is server


@forking
def test_a_server_that_died_is_replaced(good: Path) -> None:
    assert isinstance(process(good), Prepared)
    server = isolate.POOL._server
    assert server is not None
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait()
    assert isinstance(process(good), Prepared)  # its idle worker is gone with it
    assert isolate.POOL._server is not None and isolate.POOL._server is not server
    assert parent_of(isolate.POOL._idle[0].proc.pid) == isolate.POOL._server.proc.pid


def test_without_fork_each_worker_starts_on_its_own(good: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(forkserver, "AVAILABLE", False)
        isolate.POOL.close()
        assert isinstance(process(good), Prepared)
        worker = isolate.POOL._idle[0]
        assert isolate.POOL._server is None and parent_of(worker.proc.pid) == os.getpid()
    isolate.POOL.close()  # the next tests fork again


@forking
def test_what_a_stream_sends_is_imported_by_the_server_before_it_forks(good: Path) -> None:
    """A worker unpickles its first task's screen and pack; their modules (``ingest``'s:
    sqlite_utils and the store's rows) are imported once by the server instead."""
    isolate.POOL.close()
    stream = isolate.Stream(ImportedBy(), True, None)
    assert stream.modules == (__name__,)
    stream.send("first", good)
    (_, result), _ = stream.receive(), stream.close()
    assert isinstance(result, Skipped) and result.reason == "server"


def test_a_stream_names_the_modules_its_workers_unpickle() -> None:
    from pipeline.ingest import StoredScreen
    from pipeline.store.records import rows_of

    stored = isolate.Stream(StoredScreen("a.db", "1"), True, rows_of)
    assert stored.modules == ("pipeline.ingest", "pipeline.store.records")
    here = isolate.Stream(lambda doc: None, True, None)  # runs in this process
    assert here.modules == ()


def test_a_worker_looks_for_cycles_less_often_than_the_default(good: Path) -> None:
    """A page leaves almost no cycles, so each worker (forked or not) sets the young
    generation's threshold to ``worker.YOUNG_COLLECTION`` instead of 700."""
    from pipeline.process import worker

    result = process(good, screen=YoungCollection())
    assert isinstance(result, Skipped)
    assert result.reason == str(worker.YOUNG_COLLECTION) != "700"


@forking
def test_a_forked_worker_has_what_the_pages_build_on_first_use(good: Path) -> None:
    """The server's warm-up runs a corpus page and then ``extractors.runner.load``, so
    a register no warm page reaches (the communes since 2025) is built once, before
    forking, not by each worker's first page that names a commune."""
    isolate.POOL.close()
    result = process(good, screen=CommunesBuilt())
    isolate.POOL.close()
    assert isinstance(result, Skipped) and result.reason == "1"


def test_a_thread_awaiting_an_answer_runs_its_waiting_hook_first(good: Path) -> None:
    """``isolate.waiting``: before the thread blocks on its worker's answer, the hook
    runs (``ingest`` commits a due batch there); None from it: not again until the
    answer, which is the document's as without a hook."""
    stream = isolate.Stream(None, True, None)
    waited: list[str] = []
    with isolate.waiting(lambda: waited.append("waiting")):
        stream.send("first", good)
        (key, result), _ = stream.receive(), stream.close()
    assert waited == ["waiting"]
    assert key == "first" and isinstance(result, Prepared)
    assert result.extraction.document.number == "86/KH-UBND"


def test_an_error_of_the_waiting_hook_is_raised_and_the_busy_worker_is_not_kept(
        good: Path) -> None:
    """The hook's error (an ``on_file`` that raised while ``ingest`` committed) is raised
    where the hook was set, not made the awaited document's failure; the worker, which
    may still run that document, is killed rather than given back to the pool, where
    its answer would be taken for the next task's."""
    isolate.POOL.close()
    stream = isolate.Stream(None, True, None)

    def hook() -> float | None:
        raise LookupError("the progress bar is gone")

    with pytest.raises(LookupError, match="progress bar"), isolate.waiting(hook):
        stream.send("first", good)
        stream.receive()
    stream.close()
    assert stream.worker is None and not isolate.POOL._idle
