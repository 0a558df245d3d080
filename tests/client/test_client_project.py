"""The project's client: `cloudgen generate` builds it from the pinned spec, and
`cloudgen spec update` versions it from what changed in the spec."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import yaml
from helpers import REPO, cloudgen, copy_example_project, pinned_spec, snapshot

CLIENT = Path("generated/python/arduino-iot-api")


def _project(root: Path, *, pulled: bool = True) -> Path:
    copy_example_project(root)
    shutil.copytree(REPO / "specs" / "iot-api", root / "specs" / "iot-api")
    if pulled:
        assert cloudgen("spec", "pull", "--from", pinned_spec(), cwd=root).exit_code == 0
    return root


def test_generate_builds_the_client_once_from_the_pinned_spec(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = cloudgen("generate", cwd=root)
    assert first.exit_code == 0, first.output
    assert f"generated {CLIENT} 1.0.0" in first.stdout
    client = root / CLIENT
    assert 'version = "1.0.0"' in (client / "pyproject.toml").read_text()
    init = (client / "arduino_iot_api" / "__init__.py").read_text()
    assert '__version__ = "1.0.0"' in init and "do not edit" in init
    assert (client / "CHANGELOG.md").read_text() == (
        REPO / "specs" / "iot-api" / "CHANGELOG.md"
    ).read_text()
    assert not (client / ".ruff_cache").exists()

    before = snapshot(client)
    again = cloudgen("generate", cwd=root)
    assert again.exit_code == 0 and again.stdout.strip() == "cloudgen: up to date"
    assert snapshot(client) == before

    # A changed pin (here: its version) regenerates it; --check never looks at it.
    lock = root / "specs" / "iot-api" / "spec.lock.yaml"
    lock.write_text(lock.read_text().replace("client_version: 1.0.0", "client_version: 1.0.1"))
    assert cloudgen("generate", "--check", cwd=root).exit_code == 0
    assert "1.0.1" not in (client / "pyproject.toml").read_text()
    assert "generated" in cloudgen("generate", cwd=root).stdout
    assert 'version = "1.0.1"' in (client / "pyproject.toml").read_text()


def test_without_the_spec_the_rest_is_generated_and_the_client_skipped(tmp_path: Path) -> None:
    root = _project(tmp_path, pulled=False)
    shutil.rmtree(root / "generated", ignore_errors=True)
    result = cloudgen("generate", cwd=root)
    assert result.exit_code == 0, result.output
    assert "not generated: the pinned spec is not in .cloudgen/spec/openapi.yaml" in result.stderr
    assert (root / "generated" / "sketches" / "Greenhouse" / "thingProperties.h").exists()
    assert not (root / CLIENT).exists()


def _write(spec: dict[str, Any], path: Path) -> str:
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return str(path)


def test_spec_update_versions_the_client_from_the_spec_diff(tmp_path: Path) -> None:
    root = _project(tmp_path)
    pinned = yaml.safe_load(pinned_spec().read_text())
    lock = root / "specs" / "iot-api" / "spec.lock.yaml"
    changelog = root / "specs" / "iot-api" / "CHANGELOG.md"

    # Only a description changed: patch.
    patch = copy.deepcopy(pinned)
    patch["paths"]["/iot/v2/things"]["get"]["description"] = "Lists the things."
    url = "https://example.test/openapi-2.yaml"
    source = _write(patch, tmp_path / "patch.yaml")
    result = cloudgen("spec", "update", "--from", source, "--url", url, cwd=root)
    assert result.exit_code == 0, result.output
    assert "client 1.0.1 (patch: 0 changes)" in result.stdout
    assert yaml.safe_load(lock.read_text())["url"] == url
    assert "## 1.0.1" in changelog.read_text() and "No API changes." in changelog.read_text()

    # A new operation: minor.
    minor = copy.deepcopy(patch)
    archive = {**minor["paths"]["/iot/v2/things"]["put"], "operationId": "things_v2#archive"}
    minor["paths"]["/iot/v2/things/{id}/archive"] = {"post": archive}
    source = _write(minor, tmp_path / "minor.yaml")
    result = cloudgen("spec", "update", "--from", source, "--url", url, cwd=root)
    assert "client 1.1.0 (minor" in result.stdout, result.output

    # A removed operation: major, listed under breaking changes, newest entry first.
    major = copy.deepcopy(minor)
    del major["paths"]["/iot/v2/things/{id}"]["delete"]
    source = _write(major, tmp_path / "major.yaml")
    result = cloudgen("spec", "update", "--from", source, "--url", url, cwd=root)
    assert "client 2.0.0 (major" in result.stdout, result.output
    text = changelog.read_text()
    assert text.index("## 2.0.0") < text.index("## 1.1.0") < text.index("## 1.0.1")
    assert "### Breaking changes" in text.split("## 1.1.0")[0]
    assert "- DELETE /iot/v2/things/{id} removed" in text.split("## 1.1.0")[0]

    generated = cloudgen("generate", cwd=root)
    assert f"generated {CLIENT} 2.0.0" in generated.stdout, generated.output
    assert "## 2.0.0" in (root / CLIENT / "CHANGELOG.md").read_text()
    assert not (root / CLIENT / "arduino_iot_api" / "api" / "things_v2" / "delete.py").exists()

    same = cloudgen("spec", "update", "--from", source, "--url", url, cwd=root)
    assert same.exit_code == 0 and "is the pinned spec already" in same.stdout


def test_spec_update_refuses_a_copy_without_its_url(tmp_path: Path) -> None:
    root = _project(tmp_path)
    source = _write({"openapi": "3.0.3", "paths": {}}, tmp_path / "new.yaml")
    before = snapshot(root)
    result = cloudgen("spec", "update", "--from", source, cwd=root)
    assert result.exit_code == 2 and "needs --url" in result.stderr
    assert snapshot(root) == before
