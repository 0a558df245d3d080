"""`ArduinoCloud` and `AsyncArduinoCloud`: the generated operations grouped by API version
and group, with OAuth2, retries, a rate limit and typed errors (hand-written part of the
generated client).

    cloud = ArduinoCloud(client_id="...", client_secret="...")
    things = cloud.v2.things.list()
    thing = cloud.v2.things.show(id=things[0].id)

The raw per-endpoint functions stay available under `arduino_iot_api.api`.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from typing import Any

import httpx

from .client import Client
from .exceptions import error_for
from .transport import AsyncRetryTransport, ClientCredentials, RetryPolicy, RetryTransport

DEFAULT_BASE_URL = "https://api2.arduino.cc"
BASE_URL_VARIABLE = "ARDUINO_IOT_API_URL"  # the API's compatibility policy: keep it configurable
RATE_LIMITS = {"free": 1.0, "paid": 10.0}  # requests per second of the plans


class _Group:
    """`cloud.v2.things`: the operations of one group of one API version."""

    def __init__(self, package: str, client: Client, asynchronous: bool) -> None:
        self._package, self._client, self._asynchronous = package, client, asynchronous

    def _module(self, name: str) -> Any:
        for candidate in (name, f"{name}_"):  # `list` is generated as `list_`
            try:
                return importlib.import_module(f"{self._package}.{candidate}")
            except ModuleNotFoundError:
                continue
        raise AttributeError(f"{self._package.rsplit('.', 1)[-1]} has no operation {name!r}")

    def __getattr__(self, name: str) -> Any:
        module = self._module(name)
        operation = f"{self._package.rsplit('.', 1)[-1]}.{name}"
        client = self._client

        def call(**arguments: Any) -> Any:
            response = module.sync_detailed(client=client, **arguments)
            if response.status_code >= 400:
                raise error_for(int(response.status_code), operation, response.content)
            return response.parsed

        async def call_async(**arguments: Any) -> Any:
            response = await module.asyncio_detailed(client=client, **arguments)
            if response.status_code >= 400:
                raise error_for(int(response.status_code), operation, response.content)
            return response.parsed

        chosen = call_async if self._asynchronous else call
        setattr(self, name, chosen)  # found once: later lookups do not come here
        return chosen

    def __dir__(self) -> list[str]:
        package = importlib.import_module(self._package)
        return sorted(m.name.rstrip("_") for m in pkgutil.iter_modules(package.__path__))


class _Version:
    def __init__(self, version: str, client: Client, asynchronous: bool) -> None:
        self._version, self._client, self._asynchronous = version, client, asynchronous

    def __getattr__(self, group: str) -> _Group:
        package = f"{__package__}.api.{group}_{self._version}"
        try:
            importlib.import_module(package)
        except ModuleNotFoundError:
            raise AttributeError(f"API {self._version} has no group {group!r}") from None
        found = _Group(package, self._client, self._asynchronous)
        setattr(self, group, found)
        return found


class _Cloud:
    _asynchronous = False

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
        transport: Any = None,
    ) -> None:
        base = (base_url or os.environ.get(BASE_URL_VARIABLE) or DEFAULT_BASE_URL).rstrip("/")
        rate = RATE_LIMITS[rate_limit] if isinstance(rate_limit, str) else rate_limit
        policy = RetryPolicy(attempts=max(1, retries), rate=rate)
        if self._asynchronous:
            inner = transport or httpx.AsyncHTTPTransport()
            wrapped: Any = AsyncRetryTransport(inner, policy)
            self.auth = ClientCredentials(
                client_id,
                client_secret,
                f"{base}/iot/v1/clients/token",
                f"{base}/iot",
                async_transport=transport,
            )
        else:
            inner = transport or httpx.HTTPTransport()
            wrapped = RetryTransport(inner, policy)
            self.auth = ClientCredentials(
                client_id,
                client_secret,
                f"{base}/iot/v1/clients/token",
                f"{base}/iot",
                transport=transport,
            )
        self.client = Client(
            base_url=base,
            headers={"X-Organization": organization} if organization else {},
            timeout=httpx.Timeout(timeout),
            httpx_args={"auth": self.auth, "transport": wrapped},
        )
        self.v1 = _Version("v1", self.client, self._asynchronous)
        self.v2 = _Version("v2", self.client, self._asynchronous)
        self.v3 = _Version("v3", self.client, self._asynchronous)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.client._base_url!r})"


class ArduinoCloud(_Cloud):
    """The Integrations API, synchronously."""


class AsyncArduinoCloud(_Cloud):
    """The Integrations API, with asyncio: `await cloud.v2.things.list()`."""

    _asynchronous = True
