"""Typed errors of the Integrations API (hand-written part of the generated client).

The API answers errors with goa's error object, `{id, code, status, detail, meta}`, under
any media type (also `text/plain` and success types), so errors are read by status code.
Nothing secret (tokens, client secrets) ever appears in these exceptions.
"""

from __future__ import annotations

import json
from typing import Any

import httpx


class ApiError(Exception):
    """A response with status 400 or more."""

    def __init__(self, status: int, operation: str, body: dict[str, Any]) -> None:
        self.status = status
        self.operation = operation
        self.id: str | None = body.get("id")
        self.code: str | None = body.get("code")
        self.detail: str | None = body.get("detail")
        self.meta: Any = body.get("meta")
        text = self.detail or self.code or httpx.codes.get_reason_phrase(status)
        super().__init__(f"{operation}: {status} {text}")


class ClientError(ApiError):
    """4xx: the request was wrong."""


class Unauthorized(ClientError):
    """401: bad or expired credentials."""


class Forbidden(ClientError):
    """403: the credentials lack a scope or the organization."""


class NotFound(ClientError):
    """404."""


class RateLimited(ClientError):
    """429: too many requests, even after the retries."""


class ServerError(ApiError):
    """5xx: the API failed."""


class AuthenticationError(Exception):
    """The token endpoint refused the client credentials."""


_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    429: RateLimited,
}


def error_for(status: int, operation: str, content: bytes) -> ApiError:
    """The typed error of an error response, whatever its media type says."""
    try:
        body = json.loads(content or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    kind = _BY_STATUS.get(status) or (ServerError if status >= 500 else ClientError)
    return kind(status, operation, body)
