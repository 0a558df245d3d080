"""OAuth2 client credentials, retries and a rate limit, as httpx parts (hand-written part
of the generated client)."""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator

import httpx

from .exceptions import AuthenticationError

TOKEN_LIFETIME_MARGIN = 30.0  # refresh this many seconds before the token expires
IDEMPOTENT = {"GET", "HEAD", "PUT", "DELETE", "OPTIONS"}


class ClientCredentials(httpx.Auth):
    """Bearer tokens from the OAuth2 client-credentials flow, fetched on demand, refreshed
    before they expire and once on a 401. One refresh at a time, across threads and tasks."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        token_url: str,
        audience: str,
        transport: httpx.BaseTransport | None = None,
        async_transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "audience": audience,
        }
        self._token_url = token_url
        self._transport, self._async_transport = transport, async_transport
        self._clock = clock
        self._token: str | None = None
        self._expires = 0.0
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.fetches = 0  # how many tokens were fetched (for tests and diagnostics)

    def __repr__(self) -> str:
        return "ClientCredentials(client_id=..., client_secret=<hidden>)"

    def _valid(self, stale: str | None) -> str | None:
        if self._token is not None and self._token != stale and self._clock() < self._expires:
            return self._token
        return None

    def _store(self, response: httpx.Response) -> str:
        if response.status_code >= 400:
            raise AuthenticationError(
                f"the token endpoint refused the client credentials ({response.status_code}); "
                "check client_id and client_secret"
            )
        data = response.json()
        self._token = str(data["access_token"])
        self._expires = self._clock() + float(data.get("expires_in", 300)) - TOKEN_LIFETIME_MARGIN
        self.fetches += 1
        return self._token

    def token(self, stale: str | None = None) -> str:
        with self._lock:
            if (token := self._valid(stale)) is not None:
                return token
            with httpx.Client(transport=self._transport) as client:
                return self._store(client.post(self._token_url, data=self._form))

    async def async_token(self, stale: str | None = None) -> str:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            if (token := self._valid(stale)) is not None:
                return token
            async with httpx.AsyncClient(transport=self._async_transport) as client:
                return self._store(await client.post(self._token_url, data=self._form))

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {self.token(stale=token)}"
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.async_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            request.headers["Authorization"] = f"Bearer {await self.async_token(stale=token)}"
            yield request


class RetryPolicy:
    """Exponential backoff with jitter: connection errors and 5xx for idempotent methods,
    429 for any method (honouring Retry-After); at most `attempts` tries in all."""

    def __init__(
        self, attempts: int = 4, base: float = 0.5, cap: float = 8.0, rate: float | None = None
    ) -> None:
        self.attempts, self.base, self.cap = attempts, base, cap
        self.interval = 1.0 / rate if rate else 0.0  # client-side rate limit
        self._next_slot = 0.0
        self._slot_lock = threading.Lock()

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        retry_after = response.headers.get("Retry-After") if response is not None else None
        if retry_after is not None:
            try:
                return min(float(retry_after), self.cap * 4)
            except ValueError:
                pass
        return random.uniform(0, min(self.cap, self.base * 2**attempt))

    def retryable(self, method: str, response: httpx.Response | None) -> bool:
        if response is None:
            return method in IDEMPOTENT
        return response.status_code == 429 or (response.status_code >= 500 and method in IDEMPOTENT)

    def wait_for_slot(self) -> float:
        """Seconds to wait so that requests keep to the rate limit."""
        if not self.interval:
            return 0.0
        with self._slot_lock:
            now = time.monotonic()
            start = max(now, self._next_slot)
            self._next_slot = start + self.interval
            return start - now


class RetryTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, policy: RetryPolicy) -> None:
        self.inner, self.policy = inner, policy

    @staticmethod
    def sleep(seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self.policy.attempts):
            self.sleep(self.policy.wait_for_slot())
            try:
                response = self.inner.handle_request(request)
            except httpx.TransportError:
                if attempt + 1 == self.policy.attempts or not self.policy.retryable(
                    request.method, None
                ):
                    raise
                self.sleep(self.policy.delay(attempt, None))
                continue
            if attempt + 1 == self.policy.attempts or not self.policy.retryable(
                request.method, response
            ):
                return response
            response.close()
            self.sleep(self.policy.delay(attempt, response))
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, policy: RetryPolicy) -> None:
        self.inner, self.policy = inner, policy

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        for attempt in range(self.policy.attempts):
            await asyncio.sleep(self.policy.wait_for_slot())
            try:
                response = await self.inner.handle_async_request(request)
            except httpx.TransportError:
                if attempt + 1 == self.policy.attempts or not self.policy.retryable(
                    request.method, None
                ):
                    raise
                await asyncio.sleep(self.policy.delay(attempt, None))
                continue
            if attempt + 1 == self.policy.attempts or not self.policy.retryable(
                request.method, response
            ):
                return response
            await response.aclose()
            await asyncio.sleep(self.policy.delay(attempt, response))
        raise AssertionError("unreachable")

    async def aclose(self) -> None:
        await self.inner.aclose()
