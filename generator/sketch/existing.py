"""What an existing sketch folder says about itself: board, connection, ids and tags.

Used when syncing or importing a sketch that no cloudgen.yaml describes, such as one
downloaded from the Arduino Cloud editor.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generator.core.catalog import Catalog
from generator.core.diagnostics import UserError
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.parse import ParsedSketch, parse_thing_properties


def read_existing(folder: Path) -> ParsedSketch:
    path = folder / PROPERTIES_FILE
    return parse_thing_properties(path, path.as_posix())


def fqbn_of(folder: Path, parsed: ParsedSketch | None) -> str | None:
    """The board: from cloudgen's header, the editor's sketch.json or arduino-cli's sketch.yaml."""
    if parsed and parsed.fqbn:
        return parsed.fqbn
    try:
        cpu = json.loads((folder / "sketch.json").read_text(encoding="utf-8")).get("cpu", {})
        if isinstance(cpu.get("fqbn"), str):
            return str(cpu["fqbn"])
    except (OSError, ValueError, AttributeError):
        pass
    try:
        profile = yaml.safe_load((folder / "sketch.yaml").read_text(encoding="utf-8"))
        if isinstance(profile.get("default_fqbn"), str):
            return str(profile["default_fqbn"])
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    return None


_THING_LINK = re.compile(r"/things/([0-9a-fA-F-]{36})\b")


def thing_id_from_ino(folder: Path) -> str | None:
    """The Thing id of the link in the .ino's header comment (editor and cloudgen alike)."""
    try:
        text = (folder / f"{folder.resolve().name}.ino").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _THING_LINK.search(text[:2000])
    return match.group(1).lower() if match else None


def family_of(parsed: ParsedSketch, catalog: Catalog) -> str | None:
    return next((k for k, f in catalog.families.items() if f.handler == parsed.handler), None)


def guess_board(parsed: ParsedSketch, catalog: Catalog) -> str | None:
    """A board that fits the handler and authentication, when nothing names one."""
    family = family_of(parsed, catalog)
    auth = "key" if "DEVICE_LOGIN_NAME" in parsed.constants else None
    for board in catalog.boards:
        if (
            family in board.families
            and (auth is None or board.auth == auth)
            and "*" not in board.fqbn
        ):
            return board.fqbn
    return None


def require_parsed(folder: Path, what: str) -> ParsedSketch:
    try:
        return read_existing(folder)
    except UserError as error:
        raise UserError(
            [
                *error.diagnostics,
                *UserError.single(folder, f"{what}: cannot read the existing sketch").diagnostics,
            ]
        ) from None
