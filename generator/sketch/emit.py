"""SketchTarget -> the files of an arduino-cli sketch folder.

Layout follows what the Arduino Cloud editor emits (shared/reference/sketch-files.md):
`thingProperties.h` (generated), `arduino_secrets.h` and `<name>.ino` (created once) and a
`.gitignore` entry that keeps the secrets out of git.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from generator.core.diagnostics import UserError, option_name
from generator.core.escape import cpp_string
from generator.core.outputs import OutputFile, Policy, ensure_lines
from generator.core.render import render
from generator.core.user_code import sync_user_code
from generator.sketch.target import SketchTarget
from generator.thing.model import Variable, plain_number

SECRETS_FILE = "arduino_secrets.h"
PROPERTIES_FILE = "thingProperties.h"


def emit_sketch(target: SketchTarget) -> list[OutputFile]:
    folder = target.output_dir
    adopted = target.adopted
    # Created once; once it exists, only macros the sketch needs and lacks are added.
    secrets_policy: Policy = "merge" if adopted and adopted.secrets_exist else "once"
    return [
        OutputFile(folder / PROPERTIES_FILE, thing_properties(target)),
        OutputFile(
            folder / SECRETS_FILE,
            arduino_secrets(target),
            secrets_policy,
            ensure_secrets(_secret_values(target), f"{folder.as_posix()}/{SECRETS_FILE}"),
        ),
        OutputFile(folder / target.main_ino, sketch_ino(target), "merge", sync_ino(target)),
        OutputFile(folder / ".gitignore", f"{SECRETS_FILE}\n", "merge", ensure_lines(SECRETS_FILE)),
    ]


def portable_source(source: str) -> str:
    """The template's path as the header names it: never an absolute path, which would
    differ from machine to machine (a sketch synced from ~/Downloads)."""
    path = Path(source)
    return path.name if path.is_absolute() else path.as_posix()


def thing_properties(target: SketchTarget) -> str:
    family, auth = target.family, target.auth
    groups: list[list[str]] = []
    p2 = target.provisioning == "p2"
    if auth.identity_name:
        key = auth.identity_from or ""
        note = (
            f"not set yet: give {key} in cloudgen.yaml (or {option_name(key)}) and generate again"
        )
        value = cpp_string(target.identity or "")
        groups.append(_aligned([(auth.identity_name, value, "" if target.identity else note)]))
    if target.constants:
        groups.append(_aligned([(c.name, c.secret, c.comment) for c in target.constants]))
    args = "" if p2 else "(" + ", ".join(a.format(band=target.lora_band) for a in family.args) + ")"
    kept = target.adopted.kept if target.adopted else {}
    initial = target.adopted.initialisers if target.adopted else {}
    return render(
        "sketch/thingProperties.h.j2",
        target=target,
        p2=p2,
        source=cpp_string(portable_source(target.thing.source)),
        thing_name=cpp_string(target.thing.name),
        timezone=cpp_string(target.thing.timezone),
        tags=", ".join(cpp_string(f"{key}={value}") for key, value in target.thing.tags) or "none",
        tagged=family.uses_property_tags,
        constant_groups=groups,
        prototypes=[v.callback for v in target.thing.read_write_variables],
        declarations=_with_comments(
            [
                (
                    declaration(v, initial.get(v.variable_name)),
                    f"{cpp_string(v.name)} ({v.type.name})",
                )
                for v in target.thing.variables
            ]
        ),
        init_lines=auth.init,
        properties=[add_property(target, v) for v in target.thing.variables],
        handler=f"{family.handler} ArduinoIoTPreferredConnection{args};",
        kept=defaultdict(str, {k: "".join(f"{line}\n" for line in v) for k, v in kept.items()}),
    )


def _aligned(rows: list[tuple[str, str, str]]) -> list[str]:
    """`const char NAME[] = VALUE;` lines with `=` signs and comments in one column."""
    width = max(len(name) for name, _, _ in rows) + 2
    return _with_comments(
        [
            (f"const char {f'{name}[]':<{width}} = {value};", comment)
            for name, value, comment in rows
        ]
    )


def _with_comments(rows: list[tuple[str, str]]) -> list[str]:
    """Lines with their `//` comments (where they have one) aligned in one column."""
    width = max((len(code) for code, comment in rows if comment), default=0)
    return [f"{code:<{width}}  // {comment}" if comment else code for code, comment in rows]


def add_property(target: SketchTarget, variable: Variable) -> str:
    """One `ArduinoCloud.addProperty(...)` statement in the target's style."""
    tag = target.property_tags.get(variable.variable_name)
    head = f"ArduinoCloud.addProperty({variable.variable_name}"
    if tag is not None:
        head += f", {tag}"
    timed = variable.update_strategy == "TIMED"
    if target.style == "legacy":
        permission = "READWRITE" if variable.read_write else "READ"
        policy = f"{_number(variable.update_parameter)} * SECONDS" if timed else "ON_CHANGE"
        callback = variable.callback if variable.read_write else "NULL"
        delta = (
            ""
            if timed or not variable.update_parameter
            else f", {_number(variable.update_parameter)}"
        )
        return f"{head}, {permission}, {policy}, {callback}{delta});"
    permission = "Permission::ReadWrite" if variable.read_write else "Permission::Read"
    chain = f".onUpdate({variable.callback})" if variable.read_write else ""
    if timed:
        chain += f".publishEvery({_number(variable.update_parameter)} * SECONDS)"
    else:
        chain += f".publishOnChange({_number(variable.update_parameter)})"
    return f"{head}, {permission}){chain};"


def _number(value: float) -> str:
    """`0` for 0.0, `30` for 30.0, `0.5` for 0.5: the way the editor prints parameters."""
    return repr(plain_number(value))


def _secret_values(target: SketchTarget) -> list[tuple[str, str]]:
    """Each macro the sketch needs, with the literal it gets: a moved credential, or ""."""
    moved = target.adopted.moved if target.adopted else {}
    return [(c.secret, moved.get(c.secret, '""')) for c in target.constants]


def arduino_secrets(target: SketchTarget) -> str:
    return render(
        "sketch/arduino_secrets.h.j2",
        secrets=_secret_values(target),
        p2=target.provisioning == "p2",
    )


_DEFINE = re.compile(r"^[ \t]*#[ \t]*define[ \t]+(\w+)(?:[ \t]+(.*?))?[ \t]*$", re.MULTILINE)


def ensure_secrets(values: list[tuple[str, str]], display: str) -> Callable[[str], str]:
    """The arduino_secrets.h merge: add each macro the sketch needs and the file lacks;
    fill in a moved credential where the file has the macro empty. Nothing else changes."""

    def merge(current: str) -> str:
        defined = {m.group(1): m for m in _DEFINE.finditer(current)}
        text, added = current, []
        for macro, literal in values:
            found = defined.get(macro)
            if found is None:
                added.append(f"#define {macro} {literal}\n")
            elif literal != '""' and (found.group(2) or '""') == '""':
                text = text.replace(found.group(), f"#define {macro} {literal}", 1)
            elif literal != '""' and found.group(2) != literal:
                line = current.count("\n", 0, found.start()) + 1
                raise UserError.single(
                    display,
                    f"{macro} has another value here than the one thingProperties.h had; "
                    "keep the right one in this file and delete the other",
                    line=line,
                )
        if added and text and not text.endswith("\n"):
            text += "\n"
        return text + "".join(added)

    return merge


def declaration(variable: Variable, initialiser: str | None = None) -> str:
    value = f" = {initialiser}" if initialiser is not None else ""
    return f"{variable.type.cpp} {variable.variable_name}{value};"


def sketch_ino(target: SketchTarget) -> str:
    return render(
        "sketch/sketch.ino.j2",
        target=target,
        thing_name=cpp_string(target.thing.name),
        declarations=[declaration(v) for v in target.thing.variables],
        callbacks=target.thing.read_write_variables,
    )


def callback_stub(variable: Variable) -> str:
    return render("sketch/callback.j2", variable=variable)


def sync_ino(target: SketchTarget) -> Callable[[str], str]:
    """The .ino merge: refresh the header's variable list, append missing callbacks."""
    declarations = [declaration(v) for v in target.thing.variables]
    stubs = {v.callback: callback_stub(v) for v in target.thing.read_write_variables}
    return lambda current: sync_user_code(current, declarations, stubs)
