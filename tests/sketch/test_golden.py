"""Golden thingProperties.h of every example in both styles.

Refresh deliberately with `CLOUDGEN_UPDATE_SNAPSHOTS=1 make test` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import REPO

GOLDEN = REPO / "tests" / "golden"


@pytest.mark.parametrize("style", ["legacy", "modern"])
def test_thing_properties_match_the_golden_files(
    example_builds: dict[str, Path], style: str
) -> None:
    sketches = example_builds[style] / "generated" / "sketches"
    produced = {f.name: (f / "thingProperties.h").read_text() for f in sketches.iterdir()}
    folder = GOLDEN / style
    if os.environ.get("CLOUDGEN_UPDATE_SNAPSHOTS"):
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in produced.items():
            (folder / f"{name}.h").write_text(text)
    golden = {f.stem: f.read_text() for f in folder.glob("*.h")}
    assert produced.keys() == golden.keys()
    for name, text in produced.items():
        assert text == golden[name], f"{style}/{name}.h differs"
