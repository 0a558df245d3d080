"""`cloudgen import`: an existing sketch folder -> a Thing template and its project entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.core.catalog import Catalog
from generator.core.diagnostics import Diagnostic, UserError
from generator.sketch.existing import family_of, fqbn_of, guess_board, thing_id_from_ino
from generator.sketch.parse import ParsedSketch
from generator.thing.model import plain_number

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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


def template_yaml(data: dict[str, Any]) -> str:
    """CLI layout: sorted keys, 4-space indent, list items indented under their key."""
    lines = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list):
            lines.append(f"{key}:" if value else f"{key}: []")
            for item in value:
                for index, item_key in enumerate(sorted(item)):
                    prefix = "    - " if index == 0 else "      "
                    lines.append(f"{prefix}{item_key}: {_scalar(item[item_key])}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    text: str = yaml.dump(
        value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=1 << 30
    )
    return re.sub(r"\n(\.\.\.\n)?$", "", text)


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


def entry_yaml(entry: dict[str, Any], indent: str = "  ") -> str:
    """One `things:` list item, in the layout of cloudgen.yaml."""
    lines = []
    for index, (key, value) in enumerate(entry.items()):
        prefix = f"{indent}- " if index == 0 else f"{indent}  "
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            lines += [f"{indent}    {k}: {_scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{prefix}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"


def append_entry(config_text: str | None, entry_text: str) -> str:
    """cloudgen.yaml with the entry added at the end of its `things:` list.

    Appending is safe only when `things:` is the last top-level key; otherwise the
    caller prints the entry for the user to place.
    """
    if config_text is None:
        return "# cloudgen project: see `cloudgen generate --help`.\nthings:\n" + entry_text
    lines = config_text.rstrip("\n").split("\n")
    top_level = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z_]", line)]
    if not top_level or not re.fullmatch(r"things:\s*", lines[top_level[-1]]):
        raise ValueError("things: is not the last key")
    return "\n".join(lines) + "\n\n" + entry_text
