"""What `cloudgen sketch` and `cloudgen sync` do: one sketch folder, with or without a project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.core.catalog import load_catalog
from generator.core.diagnostics import UserError
from generator.core.paths import LOCK_NAME
from generator.project.kinds import OutputKind
from generator.project.plan import plan_single
from generator.project.run import Outcome, execute
from generator.project.service import project_plan_for
from generator.sketch.adopt import folder_settings
from generator.sketch.emit import SECRETS_FILE
from generator.sketch.kind import SKETCH


@dataclass(frozen=True)
class SketchOptions:
    """A sketch's settings as given on the command line; None where not given."""

    board: str | None = None
    connection: str | None = None
    device_id: str | None = None
    thing_id: str | None = None
    lora_band: str | None = None
    style: str | None = None
    auth: str | None = None
    provisioning: str | None = None

    def settings(self) -> dict[str, Any]:
        """The entry settings these options give (the board is passed on its own)."""
        return {k: v for k, v in asdict(self).items() if v is not None and k != "board"}


def sketch(template: Path, folder: Path, options: SketchOptions) -> Outcome:
    """One sketch folder from a template, without a project."""
    plan = plan_single(SKETCH, template, folder, options.board, options.settings())
    return execute(plan)


def sync(
    folder: Path,
    template: Path | None,
    config: Path,
    options: SketchOptions,
    kinds: Sequence[OutputKind],
    *,
    check: bool,
    force: bool,
) -> Outcome:
    """Bring one output folder in step: as the project lists it, or from `template`."""
    plan = project_plan_for(config, folder, kinds)
    if plan is not None:
        if template is not None or options != SketchOptions():
            raise UserError.single(
                config, f"{folder} is listed here; change its entry instead of passing options"
            )
        return execute(plan, check=check, force=force)
    if template is None:
        raise UserError.single(
            folder, "not listed in cloudgen.yaml: pass the Thing template with --thing", line=0
        )
    board, settings, _, warnings = folder_settings(
        folder, load_catalog(), options.board, options.settings()
    )
    plan = plan_single(SKETCH, template, folder, board, settings)
    plan.warnings[:0] = warnings
    outcome = execute(plan, check=check, force=force)
    outcome.notes += _created_notes(outcome, folder)
    return outcome


def _created_notes(outcome: Outcome, folder: Path) -> list[str]:
    """What sync adds to a folder that had no cloudgen files yet (an editor download)."""
    created = {w.path.name for w in outcome.writes if w.action == "create"}
    notes = []
    if ".gitignore" in created:
        notes.append(f"added {folder.as_posix()}/.gitignore: it keeps {SECRETS_FILE} out of git")
    if LOCK_NAME in created:
        notes.append(
            f"added {folder.as_posix()}/{LOCK_NAME}: it records what cloudgen wrote, so a later "
            "sync can tell your edits from its own; keep it with the sketch"
        )
    return notes
