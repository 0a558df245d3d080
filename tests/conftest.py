from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import REPO, cloudgen


def copy_example_project(destination: Path, style: str | None = None) -> Path:
    """The repository's example project (config, templates, lock) in a fresh folder."""
    shutil.copy(REPO / "cloudgen.yaml", destination / "cloudgen.yaml")
    shutil.copy(REPO / "cloudgen.lock", destination / "cloudgen.lock")
    shutil.copytree(REPO / "specs" / "things", destination / "specs" / "things")
    if style is not None:
        config = yaml.safe_load((destination / "cloudgen.yaml").read_text())
        for entry in config["things"]:
            entry["style"] = style
        (destination / "cloudgen.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return destination


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
