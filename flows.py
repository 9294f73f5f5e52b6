"""Prefect flows: thin wrappers over the plain ``pipeline`` functions.

Deployments (see ``prefect.yaml``): ``ingest/folder``, ``reextract/on-demand`` (and the
crawl deployments once the crawler lands). Every flow composes functions that run
without Prefect (``pipeline.prepare``, ``pipeline.store``); Prefect adds retries where I/O
happens, caching by content and extractor version, a task runner to spread documents
over processes or machines, and a Markdown artifact summarising each run.

Work is cut into coarse tasks: a batch of documents to convert and extract (run on the
task runner, cached by the files' content hashes and the extractor version), then one
writer, in the flow's own process, that commits each document in its own transaction —
SQLite wants one writer, whatever the number of workers. To spread documents over
processes::

    from prefect_dask import DaskTaskRunner
    ingest_paths.with_options(task_runner=DaskTaskRunner(
        cluster_kwargs={"n_workers": 2, "processes": True}))(["corpus/texts"])

or set ``CCHC_DASK_WORKERS=2`` (or ``CCHC_DASK_ADDRESS=tcp://scheduler:8786``) for the
deployments.
"""

from __future__ import annotations

import hashlib
import os
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.context import TaskRunContext

from pipeline import prepare as prep
from pipeline import store

DATASETTE_URL = os.environ.get("CCHC_DATASETTE_URL", "http://127.0.0.1:8001")


def batched(items: list[str], size: int) -> list[list[str]]:
    it = iter(items)
    return [b for b in iter(lambda: list(islice(it, size)), [])]


def _batch_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same files (by content) read by the same extractor version → same result."""
    from extractors import EXTRACTOR_VERSION

    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in parameters["paths"]:
        h.update(str(path).encode())
        h.update(prep.file_digest(path).encode())
    return f"convert-extract-{h.hexdigest()}"


@task(name="convert-extract", cache_key_fn=_batch_key, cache_expiration=timedelta(days=90))
def convert_extract(paths: list[str]) -> list[prep.Prepared | prep.Failure]:
    """Convert and extract a batch of files (runs on the task runner)."""
    return prep.prepare_many(paths)


@task(name="store")
def store_batch(db_path: str, results: list[prep.Prepared | prep.Failure]
                ) -> store.IngestReport:
    """The single writer: each document and its facts in one transaction."""
    db = store.open_db(db_path)
    report = store.IngestReport()
    for result in results:
        if isinstance(result, prep.Failure):
            report.failures.append((result.source, result.problem))
        else:
            report.add(store.store(db, result.document, result.extraction))
    return report


def _merge(total: store.IngestReport, part: store.IngestReport) -> None:
    for outcome, n in part.outcomes.items():
        total.outcomes[outcome] = total.outcomes.get(outcome, 0) + n
    total.failures.extend(part.failures)


def summary_markdown(title: str, report: store.IngestReport, db_path: str) -> str:
    """The run's artifact: counts, failures with reasons, links to the tables."""
    db_name = Path(db_path).stem
    lines = [f"# {title}", "", "| outcome | documents |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in report.outcomes.items()]
    lines.append(f"| failed | {len(report.failures)} |")
    if report.failures:
        lines += ["", "## Failed", "", "| file | problem |", "|---|---|"]
        lines += [f"| `{src}` | {problem} |" for src, problem in report.failures]
    lines += ["", "## Browse", ""]
    lines += [f"- [{t}]({DATASETTE_URL}/{db_name}/{t})"
              for t in ("documents", "dossiers", "scores", "references", "units")]
    return "\n".join(lines)


@flow(name="ingest")
def ingest_paths(paths: list[str], db: str = str(store.DEFAULT_DB), batch_size: int = 25
                 ) -> dict[str, Any]:
    """Convert, extract and store every file under ``paths`` (files or folders)."""
    files = [str(p) for p in store.expand(paths)]
    futures = convert_extract.map(batched(files, batch_size))
    total = store.IngestReport()
    for future in futures:
        _merge(total, store_batch(db, future.result()))
    create_markdown_artifact(summary_markdown("Ingest", total, db), key="ingest-summary",
                             description=f"ingest of {len(files)} files")
    return {"outcomes": total.outcomes, "failures": total.failures}


@task(name="reextract-batch")
def reextract_batch(db_path: str, document_ids: list[str]) -> list[tuple[str, Any]]:
    """Re-run the extractors over stored text (read-only; no re-conversion)."""
    from extractors import extract

    db = store.open_readonly(db_path)
    return [(doc_id, extract(store.load_document(db, doc_id))) for doc_id in document_ids]


@task(name="replace-facts")
def replace_facts(db_path: str, extractions: list[tuple[str, Any]]) -> int:
    """The single writer: replace each document's facts atomically."""
    db = store.open_db(db_path)
    for doc_id, extraction in extractions:
        store.replace_facts(db, doc_id, extraction)
    return len(extractions)


@flow(name="reextract")
def reextract(db: str = str(store.DEFAULT_DB), force: bool = False, batch_size: int = 50
              ) -> dict[str, int]:
    """Re-extract documents read by an older extractor version (all with ``force``)."""
    stale = store.stale_documents(store.open_db(db), force=force)
    futures = reextract_batch.map(unmapped(db), batched(stale, batch_size))
    done = sum(replace_facts(db, f.result()) for f in futures)
    create_markdown_artifact(
        f"# Re-extraction\n\n{done} documents re-extracted "
        f"([documents]({DATASETTE_URL}/{Path(db).stem}/documents)).",
        key="reextract-summary")
    return {"reextracted": done}


def _dask_runner():
    """A Dask task runner when the environment asks for one (deployments)."""
    address = os.environ.get("CCHC_DASK_ADDRESS")
    workers = int(os.environ.get("CCHC_DASK_WORKERS", "0") or 0)
    if not (address or workers):
        return None
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "processes": True,
                                          "threads_per_worker": 1})


_runner = _dask_runner()
if _runner is not None:
    ingest_paths = ingest_paths.with_options(task_runner=_runner)
    reextract = reextract.with_options(task_runner=_runner)
