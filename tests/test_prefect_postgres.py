"""Scale-out: the same deployments against a Prefect server backed by Debian's PostgreSQL
on loopback, two workers, and `ingest/folder` spread over a 2-process Dask runner — the
stored result must equal a plain sequential ingest of the same files."""

from __future__ import annotations

import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest

from pipeline import orchestrate as o
from pipeline import store
from pipeline.ingest import ingest
from tests.conftest import REPO, shared_path
from tests.test_prefect_e2e import free_port

pytestmark = pytest.mark.slow


def pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries missing: make system-deps installs them")
        pytest.skip("PostgreSQL server not installed")
    return Path(found[-1]).parent


def as_postgres(*args: str) -> list[str]:
    """Run a server binary as the postgres user when we are root (initdb refuses root)."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@pytest.fixture(scope="module")
def postgres():
    bindir = pg_bin()
    # Outside pytest's 0700 temp tree, which the postgres user cannot enter.
    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    base.chmod(0o755)
    data = base / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    subprocess.run(as_postgres(str(bindir / "initdb"), "-D", str(data), "-A", "trust",
                               "-U", "postgres", "--no-sync"), check=True, capture_output=True)
    subprocess.run(as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-l",
                               str(data.parent / "pg.log"), "-o",
                               f"-p {port} -k {data.parent} -c listen_addresses=127.0.0.1",
                               "start"), check=True, capture_output=True)
    try:
        subprocess.run(as_postgres(str(bindir / "createdb"), "-h", "127.0.0.1", "-p",
                                   str(port), "-U", "postgres", "prefect"), check=True)
        yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/prefect"
    finally:
        subprocess.run(as_postgres(str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                   "stop"), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def test_ingest_on_postgres_backed_server_with_dask_equals_sequential(
        postgres: str, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(shared_path("seeds"), docs)
    stack = o.Stack(home=tmp_path / "prefect", port=free_port(), project=REPO, extra_env=(
        ("PREFECT_API_DATABASE_CONNECTION_URL", postgres), ("CCHC_DASK_WORKERS", "2")))
    try:
        pids = o.up(stack, workers=2)
        assert {"server", "worker", "worker-2"} <= set(pids)
        parallel = tmp_path / "dask.db"
        out = o.run(stack, "deployment", "run", "ingest/folder",
                    "-p", f"paths={json.dumps([str(docs)])}", "-p", f"db={parallel}",
                    "-p", "batch_size=1", "--watch", "--watch-timeout", "300", timeout=360)
        assert "Completed" in out, out
        logs = "".join(p.read_text(errors="replace") for p in stack.home.glob("worker*.log"))
        assert "LocalCluster" in logs or "Dask" in logs, "the flow run did not use Dask"
    finally:
        o.down(stack)
    sequential = tmp_path / "plain.db"
    report = ingest([docs], store.open_db(sequential))
    assert report.outcomes["stored"] == 5
    for sql in ("SELECT id, kind, number, issuer, title FROM documents ORDER BY id",
                'SELECT document_id, "start", "end", quote, rule FROM "references" ORDER BY 1, 2',
                'SELECT document_id, metric, "count", agency FROM dossiers ORDER BY 1, 2, 3',
                "SELECT document_id, name FROM units ORDER BY 1, 2"):
        with sqlite3.connect(parallel) as a, sqlite3.connect(sequential) as b:
            assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), sql
