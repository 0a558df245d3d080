from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, cloudgen, copy_example_project, pinned_spec
from hypothesis import settings

# Hypothesis keeps no example database: a test run writes nothing into the repository.
settings.register_profile("cloudgen", database=None)
settings.load_profile("cloudgen")

# What a test run may leave in the repository: bytecode and the test tools' own caches.
CACHES = (
    "__pycache__/",
    ".pytest_cache/",
    ".venv/",
    "node_modules/",
    ".mypy_cache/",
    ".ruff_cache/",
)
_STATE = pytest.StashKey[set[str]]()


def _repository_state() -> set[str] | None:
    """Every path git reports as changed, untracked or ignored, less the caches."""
    try:
        listed = subprocess.run(
            ["git", "status", "--porcelain", "-z", "--untracked-files=all", "--ignored"],
            cwd=REPO,
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None  # not a git checkout: nothing to compare
    entries = (entry[3:] for entry in listed.split("\0") if len(entry) > 3)
    return {path for path in entries if not any(cache in f"/{path}" for cache in CACHES)}


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # once, in the main process
        state = _repository_state()
        if state is not None:
            session.stash[_STATE] = state


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Tests write only under tmp_path: anything new in the repository fails the run."""
    before = session.stash.get(_STATE, None)
    after = _repository_state() if before is not None else None
    if before is None or after is None or not after - before:
        return
    stray = ", ".join(sorted(after - before)[:20])
    session.config.get_terminal_writer().line(
        f"tests wrote into the repository (write under tmp_path instead): {stray}", red=True
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
