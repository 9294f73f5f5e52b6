"""Each document in a worker process, held to a wall time and a memory limit (issue 17,
item 4): a breach is the document's typed failure naming the limit, the worker is
replaced, and the next document is processed as usual."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import FileTooLarge, OverMemoryLimit, OverTimeLimit, WorkerCrashed
from pipeline.process import Failure, Prepared, Skipped, convert_only, isolate, process
from tests import probes

REPO = Path(__file__).resolve().parent.parent
TEXT = ("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN\nSố: 86/KH-UBND\n\nKẾ HOẠCH\n"
        "Cải cách hành chính năm 2024\n\nCăn cứ Quyết định số 1009/QĐ-UBND ngày 18/8/2021.\n")
SCAN = REPO / "corpus" / "fixtures" / "pdf" / "002_d5467ff125b81b44.scan.pdf"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "ke-hoach.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


@pytest.fixture
def slow_docx(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """40 MB of paragraph XML with the XML limit lifted: minutes of python-docx."""
    monkeypatch.setenv("CCHC_MAX_XML_BYTES", "1G")
    path = tmp_path / "cham.docx"
    path.write_bytes(probes.huge_xml_docx(40))
    return path


def test_a_document_runs_in_a_worker_with_its_cost_measured(good: Path) -> None:
    result = process(good)
    assert isinstance(result, Prepared)
    assert [r.number for r in result.extraction.references] == ["1009/QĐ-UBND"]
    assert 0 < isolate.POOL.last["peak_rss"] < 1 << 30


def test_over_the_time_limit_the_worker_is_stopped(slow_docx: Path, good: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_SECONDS", "2")
    start = time.monotonic()
    result = process(slow_docx)
    assert 2 <= time.monotonic() - start < 6
    assert isinstance(result, Failure) and result.kind is OverTimeLimit
    assert str(result) == f"{slow_docx}: took more than 2 s (CCHC_MAX_SECONDS)"
    assert isinstance(process(good), Prepared)  # a fresh worker for the next one


def test_over_the_memory_limit_is_a_failure_naming_it(tmp_path: Path, good: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The 200-inch page with the pixel limit lifted asks pdfium for 3.6 GB."""
    monkeypatch.setenv("CCHC_MAX_PIXELS", "4000000000")
    monkeypatch.setenv("CCHC_MAX_MEMORY", "700M")
    path = tmp_path / "to.pdf"
    path.write_bytes(probes.big_page_pdf())
    result = process(path)
    assert isinstance(result, Failure) and result.kind is OverMemoryLimit
    assert str(result) == f"{path}: needed more than 700 MB of memory (CCHC_MAX_MEMORY)"
    assert isinstance(process(good), Prepared)


def test_settings_travel_with_each_document(good: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(process(good), Prepared)  # a worker is up, started before the change
    monkeypatch.setenv("CCHC_MAX_CHARS", "10")
    result = process(good)
    assert isinstance(result, Failure) and result.kind is FileTooLarge
    assert "over the limit of 10 characters (CCHC_MAX_CHARS)" in result.problem


def test_a_worker_takes_each_change_of_the_settings(good: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker rewrites its environment only when the settings sent differ from the
    last task's; a bad one in between leaves nothing behind."""
    monkeypatch.setenv("CCHC_MAX_CHARS", "10")
    too_long = "over the limit of 10 characters (CCHC_MAX_CHARS)"
    for _ in range(2):  # the same settings again
        assert too_long in process(good).problem  # type: ignore[union-attr]
    monkeypatch.delenv("CCHC_MAX_CHARS")
    monkeypatch.setenv("CCHC_MAX_MEMORY", "lots")
    assert process(good).problem == (  # type: ignore[union-attr]
        "CCHC_MAX_MEMORY: 'lots' is not a number of bytes")
    monkeypatch.delenv("CCHC_MAX_MEMORY")  # back to the settings before the bad one
    monkeypatch.setenv("CCHC_MAX_CHARS", "10")
    assert too_long in process(good).problem  # type: ignore[union-attr]
    monkeypatch.delenv("CCHC_MAX_CHARS")
    assert isinstance(process(good), Prepared)


def test_a_workers_environment_is_rewritten_when_the_settings_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``worker.apply`` leaves: the settings of the task, whatever came before
    (the same ones kept as they are, a bad one half-applied replaced). Limits of 64 GB,
    so that this process may go on allocating while one is set."""
    from pipeline.errors import CchcError
    from pipeline.process import worker

    monkeypatch.setattr(os, "environ", {"HOME": "/root", "CCHC_MAX_PAGES": "3"})
    monkeypatch.setattr(worker, "_APPLIED", None)
    first = {"CCHC_MAX_MEMORY": "64G", "CCHC_MAX_CHARS": "10"}
    try:
        for settings in (first, dict(first), {"CCHC_MAX_MEMORY": "lots"}, first):
            try:
                limit = worker.apply(settings)
            except CchcError as e:
                assert str(e) == "CCHC_MAX_MEMORY: 'lots' is not a number of bytes"
                continue
            assert limit == 64 << 30
            assert os.environ == {"HOME": "/root", **first, "CCHC_ISOLATE": "0"}
        assert worker.apply({"CCHC_MAX_MEMORY": "63G"}) == 63 << 30
        assert os.environ == {"HOME": "/root", "CCHC_MAX_MEMORY": "63G", "CCHC_ISOLATE": "0"}
    finally:
        worker.unlimit()


def test_a_bad_setting_is_each_documents_failure(good: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_SECONDS", "soon")
    result = process(good)
    assert isinstance(result, Failure)
    assert result.problem == "CCHC_MAX_SECONDS: 'soon' is not a number of s"


def test_a_crashed_worker_is_that_documents_failure(slow_docx: Path, good: Path) -> None:
    with isolate.POOL.worker() as worker:
        threading.Timer(1, os.kill, (worker.proc.pid, signal.SIGSEGV)).start()
        result = worker.call("process", (slow_docx, False, None), str(slow_docx), isolate.Budget())
    assert isinstance(result, Failure) and result.kind is WorkerCrashed
    assert result.problem == "the worker process converting it died (SIGSEGV)"
    assert isinstance(process(good), Prepared)


def test_a_stopped_worker_takes_its_tesseract_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped at 1 s while Tesseract reads a scanned page: nothing of its process
    group is left running."""
    monkeypatch.setenv("CCHC_MAX_SECONDS", "1")
    monkeypatch.setenv("CCHC_OCR_SECONDS", "0")
    monkeypatch.setenv("CCHC_OCR_PREPARE", "0")  # Tesseract at once, not after ~1 s of ocr_prep
    seen: set[str] = set()
    with isolate.POOL.worker() as worker:
        group = worker.proc.pid
        watch = threading.Thread(target=_watch, args=(group, seen, time.monotonic() + 1))
        watch.start()
        result = worker.call("convert", (SCAN,), str(SCAN), isolate.Budget())
        watch.join()
    assert isinstance(result, Failure) and result.kind is OverTimeLimit
    assert "tesseract" in seen
    assert not _members(group)


def _watch(group: int, seen: set[str], until: float) -> None:
    while time.monotonic() < until:
        seen.update(_members(group).values())
        time.sleep(0.05)


def _members(group: int) -> dict[int, str]:
    """Live processes of a process group: pid → name (from /proc; zombies left out)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, rest = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:]
        state, _ppid, pgrp = rest.split()[:3]
        if int(pgrp) == group and state != "Z":
            found[int(stat.parent.name)] = name
    return found


@pytest.mark.slow
def test_pages_sent_to_ocr_get_time_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two scanned pages (~12 s on two cores) with 1 s for the document: OCR's own
    allowance (CCHC_OCR_SECONDS a page) lets them finish."""
    monkeypatch.setenv("CCHC_MAX_SECONDS", "1")
    result = convert_only(SCAN)
    assert not isinstance(result, Failure), result
    assert result.conversion.ocr


def test_a_time_limit_message_names_the_ocr_allowance() -> None:
    budget = isolate.Budget(base=120, extra=60)
    assert budget.problem() == ("took more than 180 s (CCHC_MAX_SECONDS 120 s, plus 60 s "
                                "for pages sent to OCR, CCHC_OCR_SECONDS)")


def test_the_screen_runs_here_between_conversion_and_extraction(good: Path) -> None:
    """The screen may read the caller's database: it is called in this process."""
    seen: list[int] = []
    result = process(good, screen=lambda doc: seen.append(os.getpid()) or "unchanged")
    assert isinstance(result, Skipped) and seen == [os.getpid()]


def test_a_worker_ends_with_its_parent() -> None:
    code = ("import os; from pipeline.process.isolate import Worker; w = Worker(); "
            "print(w.proc.pid, flush=True); os._exit(0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, timeout=120)
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _running(pid):
        time.sleep(0.2)
    assert not _running(pid)


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def test_isolation_off_runs_here(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_ISOLATE", "0")
    monkeypatch.setattr(isolate, "Worker", None)  # starting one would fail
    assert isinstance(process(good), Prepared)


def test_a_forked_child_starts_workers_of_its_own(good: Path) -> None:
    """A process forked after the pool has workers (Dask, a forking test runner) must not
    talk to its parent's workers: it starts its own, and the parent's still answer."""
    assert isinstance(process(good), Prepared)
    parent_workers = [w.proc.pid for w in isolate.POOL._idle]
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one document, then report which worker did it
        os.close(reader)
        result = process(good)
        ours = [w.proc.pid for w in isolate.POOL._idle]
        os.write(writer, json.dumps([type(result).__name__, ours]).encode())
        isolate.POOL.close()
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as f:
        kind, ours = json.loads(f.read())
    os.waitpid(pid, 0)
    assert kind == "Prepared" and ours and not set(parent_workers) & set(ours)
    assert isinstance(process(good), Prepared)


def test_a_worker_that_cannot_start_is_each_documents_failure(
        good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def cannot() -> None:
        raise RuntimeError("the worker exited at start (1)")

    monkeypatch.setattr(isolate.POOL, "_idle", [])
    monkeypatch.setattr(isolate, "Worker", cannot)
    result = process(good)
    assert isinstance(result, Failure) and result.source == str(good)
    assert result.problem == "internal error (RuntimeError: the worker exited at start (1))"


def test_a_screen_made_for_the_worker_runs_there(tmp_path: Path, good: Path) -> None:
    """``ingest``'s "already stored?" reads the database file in the worker: one task a
    document, and a stored text is still stopped before extraction."""
    from extractors import EXTRACTOR_VERSION
    from pipeline.ingest import StoredScreen, keep
    from pipeline.store import open_db

    db = open_db(tmp_path / "cchc.db")
    screen = StoredScreen(str(tmp_path / "cchc.db"), EXTRACTOR_VERSION)
    first = process(good, screen=screen)
    assert isinstance(first, Prepared) and keep(db, first) == "stored"
    again = process(good, screen=screen)
    assert isinstance(again, Skipped) and again.reason == "unchanged"
