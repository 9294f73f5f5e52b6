"""Where one request may go and how long it may take: checked on every hop.

A portal answers ``302 Location: …`` and a client that follows redirects by itself would
go wherever it is told: into a folder robots.txt forbids, to another host whose robots.txt
nobody read, to ``http://127.0.0.1:8080/admin`` inside the crawler's own network. So the
fetcher follows redirects itself, and every hop meets the same three checks as a first
request:

- ``Scope.refusal(url)``: an http(s) URL on one of the site's hosts (the registry's
  ``base_url`` host, its ``hosts`` and, for attached files, its ``attachment_hosts``);
- robots.txt of the hop's host (in ``pipeline.fetch``);
- the address actually connected to: ``GuardedBackend`` resolves the host name itself,
  refuses loopback, private, link-local and other non-public addresses unless the site
  allows them (``allow_private_addresses``: a test site on 127.0.0.1, an intranet), and
  connects to the address it checked (a name cannot resolve to a public address for the
  check and to 10.0.0.1 for the connection).

The same backend enforces a total deadline per request: each read and write may wait only
what is left of it, so a server that trickles one byte every 13 s cannot hold a request
for minutes under a per-read time-out of 30 s.

>>> Scope(frozenset({"snv.langson.gov.vn"})).refusal("ftp://snv.langson.gov.vn/a.pdf")
"scheme 'ftp' is not http(s)"
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from pipeline.sites.registry import host_name


@dataclass(frozen=True)
class Scope:
    """The hosts one site's requests may go to (empty: any host), and whether non-public
    addresses are allowed. Host names compare without port, case or a trailing dot."""

    hosts: frozenset[str] = frozenset()
    allow_private: bool = False

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be requested, in words, or None when it may."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not http(s)"
        host = host_name(url)
        if not host:
            return "the URL names no host"
        if self.hosts and host not in self.hosts:
            return f"host {host} is not one of the site's ({', '.join(sorted(self.hosts))})"
        return None


# -- the guard of the request under way ------------------------------------------------------
class AddressRefused(Exception):
    """The host resolves to an address the site may not reach (loopback, private …)."""


class DeadlineExceeded(Exception):
    """The request as a whole took longer than its deadline."""


@dataclass(frozen=True)
class Guard:
    """The limits of the request under way: when it must be over, which addresses."""

    deadline: float  # time.monotonic()
    allow_private: bool

    def left(self, timeout: float | None) -> float:
        """What a read or write may wait: its own time-out, at most what is left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise DeadlineExceeded("deadline passed")
        return left if timeout is None else min(timeout, left)


_guard: ContextVar[Guard | None] = ContextVar("cchc_fetch_guard", default=None)


@contextmanager
def guarded(deadline_s: float, allow_private: bool) -> Iterator[Guard]:
    """Run one request under a deadline and an address rule (per thread)."""
    guard = Guard(time.monotonic() + deadline_s, allow_private)
    token = _guard.set(guard)
    try:
        yield guard
    finally:
        _guard.reset(token)


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def checked_addresses(host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses of ``host``; ``AddressRefused`` when one is not public and the site
    does not allow that (a name resolving to both is refused: it is one host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from e
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        refused = [a for a in addresses if not _public(a)]
        if refused:
            raise AddressRefused(f"{host} resolves to a non-public address "
                                 f"({', '.join(refused)})")
    return addresses


class GuardedStream(httpcore.NetworkStream):
    """A connection whose reads and writes wait at most what the deadline leaves."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._within(lambda t: self._inner.read(max_bytes, t), timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._within(lambda t: self._inner.write(buffer, t), timeout)

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._within(
            lambda t: self._inner.start_tls(ssl_context, server_hostname, t), timeout)
        return GuardedStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    @staticmethod
    def _within(call: Any, timeout: float | None) -> Any:
        guard = _guard.get()
        if guard is None:
            return call(timeout)
        try:
            return call(guard.left(timeout))
        except httpcore.TimeoutException as e:
            if guard.deadline <= time.monotonic():
                raise DeadlineExceeded("deadline passed") from e
            raise


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, connected only to checked addresses, under the guard."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        guard = _guard.get()
        allow = guard.allow_private if guard else False
        last: Exception | None = None
        for address in checked_addresses(host, port, allow):
            try:
                stream = self._inner.connect_tcp(
                    address, port, guard.left(timeout) if guard else timeout,
                    local_address, socket_options)
            except httpcore.ConnectError as e:  # the next address of the name may answer
                last = e
                continue
            return GuardedStream(stream)
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise AddressRefused("unix sockets are not crawled")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over ``GuardedBackend``.

    httpx does not take a network backend, so the connection pool it builds is replaced
    by the same pool over ours (``_pool`` is httpx's name for it; a test fetches through
    this transport and would fail if that changed)."""

    def __init__(self) -> None:
        super().__init__(trust_env=False)
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=20,
                              keepalive_expiry=5.0)  # httpx's own defaults
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry, network_backend=GuardedBackend())
