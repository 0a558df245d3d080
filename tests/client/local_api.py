"""A fake Integrations API served over real HTTP on 127.0.0.1, with scripted failures.

It answers the token endpoint and any API path; a test scripts what the next requests get
(`script`): a status with headers and a body, a delay before the answer (a read timeout for
a client with a shorter timeout), or a dropped connection. Every request is recorded. It
is bounded in time: answers wait at most `MAX_DELAY`, and the server stops with the test.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

MAX_DELAY = 5.0
SECRET = "s3cret-value-never-shown"
THING = {
    "id": "3f0a2c1e-7b3d-4e5f-8a9b-1c2d3e4f5a6b",
    "name": "Greenhouse",
    "href": "/iot/v2/things/3f0a2c1e-7b3d-4e5f-8a9b-1c2d3e4f5a6b",
    "timezone": "UTC",
    "user_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
}


@dataclass
class Answer:
    status: int = 200
    body: bytes | str | Any = b""  # bytes or text as they are; anything else as JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    drop: bool = False  # close the connection without answering

    def encoded(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LocalApi:
    """What the server answers and what it was sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.script: list[Answer] = []  # API answers to give first, in order
        self.token_script: list[Answer] = []  # the same for the token endpoint
        self.requests: list[Seen] = []
        self.token_requests: list[Seen] = []
        self.tokens = 0
        self.token_delay = 0.0  # every token answer waits this long (concurrency tests)
        self.default = Answer(200, [THING], {"Content-Type": "application/json"})
        self.url = ""

    def api(self, seen: Seen) -> Answer:
        with self.lock:
            self.requests.append(seen)
            if self.script:
                return self.script.pop(0)
        if seen.headers.get("Authorization") != f"Bearer token-{self.tokens}":
            return Answer(401, {"code": "unauthorized", "detail": "bad token", "status": 401})
        return self.default

    def token(self, seen: Seen) -> Answer:
        with self.lock:
            self.token_requests.append(seen)
            if self.token_script:
                return self.token_script.pop(0)
        form = {key: values[0] for key, values in parse_qs(seen.body.decode()).items()}
        if form.get("client_secret") != SECRET or form.get("audience") != f"{self.url}/iot":
            return Answer(401, {"error": "invalid_client"}, {"Content-Type": "application/json"})
        _pause(self.token_delay)
        with self.lock:
            self.tokens += 1
            token = f"token-{self.tokens}"
        return Answer(200, {"access_token": token, "expires_in": 300, "token_type": "bearer"})


def _pause(seconds: float) -> None:
    """Not time.sleep, which the tests of retries replace to record the client's waits."""
    if seconds > 0:
        threading.Event().wait(seconds)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def _serve(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = Seen(self.command, self.path, dict(self.headers), body)
        app = self.server.app
        answer = app.token(seen) if self.path == "/iot/v1/clients/token" else app.api(seen)
        _pause(min(answer.delay, MAX_DELAY))
        if answer.drop:
            self.close_connection = True
            return
        content = answer.encoded()
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: LocalApi

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (a timeout under test) closed its end: not news


@contextmanager
def local_api() -> Iterator[LocalApi]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.app = LocalApi()
    server.app.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.app
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
