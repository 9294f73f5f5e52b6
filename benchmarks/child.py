"""Run the real ``cchc`` command in a child process and read what it cost from ``wait4``.

A benchmark of a command a user types should time that command, not a function call:
the child imports, loads its models, converts, extracts and writes as ``cchc`` does.
``wait4`` gives its user + system CPU time and peak RSS, its workers' included (they are
its children, waited for): on a shared machine the CPU time says what the run cost
whatever else was running, where the wall time also counts the neighbours.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cchc(*args: str, cores: set[int] | None = None) -> dict[str, float]:
    """``python -m pipeline *args`` from the repository: wall s, CPU s, peak RSS MB and
    exit code. Output is discarded (``-q`` is the caller's to pass). ``cores`` pins the
    command and every process it starts to those CPUs (``sched_setaffinity``, inherited
    by its workers): ``{0}`` is the command on one core, whatever ``--jobs`` says."""
    start = time.perf_counter()
    pin = None if cores is None else (lambda: os.sched_setaffinity(0, cores))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            preexec_fn=pin)
    _, status, usage = os.wait4(proc.pid, 0)
    return {"wall_s": time.perf_counter() - start,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            "exit_code": os.waitstatus_to_exitcode(status)}
