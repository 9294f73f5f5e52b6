"""The retry queue: a URL that failed is tried again on later runs, then given up, loudly.

Why a queue: a run lists a site only down to the first item it already knows, so an item
that failed once ("Thông báo kết quả giải quyết TTHC quý I", a 500 on the night the portal
was down) sits below known items the next night and would never be listed again. Each
failed URL is a ``crawl_retries`` row instead (item, attachment or listing page, with what
a later run needs: its page, the listing's title and date), and every run tries the rows
that are due; ``cchc crawl --retry-failed`` tries only those.

When a row is due again, after its k-th failure (``RetryPolicy`` from the registry's
``max_attempts`` and ``retry_backoff_h``):

- k = 1: at the next run (a portal down for a night is usually back the next);
- k ≥ 2: ``retry_backoff_h`` × 2^(k-2) hours later (6 h, 12 h, 24 h … by default);
- never before the server's Retry-After, when it asked for longer;
- k = ``max_attempts``: given up: no longer tried, reported in that run's summary and exit
  code, and kept (``given_up_at``) for a person to look at (``--retry-given-up``).

A run counts as due what is due up to ``DUE_GRACE`` after it starts: a nightly cron that
starts at 02:00 still tries the URL that failed at 02:05 the night before with a day to
wait, rather than leaving it for the night after.

A URL fetched and accepted leaves the queue.

>>> when = datetime(2024, 4, 2, 22, 0, tzinfo=UTC)
>>> [schedule(k, when, RetryPolicy(4, 6.0)) for k in (1, 2, 4)]  # doctest: +NORMALIZE_WHITESPACE
[Next(next_try_at='2024-04-02T22:00:00+00:00', given_up=False),
 Next(next_try_at='2024-04-03T04:00:00+00:00', given_up=False),
 Next(next_try_at=None, given_up=True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pipeline.sites.registry import Site

KINDS = ("item", "attachment", "listing")
DUE_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class Target:
    """One URL a step works on, with what a later run needs to try it again."""

    url: str
    kind: str  # one of KINDS
    page_url: str | None = None  # the item page an attachment hangs from
    title: str | None = None  # the listing's title and date of an item
    listed_date: date | None = None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how far apart a failed URL is tried (the registry's settings)."""

    max_attempts: int = 5
    backoff_h: float = 6.0

    @classmethod
    def of(cls, site: Site) -> RetryPolicy:
        return cls(site.max_attempts, site.retry_backoff_h)


@dataclass(frozen=True)
class Next:
    """When a failed URL is due again (None once it is given up)."""

    next_try_at: str | None
    given_up: bool


def stamp(when: datetime) -> str:
    """The queue's time format, which sorts as text: ``2024-04-02T22:00:00+00:00``."""
    return when.astimezone(UTC).isoformat(timespec="seconds")


def due_at(started: datetime) -> str:
    """The ``stamp`` up to which a run that began at ``started`` tries queued URLs."""
    return stamp(started + DUE_GRACE)


def schedule(attempts: int, now: datetime, policy: RetryPolicy,
             retry_after_s: float | None = None) -> Next:
    """When to try again after the ``attempts``-th failure (see the module docstring)."""
    if attempts >= policy.max_attempts:
        return Next(None, True)
    wait = timedelta(hours=policy.backoff_h * 2 ** (attempts - 2)) if attempts >= 2 \
        else timedelta(0)
    if retry_after_s is not None:
        wait = max(wait, timedelta(seconds=retry_after_s))
    return Next(stamp(now + wait), False)


def is_due(row: dict[str, Any], at: str, include_given_up: bool = False) -> bool:
    """Whether a queue row is tried by a run that tries up to ``at`` (``due_at``)."""
    if row.get("given_up_at"):
        return include_given_up
    return row.get("next_try_at") is None or row["next_try_at"] <= at


def queue_row(site_id: str, target: Target, *, reason: str, error: str,
              status: int | None, previous: dict[str, Any] | None, now: datetime,
              policy: RetryPolicy, retry_after_s: float | None = None,
              counts: bool = True, run_id: int | None = None) -> dict[str, Any]:
    """The ``crawl_retries`` row after one more failure of ``target``.

    ``counts=False`` queues a URL that was not really tried (its host's circuit had
    opened): no attempt is added, and a known schedule is kept."""
    prev = previous or {}
    attempts = int(prev.get("attempts") or 0) + (1 if counts else 0)
    if counts:
        nxt = schedule(attempts, now, policy, retry_after_s)
    else:
        nxt = Next(prev.get("next_try_at") or stamp(now), bool(prev.get("given_up_at")))
    given_up_at = prev.get("given_up_at") or (stamp(now) if nxt.given_up else None)
    return {
        "site": site_id, "url": target.url, "kind": target.kind,
        "page_url": target.page_url, "title": target.title,
        "listed_date": target.listed_date.isoformat() if target.listed_date else None,
        "reason": reason, "error": error, "status": status, "attempts": attempts,
        "first_failed_at": prev.get("first_failed_at") or stamp(now),
        "last_failed_at": stamp(now), "next_try_at": nxt.next_try_at,
        "given_up_at": given_up_at, "run_id": run_id,
    }


def target_of(row: dict[str, Any]) -> Target:
    """The target a queue row stands for."""
    listed = row.get("listed_date")
    return Target(row["url"], row.get("kind") or "item", row.get("page_url"),
                  row.get("title"), date.fromisoformat(listed) if listed else None)
