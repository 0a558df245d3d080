"""Bad-input corpus: each case is a folder of inputs, the command (`cmd`) and the exact
error output (`expected.txt`). Every case must exit 2, write nothing and print no traceback.

Refresh the expected files deliberately with `CLOUDGEN_UPDATE_SNAPSHOTS=1 make test`,
then read every changed message in the diff.
"""

from __future__ import annotations

import os
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO, snapshot

from generator.cli.main import main

CASES = sorted(p for p in (REPO / "tests" / "bad_inputs").iterdir() if p.is_dir())
META = {"cmd", "expected.txt"}


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "project"
    shutil.copytree(case, work, ignore=lambda _, names: [n for n in names if n in META])
    before = snapshot(work)
    monkeypatch.chdir(work)
    args = shlex.split((case / "cmd").read_text())
    result = CliRunner().invoke(main, args)

    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    assert result.exit_code == 2
    assert snapshot(work) == before, "an input error must write nothing"
    expected = case / "expected.txt"
    if os.environ.get("CLOUDGEN_UPDATE_SNAPSHOTS"):
        expected.write_text(result.stderr)
    assert result.stderr == expected.read_text()
    assert result.stderr.rstrip().endswith("nothing was written")
