"""What `cloudgen python` does for one Thing, without a project."""

from __future__ import annotations

from pathlib import Path

from generator.project.plan import plan_single
from generator.project.run import Outcome, execute
from generator.pythonapi.kind import PYTHON_API


def python_api(template: Path, folder: Path, thing_id: str | None) -> Outcome:
    settings = {"thing_id": thing_id} if thing_id is not None else {}
    return execute(plan_single(PYTHON_API, template, folder, None, settings))
