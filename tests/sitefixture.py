"""A small misbehaving web site on 127.0.0.1 for crawler tests.

Routes map a path to a list of canned answers served in turn (the last one repeats), so
a test can say "503 first, then the page" or "hang longer than the time-out". An answer
with an ETag is answered ``304 Not Modified`` to a request whose If-None-Match matches
it, as a real server would::

    with LocalSite({"/a": [Answer(503), Answer(200, b"ok")]}) as site:
        site.url("/a")

An answer with ``trickle_s`` sends its body one byte at a time, that many seconds apart
(a portal behind a throttled link that never quite times out).

Every request is recorded (path, headers, time) for the test to check what was asked.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    trickle_s: float = 0.0


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


class LocalSite:
    """A threaded HTTP server on a free loopback port, serving canned answers."""

    def __init__(self, routes: dict[str, list[Answer] | Answer | bytes]) -> None:
        self.routes: dict[str, list[Answer]] = {}
        for path, answers in routes.items():
            self.set(path, answers)
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)

    def set(self, path: str, answers: list[Answer] | Answer | bytes) -> None:
        if isinstance(answers, bytes):
            answers = Answer(200, answers, {"Content-Type": "text/html; charset=utf-8"})
        self.routes[path] = list(answers) if isinstance(answers, list) else [answers]

    def url(self, path: str = "/", host: str | None = None) -> str:
        """The URL of ``path``; ``host="localhost"`` names the same server by another
        host name (a "foreign" host for a site registered on 127.0.0.1)."""
        address, port = self.server.server_address[:2]
        return f"http://{host or address}:{port}{path}"

    def hits(self, path: str) -> int:
        return sum(r.path == path for r in self.requests)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(Request(handler.path, dict(handler.headers), time.monotonic()))
            answers = self.routes.get(handler.path.split("#")[0])
            if answers is None:
                answer = Answer(404, b"<html><body>Not found</body></html>")
            else:
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if answer.delay_s:
            time.sleep(answer.delay_s)
        etag = answer.headers.get("ETag")
        if etag and handler.headers.get("If-None-Match") == etag:
            answer = Answer(304, b"", {"ETag": etag})
        try:
            handler.send_response(answer.status)
            for k, v in answer.headers.items():
                handler.send_header(k, v)
            handler.send_header("Content-Length", str(len(answer.body)))
            handler.end_headers()
            if answer.trickle_s:
                for i in range(len(answer.body)):
                    handler.wfile.write(answer.body[i:i + 1])
                    handler.wfile.flush()
                    time.sleep(answer.trickle_s)
            else:
                handler.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
