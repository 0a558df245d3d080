"""The repository itself: its top-level layout, and a set-up that installs what tests need."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

# Every tracked top-level entry. A new one is a decision (add it here), never an accident
# such as a folder of files a test run left behind.
TOP_LEVEL = {
    ".ci",
    ".gitignore",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
    "CONTRIBUTING.md",
    "Makefile",
    "README.md",
    "bench",
    "cloudgen.lock",
    "cloudgen.yaml",
    "generated",
    "generator",
    "package-lock.json",
    "package.json",
    "pyproject.toml",
    "specs",
    "templates",
    "tests",
}
SETUP = REPO / ".ci" / "setup"
# The commands .ci/setup looks for, and what a machine without them lacks.
TOOLS = ["g++", "make", "git", "openssl", "mosquitto", "mosquitto_pub", "chromium", "node", "npm"]


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, timeout=60
    ).stdout


needs_git = pytest.mark.skipif(
    shutil.which("git") is None or not (REPO / ".git").exists(), reason="needs a git checkout"
)


@needs_git
def test_tracked_top_level_entries_are_the_known_ones() -> None:
    tracked = {path.split("/")[0] for path in _git("ls-files", "-z").split("\0") if path}
    assert tracked <= TOP_LEVEL, f"unexpected top-level entries: {sorted(tracked - TOP_LEVEL)}"
    assert tracked == TOP_LEVEL, f"missing top-level entries: {sorted(TOP_LEVEL - tracked)}"


def _bin(folder: Path, tools: list[str], *, user: bool = False) -> dict[str, str]:
    """An environment whose PATH has only `tools` (plus what a shell script needs); with
    `user`, an `id` that reports an ordinary user (a stub of id(1): prints uid 1000)."""
    folder.mkdir()
    (folder / "python3").symlink_to(Path(sys.executable).resolve())  # not a pyenv shim
    for tool in [*tools, "bash", "dirname", "awk", "tr"]:
        found = shutil.which(tool)
        if found:
            (folder / tool).symlink_to(found)
    if user:
        (folder / "id").write_text('#!/bin/sh\n[ "$1" = -u ] && echo 1000\n')
        (folder / "id").chmod(0o755)
    else:
        (folder / "id").symlink_to(shutil.which("id") or "/usr/bin/id")
    # sbin, which the script adds, must not bring back what this machine has there.
    return {**os.environ, "PATH": str(folder)}


def _setup(
    cwd: Path, env: dict[str, str] | None = None, *args: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(cwd / ".ci" / "setup"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_setup(root: Path) -> Path:
    (root / ".ci").mkdir(parents=True)
    shutil.copy(SETUP, root / ".ci" / "setup")
    shutil.copy(REPO / "package-lock.json", root / "package-lock.json")
    return root


def test_setup_does_nothing_when_everything_is_there(tmp_path: Path) -> None:
    missing = [
        tool for tool in TOOLS if shutil.which(tool, path=os.environ["PATH"] + ":/usr/sbin") is None
    ]
    if missing:
        pytest.skip(f"this machine lacks {missing}; .ci/setup would install them")
    root = _copy_setup(tmp_path / "project")
    (root / "node_modules").mkdir()
    installed = root / "node_modules" / ".installed"
    installed.touch()
    os.utime(root / "package-lock.json", (1000, 1000))  # installed after the lock changed
    result = _setup(root, None, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "setup: everything the tests need is installed\n"
    os.utime(installed, (0, 0))  # the lock changed since the last install: npm ci again
    assert _setup(root, None, "--dry-run").stdout == "setup: would run: npm ci\n"


def test_setup_for_generate_asks_only_for_node_and_npm(tmp_path: Path) -> None:
    """`make generate` on a machine without Node.js: only what the web pages need."""
    root = _copy_setup(tmp_path / "project")
    present = [t for t in TOOLS if t not in ("node", "npm", "chromium", "g++")] + ["apt-get"]
    as_root = _setup(root, _bin(tmp_path / "root-bin", present), "--generate", "--dry-run")
    assert as_root.returncode == 0, as_root.stderr
    assert as_root.stdout.splitlines()[0] == (
        "setup: would run: apt-get update && apt-get install -y nodejs npm"
    )
    as_user = _setup(root, _bin(tmp_path / "user-bin", present, user=True), "--generate")
    assert as_user.returncode == 1
    assert as_user.stderr.splitlines()[0] == (
        "setup: make generate needs these Debian packages: nodejs npm"
    )


def test_setup_names_the_exact_install_command(tmp_path: Path) -> None:
    if shutil.which("mosquitto_pub") is None or shutil.which("chromium") is None:
        pytest.skip("needs mosquitto_pub and chromium in /usr/bin to leave them out")
    root = _copy_setup(tmp_path / "project")
    present = [t for t in TOOLS if t not in ("mosquitto_pub", "chromium")] + ["apt-get"]
    as_root = _setup(root, _bin(tmp_path / "root-bin", present), "--dry-run")
    assert as_root.returncode == 0, as_root.stderr
    assert as_root.stdout.splitlines()[0] == (
        "setup: would run: apt-get update && apt-get install -y mosquitto-clients chromium"
    )
    as_user = _setup(root, _bin(tmp_path / "user-bin", present, user=True))
    assert as_user.returncode == 1
    assert as_user.stderr == (
        "setup: the tests need these Debian packages: mosquitto-clients chromium\n"
        "setup: install them, then run this again:\n"
        "  sudo apt-get update && sudo apt-get install -y mosquitto-clients chromium\n"
    )
    elsewhere = _setup(root, _bin(tmp_path / "no-apt", present[:-1], user=True))
    assert elsewhere.returncode == 1
    assert "setup: the tests need: mosquitto-clients chromium (Debian's package names)" in (
        elsewhere.stderr
    )


@needs_git
def test_a_fresh_clone_sets_itself_up(tmp_path: Path) -> None:
    """What CI does first: a clone with ../shared beside it runs .ci/setup (here, dry)."""
    clone = tmp_path / "cloudgen"
    _git("clone", "--quiet", "--no-local", str(REPO), str(clone), cwd=tmp_path)
    (tmp_path / "shared").symlink_to(REPO.parent / "shared")
    result = _setup(clone, None, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "setup: would run: npm ci"  # no node_modules yet
    outer_make = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")  # when the suite runs under make test
    env = {k: v for k, v in os.environ.items() if k not in outer_make}
    make = subprocess.run(
        ["make", "--dry-run", "test"],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert make.stdout.splitlines()[0] == "bash .ci/setup"  # before anything needs it
