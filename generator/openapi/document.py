"""Walking an OpenAPI document's operations, and the one fix every reader needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.openapi.pointers import pointer

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
Where = tuple[str | int, ...]  # the path of a node, for `pointer(*where)`


def operations(spec: dict[str, Any]) -> Iterator[tuple[dict[str, Any], Where]]:
    """Every operation with where it sits: (`{...}`, ("paths", "/iot/v2/things", "get"))."""
    for path, item in (spec.get("paths") or {}).items():
        for method in METHODS:
            operation = (item or {}).get(method)
            if isinstance(operation, dict):
                yield operation, ("paths", path, method)


def string_response_codes(spec: dict[str, Any]) -> list[str]:
    """Response codes written as YAML integers (`200:`), as some copies of the spec have
    them, become strings. Returns the pointer of each `responses` it changed."""
    fixed = []
    for operation, where in operations(spec):
        responses = operation.get("responses")
        if isinstance(responses, dict) and any(not isinstance(c, str) for c in responses):
            operation["responses"] = {str(code): value for code, value in responses.items()}
            fixed.append(pointer(*where, "responses"))
    return fixed
