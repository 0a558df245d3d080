"""What an existing sketch folder says about itself: its board, its main .ino, and its
`thingProperties.h` read for that board.

Used when syncing or importing a sketch that no cloudgen.yaml describes, such as one
downloaded from the Arduino Cloud editor, and by every run to keep the user's lines.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from generator.core.catalog import Board, Catalog
from generator.core.diagnostics import UserError
from generator.core.user_code import code_only
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.lines import HEADER_THING
from generator.sketch.parse import ParsedSketch, parse_text, vocabulary

_SETUP = re.compile(r"\bvoid\s+setup\s*\(\s*(?:void)?\s*\)\s*\{")
_INCLUDES_PROPERTIES = re.compile(r'#\s*include\s*"thingProperties\.h"')
_THING_LINK = re.compile(r"/things/([0-9a-fA-F-]{36})\b")


def properties_path(folder: Path) -> Path:
    return folder / PROPERTIES_FILE


def read_header(folder: Path, catalog: Catalog, board: Board | None) -> ParsedSketch | None:
    """The folder's thingProperties.h read for `board`; None when there is none."""
    path = properties_path(folder)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError.single(path.as_posix(), f"cannot read: {error}", line=0) from None
    return parse_text(text, path.as_posix(), vocabulary(catalog, board))


def named_fqbn(folder: Path) -> str | None:
    """The board a folder names: cloudgen's header, the editor's sketch.json or
    arduino-cli's sketch.yaml (FQBNs keep their options, like `…:UploadSpeed=921600`)."""
    try:
        head = properties_path(folder).read_text(encoding="utf-8")[:2000]
        match = next(filter(None, map(HEADER_THING.match, head.splitlines()[:3])), None)
        if match:
            return match.group(2)
    except (OSError, UnicodeDecodeError):
        pass
    try:
        cpu = json.loads((folder / "sketch.json").read_text(encoding="utf-8")).get("cpu", {})
        if isinstance(cpu.get("fqbn"), str) and cpu["fqbn"]:
            return str(cpu["fqbn"])
    except (OSError, ValueError, AttributeError):
        pass
    try:
        profile = yaml.safe_load((folder / "sketch.yaml").read_text(encoding="utf-8"))
        chosen = profile.get("profiles", {}).get(profile.get("default_profile"), {})
        fqbn = profile.get("default_fqbn") or chosen.get("fqbn")
        if isinstance(fqbn, str):
            return fqbn
    except (OSError, yaml.YAMLError, AttributeError):
        pass
    return None


def family_of(parsed: ParsedSketch, catalog: Catalog) -> str | None:
    return next((k for k, f in catalog.families.items() if f.handler == parsed.handler), None)


def auth_of(parsed: ParsedSketch, catalog: Catalog) -> str:
    """How the sketch authenticates, by what it calls."""
    if "setBoardId" in parsed.calls or "setSecretDeviceKey" in parsed.calls:
        return "key"
    family = catalog.families.get(family_of(parsed, catalog) or "")
    return "thing" if family is not None and family.uses_property_tags else "se"


def fitting_boards(parsed: ParsedSketch, catalog: Catalog) -> list[Board]:
    """The boards whose connection, authentication and provisioning fit the file."""
    family, auth = family_of(parsed, catalog), auth_of(parsed, catalog)
    return [
        board
        for board in catalog.boards
        if family in board.families
        and auth in board.auths
        and (board.p2 or not parsed.configurator)
    ]


def guessed_board(parsed: ParsedSketch, catalog: Catalog, folder: Path) -> str:
    """The one board the file proves, or a refusal that lists the boards that fit."""
    boards = fitting_boards(parsed, catalog)
    if len(boards) == 1 and "*" not in boards[0].fqbn:
        return boards[0].fqbn
    what = f"uses {parsed.handler}" + (
        " with setBoardId (a device key)" if auth_of(parsed, catalog) == "key" else ""
    )
    listed = ", ".join(b.fqbn.replace("*", "<board>") for b in boards)
    message = (
        f"names no board (no sketch.json or sketch.yaml), and its thingProperties.h {what}, "
        + (f"which fits {listed}: pass --board FQBN" if boards else "which no supported board uses")
    )
    raise UserError.single(folder.as_posix(), message, line=0)


def main_ino(folder: Path) -> tuple[str, list[str]]:
    """The main sketch file: the one named after the folder, or else the one that defines
    setup() (an editor download whose folder was renamed); tabs are left alone."""
    named = f"{folder.name}.ino"
    if (folder / named).is_file() or not folder.is_dir():
        return named, []
    mains = []
    for path in sorted(folder.glob("*.ino")):
        try:
            code = code_only(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if _SETUP.search(code):
            mains.append((path.name, bool(_INCLUDES_PROPERTIES.search(code))))
    if not mains:
        return named, []
    if len(mains) > 1:
        names = ", ".join(name for name, _ in mains)
        raise UserError.single(
            folder.as_posix(), f"several .ino files define setup() ({names}); keep one", line=0
        )
    name, includes = mains[0]
    notes = [
        f"{folder.as_posix()}/{name} is the main sketch (it defines setup()); arduino-cli "
        f"expects it to be named {named}: rename the file or the folder"
    ]
    if not includes:
        notes.append(f'{folder.as_posix()}/{name} does not #include "thingProperties.h"; add it')
    return name, notes


def thing_id_from_ino(folder: Path) -> str | None:
    """The Thing id of the link in the .ino's header comment (editor and cloudgen alike)."""
    name, _ = main_ino(folder)
    try:
        text = (folder / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    match = _THING_LINK.search(text[:2000])
    return match.group(1).lower() if match else None
