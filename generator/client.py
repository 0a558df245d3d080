"""Typed Python clients for the Integrations API: our normalising pass, then
openapi-python-client (pinned) driven from Python with a config we write."""

from __future__ import annotations

import copy
import json
import re
import shlex
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import UserError
from generator.spec_diff import METHODS, pointer

PACKAGE = "arduino_iot_api"
PROJECT = "arduino-iot-api"


@dataclass(frozen=True)
class Fix:
    pointer: str
    message: str


def normalise(spec: dict[str, Any]) -> tuple[dict[str, Any], list[Fix]]:
    """A copy of `spec` that openapi-python-client accepts and names readably, with every fix."""
    spec = copy.deepcopy(spec)
    fixes: list[Fix] = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            operation = (item or {}).get(method)
            if isinstance(operation, dict):
                _operation(operation, ("paths", path, method), fixes)
    for name, schema in (spec.get("components", {}).get("schemas") or {}).items():
        _drop_titles(schema, ("components", "schemas", name), fixes)
    return spec, fixes


def _operation(operation: dict[str, Any], where: tuple[str, ...], fixes: list[Fix]) -> None:
    responses = operation.get("responses") or {}
    if any(not isinstance(code, str) for code in responses):
        operation["responses"] = {str(code): value for code, value in responses.items()}
        fixes.append(Fix(pointer(*where, "responses"), "integer response codes written as strings"))
    original = operation.get("operationId", "")
    group, _, name = original.partition("#")
    if not name:
        return
    # `things_v2#GetStatusEvents` -> function `get_status_events` in group `things_v2`.
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    if (operation.get("tags") or [None])[0] != group:
        tag_fix = f"tag {operation.get('tags')} -> {group!r}"
        fixes.append(Fix(pointer(*where, "tags"), tag_fix))
        operation["tags"] = [group]
    operation["operationId"] = snake
    fixes.append(
        Fix(pointer(*where, "operationId"), f"operationId {original} -> {snake} in {group}")
    )


def _drop_titles(schema: Any, where: tuple[str | int, ...], fixes: list[Fix]) -> None:
    """Class names come from schema keys: titles ("Mediatype identifier: …") flip."""
    if isinstance(schema, dict):
        if isinstance(schema.get("title"), str):
            fixes.append(Fix(pointer(*where, "title"), f"title {schema.pop('title')!r} dropped"))
        for key, value in schema.items():
            _drop_titles(value, (*where, key), fixes)
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            _drop_titles(value, (*where, index), fixes)


def generate_client(spec: dict[str, Any], output: Path) -> list[Fix]:
    """Generate the client package into `output` (an installable project)."""
    from openapi_python_client import generate
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    normalised, fixes = normalise(spec)
    ruff = shlex.quote(str(find_ruff_bin()))
    config_file = ConfigFile(
        project_name_override=PROJECT,
        package_name_override=PACKAGE,
        use_path_prefixes_for_title_model_names=False,
        post_hooks=[f"{ruff} check --fix-only --extend-select=I .", f"{ruff} format ."],
    )
    with tempfile.TemporaryDirectory(prefix="cloudgen-client-") as folder:
        document = Path(folder) / "openapi.json"
        document.write_text(json.dumps(normalised, default=str))  # YAML dates become text
        config = Config.from_sources(config_file, MetaType.SETUP, document, "utf-8", True, output)
        errors = generate(config=config)
    problems = [
        e for e in errors if getattr(e, "level", None) is not None and e.level.value == "error"
    ]
    if problems:
        raise UserError.single(output, "; ".join(f"{e.header}: {e.detail}" for e in problems))
    return fixes
