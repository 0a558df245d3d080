"""Runs at the same time on one project, and locks that belong to their config."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import cloudgen, copy_example_project, snapshot, write_tree

CLOUDGEN = Path(sys.executable).with_name("cloudgen")
RUN_LOCK = Path(".cloudgen/run.lock")


def _spawn(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CLOUDGEN), *args],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_eight_parallel_generates_leave_a_clean_project(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path)
    (root / "cloudgen.lock").unlink()  # every run starts out stale: all take the full path
    runs = [_spawn(root, "generate") for _ in range(8)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert code == 0, out + err
        assert "Traceback" not in out + err and "Error" not in err
    assert sum("created" in out for _, out, _ in results) == 1  # one wrote, seven found it done
    assert any("waiting for process" in err for _, _, err in results)
    check = cloudgen("generate", "--check", cwd=root)
    assert check.exit_code == 0, check.output
    assert not list(root.rglob("*.tmp")) and not (root / RUN_LOCK).exists()


def _project(root: Path) -> Path:
    return write_tree(
        root,
        {
            "cloudgen.yaml": "things:\n  - {template: t.yaml, board: 'arduino:samd:mkr1000', outputs: {sketch: S}}\n",
            "t.yaml": "name: T\nvariables: []\n",
        },
    )


# Holds the project lock the way a long cloudgen run does, until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from generator.project.exclusive import project_lock
with project_lock(Path(sys.argv[1]), "cloudgen generate", print):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_a_second_run_waits_then_names_the_holder(tmp_path: Path) -> None:
    root = _project(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    before = snapshot(root)
    start = time.monotonic()
    waiting = _spawn(root, "generate", env={"CLOUDGEN_LOCK_TIMEOUT": "1"})
    code = waiting.wait(timeout=60)
    _, err = waiting.communicate()
    assert code == 2, err
    assert 1 <= time.monotonic() - start < 30
    assert f"cloudgen: waiting for process {holder.pid} (cloudgen generate)" in err
    assert (
        f".cloudgen/run.lock:1:1: process {holder.pid} (cloudgen generate) has held the "
        "project lock for over 1 s" in err
    )
    assert "Traceback" not in err
    assert snapshot(root) == before  # nothing was written (the lock is the holder's)

    # Once the holder is done, the same run goes through at once.
    holder.communicate("")
    assert holder.wait(timeout=30) == 0
    assert not (root / RUN_LOCK).exists()
    assert _spawn(root, "generate").wait(timeout=60) == 0


@pytest.mark.parametrize(
    ("args", "locked"),
    [
        (["generate", "--check"], "."),
        (["sync", "S"], "."),
        (["import", "S", "-o", "things/s.yaml"], "."),
        (["var", "add", "t.yaml", "x:INT"], "."),
        (["new", "fresh", "--board", "arduino:samd:mkr1000", "--var", "x:INT"], "fresh"),
        (["spec", "update", "--from", "spec.yaml"], "."),
        (["cloud", "pull"], "."),
        (["cloud", "push", "--yes"], "."),
    ],
    ids=["generate", "sync", "import", "var", "new", "spec-update", "cloud-pull", "cloud-push"],
)
def test_every_writing_command_takes_the_lock(tmp_path: Path, args: list[str], locked: str) -> None:
    root = _project(tmp_path)
    assert cloudgen("generate", cwd=root).exit_code == 0
    # Stale, so that generate has work to do (a current project is answered without the
    # lock: that no-op reads, and the lock file is written last).
    (root / "t.yaml").write_text("name: T2\nvariables: []\n")
    (root / locked).mkdir(exist_ok=True)  # `new` into an existing, empty folder
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root / locked)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    try:
        run = _spawn(root, *args, env={"CLOUDGEN_LOCK_TIMEOUT": "0"})
        _, err = run.communicate(timeout=60)
        assert run.returncode == 2, err
        assert f"process {holder.pid} (cloudgen generate) has held the project lock" in err
    finally:
        holder.communicate("")


def test_a_killed_holder_leaves_no_lock(tmp_path: Path) -> None:
    root = _project(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    holder.kill()
    holder.wait(timeout=30)
    assert (root / RUN_LOCK).exists()  # killed before it could remove it: the OS freed it
    run = _spawn(root, "generate", env={"CLOUDGEN_LOCK_TIMEOUT": "0"})
    assert run.wait(timeout=60) == 0, run.communicate()


def test_each_config_has_its_own_lock(tmp_path: Path) -> None:
    root = _project(tmp_path)
    (root / "other.yaml").write_text(
        "things:\n  - {template: t.yaml, board: 'arduino:samd:mkr1000', outputs: {sketch: O}}\n"
    )
    assert cloudgen("generate", cwd=root).exit_code == 0
    other = cloudgen("generate", "-c", "other.yaml", cwd=root)
    assert other.exit_code == 0, other.output
    assert "up to date" not in other.output and (root / "O/thingProperties.h").is_file()
    assert (root / "other.lock").is_file()
    assert "config: other.yaml\n" in (root / "other.lock").read_text()
    assert "config: cloudgen.yaml\n" in (root / "cloudgen.lock").read_text()
    for config in ("cloudgen.yaml", "other.yaml"):
        assert "up to date" in cloudgen("generate", "-c", config, cwd=root).output
    # validate knows other.yaml for a project config by its content, not its name
    assert cloudgen("validate", "other.yaml", cwd=root).output == "cloudgen: 1 file valid\n"


def test_a_lock_copied_from_another_config_is_not_trusted(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert cloudgen("generate", cwd=root).exit_code == 0
    (root / "other.yaml").write_text((root / "cloudgen.yaml").read_text())
    (root / "other.lock").write_text((root / "cloudgen.lock").read_text())
    run = subprocess.run(
        [str(CLOUDGEN), "generate", "-c", "other.yaml"], cwd=root, capture_output=True, text=True
    )
    assert run.returncode == 0 and "up to date" not in run.stdout, run.stdout + run.stderr
