"""Taking over an existing sketch folder: what its thingProperties.h says (the settings
of `sync` and `import`), and what a run must carry into the new file (`Adopted`).

Nothing the user wrote is lost: lines that are not cloud variables stay where they were,
initial values stay with their variable, secret macro names are kept, and credentials
written into thingProperties.h move to arduino_secrets.h.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.core.catalog import Auth, Catalog, Family
from generator.core.checks import UUID
from generator.core.diagnostics import Diagnostic, Level, UserError
from generator.sketch.emit import SECRETS_FILE
from generator.sketch.existing import (
    auth_of,
    family_of,
    guessed_board,
    main_ino,
    named_fqbn,
    read_header,
)
from generator.sketch.parse import ParsedSketch
from generator.sketch.target import Adopted, SketchTarget


def adopt(target: SketchTarget, catalog: Catalog) -> SketchTarget:
    """The target with what its folder already holds (nothing, for a new folder)."""
    folder = target.output_dir
    ino, notes = main_ino(folder)
    parsed = read_header(folder, catalog, target.board)
    secrets_exist = (folder / SECRETS_FILE).is_file()
    if parsed is None:
        return replace(
            target, adopted=Adopted(ino, secrets_exist=secrets_exist, messages=tuple(notes))
        )
    secret_names = {
        **header_secret_names(parsed, target.family, target.auth),
        **target.secret_names,
    }
    target = replace(target, secret_names=secret_names)
    moved = _moved(parsed, target)
    messages = [*notes, *_moved_messages(parsed, target, moved)]
    if not parsed.by_cloudgen:
        messages += _adoption_messages(parsed, target)
    initialisers, dropped = _initialisers(parsed, target)
    messages += dropped
    kept: dict[str, list[str]] = {}
    for line in parsed.kept:
        kept.setdefault(line.section, []).append(line.text)
    adopted = Adopted(
        ino,
        {section: tuple(lines) for section, lines in kept.items()},
        initialisers,
        {macro: literal for macro, (literal, _) in moved.items()},
        secrets_exist,
        tuple(messages),
        tuple(parsed.prototypes),
        {name: (p.declaration, p.callback) for name, p in parsed.properties.items()},
    )
    return replace(target, adopted=adopted)


def header_secret_names(parsed: ParsedSketch, family: Family, auth: Auth) -> dict[str, str]:
    """The macro behind each constant, where the file names one other than cloudgen's."""
    names: dict[str, str] = {}
    for known in (*family.constants, *auth.constants):
        constant = parsed.constants.get(known.name)
        if constant is not None and not constant.literal and constant.value != known.secret:
            names[known.name] = constant.value
    for position, arg in enumerate(parsed.handler_args or []):
        if position < len(family.args) and arg.startswith("SECRET_"):
            default = next(
                (c.secret for c in family.constants if c.name == family.args[position]), None
            )
            if default is not None and arg != default:
                names[family.args[position]] = arg
    key = parsed.calls.get("setSecretDeviceKey")
    if (
        key
        and key[0].startswith("SECRET_")
        and auth.constants
        and key[0] != auth.constants[0].secret
    ):
        names[auth.constants[0].name] = key[0]
    return names


def _moved(parsed: ParsedSketch, target: SketchTarget) -> dict[str, tuple[str, int]]:
    """Credentials written into the file: macro -> (the C++ literal, its line)."""
    moved: dict[str, tuple[str, int]] = {}
    by_name = {c.name: c.secret for c in target.constants}
    for name, macro in by_name.items():
        constant = parsed.constants.get(name)
        if constant is not None and constant.literal and constant.raw != '""':
            moved[macro] = (constant.raw, constant.line)
    family = target.family
    for position, arg in enumerate(parsed.handler_args or []):
        if position < len(family.args) and arg.startswith('"') and family.args[position] in by_name:
            moved.setdefault(by_name[family.args[position]], (arg, parsed.handler_line))
    key = parsed.calls.get("setSecretDeviceKey")
    if key and key[0].startswith('"') and target.auth.constants:
        moved.setdefault(by_name[target.auth.constants[0].name], (key[0], key[1]))
    return moved


def _moved_messages(
    parsed: ParsedSketch, target: SketchTarget, moved: dict[str, tuple[str, int]]
) -> list[str]:
    return [
        f"{parsed.path}:{line}: a credential is written here; cloudgen moves it into "
        f"{target.output_dir.as_posix()}/{SECRETS_FILE} as {macro} (git-ignored), and "
        f"thingProperties.h uses the macro"
        for macro, (_, line) in moved.items()
    ]


def _adoption_messages(parsed: ParsedSketch, target: SketchTarget) -> list[str]:
    """What taking over a file not written by cloudgen keeps and leaves out."""
    messages = [
        f"{parsed.path}:{line.line}: kept `{line.text.strip()[:80]}`: not a cloud variable, "
        "so cloudgen leaves it where it is"
        for line in parsed.kept_code
    ]
    if parsed.dropped:
        messages.append(
            f"{parsed.path}:{parsed.dropped[0]}: the #if blocks for other boards than "
            f"{target.board.name} (lines {parsed.dropped[0]}-{parsed.dropped[-1]}) are left out"
        )
    call = parsed.calls.get("setThingId")
    if call is not None and target.auth.identity_from != "thing_id":
        messages.append(
            f"{parsed.path}:{call[1]}: setThingId is left out: {target.board.name} finds its "
            "Thing by itself (ArduinoIoTCloud 1.5 and later)"
        )
    return messages


def _initialisers(parsed: ParsedSketch, target: SketchTarget) -> tuple[dict[str, str], list[str]]:
    """Initial values of cloud variables, kept while the variable keeps its C++ type."""
    kept, dropped = {}, []
    types = {v.variable_name: v.type.cpp for v in target.thing.variables}
    for name, prop in parsed.properties.items():
        if prop.initialiser is None or name not in types:
            continue
        if types[name] == prop.declaration:
            kept[name] = prop.initialiser
        else:
            dropped.append(
                f"{parsed.path}:{prop.line}: the initial value of {name} (`= {prop.initialiser}`) "
                f"is left out: {name} is now {types[name]}, not {prop.declaration}"
            )
    return kept, dropped


def header_settings(
    parsed: ParsedSketch, catalog: Catalog, given: dict[str, Any]
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """A sketch's settings as its files say them, under the options `given`, and warnings.
    Refuses ids that are empty or placeholders where the board needs them (naming the
    option to pass) and leaves them out, with a warning, where it does not."""
    key = family_of(parsed, catalog)
    settings: dict[str, Any] = {"style": parsed.style, "auth": auth_of(parsed, catalog)}
    if key is not None:
        family = catalog.families[key]
        settings["connection"] = key
        names = header_secret_names(parsed, family, catalog.auths[settings["auth"]])
        if names:
            settings["secret_names"] = names
        if family.bands:
            # A LoRa handler without the band argument uses the library's default plan.
            settings["lora_band"] = parsed.lora_band or family.default_band
    if parsed.configurator:
        settings["provisioning"] = "p2"
    tags = {name: p.tag for name, p in parsed.properties.items() if p.tag is not None}
    if tags:
        settings["lora_tags"] = tags
    settings = {**settings, **given}
    problems = _identities(parsed, catalog, settings, given)
    if any(p.level == "error" for p in problems):
        raise UserError(problems)
    return settings, problems


def _identities(
    parsed: ParsedSketch, catalog: Catalog, settings: dict[str, Any], given: dict[str, Any]
) -> list[Diagnostic]:
    """device_id and thing_id from the file; a placeholder is an error only where needed."""
    auth = catalog.auths.get(settings["auth"])
    problems = []
    for key, option, names in (
        ("device_id", "--device-id", ("DEVICE_LOGIN_NAME", "BOARD_ID")),
        ("thing_id", "--thing-id", ("THING_ID",)),
    ):
        name = next((n for n in names if n in parsed.constants), None)
        found = parsed.constants[name] if name else None
        if key in given or found is None or not found.literal:
            continue
        if UUID.match(found.value):
            settings[key] = found.value.lower()
            continue
        what = "empty: the device was never associated" if not found.value else "a placeholder"
        needed = auth is not None and auth.identity_from == key
        message = (
            f'{name} is "{found.value}" ({what}), '
            + (f"and {auth.label} sketches need it" if needed and auth else "so it is left out")
            + f": pass {option} UUID (from the Arduino Cloud)"
        )
        level: Level = "error" if needed else "warning"
        problems.append(Diagnostic(parsed.path, found.line, 1, "", message, level))
    return problems


def folder_settings(
    folder: Path, catalog: Catalog, board: str | None, given: dict[str, Any]
) -> tuple[str, dict[str, Any], ParsedSketch | None, list[Diagnostic]]:
    """A folder's board, settings (options in `given` win), its header, and warnings.

    The board is the one given, or the one the folder names; failing both, the one board
    the header proves, said as a warning, or a refusal that lists those that fit.
    """
    fqbn = board or named_fqbn(folder)
    parsed = read_header(folder, catalog, catalog.board(fqbn) if fqbn else None)
    warnings: list[Diagnostic] = []
    if parsed is None:
        if fqbn is None:
            raise UserError.single(
                folder.as_posix(), "cannot tell the board: pass --board FQBN", line=0
            )
        return fqbn, dict(given), None, warnings
    if fqbn is None:
        fqbn = guessed_board(parsed, catalog, folder)
        warnings.append(
            Diagnostic(
                folder.as_posix(),
                0,
                0,
                "",
                f"names no board; {fqbn} is the only one that fits its "
                "thingProperties.h (pass --board to choose another)",
                "warning",
            )
        )
        parsed = read_header(folder, catalog, catalog.board(fqbn))
        assert parsed is not None
    settings, problems = header_settings(parsed, catalog, given)
    known = catalog.board(fqbn)
    if known is not None and "auth" not in given and settings["auth"] not in known.auths:
        # e.g. an ESP32 sketch without setBoardId: it cannot log in; the board's way is added.
        del settings["auth"]
        message = (
            f"{known.name} authenticates with a {catalog.auths[known.auth].label}, which this "
            "thingProperties.h does not set up; the synced file does"
        )
        warnings.append(Diagnostic(parsed.path, 0, 0, "", message, "warning"))
    return fqbn, settings, parsed, warnings + problems
