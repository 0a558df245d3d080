from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cloud_setup import CLIENT_ID, SECRET
from fake_api import FakeCloud
from fake_api_server import Running
from helpers import REPO, cloudgen, copy_example_project, pinned_spec
from prism import prism

from generator.cloud.client_package import build_client
from generator.core.paths import SPEC_CACHE

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


@pytest.fixture(scope="session")
def client_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The API client, built once from the pinned spec as `cloudgen cloud` builds it."""
    root = tmp_path_factory.mktemp("cloud-client")
    (root / SPEC_CACHE).parent.mkdir(parents=True)
    shutil.copy(pinned_spec(), root / SPEC_CACHE)
    build_client(root)
    return root / ".cloudgen"


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeCloud]:
    """The fake cloud, serving, with the environment pointing cloudgen at it."""
    cloud = FakeCloud(CLIENT_ID, SECRET)
    running = Running(cloud)
    monkeypatch.setenv("ARDUINO_CLOUD_CLIENT", CLIENT_ID)
    monkeypatch.setenv("ARDUINO_CLOUD_SECRET", SECRET)
    monkeypatch.delenv("ARDUINO_CLOUD_ORGANIZATION", raising=False)
    monkeypatch.setenv("ARDUINO_IOT_API_URL", cloud.url)
    monkeypatch.setenv("CLOUDGEN_RATE_LIMIT", "0")  # the tests count calls instead
    monkeypatch.setenv("CLOUDGEN_CONFIG_DIR", str(tmp_path / "user-config"))
    try:
        yield cloud
    finally:
        running.close()


@pytest.fixture(scope="module")
def prism_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with prism(pinned_spec(), tmp_path_factory.mktemp("prism") / "prism.log") as url:
        yield url
