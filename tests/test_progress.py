"""Progress of long commands (``pipeline/cli/progress.py``), as a user sees it.

Into a log (stderr not a terminal): one plain line every tenth of the run, the failures
so far in it, and one at the end; ``-q``: none. In a real terminal (tmux): the bar,
drawn in place while the files go in. The files are the real texts of
``corpus/texts`` and one broken fixture, so a failure shows in the count.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli.progress import Progress, default_every
from tests.conftest import REPO

TEXTS = sorted((REPO / "corpus" / "texts").glob("*.txt"))[:29]
BROKEN = REPO / "corpus" / "fixtures" / "broken" / "not-a-zip.docx"
LINE = re.compile(r"^ingest: (\d+)/30 files \((\d+) %\), [\d.]+/s, (.*)$")


def ingest(db: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "ingest", *map(str, TEXTS), str(BROKEN),
         "--db", str(db), *options], capture_output=True, text=True, cwd=REPO, timeout=600)


def test_ingest_into_a_log_prints_a_line_every_tenth_and_one_at_the_end(tmp_path):
    done = ingest(tmp_path / "log.db", "--jobs", "2")
    assert done.returncode == 1, done.stderr  # the broken file, and only it
    lines = [m for m in map(LINE.match, done.stderr.splitlines()) if m]
    assert [int(m[1]) for m in lines] == list(range(3, 31, 3))
    assert lines[-1][2] == "100" and lines[-1][3].startswith("in 0:")
    assert "1 failed" in lines[-1][3]  # the broken .docx is the last file
    assert all("left" in m[3] for m in lines[:-1])
    assert "29 stored" in done.stderr and f"failed: {BROKEN}" in done.stderr
    with sqlite3.connect(tmp_path / "log.db") as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 29


def test_quiet_ingest_prints_only_its_summary(tmp_path):
    done = ingest(tmp_path / "quiet.db", "-q", "--jobs", "1")
    assert done.returncode == 1
    assert not any(LINE.match(line) for line in done.stderr.splitlines())
    assert done.stderr.splitlines()[0].endswith("29 stored, 0 reextracted, 0 unchanged, "
                                                "1 failed")


@pytest.mark.parametrize(("total", "every"), [(30, 3), (5, 1), (100_000, 1000), (None, 100)])
def test_a_line_every_tenth_of_the_run(total, every):
    assert default_every(total) == every


@pytest.mark.parametrize(("done", "failed", "words"), [
    (0, 0, "reextract: 0/4 documents (0 %), 0.0/s"),
    (4, 1, "reextract: 4/4 documents (100 %), "),
])
def test_the_line_in_words(done, failed, words, tmp_path):
    with (tmp_path / "log").open("w") as log:
        progress = Progress("reextract", total=4, unit="documents", stream=log)
        for i in range(done):
            progress.advance(f"doc{i}", failed=i < failed)
        line = progress.describe()
    assert line.startswith(words)
    assert ("1 failed" in line) == bool(failed)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed "
                    "(make system-deps)")
def test_ingest_in_a_terminal_draws_the_bar(tmp_path):
    """``cchc ingest`` in a tmux pane: while it runs, the pane shows the bar (files done
    of all, the rate); at the end the bar is gone and the summary stays."""
    socket = f"cchc-progress-{tmp_path.name}"
    command = " ".join([sys.executable, "-m", "pipeline", "ingest", *map(str, TEXTS),
                        "--db", str(tmp_path / "tty.db"), "--jobs", "1", ";",
                        "echo", "INGEST-DONE", ";", "sleep", "60"])

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-L", socket, *args], capture_output=True,
                              text=True, check=True, timeout=30).stdout

    tmux("new-session", "-d", "-x", "160", "-y", "20", "-c", str(REPO), command)
    try:
        seen_bar, deadline = None, time.monotonic() + 300
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p")
            if "INGEST-DONE" in screen:
                break
            bar = re.search(r"━+.*ingest\s+(\d+)/29\s+\d+%\s+[\d.]+/s", screen)
            seen_bar = seen_bar or (bar and bar.group(0))
            time.sleep(0.05)  # the bar shows its rate ~0.2 s on this run: look often
        assert seen_bar, screen
        assert "INGEST-DONE" in screen
        assert "29 stored" in screen and not re.search(r"ingest\s+\d+/29", screen)
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
