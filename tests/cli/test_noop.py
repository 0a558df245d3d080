"""The no-op `cloudgen generate`, the pre-commit hook's path: light, and quiet once told.

Its speed is measured in bench/noop.py; these tests pin what makes it fast.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO, copy_example_project

CLOUDGEN = Path(sys.executable).with_name("cloudgen")
SPEC_LOCK = Path("specs/iot-api/spec.lock.yaml")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLOUDGEN), "generate", *args], cwd=root, capture_output=True, text=True, check=False
    )


def _imported(root: Path, *args: str) -> set[str]:
    """The modules a `cloudgen generate` run imports (python -X importtime)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", str(CLOUDGEN), "generate", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    lines = [line.split("|")[-1] for line in run.stderr.splitlines() if "|" in line]
    return {line.strip() for line in lines}


def test_a_no_op_imports_nothing_heavy(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path)
    assert _run(root, "-q").returncode == 0
    for args in ((), ("-q",), ("--check",)):
        modules = _imported(root, *args)
        assert "generator.project.fastpath" in modules, args
        heavy = {"click", "yaml", "jinja2", "hashlib", "generator.cli.main"} & modules
        assert not heavy, (args, heavy)
    assert _run(root).stdout == "cloudgen: up to date\n"
    # Anything else goes to the full command line.
    assert "click" in _imported(root, "--force")


def test_a_skipped_client_warns_once_per_change(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path)
    (root / SPEC_LOCK).parent.mkdir(parents=True)
    shutil.copy(REPO / SPEC_LOCK, root / SPEC_LOCK)  # pinned, but never pulled
    first = _run(root)
    assert first.returncode == 0 and "not generated: the pinned spec is not in" in first.stderr
    again = _run(root)
    assert again.returncode == 0 and again.stderr == "" and again.stdout == "cloudgen: up to date\n"
    assert "click" not in _imported(root)  # still the no-op path
    with (root / SPEC_LOCK).open("a") as pin:
        pin.write("# the pin moved\n")
    assert "not generated" in _run(root).stderr  # a change: told again, once
    assert _run(root).stderr == ""
