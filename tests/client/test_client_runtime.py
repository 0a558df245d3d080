"""The client's runtime layer: OAuth2, retries, rate limit, typed errors, grouped access.

The API and its token endpoint are served in-process (httpx.MockTransport), so every
request is counted and checked; the token flow is also run against the same fake served
over real HTTP on 127.0.0.1, through httpx's own transports.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

THING = {
    "id": "3f0a2c1e-7b3d-4e5f-8a9b-1c2d3e4f5a6b",
    "name": "Greenhouse",
    "href": "/iot/v2/things/3f0a",
    "timezone": "UTC",
    "user_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
}


class Server:
    """A fake API: a token endpoint and /iot/v2/things, with scripted failures."""

    def __init__(self, expires_in: int = 300) -> None:
        self.expires_in = expires_in
        self.tokens = 0
        self.requests: list[httpx.Request] = []
        self.script: list[httpx.Response] = []  # answers to use before the normal ones
        self.lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            if request.url.path == "/iot/v1/clients/token":
                form = dict(x.split("=") for x in request.content.decode().split("&"))
                if form.get("client_secret") != "s3cret":
                    return httpx.Response(401, json={"error": "invalid_client"})
                assert (
                    unquote(form["audience"])
                    == f"{request.url.scheme}://{request.url.netloc.decode()}/iot"
                )
                self.tokens += 1
                return httpx.Response(
                    200, json={"access_token": f"t{self.tokens}", "expires_in": self.expires_in}
                )
            self.requests.append(request)
            if self.script:
                return self.script.pop(0)
        if request.headers.get("Authorization") != f"Bearer t{self.tokens}":
            return httpx.Response(
                401, json={"code": "unauthorized", "detail": "token expired", "status": 401}
            )
        if request.url.path == "/iot/v2/things":
            return httpx.Response(200, json=[THING], headers={"Content-Type": "application/json"})
        return httpx.Response(
            404,
            text=json.dumps(
                {"id": "x1", "code": "not_found", "detail": "no such thing", "status": 404}
            ),
            headers={"Content-Type": "text/plain"},
        )


def cloud(api: Any, server: Server, **options: Any) -> Any:
    return api.ArduinoCloud(
        "id",
        "s3cret",
        base_url="https://api.test",
        transport=httpx.MockTransport(server),
        **options,
    )


def test_grouped_calls_with_one_token_and_the_organization_header(api: Any) -> None:
    server = Server()
    client = cloud(api, server, organization="org-7")
    things = client.v2.things.list()
    assert [t.name for t in things] == ["Greenhouse"]
    client.v2.things.list()
    assert server.tokens == 1
    assert all(r.headers["X-Organization"] == "org-7" for r in server.requests)
    assert "list" in dir(client.v2.things)
    with pytest.raises(AttributeError, match="no operation 'frobnicate'"):
        client.v2.things.frobnicate  # noqa: B018


def test_errors_are_typed_whatever_the_media_type(api: Any) -> None:
    client = cloud(api, Server())
    with pytest.raises(api.exceptions.NotFound) as caught:
        client.v2.things.show(id="nope")
    assert (
        caught.value.status == 404
        and caught.value.detail == "no such thing"
        and caught.value.id == "x1"
    )
    assert "s3cret" not in repr(caught.value) and "Bearer" not in str(caught.value)


def test_token_refreshed_before_expiry_and_once_on_a_401(api: Any) -> None:
    server = Server(expires_in=31)  # expires (minus the margin) after 1 s
    client = cloud(api, server)
    clock = [0.0]
    client.auth._clock = lambda: clock[0]
    client.v2.things.list()
    clock[0] = 2.0
    client.v2.things.list()
    assert server.tokens == 2
    server.script.append(httpx.Response(401, json={"code": "unauthorized"}))
    client.v2.things.list()  # the 401 makes it fetch a new token and try once more
    assert server.tokens == 3
    assert "s3cret" not in repr(client.auth)


def test_one_refresh_under_twenty_concurrent_calls(api: Any) -> None:
    server = Server()
    client = cloud(api, server)
    threads = [threading.Thread(target=client.v2.things.list) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert server.tokens == 1 and len(server.requests) == 20

    async_server = Server()
    async_client = api.AsyncArduinoCloud(
        "id", "s3cret", base_url="https://api.test", transport=httpx.MockTransport(async_server)
    )

    async def many() -> list[Any]:
        return await asyncio.gather(*(async_client.v2.things.list() for _ in range(20)))

    assert len(asyncio.run(many())) == 20 and async_server.tokens == 1


def test_bad_credentials_give_a_clear_error(api: Any) -> None:
    client = api.ArduinoCloud(
        "id", "wrong", base_url="https://api.test", transport=httpx.MockTransport(Server())
    )
    with pytest.raises(
        api.exceptions.AuthenticationError, match="check client_id and client_secret"
    ) as caught:
        client.v2.things.list()
    assert "wrong" not in str(caught.value)


def test_retries_follow_the_method_and_retry_after(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(api.transport.time, "sleep", slept.append)
    server = Server()
    client = cloud(api, server)
    server.script += [httpx.Response(503), httpx.Response(429, headers={"Retry-After": "2"})]
    assert client.v2.things.list()  # GET: retried after the 503 and the 429
    assert 2.0 in slept and len(server.requests) == 3
    server.script += [httpx.Response(503)]
    with pytest.raises(api.exceptions.ServerError):
        # things_v2#update is a POST in this API: not idempotent, so no retry on a 5xx
        client.v2.things.update(id=THING["id"], body=api.models.ThingUpdate(name="x"))
    server.script += [httpx.Response(503)] * 5
    with pytest.raises(api.exceptions.ServerError):
        client.v2.things.list()  # bounded: 4 tries
    assert len(server.requests) == 3 + 1 + 4


def test_base_url_from_the_environment_and_rate_limit_presets(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARDUINO_IOT_API_URL", "https://api.test/")
    server = Server()
    client = api.ArduinoCloud(
        "id", "s3cret", transport=httpx.MockTransport(server), rate_limit="paid"
    )
    client.v2.things.list()
    assert str(server.requests[0].url).startswith("https://api.test/iot/v2/things")
    policy = api.transport.RetryPolicy(rate=10.0)
    waits = [policy.wait_for_slot() for _ in range(3)]
    assert waits[0] == 0.0 and waits[2] == pytest.approx(0.2, abs=0.02)


class _Bridge(BaseHTTPRequestHandler):
    """Serves a `Server` over real HTTP."""

    server: ThreadingHTTPServer

    def _serve(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        request = httpx.Request(
            self.command,
            f"http://{self.headers['Host']}{self.path}",
            headers=dict(self.headers),
            content=body,
        )
        response = self.server.app(request)  # type: ignore[attr-defined]
        response.read()
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in ("content-length", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.content)))
        self.end_headers()
        self.wfile.write(response.content)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_http() -> Iterator[tuple[Server, str]]:
    """A fresh fake API on 127.0.0.1, and its base URL."""
    app = Server(expires_in=31)  # expires (minus the 30 s margin) after 1 s
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Bridge)
    httpd.app = app  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_token_flow_over_real_http(api: Any, local_http: tuple[Server, str]) -> None:
    app, url = local_http
    client = api.ArduinoCloud("id", "s3cret", base_url=url)
    threads = [threading.Thread(target=client.v2.things.list) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert app.tokens == 1 and len(app.requests) == 20  # one fetch for 20 concurrent calls

    time.sleep(1.1)  # past the token's lifetime (minus the margin): refreshed before use
    assert [t.name for t in client.v2.things.list()] == ["Greenhouse"]
    assert app.tokens == 2
    app.script.append(httpx.Response(401, json={"code": "unauthorized"}))
    client.v2.things.list()  # the 401 makes it fetch a new token and try once more
    assert app.tokens == 3

    async def many() -> list[Any]:
        async_client = api.AsyncArduinoCloud("id", "s3cret", base_url=url)
        return await asyncio.gather(*(async_client.v2.things.list() for _ in range(20)))

    assert len(asyncio.run(many())) == 20 and app.tokens == 4

    wrong = api.ArduinoCloud("id", "wrong", base_url=url)
    with pytest.raises(api.exceptions.AuthenticationError, match="check client_id") as caught:
        wrong.v2.things.list()
    assert "wrong" not in str(caught.value) and "s3cret" not in str(caught.value)
