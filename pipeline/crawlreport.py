"""What one site's crawl did, in counts and in words, for the CLI, Prefect and ``crawl_runs``.

Every failure is counted by a short reason ("timeout", "http 503", "robots.txt", "off
site", "retry later" …) and kept with its detail; a URL given up this run (tried on
``max_attempts`` runs) is listed apart, since a person must look at it. Messages are
one line whatever a server sent: a URL or detail with a newline or an ESC sequence is
escaped (``pipeline.errors.one_line``) wherever it is shown or stored.

>>> report = CrawlReport("langson-snv")
>>> report.counts()                      # doctest: +NORMALIZE_WHITESPACE
{'new': 0, 'changed': 0, 'unchanged': 0, 'skipped': 0, 'failed': 0, 'files': 0,
 'given_up': 0}
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import asdict, dataclass, field, replace

from pipeline.errors import CchcError, one_line

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CrawlFailure:
    """One URL that failed: its reason to count by ("timeout", "error page") and detail
    (one line); ``attempts`` once it is given up."""

    url: str
    reason: str
    detail: str
    attempts: int | None = None

    def shown(self) -> dict:
        """The failure as stored and printed: its URL escaped to one line too."""
        return {**asdict(self), "url": one_line(self.url)}


@dataclass
class CrawlReport:
    """What one site's crawl did: counts by outcome and every failure with its reason."""

    site: str
    outcomes: Counter = field(default_factory=Counter)
    files: Counter = field(default_factory=Counter)
    failures: list[CrawlFailure] = field(default_factory=list)
    given_up: list[CrawlFailure] = field(default_factory=list)
    retries: int = 0            # HTTP retries within the run
    requests: int = 0
    circuit_open: bool = False
    stopped_at_known: str | None = None
    run_id: int | None = None
    retried: int = 0            # queued URLs tried again this run
    queued: int = 0             # failed URLs waiting for a later run, after this one
    given_up_before: int = 0    # given up on earlier runs, still in the queue

    def fail(self, url: str, error: CchcError) -> CrawlFailure:
        failure = CrawlFailure(url, reason_of(error), one_line(error.problem))
        self.failures.append(failure)
        log.warning("%s: %s: %s", self.site, one_line(url), failure.detail)
        return failure

    def give_up(self, failure: CrawlFailure, attempts: int) -> None:
        self.given_up.append(replace(failure, attempts=attempts))
        log.error("%s: given up after %d attempts: %s", self.site, attempts,
                  one_line(failure.url))

    def by_reason(self) -> dict[str, int]:
        return dict(Counter(f.reason for f in self.failures))

    def counts(self) -> dict[str, int]:
        keys = ("new", "changed", "unchanged", "skipped")
        return {**{k: self.outcomes[k] for k in keys}, "failed": len(self.failures),
                "files": sum(self.files.values()), "given_up": len(self.given_up)}

    @property
    def ok(self) -> bool:
        return not self.failures and not self.circuit_open

    def summary(self) -> dict:
        """The ``crawl_runs`` columns of this report."""
        return {**self.counts(), "failures": {
            "by_reason": self.by_reason(),
            "items": [f.shown() for f in self.failures],
            "given_up": [f.shown() for f in self.given_up]},
            "retries": self.retries, "requests": self.requests,
            "circuit_open": int(self.circuit_open), "retried": self.retried,
            "queued": self.queued}


def reason_of(error: CchcError) -> str:
    """A short failure reason to count by: "timeout", "http 503", "error page" …"""
    reason = getattr(error, "reason", None)
    if reason:
        return reason
    status = getattr(error, "status", None)
    if status is not None:
        return f"http {status}"
    return re.sub(r"(?<!^)([A-Z])", r" \1", type(error).__name__).lower()
