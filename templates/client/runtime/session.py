"""What `ArduinoCloud` and `AsyncArduinoCloud` share (hand-written part of the generated
client): the settings, the transport pipeline, how a call is sent and its answer read, and
closing. cloud.py adds the API versions and their groups.

A call of the facade (`cloud.v2.things.list()`) builds its request from the raw function's
arguments and sends it straight through the pipeline: it needs none of httpx.Client's
machinery (cookies, redirects, event hooks), which costs more than the request itself.
`cloud.client` is an `AuthenticatedClient` over the same pipeline, for the raw functions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from types import TracebackType
from typing import Any, Generic, Self, TypeVar
from urllib.parse import quote_plus

import httpx

from .client import AuthenticatedClient
from .exceptions import UnexpectedResponse, error_for
from .retry import ROUTE, UNKNOWN, RetryPolicy, Route
from .transport import AsyncPipeline, ClientCredentials, Pipeline

DEFAULT_BASE_URL = "https://api2.arduino.cc"
BASE_URL_VARIABLE = "ARDUINO_IOT_API_URL"  # the API's compatibility policy: keep it configurable
RATE_LIMITS = {"free": 1.0, "paid": 10.0}  # requests per second of the plans
T = TypeVar("T")
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
Parse = Callable[..., T | None]
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")  # what quote_plus leaves as it is
URL_CACHE = 256  # distinct URLs kept parsed
MALFORMED = (ValueError, TypeError, KeyError, AttributeError)  # a body that is not the model


class _Base(Generic[TransportT]):
    def __init__(
        self,
        client_id: str,
        client_secret: str,
        organization: str | None = None,
        base_url: str | None = None,
        *,
        rate_limit: float | str | None = None,
        retries: int = 4,
        timeout: float = 30.0,
        deadline: float = 120.0,
        max_retry_wait: float = 60.0,
        transport: TransportT | None = None,
    ) -> None:
        """`organization` selects a shared space; `rate_limit` is requests per second, or
        "free" (1/s) or "paid" (10/s). `retries` is the number of attempts in all; `timeout`
        is per attempt, `deadline` for the whole call; a `Retry-After` over `max_retry_wait`
        seconds is not waited for. `transport` (an httpx transport, never closed by the
        client) replaces the network, e.g. to set a proxy."""
        self.base_url = (base_url or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL).rstrip(
            "/"
        )
        rate = RATE_LIMITS[rate_limit] if isinstance(rate_limit, str) else rate_limit
        self.policy = RetryPolicy(retries, max_wait=max_retry_wait, deadline=deadline, rate=rate)
        self.credentials = ClientCredentials(
            client_id,
            client_secret,
            f"{self.base_url}/iot/v1/clients/token",
            f"{self.base_url}/iot",
            organization,
        )
        self.timeout = httpx.Timeout(timeout)
        self._timeouts = self.timeout.as_dict()
        self._headers = {"User-Agent": _user_agent()}  # no Accept: answers are vendor types
        if organization:
            self._headers["X-Organization"] = organization
        self._closed = False
        self._urls: dict[str, httpx.URL] = {}
        self.client = AuthenticatedClient(
            base_url=self.base_url, token="", headers=self._headers, timeout=self.timeout
        )
        self._connect(transport)

    def _connect(self, transport: TransportT | None) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _request(self, arguments: dict[str, Any]) -> httpx.Request:
        if self._closed:
            raise RuntimeError(f"{type(self).__name__} is closed")
        url = self.base_url + arguments["url"]
        if params := arguments.get("params"):
            url += "?" + "&".join(pair for item in params.items() for pair in _pairs(*item))
        headers = arguments.get("headers")
        return httpx.Request(
            arguments["method"],
            self._url(url),
            headers={**self._headers, **headers} if headers else self._headers,
            json=arguments.get("json"),
            files=arguments.get("files"),
            data=arguments.get("data"),
            content=arguments.get("content"),
            extensions={"timeout": dict(self._timeouts)},
        )

    def _url(self, text: str) -> httpx.URL:
        """`text` parsed, once per distinct URL: httpx's parser checks every character, which
        costs more than the rest of building a request; polling one URL parses it once."""
        url = self._urls.get(text)
        if url is None:
            if len(self._urls) >= URL_CACHE:
                self._urls.clear()
            url = self._urls[text] = httpx.URL(text)
        return url

    def _check(self, request: httpx.Request, response: httpx.Response) -> str:
        """The operation's name, once `response` is known to be a success."""
        route: Route = request.extensions.get(ROUTE, UNKNOWN)
        if not 200 <= response.status_code < 300:
            raise error_for(route.operation, response)
        return route.operation

    def _read(self, request: httpx.Request, response: httpx.Response, parse: Parse[T]) -> T:
        operation = self._check(request, response)
        try:
            value = parse(client=self.client, response=response)
        except MALFORMED as error:
            message = f"the {response.status_code} answer is not what the spec says ({error})"
            raise UnexpectedResponse(operation, message, response) from error
        if value is None:
            message = f"the spec describes no body for status {response.status_code}"
            raise UnexpectedResponse(operation, message, response)
        return value


class Session(_Base[httpx.BaseTransport]):
    """The synchronous calls. Close it when done (`with ArduinoCloud(...) as cloud:`)."""

    def _connect(self, transport: httpx.BaseTransport | None) -> None:
        inner = transport or httpx.HTTPTransport()
        self.pipeline = Pipeline(inner, self.policy, self.credentials, owns=transport is None)
        self.client.set_httpx_client(
            httpx.Client(
                base_url=self.base_url,
                headers=self._headers,
                timeout=self.timeout,
                transport=self.pipeline,
                trust_env=False,  # no proxy transports from the environment around the pipeline
            )
        )

    def call(self, arguments: dict[str, Any], parse: Parse[T]) -> T:
        """Send the request of a raw function's `_get_kwargs` and read its answer with the
        function's `_parse_response`: the parsed body, or a typed `ApiError`."""
        request = self._request(arguments)
        return self._read(request, self.pipeline.handle_request(request), parse)

    def send(self, arguments: dict[str, Any]) -> None:
        """`call` for an operation whose answer has no body."""
        request = self._request(arguments)
        self._check(request, self.pipeline.handle_request(request))

    def close(self) -> None:
        """Close the connections (not a transport that was given to it)."""
        self._closed = True
        self.client.get_httpx_client().close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncSession(_Base[httpx.AsyncBaseTransport]):
    """The asyncio calls. It can be used in several event loops (one `asyncio.run` after
    another). Close it when done (`async with AsyncArduinoCloud(...) as cloud:`)."""

    def _connect(self, transport: httpx.AsyncBaseTransport | None) -> None:
        self.pipeline = AsyncPipeline(transport, self.policy, self.credentials)
        self.client.set_async_httpx_client(
            httpx.AsyncClient(
                base_url=self.base_url,
                headers=self._headers,
                timeout=self.timeout,
                transport=self.pipeline,
                trust_env=False,  # no proxy transports from the environment around the pipeline
            )
        )

    async def call(self, arguments: dict[str, Any], parse: Parse[T]) -> T:
        """`Session.call`, awaited."""
        request = self._request(arguments)
        return self._read(request, await self.pipeline.handle_async_request(request), parse)

    async def send(self, arguments: dict[str, Any]) -> None:
        """`Session.send`, awaited."""
        request = self._request(arguments)
        self._check(request, await self.pipeline.handle_async_request(request))

    async def aclose(self) -> None:
        """Close the connections of the running event loop (not a transport that was given)."""
        self._closed = True
        await self.pipeline.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _pairs(key: str, value: Any) -> list[str]:
    """A query parameter as httpx writes it: booleans `true`/`false`, lists repeated; text
    quoted unless it needs no quoting (most of it: `false`, ids, numbers)."""
    values = value if isinstance(value, list | tuple) else (value,)
    texts = ("true" if v is True else "false" if v is False else str(v) for v in values)
    return [f"{_quoted(key)}={_quoted(text)}" for text in texts]


def _quoted(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else quote_plus(text)


def _user_agent() -> str:
    from . import __version__

    return f"arduino-iot-api/{__version__} (cloudgen) httpx/{httpx.__version__}"
