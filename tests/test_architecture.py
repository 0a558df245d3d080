"""The package's shape: imports run one way, and modules and functions stay small."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import REPO

PACKAGE = REPO / "generator"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter with the repository's contracts, on the package found under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(REPO / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("core/diagnostics.py", "from generator.cli import report", "downwards only"),
        ("project/plan.py", "from generator.sketch import kind", "downwards only"),
        ("sketch/emit.py", "from generator.micropython import emit", "downwards only"),
        ("specdiff/diff.py", "from generator.thing import model", "know nothing of Things"),
        ("project/run.py", "import click", "Only the command line uses click"),
        ("cloud/pull.py", "from generator.sketch import kind", "only through the registry"),
        ("cloud/service.py", "from generator import kinds", "only through the registry"),
        ("pythonapi/emit.py", "from generator.cloud import plan", "downwards only"),
        # The page's one allowed edge to the typescript kind does not open the others.
        ("dashboard/emit.py", "from generator.typescript import kind", "downwards only"),
    ],
    ids=[
        "core-to-cli",
        "project-to-kind",
        "kind-to-kind",
        "spec-to-thing",
        "click-below-cli",
        "cloud-to-a-kind",
        "cloud-to-the-registry",
        "kind-to-cloud",
        "dashboard-to-typescript-elsewhere",
    ],
)
def test_a_back_edge_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    copy = Path(shutil.copytree(PACKAGE, tmp_path / "generator", ignore=_caches))
    path = copy / module
    path.write_text(path.read_text() + f"\n{line}  # planted by the test\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = [text for text in result.stdout.splitlines() if " BROKEN" in text]  # (N ignored)
    assert any(contract in text for text in broken), result.stdout


def _caches(folder: str, names: list[str]) -> list[str]:
    return [name for name in names if name == "__pycache__"]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_exit_below_the_command_line() -> None:
    offenders = []
    for path in _modules():
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "exit":
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert not offenders, "only cli/ chooses exit codes: " + ", ".join(offenders)


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in _modules():
        text = path.read_text()
        name = path.relative_to(REPO)
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}(): {length} lines")
    assert not too_long, "split these: " + "; ".join(too_long)


def test_every_subpackage_ships() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    packages = {
        ".".join(init.parent.relative_to(REPO).parts) for init in PACKAGE.rglob("__init__.py")
    }
    assert packages <= listed, f"add to pyproject.toml's packages: {sorted(packages - listed)}"
