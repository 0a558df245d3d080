"""When to send a request again (hand-written part of the generated client).

Each operation has a class (routes.py, from the spec and cloudgen's table of the API's
operations): reads, idempotent updates and deletes are retried after a failed connection, a
timeout, a 5xx or a 429; creates and actions (publish, OTA, clone, apply) only when the
request provably did not reach the server (the connection was never made) or was refused
by the rate limit (429), so that a create is never sent twice. `Retry-After` (seconds or an
HTTP date) is honoured up to `max_wait`; a longer one is not waited for, and the error
carries it as `retry_after`. No call takes longer than its `deadline`, retries included.

The decisions are one generator, `RetryPolicy.attempts`, which the sync and the async
transports both drive: it yields how long to wait before each attempt and is sent each
attempt's outcome (a response, or the transport error).
"""

from __future__ import annotations

import logging
import math
import random
import re
import threading
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx

from .exceptions import ConnectionFailed, NoResponse, TimedOut, retry_after
from .routes import REPLAYED, ROUTES

log = logging.getLogger(__package__)
ROUTE = "arduino_iot_api.route"  # the request extension that names the operation
UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)  # never reached the server
TIMEOUTS = (httpx.TimeoutException,)
Outcome = httpx.Response | httpx.TransportError


@dataclass(frozen=True)
class Route:
    operation: str  # the spec's operationId
    retry: str  # read, update, delete, create, action; token for the token endpoint

    @property
    def replayed(self) -> bool:
        return self.retry in REPLAYED or self.retry == "token"


UNKNOWN = Route("unknown operation", "action")  # a path not in the spec: never replayed
TOKEN = Route("token", "token")


class Routes:
    """The route of a request, from its method and path (one regular expression per method)."""

    def __init__(self, table: tuple[tuple[str, str, str, str], ...] = ROUTES) -> None:
        by_method: dict[str, list[tuple[str, Route]]] = {}
        for method, path, operation, retry in table:
            by_method.setdefault(method, []).append((path, Route(operation, retry)))
        self._patterns: dict[str, tuple[re.Pattern[str], list[Route]]] = {}
        for method, entries in by_method.items():
            # Literal segments before parameters: `/devices/claim` wins over `/devices/{id}`.
            entries.sort(key=lambda e: [part.startswith("{") for part in e[0].split("/")])
            alternatives = "|".join(f"({_pattern(path)})" for path, _ in entries)
            self._patterns[method] = (re.compile(f"(?:{alternatives})$"), [r for _, r in entries])

    def match(self, method: str, path: str) -> Route:
        found = self._patterns.get(method)
        start = path.find("/iot/")
        if found is None or start < 0:
            return UNKNOWN
        matched = found[0].match(path, start)
        return found[1][matched.lastindex - 1] if matched and matched.lastindex else UNKNOWN


def _pattern(path: str) -> str:
    return "".join(
        "[^/]+" if part.startswith("{") else re.escape(part)
        for part in re.split(r"(\{[^}]*\})", path)
        if part
    )


class RetryPolicy:
    """How many attempts, how long to wait between them, and a client-side rate limit."""

    def __init__(
        self,
        attempts: int = 4,
        *,
        base: float = 0.5,
        cap: float = 8.0,
        max_wait: float = 60.0,
        deadline: float = 120.0,
        rate: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts, self.base, self.cap = max(1, attempts), base, cap
        self.max_wait, self.deadline = max_wait, deadline
        self.interval = 1.0 / rate if rate else 0.0
        self.clock = clock
        self._next_slot = 0.0
        self._slot_lock = threading.Lock()

    def attempts_of(
        self, request: httpx.Request, route: Route
    ) -> Generator[float, Outcome, httpx.Response]:
        """The decisions for one request: yields the wait before each attempt, is sent each
        outcome; returns the response to give back, or raises the last transport error as a
        `NoResponse`."""
        deadline = self.clock() + self.deadline
        timeouts = dict(request.extensions.get("timeout") or {})
        attempt = 0
        wait = self.wait_for_slot()
        while True:
            attempt += 1
            _bound_timeouts(request, timeouts, deadline - self.clock() - wait)
            outcome = yield wait
            wait_more = self._wait_after(route, attempt, outcome)
            if wait_more is not None and self.clock() + wait_more >= deadline:
                wait_more = None
            if wait_more is None:
                if isinstance(outcome, httpx.Response):
                    return outcome
                raise _no_response(route, outcome) from outcome
            what = outcome.status_code if isinstance(outcome, httpx.Response) else outcome
            log.debug("%s: %r; attempt %d in %.2f s", route.operation, what, attempt + 1, wait_more)
            wait = wait_more + self.wait_for_slot()

    def _wait_after(self, route: Route, attempt: int, outcome: Outcome) -> float | None:
        """Seconds to wait before trying again, or None not to."""
        if attempt >= self.attempts:
            return None
        if isinstance(outcome, httpx.TransportError):
            retried = route.replayed or isinstance(outcome, UNSENT)
            return self.backoff(attempt) if retried else None
        status = outcome.status_code
        if not (status == 429 or (route.replayed and status >= 500 and status != 501)):
            return None
        asked = retry_after(outcome)
        if asked is None:
            return self.backoff(attempt)
        return asked if asked <= self.max_wait else None

    def backoff(self, attempt: int) -> float:
        """Exponential, with full jitter."""
        return random.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))

    def wait_for_slot(self) -> float:
        """Seconds to wait so that requests keep to the rate limit."""
        if not self.interval:
            return 0.0
        with self._slot_lock:
            now = self.clock()
            start = max(now, self._next_slot)
            self._next_slot = start + self.interval
            return start - now


def _bound_timeouts(request: httpx.Request, timeouts: dict[str, float | None], left: float) -> None:
    """No attempt runs past the call's deadline."""
    if timeouts and math.isfinite(left):
        left = max(left, 0.001)
        request.extensions["timeout"] = {
            key: left if value is None else min(value, left) for key, value in timeouts.items()
        }


def _no_response(route: Route, error: httpx.TransportError) -> NoResponse:
    unsent = isinstance(error, UNSENT)
    kind = TimedOut if isinstance(error, TIMEOUTS) else ConnectionFailed
    detail = str(error) or type(error).__name__
    where = error.request.url.host if _has_request(error) else "the API"
    message = (
        f"{'no answer in time from' if kind is TimedOut else 'cannot reach'} {where} ({detail})"
    )
    if not unsent and not route.replayed:
        message += "; it may have been processed: check before sending it again"
    return kind(route.operation, message, maybe_processed=not unsent)


def _has_request(error: httpx.TransportError) -> bool:
    try:
        error.request  # noqa: B018
    except RuntimeError:
        return False
    return True
