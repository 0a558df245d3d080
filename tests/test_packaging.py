"""A wheel built from the repository works on its own, installed in a fresh venv elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO, pinned_spec, thing_yaml, var, write_tree

THING = thing_yaml(var("pump", "STATUS", "READ_WRITE"), "Packaged")


def _run(*args: str | Path, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH and a folder outside the repository: only the installed copy is found.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


def test_the_wheel_runs_every_subsystem_outside_the_repository(tmp_path: Path) -> None:
    dist, venv, work = tmp_path / "dist", tmp_path / "venv", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # From a copy of the sources: setuptools writes build/ beside what it builds.
    source = tmp_path / "source"
    for folder in ("generator", "templates", "specs"):
        shutil.copytree(
            REPO / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    _run(*pip, "wheel", "--no-deps", "-w", dist, source, cwd=tmp_path)
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    wheel = next(dist.glob("cloudgen-*.whl"))
    _run(venv / "bin" / "pip", "install", "-q", "--disable-pip-version-check", wheel, cwd=work)
    cloudgen = venv / "bin" / "cloudgen"
    where = _run(
        venv / "bin" / "python", "-c", "import generator; print(generator.__file__)", cwd=work
    )
    assert str(venv) in where.stdout, "the installed package, not the repository"

    new = ["new", "demo", "--board", "arduino:samd:mkrwifi1010", "--var", "pump:STATUS:readwrite"]
    _run(cloudgen, *new, cwd=work)
    assert (work / "demo" / "sketches" / "Demo" / "thingProperties.h").is_file()
    _run(cloudgen, "generate", cwd=work / "demo")
    write_tree(work, {"packaged.yaml": THING})
    _run(
        cloudgen,
        "sketch",
        "packaged.yaml",
        "--board",
        "arduino:samd:mkr1000",
        "-o",
        "Packaged",
        cwd=work,
    )
    assert "onPumpChange" in (work / "Packaged" / "thingProperties.h").read_text()
    _run(cloudgen, "micropython", "packaged.yaml", "-o", "mpy", cwd=work)
    assert (work / "mpy" / "thing_properties.py").is_file()
    spec = pinned_spec()
    _run(cloudgen, "spec", "diff", spec, spec, cwd=work)
    _run(cloudgen, "client", "--spec", spec, "-o", "client", cwd=work)
    assert (work / "client" / "arduino_iot_api" / "__init__.py").is_file()
