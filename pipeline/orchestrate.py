"""Bring a local Prefect stack up and down: server, work pool, deployments, worker.

``cchc orchestrate up`` (``make prefect-up``) starts a Prefect server backed by SQLite on
127.0.0.1, creates the process work pool ``cchc``, deploys every deployment of
``prefect.yaml`` and starts a worker; their process ids go to
``outputs/prefect/pids.json`` so ``cchc orchestrate down`` (``make prefect-down``) stops
exactly them. Everything lives under ``outputs/prefect`` (``PREFECT_HOME``), so the
stack never touches a user's own Prefect profile.

Then::

    prefect deployment run 'ingest/folder' -p paths='["corpus/texts"]'
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
WORK_POOL = "cchc"


@dataclass(frozen=True)
class Stack:
    """Where a local stack lives and listens."""

    home: Path
    port: int = 4200
    project: Path = ROOT
    extra_env: tuple[tuple[str, str], ...] = ()  # e.g. a PostgreSQL database URL

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def pid_file(self) -> Path:
        return self.home / "pids.json"

    def env(self) -> dict[str, str]:
        """Environment for every Prefect command of this stack."""
        env = dict(os.environ)
        env.update({
            "PREFECT_HOME": str(self.home),
            "PREFECT_API_URL": self.api_url,
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(self.port),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_UI_ENABLED": env.get("PREFECT_UI_ENABLED", "true"),
            "PREFECT_WORKER_QUERY_SECONDS": env.get("PREFECT_WORKER_QUERY_SECONDS", "5"),
            "CCHC_PROJECT_DIR": str(self.project),
        })
        env.update(dict(self.extra_env))
        return env


def prefect_cli() -> list[str]:
    """The ``prefect`` command of this interpreter's environment."""
    exe = Path(sys.executable).with_name("prefect")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "prefect"]


def run(stack: Stack, *args: str, timeout: float = 300) -> str:
    """Run one Prefect CLI command against the stack; raise with its output if it fails."""
    out = subprocess.run([*prefect_cli(), *args], cwd=stack.project, env=stack.env(),
                         capture_output=True, text=True, timeout=timeout)
    if out.returncode != 0:
        raise RuntimeError(f"prefect {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def wait_healthy(stack: Stack, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{stack.api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"Prefect server on {stack.api_url} not healthy after {timeout} s")


def _spawn(stack: Stack, args: list[str], log: Path) -> int:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as f:
        proc = subprocess.Popen([*prefect_cli(), *args], cwd=stack.project, env=stack.env(),
                                stdout=f, stderr=subprocess.STDOUT, start_new_session=True)
    return proc.pid


def up(stack: Stack, *, deploy: bool = True, worker: bool = True, workers: int = 1
       ) -> dict[str, int]:
    """Start server (+ pool, deployments, workers); return and record their pids."""
    stack.home.mkdir(parents=True, exist_ok=True)
    if stack.pid_file.exists():
        raise RuntimeError(f"{stack.pid_file} exists: a stack is already up (cchc "
                           "orchestrate down first)")
    pids = {"server": _spawn(stack, ["server", "start", "--host", "127.0.0.1", "--port",
                                     str(stack.port)], stack.home / "server.log")}
    stack.pid_file.write_text(json.dumps(pids), encoding="utf-8")
    wait_healthy(stack)
    run(stack, "work-pool", "create", WORK_POOL, "--type", "process", "--overwrite")
    if deploy:
        run(stack, "--no-prompt", "deploy", "--all")
    for i in range(workers if worker else 0):
        name = "worker" if i == 0 else f"worker-{i + 1}"
        pids[name] = _spawn(stack, ["worker", "start", "--pool", WORK_POOL, "--name",
                                    f"cchc-{name}"], stack.home / f"{name}.log")
        stack.pid_file.write_text(json.dumps(pids), encoding="utf-8")
    return pids


def down(stack: Stack, timeout: float = 20) -> list[str]:
    """Stop the processes ``up`` recorded (worker first), by their process groups."""
    if not stack.pid_file.exists():
        return []
    pids = json.loads(stack.pid_file.read_text(encoding="utf-8"))
    stopped = []
    for name in sorted(pids, key=lambda n: not n.startswith("worker")):
        pid = pids[name]
        try:
            os.killpg(pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.2)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        stopped.append(name)
    stack.pid_file.unlink()
    return stopped


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours is dead too
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True
