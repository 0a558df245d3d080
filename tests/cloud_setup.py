"""What the cloud tests share besides fixtures: the fake's credentials and project set-up."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from helpers import cloudgen

# Shaped like real API keys (32 and 64 characters), and easy to search for in outputs.
CLIENT_ID = "cgTestClient0123456789abcdefABCD"
SECRET = "cgSECRET-never-print-me-" + "0123456789abcdef" * 2 + "0123456789ABCDEF"[:8]
assert len(CLIENT_ID) == 32 and len(SECRET) == 64


def with_client(project: Path, client_cache: Path) -> Path:
    """A project folder whose cache already holds the spec and its client."""
    cache = project / ".cloudgen"
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "spec").mkdir(exist_ok=True)
    shutil.copy(client_cache / "spec" / "openapi.yaml", cache / "spec" / "openapi.yaml")
    (cache / "client").symlink_to(client_cache / "client", target_is_directory=True)
    return project


VARIABLES = ["--var", "pump:STATUS:readwrite", "--var", "soil:FLOAT:on-change=0.5"]


def new_project(tmp_path: Path, client_cache: Path, *extra: str) -> Path:
    result = cloudgen(
        "new", "farm", "--name", "Greenhouse", "--board", "arduino:samd:mkrwifi1010",
        *VARIABLES, *extra, cwd=tmp_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return with_client(tmp_path / "farm", client_cache)


def plan_json(root: Path) -> tuple[int, Any]:
    result = cloudgen("cloud", "plan", "--json", cwd=root)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.output)
