"""What a sketch run leaves of the user's code, said as warnings.

Callbacks whose variable was removed or became read-only stay in the .ino (as in the
Cloud editor), and a variable that looks renamed leaves its old callback behind. Taking
over a folder adds what `adopt` found (kept lines, moved credentials, the main .ino).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from generator.core.user_code import defined_callbacks
from generator.core.writer import Write
from generator.sketch.target import SketchTarget


def kept_callbacks(target: SketchTarget, writes: Mapping[Path, Write]) -> list[str]:
    adopted = target.adopted
    messages = list(adopted.messages) if adopted else []
    ino = writes.get(target.output_dir / target.main_ino)
    if adopted is None or ino is None or not adopted.variables:
        return messages
    current = {v.callback for v in target.thing.read_write_variables}
    defined = set(defined_callbacks(ino.content))
    for callback in adopted.callbacks:
        if callback not in current and callback in defined:
            messages.append(
                f"{ino.path}: {callback}() is kept, but no READ_WRITE variable uses it any "
                "more; delete it when you have moved its code"
            )
    new = {v.variable_name: v for v in target.thing.variables}
    removed = [(name, old) for name, old in adopted.variables.items() if name not in new]
    added = [v for name, v in new.items() if name not in adopted.variables]
    for name, (cpp, old_callback) in removed:
        twin = next((v for v in added if v.type.cpp == cpp), None)
        if twin is not None:
            added.remove(twin)
            messages.append(
                f'{target.thing.source}: variable "{name}" looks renamed to '
                f'"{twin.variable_name}"; a new cloud variable starts without its history, '
                "unless `cloudgen cloud push --allow-delete` renames the property in place"
                + (
                    f", and code in {old_callback}() must move to {twin.callback}()"
                    if old_callback and twin.read_write
                    else ""
                )
            )
    return messages
