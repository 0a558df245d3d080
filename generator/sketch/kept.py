"""What a sketch run leaves of the user's code, said as warnings.

Callbacks whose variable was removed or became read-only stay in the .ino (as in the
Cloud editor), and a variable that looks renamed leaves its old callback behind.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.core.diagnostics import UserError
from generator.core.user_code import defined_callbacks
from generator.core.writer import Write
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.parse import parse_text
from generator.sketch.target import SketchTarget


def kept_callbacks(target: SketchTarget, writes: Mapping[Path, Write]) -> list[str]:
    header = writes.get(target.output_dir / PROPERTIES_FILE)
    ino = writes.get(target.output_dir / f"{target.sketch_name}.ino")
    if header is None or ino is None or not header.previous:
        return []
    try:
        old = parse_text(header.previous, str(header.path))
    except UserError:
        return []  # not a file we can read back: nothing to compare with
    messages = []
    current = {v.callback for v in target.thing.read_write_variables}
    defined = set(defined_callbacks(ino.content))
    for callback in old.prototypes:
        if callback not in current and callback in defined:
            messages.append(
                f"{ino.path}: {callback}() is kept, but no READ_WRITE variable uses it any "
                "more; delete it when you have moved its code"
            )
    new = {v.variable_name: v for v in target.thing.variables}
    removed = [p for name, p in old.properties.items() if name not in new]
    added = [v for name, v in new.items() if name not in old.properties]
    for prop in removed:
        twin = next((v for v in added if v.type.cpp == prop.declaration), None)
        if twin is not None:
            added.remove(twin)
            messages.append(
                f'{target.thing.source}: variable "{prop.variable_name}" looks renamed to '
                f'"{twin.variable_name}"; its cloud history does not follow the new name'
                + (
                    f", and code in {prop.callback}() must move to {twin.callback}()"
                    if prop.callback and twin.read_write
                    else ""
                )
            )
    return messages
