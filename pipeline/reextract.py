"""Re-extract stored documents: their stored text through ``process``, facts replaced.

When the rules change, ``EXTRACTOR_VERSION`` changes with them, and every document read
by another version is stale. ``reextract(db)`` hands each stale ``Document`` (its text as
converted, never converted again) to ``pipeline.process`` and replaces its header fields
and facts in one transaction per document. A document whose extraction fails keeps its
old facts and is reported; the others go on. So does one whose new facts cannot be
written (``DatabaseBusy``: another process held the write lock too long): each
transaction waits for the lock, so a re-extraction may run while documents are ingested.

An orchestrator: it ties the process step to the store.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlite_utils import Database

from pipeline.errors import CchcError
from pipeline.process import Failure, Prepared
from pipeline.process.many import process_many
from pipeline.store.locking import database_name
from pipeline.store.records import load_document, replace_facts, stale_documents

log = logging.getLogger(__name__)


def reextract(db: Database, *, force: bool = False,
              on_document: Callable[[str], None] | None = None,
              on_failure: Callable[[Failure], None] | None = None,
              jobs: int | None = 1, on_start: Callable[[int], None] | None = None,
              ) -> dict[str, int]:
    """Re-run the current extractors over stale documents (every one with ``force``).

    Returns ``{"reextracted": n, "current": m}``; each document that failed is logged and
    passed to ``on_failure`` (``cchc reextract`` lists them and exits 1). ``on_start``
    hears how many documents are stale before the first; ``jobs`` worker processes
    extract side by side (``pipeline.process.many``) while this thread writes.
    """
    from extractors import EXTRACTOR_VERSION

    ids = stale_documents(db, EXTRACTOR_VERSION, force=force)
    counts = {"reextracted": 0, "current": db["documents"].count - len(ids)}
    if on_start:
        on_start(len(ids))
    if database_name(db) == ":memory:":
        jobs = 1
    documents = (load_document(db, document_id) for document_id in ids)
    for document_id, (_, result) in zip(ids, process_many(documents, jobs=jobs),
                                        strict=True):
        if isinstance(result, Prepared):
            try:
                replace_facts(db, document_id, result.extraction)
                counts["reextracted"] += 1
            except CchcError as e:
                result = Failure(document_id, e.problem, type(e))
        if isinstance(result, Failure):
            log.warning("%s", result)
            if on_failure:
                on_failure(result)
        if on_document:
            on_document(document_id)
    return counts
