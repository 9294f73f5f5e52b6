"""Many documents on several workers at once (``pipeline/process/many.py``, ``--jobs``):
results in the sources' order, each worker held to the same time and memory limits, a
breach the failure of that one document while the others come through."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import OverMemoryLimit, OverTimeLimit
from pipeline.process import Failure, Prepared, Skipped, isolate
from pipeline.process.many import effective_jobs, process_many
from tests import probes
from tests.conftest import REPO
from tests.test_store_kill import facts

TEXTS = sorted((REPO / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_limits_hold_in_every_worker_and_a_breach_loses_no_other(
        jobs: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one job too, where the next document already waits in the worker that is
    killed for the breach (``many._streamed``)."""
    monkeypatch.setenv("CCHC_MAX_XML_BYTES", "1G")  # 40 MB of XML: minutes of python-docx
    monkeypatch.setenv("CCHC_MAX_PIXELS", "4000000000")  # a 3.6 GB page for pdfium
    monkeypatch.setenv("CCHC_MAX_SECONDS", "3")
    monkeypatch.setenv("CCHC_MAX_MEMORY", "700M")
    slow, big = tmp_path / "cham.docx", tmp_path / "to.pdf"
    slow.write_bytes(probes.huge_xml_docx(40))
    big.write_bytes(probes.big_page_pdf())
    sources = [TEXTS[0], slow, TEXTS[1], big, TEXTS[2], TEXTS[3]]
    results = list(process_many(sources, jobs=jobs))
    assert [source for source, _ in results] == sources
    kinds = [r.kind if isinstance(r, Failure) else type(r) for _, r in results]
    assert kinds == [Prepared, OverTimeLimit, Prepared, OverMemoryLimit, Prepared, Prepared]
    assert [r.document.source for _, r in results if isinstance(r, Prepared)] == [
        str(TEXTS[i]) for i in range(4)]


def test_a_document_waiting_behind_a_breach_runs_on_the_next_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread's worker gets its next document before the answer to the last is read
    (``isolate.Stream``); when the worker is killed for taking too long, the document
    waiting behind is not lost with it: it runs on the worker that replaces it."""
    monkeypatch.setenv("CCHC_MAX_XML_BYTES", "1G")  # 40 MB of XML: minutes of python-docx
    monkeypatch.setenv("CCHC_MAX_SECONDS", "3")
    slow = tmp_path / "cham.docx"
    slow.write_bytes(probes.huge_xml_docx(40))
    stream = isolate.Stream(None, True, None)
    stream.send("slow", slow)
    stream.send("next", TEXTS[0])  # waits in the socket behind the slow one
    (first, breach), (second, prepared) = stream.receive(), stream.receive()
    stream.close()
    assert (first, breach.kind) == ("slow", OverTimeLimit)
    assert second == "next" and isinstance(prepared, Prepared)
    assert prepared.document.source == str(TEXTS[0])


def test_each_thread_screens_with_a_screen_of_its_own() -> None:
    """A screen per thread (``ingest`` gives each one a database connection of its
    own); "skip" stops the document before extraction, in order."""
    made: list[int] = []

    def screens():
        made.append(threading.get_ident())
        return lambda doc: "seen" if doc.source == str(TEXTS[1]) else None

    results = [r for _, r in process_many(TEXTS[:4], jobs=2, screens=screens)]
    assert [type(r) for r in results] == [Prepared, Skipped, Prepared, Prepared]
    assert len(made) == len(set(made)) == 2 and threading.get_ident() not in made


def test_nothing_isolated_means_one_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_ISOLATE", "0")
    assert effective_jobs(4) == 1


def test_two_jobs_store_what_one_job_stores(tmp_path: Path) -> None:
    """The same files ingested with --jobs 1 and --jobs 2: the same documents and facts
    (the writer is one thread either way)."""
    for jobs in ("1", "2"):
        done = subprocess.run([sys.executable, "-m", "pipeline", "ingest", *map(str, TEXTS),
                               "--db", str(tmp_path / f"{jobs}.db"), "--jobs", jobs, "-q"],
                              capture_output=True, text=True, cwd=REPO, timeout=600)
        assert done.returncode == 0, done.stderr
    assert facts(tmp_path / "1.db") == facts(tmp_path / "2.db")
    with sqlite3.connect(tmp_path / "2.db") as con:
        assert con.execute("SELECT count(*) FROM documents_fts").fetchone()[0] == len(TEXTS)


def test_a_database_made_again_at_the_same_path_is_read_afresh(tmp_path: Path) -> None:
    """The workers outlive an ingest: when its database file is deleted and made again,
    their "already stored?" reads the new file, not the one they opened before."""
    from pipeline.ingest import ingest
    from pipeline.store import open_db

    path = tmp_path / "again.db"
    for _ in range(2):
        for old in tmp_path.glob("again.db*"):
            old.unlink()
        db = open_db(path)
        report = ingest(TEXTS[:3], db, jobs=2)
        db.close()
        assert report.outcomes["stored"] == 3 and report.ok, report.failures


def open_files(pid: int) -> set[str]:
    """The files process ``pid`` holds open (Linux /proc)."""
    fds = Path(f"/proc/{pid}/fd")
    out = set()
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            out.add(os.readlink(fd))
    return out


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_a_worker_waiting_for_work_holds_no_database_open(tmp_path: Path) -> None:
    """During a run each worker keeps its read-only connection for "already stored?"
    from one document to the next; once it waits for work it lets go, so a worker that
    outlives its run holds neither the database nor its WAL open."""
    from pipeline.ingest import ingest
    from pipeline.process import isolate
    from pipeline.store import open_db

    path = tmp_path / "idle.db"
    db = open_db(path)
    report = ingest(TEXTS[:4], db, jobs=2)
    db.close()
    assert report.outcomes["stored"] == 4 and report.ok, report.failures
    pids = [w.proc.pid for w in isolate.POOL._idle]
    assert pids
    deadline = time.monotonic() + 60  # a loaded machine may be slow to run the worker
    while any(str(path) in name for pid in pids for name in open_files(pid)):
        assert time.monotonic() < deadline, "a worker still holds the database open"
        time.sleep(0.1)
