"""The example project: committed outputs are current, cover everything, and compile."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, compile_sketch, host_defines

from generator.core.catalog import load_catalog

SECRETS = "arduino_secrets.h"
SECRETS_FILES = {SECRETS, "secrets.py"}  # git-ignored, so never committed
CLIENTS = "python"  # generated/python/: the API client, git-ignored too


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in SECRETS_FILES and p.relative_to(root).parts[0] != CLIENTS
    }


def test_committed_outputs_match_a_fresh_generation(example_builds: dict[str, Path]) -> None:
    fresh = _files(example_builds["configured"] / "generated")
    committed = _files(REPO / "generated")
    stale = sorted(
        name for name in fresh.keys() | committed.keys() if fresh.get(name) != committed.get(name)
    )
    assert not stale, f"run `make generate` and commit: {stale}"
    lock = (example_builds["configured"] / "cloudgen.lock").read_bytes()
    assert lock == (REPO / "cloudgen.lock").read_bytes()


def test_secrets_placeholders_are_ignored_and_empty(example_builds: dict[str, Path]) -> None:
    for folder in (example_builds["configured"] / "generated" / "sketches").iterdir():
        assert (folder / ".gitignore").read_text().splitlines() == [SECRETS]
        defines = [
            line
            for line in (folder / SECRETS).read_text().splitlines()
            if line.startswith("#define")
        ]
        assert defines and all(line.endswith(' ""') for line in defines)


def test_examples_cover_every_family_and_current_type(
    example_config: list[dict[str, object]],
) -> None:
    catalog = load_catalog()
    families = set()
    for entry in example_config:
        board = catalog.board(str(entry["board"]))
        assert board is not None
        families.add(str(entry.get("connection") or board.families[0]))
        families.add(f"auth:{board.auth}")
    assert families >= set(catalog.families) | {f"auth:{key}" for key in catalog.auths}

    used = set()
    for template in (REPO / "specs" / "things").iterdir():
        text = template.read_text()
        used |= {name for name in catalog.types if f'"{name}"' in text or f"type: {name}\n" in text}
    current = {
        name for name, t in catalog.types.items() if t.group != "legacy" and t.same_as is None
    }
    assert current - used == set()
    assert len(example_config) >= 8


@pytest.mark.parametrize("style", ["legacy", "modern"])
def test_every_example_sketch_passes_the_host_compile_check(
    example_builds: dict[str, Path], example_config: list[dict[str, object]], style: str
) -> None:
    root = example_builds[style]
    failures = []
    for entry in example_config:
        outputs = entry["outputs"]
        assert isinstance(outputs, dict)
        folder = root / str(outputs["sketch"])
        defines = host_defines(str(entry["board"]), entry.get("connection"))  # type: ignore[arg-type]
        compiled = compile_sketch(folder, defines)
        if compiled.returncode != 0:
            failures.append(f"{folder.name}:\n{compiled.output}")
    assert not failures, "\n".join(failures)


def test_modern_and_legacy_builds_differ_only_in_style(example_builds: dict[str, Path]) -> None:
    legacy = (
        example_builds["legacy"] / "generated/sketches/Greenhouse/thingProperties.h"
    ).read_text()
    modern = (
        example_builds["modern"] / "generated/sketches/Greenhouse/thingProperties.h"
    ).read_text()
    assert "ArduinoCloud.addProperty(pump, READWRITE, ON_CHANGE, onPumpChange);" in legacy
    assert (
        "ArduinoCloud.addProperty(pump, Permission::ReadWrite).onUpdate(onPumpChange).publishOnChange(0);"
        in modern
    )
    assert "Permission::" not in legacy and "READWRITE" not in modern
