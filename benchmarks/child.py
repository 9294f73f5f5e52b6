"""Run the real ``cchc`` command in a child process and read what it cost from ``wait4``.

A benchmark of a command a user types should time that command, not a function call:
the child imports, loads its models, converts, extracts and writes as ``cchc`` does.
``wait4`` gives its user + system CPU time and peak RSS, its workers' included (they are
its children, waited for): on a shared machine the CPU time says what the run cost
whatever else was running, where the wall time also counts the neighbours.

The command is started by a small Python process of its own (``python -m
benchmarks.child ARGS``), which waits for it and prints the figures as JSON. Started
from the benchmark's process directly, its peak RSS would be the benchmark's: Linux
keeps in a process's peak the memory it had when it was forked, before ``exec``, and
``make bench`` forks it after the extraction section has grown to ~230 MB (a 20-page
ingest that peaks at 104 MB read 315 MB when forked from a 300 MB process). The small
process forks it at ~10 MB instead.

    $ python -m benchmarks.child ingest corpus/texts --db /tmp/x.db -q
    {"wall_s": 2.7, "cpu_s": 2.9, "peak_rss_mb": 108.0, "exit_code": 0}
"""

from __future__ import annotations

import json
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
    pin = None if cores is None else (lambda: os.sched_setaffinity(0, cores))
    proc = subprocess.run([sys.executable, "-m", "benchmarks.child", *args], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          preexec_fn=pin, check=True, text=True)
    return json.loads(proc.stdout)


def measure(args: list[str]) -> dict[str, float]:
    """Run ``python -m pipeline *args`` from this process and wait for it: what
    ``run_cchc`` returns."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return {"wall_s": time.perf_counter() - start,
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024,
            "exit_code": os.waitstatus_to_exitcode(status)}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1:])))
