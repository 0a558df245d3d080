"""Typed errors of the Integrations API (hand-written part of the generated client).

Everything a call can fail with is an `ApiError`:

    ApiError                    .operation, .status (None without a response), .body, .retry_after
    ├── NoResponse              no (complete) answer; .maybe_processed says whether it may
    │   ├── ConnectionFailed    have reached the server (never for a refused connection)
    │   └── TimedOut
    ├── UnexpectedResponse      a status or body the spec does not describe (not JSON, an
    │                           HTML page, the wrong shape)
    ├── ClientError             4xx: Unauthorized, Forbidden, NotFound, Conflict, RateLimited
    ├── ServerError             5xx
    └── AuthenticationError     the token endpoint: InvalidCredentials, AuthUnavailable

The API answers errors with goa's error object, `{id, code, status, detail, meta}`, under any
media type (also `text/plain` and success types), so errors are read by status code. Nothing
secret (tokens, client secrets) ever appears in these exceptions: bodies are cut short, and
token fields in them are hidden.
"""

from __future__ import annotations

import email.utils
import json
import re
import time
from typing import Any

import httpx

from .json_value import JsonValue

EXCERPT = 200  # characters of a body kept in an error
_SECRET = re.compile(r'("(?:access_token|refresh_token|id_token|client_secret)"\s*:\s*)"[^"]*"')


class ApiError(Exception):
    """A call that failed, for whatever reason."""

    status: int | None = None
    retry_after: float | None = None  # seconds the API asked to wait, when it said

    def __init__(self, operation: str, message: str, *, body: str = "") -> None:
        self.operation = operation
        self.body = body
        super().__init__(f"{operation}: {message}")


class NoResponse(ApiError):
    """The request got no complete answer."""

    def __init__(self, operation: str, message: str, *, maybe_processed: bool) -> None:
        super().__init__(operation, message)
        self.maybe_processed = maybe_processed


class ConnectionFailed(NoResponse):
    """The connection could not be made, or broke."""


class TimedOut(NoResponse):
    """No answer in time (the `timeout` of an attempt, or the `deadline` of the call)."""


class UnexpectedResponse(ApiError):
    """An answer the spec does not describe: a body that is not the documented JSON, or a
    status that is neither a success nor an error."""

    def __init__(self, operation: str, message: str, response: httpx.Response) -> None:
        super().__init__(operation, message, body=excerpt(response))
        self.status = response.status_code


class StatusError(ApiError):
    """An error status, with goa's error fields when the body has them."""

    def __init__(self, operation: str, response: httpx.Response) -> None:
        fields = _error_fields(response)
        self.status = response.status_code
        self.id: str | None = _text(fields.get("id"))
        self.code: str | None = _text(fields.get("code"))
        self.detail: str | None = _text(fields.get("detail"))
        self.meta: JsonValue = fields.get("meta")
        self.retry_after = retry_after(response)
        reason = self.detail or self.code or httpx.codes.get_reason_phrase(self.status)
        super().__init__(operation, f"{self.status} {reason}", body=excerpt(response))


class ClientError(StatusError):
    """4xx: the request was wrong."""


class Unauthorized(ClientError):
    """401: the token was refused, also after fetching a new one."""


class Forbidden(ClientError):
    """403: the credentials lack a scope or the organization."""


class NotFound(ClientError):
    """404."""


class Conflict(ClientError):
    """409: it exists already (a create that went through before?)."""


class RateLimited(ClientError):
    """429: too many requests, still after the retries, or `retry_after` was too long."""


class ServerError(StatusError):
    """5xx: the API failed."""


class AuthenticationError(ApiError):
    """The token endpoint did not give a token."""


class InvalidCredentials(AuthenticationError):
    """The token endpoint refused the client id and secret: check them."""


class AuthUnavailable(AuthenticationError):
    """The token endpoint could not be reached or did not answer with a token: try later."""


_BY_STATUS: dict[int, type[StatusError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    429: RateLimited,
}


def error_for(operation: str, response: httpx.Response) -> ApiError:
    """The typed error of a response that is not a success, whatever its media type says."""
    status = response.status_code
    if status < 400:
        return UnexpectedResponse(operation, f"unexpected status {status}", response)
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else ClientError)
    return kind(operation, response)


def excerpt(response: httpx.Response) -> str:
    """The start of a body, for an error message, with token fields hidden."""
    try:
        text = response.content[: EXCERPT * 4].decode("utf-8", "replace")
    except httpx.ResponseNotRead:
        return ""
    text = _SECRET.sub(r'\1"<hidden>"', " ".join(text.split()))
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def retry_after(response: httpx.Response, now: float | None = None) -> float | None:
    """The response's Retry-After in seconds: a number, or an HTTP date."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _error_fields(response: httpx.Response) -> dict[str, Any]:
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
