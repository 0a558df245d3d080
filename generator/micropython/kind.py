"""The `micropython` output kind: bindings for Arduino's arduino-iot-cloud library."""

from __future__ import annotations

from functools import partial

from generator.core.checks import optional_uuid
from generator.micropython.emit import MicroPythonTarget, emit_micropython
from generator.project.kinds import Context, Emitting, Entry, Setting
from generator.thing.model import Thing


class MicroPythonKind:
    key = "micropython"
    needs_board = False
    settings = (Setting("device_id"),)

    def target(self, thing: Thing, board: str | None, entry: Entry, context: Context) -> Emitting:
        device_id = optional_uuid(entry.text("device_id"), "device_id", "device id", entry.error)
        target = MicroPythonTarget(thing, entry.folder, device_id)
        # main.py keeps every handler; nothing in it refers to removed variables.
        return Emitting(entry.folder, partial(emit_micropython, target))


MICROPYTHON = MicroPythonKind()
