"""Shared test helpers: inline file trees, the CLI runner and the host compile check."""

from __future__ import annotations

import contextlib
import importlib.util
import shutil
import socket
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli.main import main
from generator.core.catalog import load_catalog

REPO = Path(__file__).resolve().parent.parent
# The pinned Integrations API spec, in ../shared beside the repository (as CI has it).
SPEC = REPO.parent / "shared" / "specs" / "iot-api" / "openapi.yaml"
HOST_INCLUDE = REPO / "tests" / "host" / "include"
# A Thing with every multi-value type and a variable of each plain kind.
EVERY_COMPOUND = {
    "name": "Showroom",
    "variables": [
        {
            "name": n,
            "variable_name": n,
            "type": t,
            "permission": p,
            "update_strategy": s,
            "update_parameter": u,
        }
        for n, t, p, s, u in [
            ("pump", "STATUS", "READ_WRITE", "ON_CHANGE", 0),
            ("level", "FLOAT", "READ_ONLY", "TIMED", 5),
            ("count", "INT", "READ_WRITE", "ON_CHANGE", 0),
            ("note", "CHARSTRING", "READ_WRITE", "ON_CHANGE", 0),
            ("target", "TEMPERATURE", "READ_WRITE", "ON_CHANGE", 0),
            ("where", "LOCATION", "READ_ONLY", "ON_CHANGE", 0),
            ("paint", "COLOR_HSB", "READ_WRITE", "ON_CHANGE", 0),
            ("lamp", "HOME_COLORED_LIGHT", "READ_WRITE", "ON_CHANGE", 0),
            ("desk", "HOME_DIMMED_LIGHT", "READ_WRITE", "ON_CHANGE", 0),
            ("tv", "HOME_TELEVISION", "READ_WRITE", "ON_CHANGE", 0),
            ("hours", "SCHEDULE", "READ_WRITE", "ON_CHANGE", 0),
            ("period", "INT", "READ_WRITE", "TIMED", 2),
            ("route", "LOCATION", "READ_ONLY", "TIMED", 60),
        ]
    ],
}
GXX_FLAGS = [
    "-std=gnu++11",
    "-fsyntax-only",
    "-Wall",
    "-Wextra",
    "-Werror",
    # Legacy addProperty is deprecated in ArduinoIoTCloud 2.9, as in the real library.
    "-Wno-deprecated-declarations",
]


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Create files from `{relative path: dedented text}`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def var(
    name: str,
    type_: str = "FLOAT",
    permission: str = "READ_ONLY",
    label: str | None = None,
    every: int | None = None,
) -> str:
    """One variable of a Thing template (block YAML, as `thing_yaml` lists them)."""
    strategy = f"TIMED\n    update_parameter: {every}" if every else "ON_CHANGE"
    return (
        f"  - name: {label or name}\n    variable_name: {name}\n    type: {type_}\n"
        f"    permission: {permission}\n    update_strategy: {strategy}\n"
    )


def thing_yaml(variables: str, name: str = "Demo") -> str:
    """A Thing template with the variables `var` wrote."""
    return f"name: {name}\nvariables:\n" + variables


def cloudgen(*args: str | Path, cwd: Path | None = None) -> Result:
    """Run the CLI in-process (in `cwd` when given) and return its result."""
    runner = CliRunner()
    with contextlib.chdir(cwd or Path.cwd()):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


# Fixture sketches keep their secrets file as arduino_secrets.fixture.h: the real name is
# git-ignored everywhere (as in a user's project), so it would never reach a clone.
FIXTURE_SECRETS = "arduino_secrets.fixture.h"


def copy_fixture(source: Path, destination: Path) -> Path:
    """A fixture sketch folder copied to `destination`, its secrets file under its real name."""
    folder = Path(shutil.copytree(source, destination))
    for secrets in folder.rglob(FIXTURE_SECRETS):
        secrets.rename(secrets.with_name("arduino_secrets.h"))
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, for 'nothing was written' assertions."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@dataclass(frozen=True)
class Compiled:
    returncode: int
    output: str


def host_defines(fqbn: str, connection: str | None = None) -> list[str]:
    """What the board's core defines for it (ARDUINO_UNOR4_WIFI, ARDUINO_ARCH_ESP32, ...).

    The stub headers derive every BOARD_HAS_* macro from it, as the real libraries'
    configuration headers do, so all the board's connections are there whatever
    `connection` a sketch uses (kept as a parameter for the callers that name one).
    """
    board = load_catalog().board(fqbn)
    assert board is not None, fqbn
    return [f"-D{board.macro}"]


def sketch_files(folder: Path) -> list[Path]:
    """The sketch's .ino files in arduino-cli's order: the main one, then the tabs.

    The main file is the one named after the folder or, in a download whose folder was
    renamed, the one that defines setup().
    """
    inos = sorted(folder.glob("*.ino"))
    named = folder / f"{folder.name}.ino"
    main = named if named in inos else next(p for p in inos if "void setup()" in p.read_text())
    return [main, *(p for p in inos if p != main)]


def compile_sketch(folder: Path, defines: list[str]) -> Compiled:
    """`g++ -fsyntax-only` on the sketch's .ino files (concatenated, as arduino-cli does)
    against the host stub headers."""
    if shutil.which("g++") is None:
        raise RuntimeError("g++ is required for the host check")
    source = "".join(
        f'#line 1 "{path.name}"\n{path.read_text(encoding="utf-8")}\n'
        for path in sketch_files(folder)
    )
    command = [
        "g++",
        *GXX_FLAGS,
        *defines,
        f"-I{HOST_INCLUDE}",
        f"-I{folder}",
        "-include",
        "Arduino.h",
        "-x",
        "c++",
        "-",
    ]
    process = subprocess.run(
        command, input=source, capture_output=True, text=True, check=False, cwd=folder
    )
    return Compiled(process.returncode, process.stdout + process.stderr)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a test server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pinned_spec() -> Path:
    """The pinned spec; a test that needs it is skipped, saying why, when it is missing."""
    if not SPEC.is_file():
        pytest.skip(f"needs the pinned spec at {SPEC} (../shared beside the repository)")
    return SPEC


def copy_example_project(destination: Path, style: str | None = None) -> Path:
    """The repository's example project (config, templates, lock) in a fresh folder."""
    shutil.copy(REPO / "cloudgen.yaml", destination / "cloudgen.yaml")
    shutil.copy(REPO / "cloudgen.lock", destination / "cloudgen.lock")
    shutil.copytree(REPO / "specs" / "things", destination / "specs" / "things")
    # The npm packages the dashboards' web pages are built with, as a project has them.
    (destination / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    if style is not None:
        config = yaml.safe_load((destination / "cloudgen.yaml").read_text())
        for entry in config["things"]:
            entry["style"] = style
        (destination / "cloudgen.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return destination


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
