"""`cloudgen import`: an existing sketch folder -> a Thing template and its project entry."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.core.catalog import Catalog, load_catalog
from generator.core.diagnostics import Diagnostic, Diagnostics, UserError
from generator.core.outputs import OutputFile
from generator.core.paths import lock_path_for
from generator.core.source import parse_yaml
from generator.core.writer import Write, apply_writes, plan_writes
from generator.project.config_file import append_entry, entry_yaml
from generator.project.lock import ThingState, load_lock
from generator.sketch.existing import (
    family_of,
    fqbn_of,
    guess_board,
    require_parsed,
    thing_id_from_ino,
)
from generator.sketch.parse import ParsedSketch
from generator.thing.load import thing_from_document
from generator.thing.model import plain_number
from generator.thing.template_file import template_yaml


@dataclass(frozen=True)
class Imported:
    writes: list[Write]
    unplaced_entry: str | None  # the entry, when cloudgen.yaml could not take it as is


def import_sketch(
    sketch_dir: Path, template_path: Path | None, config: Path, force: bool
) -> Imported:
    """Write the Thing template of a sketch folder, its cloudgen.yaml entry and its tags."""
    catalog = load_catalog()
    root = config.parent
    folder = sketch_dir
    parsed = require_parsed(folder, "import")
    target_path = template_path or root / "things" / f"{folder.resolve().name}.yaml"
    if target_path.exists() and not force:
        raise UserError.single(
            target_path, "already exists; choose another --output or pass --force"
        )
    sketch_key = os.path.relpath(folder.resolve(), root.resolve())
    if sketch_key.startswith(".."):
        raise UserError.single(
            folder, "is outside the project folder; move it in, or use `cloudgen sync --thing`"
        )
    template_key = Path(os.path.relpath(target_path.resolve(), root.resolve())).as_posix()
    text = template_yaml(template_data(parsed, folder.resolve().name, catalog))
    diagnostics = Diagnostics()
    thing_from_document(parse_yaml(text, template_key), catalog, diagnostics)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    entry = entry_yaml(
        config_entry(parsed, folder, template_key, Path(sketch_key).as_posix(), catalog)
    )
    lock = load_lock(lock_path_for(config), lock_path_for(config).name)
    tags = {name: p.tag for name, p in parsed.properties.items() if p.tag is not None}
    if tags:
        lock.things[template_key] = ThingState(tags, max(tags.values()) + 1)
    current_config = config.read_text(encoding="utf-8") if config.exists() else None
    try:
        config_text: str | None = append_entry(current_config, entry)
    except ValueError:
        config_text = None
    outputs = [OutputFile(target_path, text)]
    if config_text is not None:
        outputs.append(OutputFile(config, config_text))
    if tags:
        outputs.append(lock.output())
    writes = plan_writes(outputs)
    apply_writes(writes)
    return Imported(writes, entry if config_text is None else None)


def template_data(parsed: ParsedSketch, fallback_name: str, catalog: Catalog) -> dict[str, Any]:
    """The Thing as `arduino-cloud-cli thing extract` would print it."""
    by_cpp: dict[str, str] = {}
    for cloud_type in catalog.types.values():
        if cloud_type.group != "legacy" and cloud_type.same_as is None:
            by_cpp.setdefault(cloud_type.cpp, cloud_type.name)
    problems = []
    variables = []
    for prop in parsed.properties.values():
        type_name = prop.type_name or by_cpp.get(prop.declaration)
        if type_name not in catalog.types:
            problems.append(
                Diagnostic(
                    parsed.path,
                    prop.line,
                    1,
                    "",
                    f"no cloud variable type is declared as {prop.declaration}",
                )
            )
            continue
        variables.append(
            {
                "name": prop.label if prop.label is not None else prop.variable_name,
                "permission": prop.permission,
                "type": type_name,
                "update_parameter": plain_number(prop.parameter),
                "update_strategy": prop.strategy,
                "variable_name": prop.variable_name,
            }
        )
    if problems:
        raise UserError(problems)
    data: dict[str, Any] = {"name": parsed.thing_name or fallback_name}
    if parsed.tags:
        data["tags"] = [{key: value} for key, value in parsed.tags]
    data["timezone"] = parsed.timezone
    data["variables"] = variables
    return data


def config_entry(
    parsed: ParsedSketch, folder: Path, template: str, sketch: str, catalog: Catalog
) -> dict[str, Any]:
    """The cloudgen.yaml entry that regenerates this sketch from the imported template."""
    board = fqbn_of(folder, parsed) or guess_board(parsed, catalog)
    if board is None:
        raise UserError.single(parsed.path, f"no supported board uses {parsed.handler}")
    entry: dict[str, Any] = {"template": template, "board": board}
    known = catalog.board(board)
    family = family_of(parsed, catalog)
    if known is not None and family is not None and family != known.families[0]:
        entry["connection"] = family
    if parsed.style != "legacy":
        entry["style"] = parsed.style
    for key, constant in (("device_id", "DEVICE_LOGIN_NAME"), ("thing_id", "THING_ID")):
        if constant in parsed.constants:
            entry[key] = parsed.constants[constant]
    linked = thing_id_from_ino(folder)
    if "thing_id" not in entry and linked:
        entry["thing_id"] = linked
    if parsed.lora_band:
        entry["lora_band"] = parsed.lora_band
    entry["outputs"] = {"sketch": sketch}
    return entry
