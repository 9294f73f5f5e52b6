"""A bug met on one document is reported with that document's name, and the batch goes
on with the next (ingest, re-extraction, the Prefect batches, cchc extract). The bug is
injected into the real extraction by a stage that fails on one marker text."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import runner
from pipeline import store
from pipeline.convert import convert_path
from pipeline.errors import InternalError
from pipeline.ingest import ingest
from pipeline.process import Failure, Fetched, Prepared, process
from pipeline.reextract import reextract
from schemas import Extraction


@pytest.fixture
def buggy_stage(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bug is patched into this process, so documents are processed here too
    (``CCHC_ISOLATE=0``); ``test_a_bug_in_the_worker_...`` covers the worker."""
    monkeypatch.setenv("CCHC_ISOLATE", "0")

    def explode(ctx):
        if "GÂY LỖI" in ctx.text:
            raise ZeroDivisionError("division by zero")
        return ctx.procedures

    monkeypatch.setattr(runner, "STAGES", (*runner.STAGES,
                                           runner.Stage("bug", explode, assigns="procedures")))


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    good = tmp_path / "a.txt"
    good.write_text("Căn cứ Quyết định số 86/QĐ-SCT ngày 18/8/2021 của Sở Công Thương.",
                    encoding="utf-8")
    bad = tmp_path / "b.txt"
    bad.write_text("Văn bản GÂY LỖI ngày 01/01/2024.", encoding="utf-8")
    return [bad, good]


def test_process_reports_the_bug_and_goes_on(buggy_stage, files) -> None:
    bad, good = [process(f) for f in files]
    assert isinstance(bad, Failure) and bad.source == str(files[0])
    assert bad.problem.startswith("internal error (ZeroDivisionError")
    assert isinstance(good, Prepared)


def test_a_bug_in_the_worker_is_that_documents_failure() -> None:
    """A bug met in the worker process (bytes where the fetcher promised bytes but gave
    text) comes back as the document's internal error, and the next document is fine."""
    bad = process(Fetched("not bytes", "https://a.gov.vn/x"))  # type: ignore[arg-type]
    assert isinstance(bad, Failure) and bad.kind is InternalError
    assert bad.source == "https://a.gov.vn/x" and bad.problem.startswith("internal error (")
    good = process(Fetched("Căn cứ Quyết định số 86/QĐ-SCT ngày 18/8/2021.".encode(),
                           "https://a.gov.vn/y"))
    assert isinstance(good, Prepared)


def test_ingest_reports_the_bug_and_stores_the_rest(buggy_stage, files, tmp_path) -> None:
    report = ingest(files, store.open_db(tmp_path / "c.db"))
    assert report.outcomes["stored"] == 1
    assert [(src, problem.split(" (")[0]) for src, problem in report.failures] == [
        (str(files[0]), "internal error")]


def test_reextract_reports_the_bug_and_replaces_the_rest(buggy_stage, files, tmp_path) -> None:
    """The failing document keeps its old facts; the other one is re-extracted."""
    db = store.open_db(tmp_path / "c.db")
    for path in files:
        doc = convert_path(path)
        store.store(db, doc, Extraction(text=doc.text, extractor_version="old"))
    failed: list[Failure] = []
    assert reextract(db, on_failure=failed.append) == {"reextracted": 1, "current": 0}
    assert [(f.source, f.problem.split(" (")[0]) for f in failed] == [
        (str(files[0]), "internal error")]
    versions = dict(db.execute("SELECT source, extractor_version FROM documents").fetchall())
    assert versions[str(files[0])] == "old" and versions[str(files[1])] != "old"


def test_crawl_reports_a_bug_on_a_listing_page_and_finishes(tmp_path) -> None:
    """A listing page whose parsing hits a bug ends that listing, counted as a failure of
    its URL; the run is recorded and nothing is raised."""
    from pipeline import crawl, harvest
    from pipeline.fetch import Fetcher, FetchPolicy
    from pipeline.raw import RawStore
    from pipeline.sites.registry import Site

    def buggy_listing(ctx, url):
        raise KeyError("selector table")

    site = Site(id="loopback", province="Lạng Sơn", body="Sở Nội vụ", family="generic",
                base_url="http://127.0.0.1:9/", start_urls=["http://127.0.0.1:9/tin-tuc/"])
    with Fetcher(FetchPolicy(delay_s=0)) as fetcher:
        report = harvest.crawl_site(site, store.open_db(tmp_path / "c.db"), fetcher,
                                    RawStore(tmp_path / "raw"),
                                    steps=crawl.Steps(buggy_listing, crawl.crawl_item))
    assert [(f.url, f.reason) for f in report.failures] == [
        ("http://127.0.0.1:9/tin-tuc/", "internal error")]
    assert "KeyError" in report.failures[0].detail
