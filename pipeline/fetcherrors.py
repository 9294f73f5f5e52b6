"""What can go wrong fetching a URL, one class a reason the crawl report counts by.

Each error names the URL the crawl asked for (``source``) and the problem in one line;
when a redirect hop failed, the problem says which: ``http://…/tin/1.html: redirect to
http://…/private/secret.html: disallowed by robots.txt``. Refusals (``OffSite``,
``PrivateAddress``, ``RobotsDisallowed``, ``TooManyRedirects``) are cchc's own rules and
never reach the server; ``RetryLater`` is the server's "come back tomorrow".
"""

from __future__ import annotations

from pipeline.errors import CchcError, one_line


class FetchError(CchcError):
    """A URL that could not be fetched (after any retries), naming the URL and why; the
    problem is one line whatever the server sent. ``reason`` is what reports count by."""

    reason: str | None = None

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(source, one_line(problem))


class HttpStatusError(FetchError):
    def __init__(self, url: str, status: int, where: str = "") -> None:
        super().__init__(url, f"{where}HTTP {status}")
        self.status = status


class FetchTimeout(FetchError):
    """Connect or read time-out, after retries."""

    reason = "timeout"


class OverDeadline(FetchError):
    """The request as a whole took longer than ``deadline_s`` (a trickling server)."""

    reason = "deadline"


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL (or a hop of its redirects) to our User-Agent."""

    reason = "robots.txt"


class OffSite(FetchError):
    """The URL or a hop of its redirects is not an http(s) URL on the site's hosts."""

    reason = "off site"


class PrivateAddress(FetchError):
    """The URL's host resolves to a loopback, private or link-local address the site
    does not allow."""

    reason = "private address"


class TooManyRedirects(FetchError):
    reason = "redirects"


class RetryLater(FetchError):
    """The server asked to wait longer than cchc waits within a run (Retry-After):
    ``retry_after_s`` says when a later run may try again."""

    reason = "retry later"

    def __init__(self, url: str, problem: str, retry_after_s: float) -> None:
        super().__init__(url, problem)
        self.retry_after_s = retry_after_s


class CircuitOpen(FetchError):
    """The host failed too often in a row; it is skipped for the rest of the run."""

    reason = "circuit open"


class TooLarge(FetchError):
    """The body is over the size limit."""

    reason = "too large"
