"""The fake's side of "the fake cannot drift from the real API": every request it got is
replayed against Prism serving the pinned spec (which checks paths, queries, headers and
bodies), and every answer it gave is checked against the spec's response schema."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import httpx
import yaml
from fake_api import Recorded
from helpers import pinned_spec

UUID = re.compile(r"^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$")


@cache
def spec() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(pinned_spec().read_text(encoding="utf-8"))
    return data


def prism_problems(prism_url: str, requests: list[Recorded]) -> list[str]:
    """What Prism finds wrong with each request, as the fake received it."""
    problems = []
    keep = ("Content-Type", "X-Organization")
    for request in requests:
        headers = {k: v for k, v in request.headers.items() if k in keep}
        headers["Authorization"] = "Bearer prism"
        url = f"{prism_url}{request.path}" + (f"?{request.query}" if request.query else "")
        answer = httpx.request(
            request.method, url, content=request.body, headers=headers, timeout=30
        )
        violations = json.loads(answer.headers.get("sl-violations", "[]"))
        if answer.status_code == 422:
            violations += [{**v, "location": ["request"]} for v in answer.json()["validation"]]
        found = [v["message"] for v in violations if v["location"][0] == "request"]
        if found or answer.status_code >= 400:
            problems.append(f"{request.method} {request.path}: {answer.status_code} {found}")
    return problems


def answer_problems(requests: list[Recorded]) -> list[str]:
    """Where the fake's answers do not fit the spec's response schemas."""
    problems = []
    for request in requests:
        operation = _operation(request.method, request.path)
        if operation is None:
            problems.append(f"{request.method} {request.path}: not in the spec")
            continue
        response = operation["responses"].get(str(request.status))
        if response is None:
            problems.append(
                f"{request.method} {request.path}: status {request.status} not in the spec"
            )
            continue
        response = _resolve(response)
        content = response.get("content")
        if request.answer is None or not content:
            continue
        schema = next(iter(content.values()))["schema"]
        where = f"{request.method} {request.path} {request.status}"
        problems += _check(schema, request.answer, where)
    return problems


def _operation(method: str, path: str) -> dict[str, Any] | None:
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template.rstrip("/")) + "/?$"
        if re.match(pattern, path) and method.lower() in item:
            operation: dict[str, Any] = item[method.lower()]
            return operation
    return None


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _check(schema: dict[str, Any], value: Any, where: str) -> list[str]:
    schema = _resolve(schema)
    kind = schema.get("type")
    expected = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "integer": int,
        "number": (int, float),
    }.get(kind or "")
    if expected is None:
        return []
    if not isinstance(value, expected) or (
        kind in ("integer", "number") and isinstance(value, bool)
    ):
        return [f"{where}: expected {kind}, found {value!r}"]
    if kind == "string" and schema.get("format") == "uuid" and not UUID.match(value):
        return [f"{where}: expected a uuid, found {value!r}"]
    if kind == "array":
        return [
            p
            for i, item in enumerate(value)
            for p in _check(schema.get("items", {}), item, f"{where}[{i}]")
        ]
    if kind != "object":
        return []
    problems = [f"{where}: missing {key}" for key in schema.get("required", []) if key not in value]
    for key, sub in schema.get("properties", {}).items():
        if key in value:
            problems += _check(sub, value[key], f"{where}.{key}")
    return problems
