"""A real ``cchc serve`` process on a free port of 127.0.0.1, for the serving tests."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    """A running server: its base URL and its process (for its memory)."""

    base: str
    proc: subprocess.Popen

    def get(self, path: str, *, method: str = "GET", timeout: float = 30
            ) -> tuple[int, str]:
        """Status and body of one request; an HTTP error status is an answer too."""
        request = urllib.request.Request(self.base + path, method=method,
                                         data=b"" if method == "POST" else None)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as r:
                return r.status, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode("utf-8", "replace")

    def json(self, path: str) -> dict:
        status, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)

    def memory_mb(self, field: str = "VmRSS") -> float:
        """The server process's resident memory now (``VmHWM``: at its peak), Linux."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        raise AssertionError(f"no {field}")


@contextlib.contextmanager
def serving(db: Path, *args: str, base_url: str = "") -> Iterator[Served]:
    """``cchc serve --db db *args`` until the block ends; fails with its output if it
    does not start within a minute."""
    port = free_port()
    # a file, not a pipe: the server logs a line per request and would block on a full pipe
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port",
             str(port), *args], cwd=REPO, stdout=log, stderr=subprocess.STDOUT, text=True)
        served = Served(f"http://127.0.0.1:{port}{base_url.rstrip('/')}", proc)
        try:
            wait_until_up(served, log)
            yield served
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_until_up(served: Served, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(served.base + "/-/versions.json", timeout=2)
            return
        except OSError:
            if served.proc.poll() is not None or time.monotonic() > deadline:
                served.proc.kill()
                log.seek(0)
                pytest.fail("cchc serve did not start:\n" + log.read()[-5000:])
            time.sleep(0.2)
