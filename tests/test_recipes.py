"""The steps of CONTRIBUTING.md's recipes: each test fails when a step is forgotten."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import REPO, cloudgen, compile_sketch, host_defines, thing_yaml, var, write_tree

from generator.core.catalog import load_catalog
from generator.kinds import KINDS

THING = thing_yaml(var("lamp", "STATUS", "READ_WRITE") + var("level", every=60), "Probe")
DEVICE_ID = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"


def _board_families() -> list[tuple[str, str]]:
    catalog = load_catalog()
    pairs = []
    for board in catalog.boards:
        fqbn = board.fqbn.replace("*", board.fqbn.split(":")[0])  # a board of that core
        pairs += [(fqbn, family) for family in board.families]
    return pairs


@pytest.mark.parametrize(("fqbn", "family"), _board_families())
def test_every_board_compiles_on_each_of_its_connections(
    tmp_path: Path, fqbn: str, family: str
) -> None:
    """Adding a board or a family: its sketch must build against the host stubs."""
    write_tree(tmp_path, {"probe.yaml": THING})
    folder = tmp_path / "Probe"
    args = ["sketch", "probe.yaml", "--board", fqbn, "--connection", family, "-o", folder]
    args += ["--device-id", DEVICE_ID, "--thing-id", DEVICE_ID, "--lora-band", "EU868"]
    result = cloudgen(*args, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    compiled = compile_sketch(folder, host_defines(fqbn, family))
    assert compiled.returncode == 0, compiled.output


def _config() -> dict[str, object]:
    data: dict[str, object] = yaml.safe_load((REPO / "cloudgen.yaml").read_text())
    return data


@pytest.mark.parametrize("kind", [kind.key for kind in KINDS])
def test_every_output_kind_is_wired_in(kind: str) -> None:
    """Adding an output kind: its package ships, sits in the kinds' layer, has a command,
    an example and documentation."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    module = next(k for k in KINDS if k.key == kind).__class__.__module__
    package = module.rsplit(".", 1)[0]
    assert package in pyproject["tool"]["setuptools"]["packages"]
    contracts = pyproject["tool"]["importlinter"]["contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    assert any(package in layer.split(" | ") for layer in layers), "add it to the kinds' layer"
    assert (REPO / "templates" / kind).is_dir(), f"templates/{kind}/ holds its templates"
    examples = [entry["outputs"] for entry in _config()["things"]]  # type: ignore[attr-defined]
    assert any(kind in outputs for outputs in examples), "give an example Thing this output"
    header = (REPO / "cloudgen.yaml").read_text().split("\nthings:")[0]
    assert f"{kind}:" in header, "document its outputs key in cloudgen.yaml's header"
    assert f"`{kind}:" in (REPO / "README.md").read_text(), "document it in the README"
    assert cloudgen(kind, "--help").exit_code == 0, f"add a `cloudgen {kind}` command"
