"""Shared test fixtures: where the repository and ../shared are, span checks, and the
bundled corpus ingested and served by real ``cchc`` processes (``served_corpus``)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CCHC_SHARED", REPO.parent / "shared")).resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared; in CI its absence is a failure, never a silent skip."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} not present on this machine")
    return path


def assert_spans(extraction) -> None:
    """Every fact's quote is exactly the text at its span."""
    data = extraction.to_contract() if hasattr(extraction, "to_contract") else extraction
    text = data["text"]
    for key, items in data.items():
        if not isinstance(items, list):
            continue
        for item in items:
            if isinstance(item, dict) and "span" in item:
                a, b = item["span"]
                assert text[a:b] == item["quote"], (key, item)


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """A real ``cchc serve`` process over ``db`` on a free port, its base URL once it
    answers; stopped on leaving."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port),
         *options], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("cchc serve did not start:\n" + (proc.stdout.read() or ""))
            time.sleep(0.2)
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def free_port() -> int:
    """A TCP port nobody listens on now, on 127.0.0.1."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class ServedCorpus:
    """``corpus/texts`` ingested and served as ``make run`` does: ``base`` is the server
    (``http://127.0.0.1:<port>``), ``home`` a folder laid out like a clone after
    ``make run`` (``outputs/cchc.db``, ``.venv/bin`` → this interpreter's scripts), so the
    README's commands run there as written."""

    base: str
    home: Path

    @property
    def db(self) -> Path:
        return self.home / "outputs" / "cchc.db"


@pytest.fixture(scope="session")
def served_corpus(tmp_path_factory) -> Iterator[ServedCorpus]:
    """``cchc ingest corpus/texts`` then ``cchc serve`` on a free port, as real processes
    (the CLI of this checkout: run from the repository)."""
    home = tmp_path_factory.mktemp("clone")
    (home / ".venv").mkdir()
    (home / ".venv" / "bin").symlink_to(Path(sys.executable).parent)
    db = home / "outputs" / "cchc.db"
    db.parent.mkdir()
    done = subprocess.run([sys.executable, "-m", "pipeline", "ingest", "corpus/texts",
                           "--db", str(db)], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with serving(db) as base:
        yield ServedCorpus(base, home)
