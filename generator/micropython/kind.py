"""The `micropython` output kind: bindings for Arduino's arduino-iot-cloud library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import optional_uuid
from generator.core.outputs import OutputFile
from generator.core.writer import Write
from generator.micropython.emit import MicroPythonTarget, emit_micropython
from generator.project.kinds import Context, Entry, Setting
from generator.thing.model import Thing


@dataclass(frozen=True)
class MicroPythonOutput:
    target: MicroPythonTarget

    @property
    def output_dir(self) -> Path:
        return self.target.output_dir

    def emit(self) -> list[OutputFile]:
        return emit_micropython(self.target)

    def kept_user_code(self, writes: Mapping[Path, Write]) -> list[str]:
        return []  # main.py keeps every handler; nothing in it refers to removed variables


class MicroPythonKind:
    key = "micropython"
    needs_board = False
    settings = (Setting("device_id"),)

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> MicroPythonOutput:
        device_id = optional_uuid(entry.text("device_id"), "device_id", "device id", entry.error)
        return MicroPythonOutput(MicroPythonTarget(thing, entry.folder, device_id))


MICROPYTHON = MicroPythonKind()
