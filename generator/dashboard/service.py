"""What `cloudgen dashboard` does for one Thing, without a project."""

from __future__ import annotations

from pathlib import Path

from generator.dashboard.kind import DASHBOARD
from generator.project.plan import plan_single
from generator.project.run import Outcome, execute


def dashboard(template: Path, folder: Path, thing_id: str | None, web_page: bool) -> Outcome:
    settings: dict[str, object] = {"web_page": web_page}
    if thing_id is not None:
        settings["thing_id"] = thing_id
    return execute(plan_single(DASHBOARD, template, folder, None, settings))
