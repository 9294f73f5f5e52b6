"""The Prefect flows under Prefect's test harness (a real temporary Prefect server):
ingest and re-extraction compose the plain pipeline functions, cache unchanged work,
report failures in an artifact, and give the same rows with a 2-process Dask runner."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

prefect = pytest.importorskip("prefect")

from prefect.settings import (  # noqa: E402
    PREFECT_HOME,
    PREFECT_LOGGING_LEVEL,
    PREFECT_SERVER_ANALYTICS_ENABLED,
    temporary_settings,
)
from prefect.testing.utilities import prefect_test_harness  # noqa: E402

from tests.conftest import shared_path  # noqa: E402


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("prefect-home")
    with temporary_settings({PREFECT_HOME: home, PREFECT_SERVER_ANALYTICS_ENABLED: False,
                             PREFECT_LOGGING_LEVEL: "WARNING"}), prefect_test_harness():
        yield


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for path in sorted(shared_path("seeds").glob("*.txt")):
        shutil.copy(path, docs / path.name)
    (docs / "empty.txt").write_bytes(b"")
    return docs


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def fact_counts(db: Path) -> dict[str, int]:
    tables = ("references", "dates", "scores", "rankings", "dossiers", "procedures", "rates",
              "units", "people")
    return {t: rows(db, f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}


def test_ingest_flow_stores_reports_and_caches(harness, folder: Path, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.sorting import TaskRunSort

    import flows

    db = tmp_path / "cchc.db"
    first = flows.ingest_paths([str(folder)], db=str(db), batch_size=2)
    assert first["outcomes"]["stored"] == 5
    assert [src for src, _ in first["failures"]] == [str(folder / "empty.txt")]
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 5
    second = flows.ingest_paths([str(folder)], db=str(db), batch_size=2)
    assert second["outcomes"]["stored"] == 0 and second["outcomes"]["unchanged"] == 5

    async def cached_and_artifact():
        async with get_client() as client:
            runs = await client.read_task_runs(limit=200, sort=TaskRunSort.EXPECTED_START_TIME_DESC)
            artifact = await client.read_latest_artifacts(limit=50)
            return [r.state.name for r in runs if r.name.startswith("convert-extract")], artifact

    import asyncio

    states, artifacts = asyncio.run(cached_and_artifact())
    assert states.count("Cached") >= 3  # the second run's batches came from the cache
    summary = next(a for a in artifacts if a.key == "ingest-summary")
    assert "empty.txt" in summary.data and "| failed | 1 |" in summary.data


def test_reextract_flow_replaces_facts_of_old_versions(harness, folder: Path,
                                                       tmp_path: Path) -> None:
    import flows

    db = tmp_path / "cchc.db"
    flows.ingest_paths([str(folder)], db=str(db))
    before = fact_counts(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET extractor_version = 'old' WHERE rowid % 2 = 1")
    assert flows.reextract(db=str(db)) == {"reextracted": 3}
    assert flows.reextract(db=str(db)) == {"reextracted": 0}
    assert fact_counts(db) == before


def test_dask_runner_gives_the_sequential_result(harness, folder: Path, tmp_path: Path) -> None:
    from prefect_dask import DaskTaskRunner

    import flows

    plain, parallel = tmp_path / "plain.db", tmp_path / "dask.db"
    flows.ingest_paths([str(folder)], db=str(plain), batch_size=1)
    runner = DaskTaskRunner(cluster_kwargs={"n_workers": 2, "processes": True,
                                            "threads_per_worker": 1, "dashboard_address": None})
    flows.ingest_paths.with_options(task_runner=runner)([str(folder)], db=str(parallel),
                                                        batch_size=1)
    query = "SELECT id, kind, number, title FROM documents ORDER BY id"
    assert rows(plain, query) == rows(parallel, query)
    assert fact_counts(plain) == fact_counts(parallel)
    quotes = 'SELECT document_id, quote, rule FROM "references" ORDER BY 1, 2, 3'
    assert rows(plain, quotes) == rows(parallel, quotes)


def test_a_locked_database_fails_each_document_and_the_run_goes_on(
        harness, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holds the lock past ``CCHC_DB_WAIT``: the flows name each document
    that could not be written ("database still locked by another writer"), keep what was
    stored, and a later run writes them — as ``cchc ingest`` and ``cchc reextract`` do."""
    import flows
    from pipeline import store
    from tests.test_store_locking import hold_lock

    db = tmp_path / "cchc.db"
    store.open_db(db).close()  # migrated before the other writer takes the lock
    monkeypatch.setattr("pipeline.store.db.BUSY_TIMEOUT_S", 0.05)
    monkeypatch.setenv("CCHC_DB_WAIT", "0.2")

    holder = hold_lock(db, 6.0)
    locked = flows.ingest_paths([str(folder)], db=str(db), batch_size=10)
    holder.join()
    assert not any(locked["outcomes"].values())
    problems = dict(locked["failures"])
    assert sorted(Path(s).name for s in problems) == sorted(p.name for p in folder.iterdir())
    busy = [p for s, p in problems.items() if not s.endswith("empty.txt")]
    assert len(busy) == 5 and all("still locked by another writer" in p for p in busy)
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 0

    assert flows.ingest_paths([str(folder)], db=str(db))["outcomes"]["stored"] == 5
    before = fact_counts(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET extractor_version = 'old'")
    holder = hold_lock(db, 6.0)
    result = flows.reextract(db=str(db))
    holder.join()
    assert result["reextracted"] == 0 and len(result["failures"]) == 5
    assert all("still locked by another writer" in p for _, p in result["failures"])
    assert fact_counts(db) == before  # nothing already stored was lost
    assert flows.reextract(db=str(db)) == {"reextracted": 5}
