"""A pytest plugin: a test run writes nothing into the repository (only under tmp_path).

It compares what git reports as changed, untracked or ignored before and after the run
(bytecode and the tools' caches aside) and fails the run when anything is new, so a
folder of junk files can no longer be committed by accident. Hypothesis, which keeps
files of its own, is pointed at a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from helpers import REPO
from hypothesis import configuration, settings

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
_HYPOTHESIS_HOME = pytest.StashKey[Path]()


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


def pytest_configure(config: pytest.Config) -> None:
    """What Hypothesis keeps (constants it reads from the code, when the test modules are
    imported) goes into a temporary folder of this run, not into .hypothesis/ here."""
    home = Path(tempfile.mkdtemp(prefix="cloudgen-hypothesis-"))
    config.stash[_HYPOTHESIS_HOME] = home
    configuration.set_hypothesis_home_dir(home)


def pytest_unconfigure(config: pytest.Config) -> None:
    home = config.stash.get(_HYPOTHESIS_HOME, None)
    if home is not None:
        shutil.rmtree(home, ignore_errors=True)


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
    writer = session.config.get_terminal_writer()
    writer.line()
    writer.line(
        f"tests wrote into the repository (write under tmp_path instead): {stray}", red=True
    )
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
