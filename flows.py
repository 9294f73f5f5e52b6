"""Prefect flows: thin wrappers over the plain ``pipeline`` functions.

Deployments (see ``prefect.yaml``): ``crawl-all/nightly`` (cron, Asia/Ho_Chi_Minh),
``crawl-site/on-demand``, ``ingest/folder`` and ``reextract/on-demand``. Every flow
composes functions that run without Prefect (``pipeline.process`` for each document,
``pipeline.ingest``, ``pipeline.crawl``, ``pipeline.harvest``, ``pipeline.store``);
Prefect adds retries where I/O happens, caching by content and extractor version, a
global concurrency limit per crawled domain, a task runner to spread documents over
processes or machines, and a Markdown artifact summarising each run.

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
from contextlib import suppress
from datetime import timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from prefect import flow, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.concurrency.sync import concurrency
from prefect.context import TaskRunContext
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff

from pipeline import store
from pipeline.errors import CchcError
from pipeline.ingest import IngestReport, expand, keep_or_fail
from pipeline.process import Failure, Prepared, process

DATASETTE_URL = os.environ.get("CCHC_DATASETTE_URL", "http://127.0.0.1:8001")

#: Batches run on as many threads as there are cores (at most 4): extraction is pure
#: Python, so more threads only fight over the GIL (measured: Prefect's default pool made
#: a 300-document ingest 17 % slower than the plain functions, two threads matched them),
#: while a second thread still overlaps OCR subprocesses and file reads.
THREADS = min(4, os.cpu_count() or 1)


def batched(items: list[str], size: int) -> list[list[str]]:
    it = iter(items)
    return [b for b in iter(lambda: list(islice(it, size)), [])]


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes (a cache key: same bytes, same conversion)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _batch_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Same files (by content) read by the same extractor version → same result."""
    from extractors import EXTRACTOR_VERSION

    h = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in parameters["paths"]:
        h.update(str(path).encode())
        h.update(file_digest(path).encode())
    return f"convert-extract-{h.hexdigest()}"


@task(name="convert-extract", cache_key_fn=_batch_key, cache_expiration=timedelta(days=90))
def convert_extract(paths: list[str]) -> list[Prepared | Failure]:
    """Convert and extract a batch of files (runs on the task runner)."""
    return [process(path) for path in paths]


@task(name="store")
def store_batch(db_path: str, results: list[Prepared | Failure]) -> IngestReport:
    """The single writer: each document and its facts in one transaction.

    A document that cannot be written (``DatabaseBusy``: "database still locked by
    another writer after 300 s") is that document's failure, as in ``cchc ingest``; the
    batch goes on and the run's summary names it."""
    db = store.open_db(db_path)
    report = IngestReport()
    for result in results:
        kept = (result if isinstance(result, Failure)
                else keep_or_fail(db, Path(result.document.source), result))
        if isinstance(kept, Failure):
            report.fail(kept)
        else:
            report.add(kept)
    return report


def summary_markdown(title: str, report: IngestReport, db_path: str) -> str:
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


@flow(name="ingest", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def ingest_paths(paths: list[str], db: str = str(store.DEFAULT_DB), batch_size: int = 25
                 ) -> dict[str, Any]:
    """Convert, extract and store every file under ``paths`` (files or folders)."""
    files = [str(p) for p in expand(paths)]
    futures = convert_extract.map(batched(files, batch_size))
    total = IngestReport()
    for future in futures:
        total.merge(store_batch(db, future.result()))
    create_markdown_artifact(summary_markdown("Ingest", total, db), key="ingest-summary",
                             description=f"ingest of {len(files)} files")
    return {"outcomes": total.outcomes, "failures": total.failures}


@task(name="reextract-batch")
def reextract_batch(db_path: str, document_ids: list[str]
                    ) -> list[tuple[str, Prepared | Failure]]:
    """Re-run the extractors over stored text (read-only; no re-conversion)."""
    db = store.open_readonly(db_path)
    return [(doc_id, process(store.load_document(db, doc_id))) for doc_id in document_ids]


@task(name="replace-facts")
def replace_facts(db_path: str, results: list[tuple[str, Prepared | Failure]]
                  ) -> tuple[int, list[tuple[str, str]]]:
    """The single writer: replace each document's facts atomically; a document that
    failed keeps its old facts and comes back as ``(source, problem)``."""
    db = store.open_db(db_path)
    done, failures = 0, []
    for doc_id, result in results:
        if isinstance(result, Prepared):
            try:
                store.replace_facts(db, doc_id, result.extraction)
                done += 1
                continue
            except CchcError as e:  # the lock never came: this document keeps its facts
                result = Failure(doc_id, e.problem, type(e))
        failures.append((result.source, result.problem))
    return done, failures


@flow(name="reextract", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))
def reextract(db: str = str(store.DEFAULT_DB), force: bool = False, batch_size: int = 50
              ) -> dict[str, Any]:
    """Re-extract documents read by an older extractor version (all with ``force``).

    Returns ``{"reextracted": n}``, and ``"failures"`` (source, problem) when some failed.
    """
    from extractors import EXTRACTOR_VERSION

    stale = store.stale_documents(store.open_db(db), EXTRACTOR_VERSION, force=force)
    futures = reextract_batch.map(unmapped(db), batched(stale, batch_size))
    done, failures = 0, []
    for future in futures:
        n, failed = replace_facts(db, future.result())
        done, failures = done + n, failures + failed
    lines = [f"# Re-extraction\n\n{done} documents re-extracted "
             f"([documents]({DATASETTE_URL}/{Path(db).stem}/documents))."]
    if failures:
        lines += ["", "## Failed", "", "| document | problem |", "|---|---|"]
        lines += [f"| `{src}` | {problem} |" for src, problem in failures]
    create_markdown_artifact("\n".join(lines), key="reextract-summary")
    return {"reextracted": done, **({"failures": failures} if failures else {})}


# -- crawling ----------------------------------------------------------------------------
def _transient(task, task_run, state) -> bool:
    """Retry a listing page only for what may pass: time-outs and 5xx/429 (the fetcher
    has already retried those politely; this is the slower second line)."""
    from pipeline.fetch import FetchTimeout, HttpStatusError

    try:
        state.result()
    except FetchTimeout:
        return True
    except HttpStatusError as e:
        return e.status >= 500 or e.status in (408, 429)
    except Exception:  # any other failure is not worth a retry
        return False
    return False


@task(name="listing-page", retries=2, retry_delay_seconds=exponential_backoff(30),
      retry_jitter_factor=0.5, retry_condition_fn=_transient, cache_policy=NO_CACHE)
def list_page_task(ctx, url: str):
    """One listing page (a category page, a feed, a sitemap) of a site."""
    from pipeline import crawl

    return crawl.list_page(ctx, url)


@task(name="document", cache_policy=NO_CACHE)
def crawl_item_task(ctx, item) -> str:
    """One item page and its attachments: converted and stored only if its bytes changed
    (the content-hash check is the crawler's own: an unchanged page is never redone)."""
    from pipeline import crawl

    return crawl.crawl_item(ctx, item)


def _crawl_summary(reports: list) -> str:
    """The crawl's artifact: counts per site, failures with reasons, and the URLs given up
    (tried on max_attempts runs), every URL and detail escaped to one line."""
    from pipeline.errors import one_line

    lines = ["# Crawl", "",
             "| site | new | changed | unchanged | skipped | failed | files | retried "
             "| queued | given up |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        c = r.counts()
        lines.append(f"| {r.site} | {c['new']} | {c['changed']} | {c['unchanged']} | "
                     f"{c['skipped']} | {c['failed']} | {c['files']} | {r.retried} | "
                     f"{r.queued} | {c['given_up']} |")
    failures = [(r.site, f) for r in reports for f in r.failures]
    if failures:
        lines += ["", "## Failed", "", "| site | url | reason | detail |", "|---|---|---|---|"]
        lines += [f"| {site} | {one_line(f.url)} | {f.reason} | {one_line(f.detail)} |"
                  for site, f in failures]
    given_up = [(r.site, f) for r in reports for f in r.given_up]
    if given_up:
        lines += ["", "## Given up", "", "| site | url | attempts | detail |",
                  "|---|---|---|---|"]
        lines += [f"| {site} | {one_line(f.url)} | {f.attempts} | {one_line(f.detail)} |"
                  for site, f in given_up]
    disabled = [r.site for r in reports if r.circuit_open]
    if disabled:
        lines += ["", "Disabled for this run after repeated failures: " + ", ".join(disabled)]
    lines += ["", f"[crawl runs]({DATASETTE_URL}/cchc/crawl_runs) · "
              f"[retry queue]({DATASETTE_URL}/cchc/crawl_retries) · "
              f"[documents]({DATASETTE_URL}/cchc/documents)"]
    return "\n".join(lines)


@flow(name="crawl-site")
def crawl_site(site_id: str, since: str | None = None, full: bool = False,
               max_items: int | None = None, db: str = str(store.DEFAULT_DB),
               raw: str = "outputs/raw", registry: str | None = None,
               retry_failed: bool = False, retry_given_up: bool = False,
               max_attempts: int | None = None) -> dict[str, Any]:
    """Crawl one site of the registry (``registry``: a user's own YAML, else the bundled
    one); ``retry_failed``: only its failed URLs that are due. One crawl per domain at a
    time across every run (a global concurrency limit named ``crawl:<host>``), so
    parallel deployments stay polite."""
    from datetime import date

    from pipeline import crawl, harvest
    from pipeline.fetch import Fetcher
    from pipeline.raw import RawStore
    from pipeline.sites import registry as reg

    site = reg.get(site_id, reg.load(registry))
    if max_attempts:
        site = site.model_copy(update={"max_attempts": max_attempts})
    _ensure_domain_limit(site.host)
    steps = crawl.Steps(list_page_task, crawl_item_task)
    with concurrency(f"crawl:{site.host}", occupy=1), Fetcher() as fetcher:
        report = harvest.crawl_site(site, store.open_db(db), fetcher, RawStore(raw),
                                    since=date.fromisoformat(since) if since else None,
                                    full=full, max_items=max_items, steps=steps,
                                    retry_only=retry_failed, retry_given_up=retry_given_up)
    create_markdown_artifact(_crawl_summary([report]), key=f"crawl-{site.id}",
                             description=f"crawl of {site.id}")
    return {"site": site.id, **report.counts(), "by_reason": report.by_reason(),
            "circuit_open": report.circuit_open, "retried": report.retried,
            "queued": report.queued}


@flow(name="crawl-all")
def crawl_all(since: str | None = None, full: bool = False, db: str = str(store.DEFAULT_DB),
              raw: str = "outputs/raw", registry: str | None = None,
              retry_failed: bool = False) -> list[dict[str, Any]]:
    """Crawl every enabled site of the registry, one subflow per site (each also tries
    its failed URLs that are due)."""
    from pipeline.sites import registry as reg

    results = [crawl_site(site.id, since=since, full=full, db=db, raw=raw, registry=registry,
                          retry_failed=retry_failed)
               for site in reg.load(registry) if site.enabled]
    lines = ["# Nightly crawl", "", "| site | new | changed | failed | given up |",
             "|---|---|---|---|---|"]
    lines += [f"| {r['site']} | {r['new']} | {r['changed']} | {r['failed']} | "
              f"{r['given_up']} |" for r in results]
    create_markdown_artifact("\n".join(lines), key="crawl-all-summary")
    return results


def _ensure_domain_limit(host: str) -> None:
    """Create the ``crawl:<host>`` global concurrency limit (1 slot) if it is missing."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(f"crawl:{host}")
        except ObjectNotFound:
            with suppress(ObjectAlreadyExists):  # another run created it meanwhile
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=f"crawl:{host}", limit=1))


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
