"""The no-op check trusts the lock only while cloudgen itself is unchanged."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO

from generator.project.fastpath import PACKAGE, code_digest, own_input_hashes


def test_the_code_hash_covers_the_installed_package() -> None:
    assert own_input_hashes()["cloudgen:generator"] == code_digest(PACKAGE)
    assert PACKAGE == REPO / "generator"


@pytest.mark.parametrize(
    "module", ["kinds.py", "sketch/emit.py", "core/writer.py", "cli/report.py", "new/kind.py"]
)
def test_a_change_in_any_subpackage_changes_the_code_hash(tmp_path: Path, module: str) -> None:
    copy = Path(shutil.copytree(PACKAGE, tmp_path / "generator"))
    before = code_digest(copy)
    path = copy / module
    path.parent.mkdir(exist_ok=True)  # a new subpackage counts as much as a changed one
    path.write_text((path.read_text() if path.exists() else "") + "\n# changed\n")
    assert code_digest(copy) != before
