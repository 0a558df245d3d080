"""The real pre-commit framework runs cloudgen's hooks from this checkout (try-repo)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, thing_yaml, var, write_tree

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
THING = thing_yaml(var("x", "INT", "READ_WRITE"))


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _try_repo(repo: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    return subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(REPO), hook, "--all-files"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.skipif(
    shutil.which("git") is None or not PRE_COMMIT.exists(), reason="needs git and pre-commit"
)
def test_hooks_pass_and_fail_when_they_should(tmp_path: Path) -> None:
    repo = tmp_path / "project"
    write_tree(
        repo,
        {
            "cloudgen.yaml": "things:\n  - template: things/demo.yaml\n    board: arduino:samd:mkr1000\n    outputs:\n      sketch: sketches/Demo\n",
            "things/demo.yaml": THING,
            ".gitignore": "arduino_secrets.h\n",
        },
    )
    _git(repo, "init", "-q")
    _git(repo, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", "-A")
    home = tmp_path / "pre-commit-home"

    generate = _try_repo(repo, "cloudgen-generate", home)
    assert generate.returncode == 1, generate.stdout + generate.stderr
    assert "files were regenerated" in generate.stdout
    assert (repo / "sketches" / "Demo" / "thingProperties.h").exists()
    _git(repo, "add", "-A")

    again = _try_repo(repo, "cloudgen-generate", home)
    assert again.returncode == 0, again.stdout
    check = _try_repo(repo, "cloudgen-check", home)
    assert check.returncode == 0, check.stdout

    (repo / "things" / "demo.yaml").write_text(THING.replace("type: INT", "type: FLOAT"))
    stale = _try_repo(repo, "cloudgen-check", home)
    assert stale.returncode == 1
    assert "+float x;" in stale.stdout
    assert "float x;" not in (repo / "sketches" / "Demo" / "thingProperties.h").read_text()
