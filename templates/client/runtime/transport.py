"""OAuth2 client credentials and retries as httpx transports (hand-written part of the
generated client).

`Pipeline` (and `AsyncPipeline`) wraps the transport that talks to the network: it adds the
bearer token, fetching and refreshing it, and retries as `retry.RetryPolicy` decides. Both
`ArduinoCloud`'s own calls and `httpx.Client`s built on it (`cloud.client`, for the raw
functions) go through it. The token endpoint is called through the same inner transport,
with its own retries; the inner transport is never closed by it.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where it is used: a sync program need not pay for asyncio
    import asyncio

import httpx

from .exceptions import AuthUnavailable, InvalidCredentials, NoResponse, excerpt, retry_after
from .retry import ROUTE, TOKEN, Outcome, RetryPolicy, Route, Routes

TOKEN_LIFETIME_MARGIN = 30.0  # refresh this many seconds before the token expires


class ClientCredentials:
    """Bearer tokens from the OAuth2 client-credentials flow (with the `audience` the API
    needs), fetched on demand, refreshed before they expire and once on a 401. One fetch at a
    time: across threads, and across the tasks of each event loop."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_url: str,
        audience: str,
        organization: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "audience": audience,
        }
        if organization:
            self._form["organization_id"] = organization
        self.token_url = token_url
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._async_locks = weakref.WeakKeyDictionary()
        self.fetches = 0  # how many tokens were fetched (for tests and diagnostics)

    def __repr__(self) -> str:
        return "ClientCredentials(client_id=<hidden>, client_secret=<hidden>)"

    def valid(self, stale: str | None = None) -> str | None:
        """The current token, unless it expired or is `stale` (refused with a 401)."""
        if self._token is not None and self._token != stale and self._clock() < self._expires:
            return self._token
        return None

    def request(self) -> httpx.Request:
        return httpx.Request("POST", self.token_url, data=self._form)

    def store(self, response: httpx.Response) -> str:
        """The token of the token endpoint's answer, kept; or the error that says why not."""
        status = response.status_code
        if status in (400, 401, 403):
            raise InvalidCredentials(
                "token",
                f"the token endpoint refused the client credentials ({status} "
                f"{_oauth_error(response)}): check client_id and client_secret",
                body=excerpt(response),
            )
        if status != 200:
            error = AuthUnavailable(
                "token", f"the token endpoint answered {status}: try again later"
            )
            error.status, error.retry_after = status, retry_after(response)
            raise error
        data = _json(response)
        token = data.get("access_token") if isinstance(data, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthUnavailable("token", "the token endpoint answered without an access_token")
        lifetime = data.get("expires_in", 300) if isinstance(data, dict) else 300
        lifetime = lifetime if isinstance(lifetime, int | float) else 300
        self._token, self._expires = token, self._clock() + lifetime - TOKEN_LIFETIME_MARGIN
        self.fetches += 1
        return token

    def token(
        self, send: Callable[[httpx.Request, Route], httpx.Response], stale: str | None
    ) -> str:
        if (token := self.valid(stale)) is not None:
            return token
        with self._lock:
            if (token := self.valid(stale)) is not None:
                return token
            return self.store(_unavailable_if_unanswered(send, self.request()))

    async def async_token(
        self, send: Callable[[httpx.Request, Route], Awaitable[httpx.Response]], stale: str | None
    ) -> str:
        import asyncio

        if (token := self.valid(stale)) is not None:
            return token
        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop) or self._async_locks.setdefault(loop, asyncio.Lock())
        async with lock:
            if (token := self.valid(stale)) is not None:
                return token
            try:
                response = await send(self.request(), TOKEN)
            except NoResponse as error:
                raise AuthUnavailable("token", f"the token endpoint: {error}") from error
            return self.store(response)


def _unavailable_if_unanswered(
    send: Callable[[httpx.Request, Route], httpx.Response], request: httpx.Request
) -> httpx.Response:
    try:
        return send(request, TOKEN)
    except NoResponse as error:
        raise AuthUnavailable("token", f"the token endpoint: {error}") from error


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _oauth_error(response: httpx.Response) -> str:
    data = _json(response)
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, str) else httpx.codes.get_reason_phrase(response.status_code)


class Pipeline(httpx.BaseTransport):
    """Token, retries and rate limit over `inner`, which it closes only if it `owns` it."""

    def __init__(
        self,
        inner: httpx.BaseTransport,
        policy: RetryPolicy,
        credentials: ClientCredentials,
        *,
        owns: bool,
        routes: Routes | None = None,
    ) -> None:
        self.inner, self.policy, self.credentials, self.owns = inner, policy, credentials, owns
        self.routes = routes or Routes()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        route = self.routes.match(request.method, request.url.path)
        request.extensions[ROUTE] = route
        token = self.credentials.token(self.send, None)
        request.headers["Authorization"] = f"Bearer {token}"
        response = self.send(request, route)
        if response.status_code == 401:  # refused before it was processed: safe to resend
            token = self.credentials.token(self.send, token)
            request.headers["Authorization"] = f"Bearer {token}"
            response = self.send(request, route)
        return response

    def send(self, request: httpx.Request, route: Route) -> httpx.Response:
        """`request` through the retries; the response comes back read."""
        steps = self.policy.attempts_of(request, route)
        wait = next(steps)
        while True:
            if wait > 0:
                time.sleep(wait)
            outcome: Outcome
            try:
                outcome = self.inner.handle_request(request)
                outcome.read()
            except httpx.TransportError as error:
                outcome = error
            try:
                wait = steps.send(outcome)
            except StopIteration as done:
                response: httpx.Response = done.value
                return response
            if isinstance(outcome, httpx.Response):
                outcome.close()

    def close(self) -> None:
        if self.owns:
            self.inner.close()


class AsyncPipeline(httpx.AsyncBaseTransport):
    """`Pipeline` for asyncio. It works in any event loop: a transport of its own (not one it
    was given) is made per loop, as connections cannot move between loops."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None,
        policy: RetryPolicy,
        credentials: ClientCredentials,
        *,
        routes: Routes | None = None,
    ) -> None:
        self.given, self.policy, self.credentials = inner, policy, credentials
        self.routes = routes or Routes()
        self._per_loop: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, httpx.AsyncBaseTransport
        ] = weakref.WeakKeyDictionary()

    def inner(self) -> httpx.AsyncBaseTransport:
        import asyncio

        if self.given is not None:
            return self.given
        loop = asyncio.get_running_loop()
        transport = self._per_loop.get(loop)
        if transport is None:
            transport = self._per_loop[loop] = httpx.AsyncHTTPTransport()
        return transport

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        route = self.routes.match(request.method, request.url.path)
        request.extensions[ROUTE] = route
        token = await self.credentials.async_token(self.send, None)
        request.headers["Authorization"] = f"Bearer {token}"
        response = await self.send(request, route)
        if response.status_code == 401:
            token = await self.credentials.async_token(self.send, token)
            request.headers["Authorization"] = f"Bearer {token}"
            response = await self.send(request, route)
        return response

    async def send(self, request: httpx.Request, route: Route) -> httpx.Response:
        import asyncio

        inner = self.inner()
        steps = self.policy.attempts_of(request, route)
        wait = next(steps)
        while True:
            if wait > 0:
                await asyncio.sleep(wait)
            outcome: Outcome
            try:
                outcome = await inner.handle_async_request(request)
                await outcome.aread()
            except httpx.TransportError as error:
                outcome = error
            try:
                wait = steps.send(outcome)
            except StopIteration as done:
                response: httpx.Response = done.value
                return response
            if isinstance(outcome, httpx.Response):
                await outcome.aclose()

    async def aclose(self) -> None:
        """Closes the transport of the running loop; those of loops that ended are dropped."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        transport = self._per_loop.pop(loop, None)
        if transport is not None:
            await transport.aclose()
