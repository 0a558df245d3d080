"""The fake Arduino Cloud (`fake_api.FakeCloud`) served over HTTP on 127.0.0.1, one thread
per connection, with its faults: an error status before or after applying a request, or
a connection dropped once it is applied."""

from __future__ import annotations

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fake_api import TOKEN_PATH, FakeCloud, Recorded, Refused


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a stuck connection is closed, so a test cannot hang on it

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _serve(self) -> None:
        fake = self.server.fake
        url = urllib.parse.urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with fake.lock:
            record = Recorded(self.command, url.path, url.query, dict(self.headers.items()), body)
            fake.requests.append(record)
            if fake.on_request is not None:
                fake.on_request(record)
            fault = next(
                (f for f in fake.faults if f.times and f.matches(self.command, url.path)), None
            )
            if fault is not None:
                fault.times -= 1
            try:
                if fault is not None and not (fault.after or fault.drop):
                    raise Refused(fault.status, "injected fault", "injected")
                if url.path == TOKEN_PATH:
                    status, answer = 200, fake.issue_token(urllib.parse.parse_qs(body.decode()))
                elif not fake.authorised(self.headers.get("Authorization", "")):
                    raise Refused(401, "token expired or missing", "unauthorized")
                else:
                    query = urllib.parse.parse_qs(url.query)
                    result = fake.handle(self.command, url.path, query, body)
                    status, answer = result if isinstance(result, tuple) else (200, result)
                if fault is not None and fault.drop:
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                if fault is not None:
                    raise Refused(fault.status, "injected fault after applying", "injected")
            except Refused as refused:
                status = refused.status
                answer = {
                    "id": "fake",
                    "code": refused.code,
                    "status": status,
                    "detail": refused.detail,
                }
            record.status, record.answer = status, answer
        self._answer(status, answer)

    def _answer(self, status: int, answer: Any) -> None:
        data = b"" if answer is None else json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_PUT = do_POST = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    fake: FakeCloud
    daemon_threads = True


class Running:
    """The fake, serving on 127.0.0.1 until `close`."""

    def __init__(self, fake: FakeCloud) -> None:
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.fake = fake
        fake.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.fake = fake
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
