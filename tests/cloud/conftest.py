from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from cloud_setup import CLIENT_ID, SECRET
from fake_api import FakeCloud, Running
from helpers import pinned_spec
from prism import prism

from generator.cloud.client_package import build_client
from generator.core.paths import SPEC_CACHE


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
