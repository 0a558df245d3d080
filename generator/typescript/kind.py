"""The `typescript` output kind: a typed module over arduino-iot-js for each Thing."""

from __future__ import annotations

from functools import partial

from generator.core.checks import describe, optional_uuid
from generator.project.kinds import Context, Emitting, Entry, Setting
from generator.thing.model import Thing
from generator.typescript.emit import TypeScriptTarget, emit_typescript, name_problem, suggestion


class TypeScriptKind:
    key = "typescript"
    needs_board = False
    settings = (Setting("thing_id"),)

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> Emitting | None:
        thing_id = optional_uuid(entry.text("thing_id"), "thing_id", "Thing id", entry.error)
        target = TypeScriptTarget(thing, entry.folder, thing_id)
        problem = name_problem(target)
        if problem is None:
            return Emitting(entry.folder, partial(emit_typescript, target))
        name = describe(target.module_name)
        message = f"the folder name {name} names the module's class, but it {problem}"
        better = suggestion(target)
        hint = f'; did you mean "{better}"?' if better else ""
        entry.error("outputs.typescript", message + hint)
        return None


TYPESCRIPT = TypeScriptKind()
