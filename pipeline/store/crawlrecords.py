"""The crawler's rows: what was fetched, what each run did, which file hangs off which page.

The crawler decides "known" and "changed" from these rows and nothing else:

- an item is *known* when its URL has a fetch that was accepted (``ok = 1``: an HTTP 200
  that was not an error page); the listing stops there unless ``--full``;
- an item *changed* when the sha256 of its body differs from its last accepted fetch, so
  a page the server re-sends byte for byte is never converted or extracted again;
- conditional GET reuses the ETag / Last-Modified of that last accepted fetch, and
  ``listed_date`` is the date the listing showed when it was fetched (another date on a
  later listing means the item changed);
- a URL that failed waits in ``crawl_retries`` (see ``pipeline.retryqueue``) until a run
  fetches it or it is given up.

``CrawlRecords(db)`` is what ``pipeline.crawl`` is given to remember with (it never
imports the store itself):

>>> records = CrawlRecords(open_db(":memory:"))                     # doctest: +SKIP
>>> records.last_ok_fetch("https://snv.langson.gov.vn/tin/1.html")  # doctest: +SKIP
None
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from pipeline.store.records import now


@dataclass(frozen=True)
class CrawlRecords:
    """The crawler's rows of one database: fetches, crawl runs and attachments."""

    db: Database

    def last_ok_fetch(self, url: str) -> dict[str, Any] | None:
        """The newest accepted fetch of ``url`` (its sha256, etag, last_modified), or None."""
        rows = self.db.execute(
            "SELECT sha256, etag, last_modified, fetched_at, listed_date FROM fetches "
            "WHERE url = ? AND ok = 1 ORDER BY id DESC LIMIT 1", [url]).fetchall()
        if not rows:
            return None
        keys = ("sha256", "etag", "last_modified", "fetched_at", "listed_date")
        return dict(zip(keys, rows[0], strict=True))

    def is_known(self, url: str) -> bool:
        """True when ``url`` was fetched before and accepted as an item."""
        return self.last_ok_fetch(url) is not None

    def record_fetch(self, row: dict[str, Any]) -> int:
        """Insert one ``fetches`` row (headers as JSON) and return its id."""
        row = dict(row)
        if isinstance(row.get("headers"), dict):
            row["headers"] = json.dumps(row["headers"], ensure_ascii=False, sort_keys=True)
        with self.db.atomic():
            return self.db["fetches"].insert(row).last_pk

    def mark_fetch(self, fetch_id: int, *, ok: bool, error: str | None = None) -> None:
        """Set whether a fetched body was accepted (and why not)."""
        with self.db.atomic():
            self.db["fetches"].update(fetch_id, {"ok": int(ok), "error": error})

    def link_attachment(self, row: dict[str, Any]) -> None:
        """Record (or refresh) that the file ``row['url']`` hangs off ``row['page_url']``."""
        values = {**row, "fetched_at": now()}
        with self.db.atomic():
            found = self.db.execute(
                "SELECT id FROM attachments WHERE page_url = ? AND url = ?",
                [row["page_url"], row["url"]]).fetchone()
            if found:
                self.db["attachments"].update(found[0], values)
            else:
                self.db["attachments"].insert(values)

    def relink_attachment(self, page_url: str, url: str) -> None:
        """Link an already-kept file to one more page (the same PDF attached to two
        notices), copying what is known of it from its newest link."""
        rows = self.db.execute(
            "SELECT sha256, filename, content_type, format, bytes, document_id, site "
            "FROM attachments WHERE url = ? ORDER BY id DESC LIMIT 1", [url]).fetchall()
        if not rows:
            return
        keys = ("sha256", "filename", "content_type", "format", "bytes", "document_id",
                "site")
        self.link_attachment({"page_url": page_url, "url": url,
                              **dict(zip(keys, rows[0], strict=True))})

    def start_run(self, site: str, *, since: str | None, full: bool,
                  max_items: int | None) -> int:
        """A ``crawl_runs`` row for a run that has begun; returns its id."""
        with self.db.atomic():
            return self.db["crawl_runs"].insert({
                "site": site, "started_at": now(), "since": since, "full": int(full),
                "max_items": max_items}).last_pk

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        """Store a run's summary (counts, failures by reason as JSON)."""
        values = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v
                  for k, v in summary.items()}
        with self.db.atomic():
            self.db["crawl_runs"].update(run_id, {**values, "finished_at": now()})


    # -- the retry queue ----------------------------------------------------------------
    def queued(self, site: str, url: str) -> dict[str, Any] | None:
        """The ``crawl_retries`` row of a URL that failed, or None."""
        rows = list(self.db["crawl_retries"].rows_where("site = ? AND url = ?", [site, url]))
        return rows[0] if rows else None

    def queue(self, row: dict[str, Any]) -> None:
        """Write a failed URL's row (one per site and URL)."""
        with self.db.atomic():
            self.db["crawl_retries"].upsert(row, pk=("site", "url"))

    def unqueue(self, site: str, url: str) -> None:
        """A URL fetched and accepted leaves the queue."""
        with self.db.atomic():
            self.db.execute("DELETE FROM crawl_retries WHERE site = ? AND url = ?",
                            [site, url])

    def due(self, site: str, at: str, *, include_given_up: bool = False
            ) -> list[dict[str, Any]]:
        """The site's failed URLs due at ``at`` (and those given up, when asked), the
        longest waiting first."""
        where = "site = ? AND (given_up_at IS NULL AND next_try_at <= ?"
        where += " OR given_up_at IS NOT NULL)" if include_given_up else ")"
        return list(self.db["crawl_retries"].rows_where(
            where, [site, at], order_by="first_failed_at, url"))

    def queue_counts(self, site: str) -> dict[str, int]:
        """How many of the site's failed URLs wait for a later run, and how many were
        given up."""
        waiting, given_up = self.db.execute(
            "SELECT count(*) - count(given_up_at), count(given_up_at) FROM crawl_retries "
            "WHERE site = ?", [site]).fetchone()
        return {"queued": waiting, "given_up": given_up}


def attachments_of(db: Database, page_url: str) -> list[dict[str, Any]]:
    """The files linked from ``page_url``, in the order they were recorded."""
    return list(db["attachments"].rows_where("page_url = ?", [page_url], order_by="id"))
