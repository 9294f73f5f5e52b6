"""End to end with a real Prefect server: deploy from prefect.yaml, start a worker, run a
deployment with `prefect deployment run`, and check the rows and the run's artifact."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
from pathlib import Path

import pytest

from pipeline import orchestrate as o
from tests.conftest import REPO, shared_path

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("prefect")
    st = o.Stack(home=home, port=free_port(), project=REPO)
    try:
        o.up(st)
        yield st
    finally:
        o.down(st)


def test_ingest_folder_deployment_runs_on_a_worker(stack: o.Stack, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(shared_path("seeds"), docs)
    db = tmp_path / "cchc.db"
    out = o.run(stack, "deployment", "run", "ingest/folder",
                "-p", f"paths={json.dumps([str(docs)])}", "-p", f"db={db}",
                "--watch", "--watch-timeout", "240", timeout=300)
    assert "Completed" in out, out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 5
        assert conn.execute('SELECT count(*) FROM "references"').fetchone()[0] > 0
    artifacts = json.loads(o.run(stack, "artifact", "inspect", "ingest-summary",
                                 "--output", "json"))
    assert "| stored | 5 |" in artifacts[0]["data"]


def test_deployments_are_registered(stack: o.Stack) -> None:
    listing = o.run(stack, "deployment", "ls")
    for name in ("ingest/folder", "reextract/on-demand"):
        assert name in listing


def test_down_stops_what_up_started(tmp_path: Path) -> None:
    st = o.Stack(home=tmp_path / "p", port=free_port(), project=REPO)
    pids = o.up(st, deploy=False, worker=False)
    assert o.down(st) == ["server"]
    assert not st.pid_file.exists()
    assert not o._alive(pids["server"])
