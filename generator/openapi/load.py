"""Reads an OpenAPI spec for `cloudgen spec diff`: a file, or `REV:path` from git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from generator.core.diagnostics import UserError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(source: str) -> tuple[str, dict[str, Any]]:
    """(display name, spec) for a path or a `REV:path` git revision of a path."""
    path = Path(source)
    if path.exists() or ":" not in source:
        try:
            return source, parse_spec(path.read_bytes(), source)
        except OSError as error:
            raise UserError.single(source, f"cannot read the spec: {error.strerror}") from None
    revision, _, name = source.partition(":")
    try:
        shown = subprocess.run(
            ["git", "show", f"{revision}:{name}"], capture_output=True, check=True, timeout=60
        ).stdout
    except subprocess.CalledProcessError as error:
        problem = error.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError.single(
            source, f"git cannot show it: {problem[-1] if problem else 'unknown'}"
        ) from None
    except (OSError, subprocess.TimeoutExpired):
        raise UserError.single(source, "git is needed to read a REV:path spec") from None
    return source, parse_spec(shown, source)


def parse_spec(raw: bytes, display: str) -> dict[str, Any]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError.single(display, "the spec is not UTF-8 text") from None
    try:
        data = (
            json.loads(text) if text.lstrip().startswith("{") else yaml.load(text, Loader=_Loader)
        )
    except (ValueError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(error, "lineno", 1)
        raise UserError.single(
            display, f"the spec does not parse: {error}".splitlines()[0], line
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("paths"), dict):
        raise UserError.single(display, "not an OpenAPI document (no paths mapping)")
    return _normalise(data)


def _normalise(spec: dict[str, Any]) -> dict[str, Any]:
    """Response codes as strings: some copies of the spec write them as YAML integers."""
    for item in spec["paths"].values():
        for operation in (item or {}).values():
            if isinstance(operation, dict) and isinstance(operation.get("responses"), dict):
                operation["responses"] = {str(k): v for k, v in operation["responses"].items()}
    return spec
