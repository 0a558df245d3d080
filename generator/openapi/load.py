"""Reads an OpenAPI spec: a file, or `REV:path` from git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import yaml

from generator.core.diagnostics import UserError
from generator.openapi.document import string_response_codes

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_spec(source: str, *, fix_codes: bool = True) -> tuple[str, dict[str, Any]]:
    """(display name, spec) for a path or a `REV:path` git revision of a path."""
    path = Path(source)
    if path.exists() or ":" not in source:
        try:
            return source, parse_spec(path.read_bytes(), source, fix_codes=fix_codes)
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
    return source, parse_spec(shown, source, fix_codes=fix_codes)


def parse_spec(raw: bytes, display: str, *, fix_codes: bool = True) -> dict[str, Any]:
    """The spec's data; with `fix_codes`, integer response codes become strings silently
    (the client's normaliser passes False, to report each fix itself)."""
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
    if fix_codes:
        string_response_codes(data)
    return data
