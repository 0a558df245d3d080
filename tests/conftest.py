from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, cloudgen, copy_example_project, pinned_spec

pytest_plugins = ("guard",)  # tests write nothing into the repository


@pytest.fixture(scope="session")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example project generated three ways: as configured, all legacy, all modern."""
    builds = {}
    for style in (None, "legacy", "modern"):
        root = copy_example_project(tmp_path_factory.mktemp(f"examples-{style}"), style)
        result = cloudgen("generate", "--quiet", cwd=root)
        assert result.exit_code == 0, result.output
        builds[style or "configured"] = root
    return builds


@pytest.fixture(scope="session")
def example_config() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = yaml.safe_load((REPO / "cloudgen.yaml").read_text())[
        "things"
    ]
    return entries


@pytest.fixture(scope="session")
def client_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The typed client generated from the pinned spec (an installable project)."""
    output = tmp_path_factory.mktemp("client") / "arduino-iot-api"
    result = cloudgen("client", "--spec", pinned_spec(), "-o", output)
    assert result.exit_code == 0, result.output
    return output


@pytest.fixture(scope="session")
def api(client_project: Path) -> Iterator[Any]:
    """The generated client's package, imported."""
    sys.path.insert(0, str(client_project))
    try:
        yield importlib.import_module("arduino_iot_api")
    finally:
        sys.path.remove(str(client_project))
