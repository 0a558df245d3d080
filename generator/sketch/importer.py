"""`cloudgen import`: an existing sketch folder -> a Thing template and its project entry.

The folder may be anywhere (`~/Downloads/Greenhouse`): the template is always written;
the project entry only when the folder is inside the project, or copied into it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
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
from generator.project.plan import option_report
from generator.sketch.adopt import adopt, folder_settings
from generator.sketch.existing import thing_id_from_ino
from generator.sketch.parse import ParsedSketch
from generator.sketch.service import SketchOptions
from generator.sketch.target import TargetSettings, build_target
from generator.thing.load import thing_from_document
from generator.thing.model import Thing, plain_number
from generator.thing.template_file import template_yaml

# Settings an entry leaves out when they are the default.
_DEFAULTS = {"style": "legacy", "provisioning": "classic"}


@dataclass(frozen=True)
class Imported:
    writes: list[Write]
    unplaced_entry: str | None  # the entry, when cloudgen.yaml could not take it as is
    warnings: list[Diagnostic] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    outside: str | None = None  # how to add a folder outside the project


def import_sketch(
    sketch_dir: Path,
    template_path: Path | None,
    config: Path,
    force: bool,
    options: SketchOptions | None = None,
    copy_into: Path | None = None,
) -> Imported:
    """Write the Thing template of a sketch folder, its cloudgen.yaml entry and its tags."""
    catalog = load_catalog()
    options = options or SketchOptions()
    root = config.parent
    name = sketch_dir.resolve().name
    board, settings, parsed, warnings = folder_settings(
        sketch_dir, catalog, options.board, options.settings()
    )
    if parsed is None:
        raise UserError.single(sketch_dir.as_posix(), "has no thingProperties.h to import", line=0)
    target_path = template_path or root / "things" / f"{name}.yaml"
    if target_path.exists() and not force:
        raise UserError.single(
            target_path, "already exists; choose another --output or pass --force", line=0
        )
    folder = root / copy_into if copy_into else sketch_dir
    if copy_into and folder.exists():
        raise UserError.single(
            folder.as_posix(), "already exists; choose another --copy-into", line=0
        )
    template_key = _relative(target_path, root)
    text = template_yaml(template_data(parsed, name, catalog))
    thing = _checked_thing(text, template_key, catalog)
    settings.setdefault("thing_id", thing_id_from_ino(sketch_dir))
    entry = config_entry(board, settings, template_key, _relative(folder, root), catalog)
    messages = _check_entry(thing, board, entry, folder, sketch_dir, catalog)
    outputs = [OutputFile(target_path, text), *_copies(sketch_dir, folder, copy_into)]
    inside = not _relative(folder, root).startswith("..")
    unplaced = None
    if inside:
        config_outputs, unplaced = _project_outputs(config, entry, template_key, parsed)
        outputs += config_outputs
    writes = plan_writes(outputs)
    apply_writes(writes)
    outside = None if inside else _how_to_add(sketch_dir, template_key, name)
    return Imported(writes, unplaced, warnings, messages, outside)


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def _checked_thing(text: str, template_key: str, catalog: Catalog) -> Thing:
    diagnostics = Diagnostics()
    thing = thing_from_document(parse_yaml(text, template_key), catalog, diagnostics)
    if diagnostics.errors or thing is None:
        raise UserError(diagnostics.items)
    return thing


def _check_entry(
    thing: Thing, board: str, entry: dict[str, Any], folder: Path, source: Path, catalog: Catalog
) -> list[str]:
    """The entry must be one `cloudgen generate` accepts: checked here, as generate will.
    Returns what generating it will keep of the sketch (the user's lines, credentials)."""
    diagnostics = Diagnostics()
    report = option_report(diagnostics)
    values = {k: v for k, v in entry.items() if k not in ("template", "board", "outputs")}
    settings = TargetSettings(
        board=board,
        output_dir=folder,
        property_tags={},
        **{k: v for k, v in values.items() if k != "lora_tags"},
    )
    target = build_target(thing, settings, catalog, report)
    if diagnostics.errors or target is None:
        raise UserError(diagnostics.errors)
    adopted = adopt(replace(target, output_dir=source), catalog).adopted
    return list(adopted.messages) if adopted else []


def _copies(source: Path, folder: Path, copy_into: Path | None) -> list[OutputFile]:
    """The sketch folder's text files, copied into the project for --copy-into."""
    if copy_into is None:
        return []
    copies = []
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        try:
            content = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            raise UserError.single(
                path.as_posix(), "is not a text file; copy the folder by hand", line=0
            ) from None
        copies.append(OutputFile(folder / path.relative_to(source), content, "once"))
    return copies


def _project_outputs(
    config: Path, entry: dict[str, Any], template_key: str, parsed: ParsedSketch
) -> tuple[list[OutputFile], str | None]:
    """cloudgen.yaml with the new entry, and the lock with the LoRaWAN tags."""
    text = entry_yaml(entry)
    current = config.read_text(encoding="utf-8") if config.exists() else None
    outputs = []
    try:
        outputs.append(OutputFile(config, append_entry(current, text)))
        unplaced = None
    except ValueError:
        unplaced = text
    tags = {name: p.tag for name, p in parsed.properties.items() if p.tag is not None}
    if tags:
        lock_path = lock_path_for(config)
        lock = load_lock(lock_path, lock_path.name)
        lock.things[template_key] = ThingState(tags, max(tags.values()) + 1)
        outputs.append(lock.output())
    return outputs, unplaced


def _how_to_add(folder: Path, template_key: str, name: str) -> str:
    return (
        f"{folder.as_posix()} is outside the project, so cloudgen.yaml was not changed. To add "
        f"it, import it again with --copy-into sketches/{name} --force; or keep it where it is "
        f"and update it with `cloudgen sync {folder.as_posix()} --thing {template_key}`"
    )


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
        reason = catalog.reserved_names.get(prop.variable_name)
        if reason is not None:
            message = (
                f'variable name "{prop.variable_name}" {reason}, so this sketch cannot compile: '
                "rename the variable in the Arduino Cloud and here, then import again"
            )
            problems.append(Diagnostic(parsed.path, prop.line, 1, "", message))
        elif type_name not in catalog.types:
            message = f"no cloud variable type is declared as {prop.declaration}"
            problems.append(Diagnostic(parsed.path, prop.line, 1, "", message))
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
    board: str, settings: dict[str, Any], template: str, sketch: str, catalog: Catalog
) -> dict[str, Any]:
    """The cloudgen.yaml entry that regenerates this sketch from the imported template."""
    entry: dict[str, Any] = {"template": template, "board": board}
    known = catalog.board(board)
    defaults = dict(_DEFAULTS)
    if known is not None:
        defaults |= {"connection": known.families[0], "auth": known.auth}
    for key in (
        "connection",
        "auth",
        "provisioning",
        "style",
        "device_id",
        "thing_id",
        "lora_band",
        "secret_names",
    ):
        value = settings.get(key)
        if value is not None and value != {} and value != defaults.get(key):
            entry[key] = value
    entry["outputs"] = {"sketch": sketch}
    return entry
