"""The `python` output kind: a typed module per Thing over the Integrations API client."""

from __future__ import annotations

from functools import partial

from generator.core.checks import optional_uuid
from generator.project.kinds import Context, Emitting, Entry, Setting
from generator.pythonapi.emit import PythonApiTarget, emit_python_api, problems
from generator.thing.model import Thing


class PythonApiKind:
    key = "python"
    needs_board = False
    settings = (Setting("thing_id"),)

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> Emitting | None:
        thing_id = optional_uuid(entry.text("thing_id"), "thing_id", "Thing id", entry.error)
        target = PythonApiTarget(thing, entry.folder, thing_id)
        found = problems(target)
        for problem in found:
            entry.error("outputs.python", problem)
        return None if found else Emitting(entry.folder, partial(emit_python_api, target))


PYTHON_API = PythonApiKind()
