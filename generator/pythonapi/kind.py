"""The `python` output kind: a typed module per Thing over the Integrations API client."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import optional_uuid
from generator.core.outputs import OutputFile
from generator.core.writer import Write
from generator.project.kinds import Context, Entry, Setting
from generator.pythonapi.emit import PythonApiTarget, emit_python_api, problems
from generator.thing.model import Thing


@dataclass(frozen=True)
class PythonApiOutput:
    target: PythonApiTarget

    @property
    def output_dir(self) -> Path:
        return self.target.output_dir

    def emit(self) -> list[OutputFile]:
        return emit_python_api(self.target)

    def kept_user_code(self, writes: Mapping[Path, Write]) -> list[str]:
        return []  # every file is generated; there is no user code in the folder


class PythonApiKind:
    key = "python"
    needs_board = False
    settings = (Setting("thing_id"),)

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> PythonApiOutput | None:
        thing_id = optional_uuid(entry.text("thing_id"), "thing_id", "Thing id", entry.error)
        target = PythonApiTarget(thing, entry.folder, thing_id)
        found = problems(target)
        for problem in found:
            entry.error("outputs.python", problem)
        return None if found else PythonApiOutput(target)


PYTHON_API = PythonApiKind()
