"""What `cloudgen sketch` and `cloudgen sync` do: one sketch folder, with or without a project."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.core.catalog import load_catalog
from generator.core.diagnostics import UserError
from generator.project.kinds import OutputKind
from generator.project.plan import plan_single
from generator.project.run import Outcome, execute
from generator.project.service import project_plan_for
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.existing import family_of, fqbn_of, require_parsed
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
    else:
        if template is None:
            raise UserError.single(
                folder, "not listed in cloudgen.yaml: pass the Thing template with --thing"
            )
        board, settings = _settings_from_sketch(folder, options)
        plan = plan_single(SKETCH, template, folder, board, settings)
    return execute(plan, check=check, force=force)


def _settings_from_sketch(folder: Path, options: SketchOptions) -> tuple[str, dict[str, Any]]:
    """Settings for a sketch outside any project: options first, then what it says itself."""
    catalog = load_catalog()
    parsed = require_parsed(folder, "sync") if (folder / PROPERTIES_FILE).exists() else None
    board = options.board or fqbn_of(folder, parsed)
    if board is None:
        raise UserError.single(folder, "cannot tell the board: pass --board FQBN")
    settings: dict[str, Any] = {"style": parsed.style if parsed else "legacy"}
    if parsed:
        found = {
            "connection": family_of(parsed, catalog),
            "device_id": parsed.constants.get("DEVICE_LOGIN_NAME"),
            "thing_id": parsed.constants.get("THING_ID"),
            "lora_band": parsed.lora_band,
        }
        settings |= {key: value for key, value in found.items() if value is not None}
        tags = {name: p.tag for name, p in parsed.properties.items() if p.tag is not None}
        settings["lora_tags"] = tags
    return board, settings | options.settings()
