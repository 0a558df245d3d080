"""`cloudgen.lock`: state that must survive between runs, reviewed in diffs.

Today it records the LoRa property tags of each Thing, which the cloud assigns once and
which must never change or be reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.checks import Checker, describe
from generator.diagnostics import Diagnostics, UserError
from generator.outputs import OutputFile
from generator.source import load_document

LOCK_NAME = "cloudgen.lock"
HEADER = "# Written by cloudgen: commit it, do not edit it by hand.\n"
VERSION = 1


@dataclass
class ThingState:
    lora_tags: dict[str, int] = field(default_factory=dict)
    next_lora_tag: int = 0


@dataclass
class Lock:
    path: Path
    things: dict[str, ThingState] = field(default_factory=dict)

    def output(self) -> OutputFile:
        things: dict[str, Any] = {}
        for key in sorted(self.things):
            state = self.things[key]
            things[key] = {
                "lora_tags": dict(sorted(state.lora_tags.items(), key=lambda item: item[1])),
                "next_lora_tag": state.next_lora_tag,
            }
        body = yaml.safe_dump(
            {"version": VERSION, "things": things}, sort_keys=False, default_flow_style=False
        )
        return OutputFile(self.path, HEADER + body)


def load_lock(path: Path, display: str) -> Lock:
    lock = Lock(path)
    if not path.exists():
        return lock
    document = load_document(path, display)
    diagnostics = Diagnostics()
    check = Checker(document, diagnostics)
    data = check.mapping((), document.data, "the lock file")
    if data is not None:
        if data.get("version") != VERSION:
            check.error(
                ("version",), f"expected version {VERSION}, found {describe(data.get('version'))}"
            )
        things = check.mapping(("things",), data.get("things", {}), "Things by template path")
        for key, raw in (things or {}).items():
            entry = check.mapping(("things", key), raw, "a Thing's state")
            if entry is None:
                continue
            tags = entry.get("lora_tags", {})
            next_tag = entry.get("next_lora_tag", 0)
            valid_tags = isinstance(tags, dict) and all(
                isinstance(t, int) and not isinstance(t, bool) for t in tags.values()
            )
            if not valid_tags:
                check.error(
                    ("things", key, "lora_tags"), "expected variable names mapped to whole numbers"
                )
            elif isinstance(next_tag, bool) or not isinstance(next_tag, int):
                check.error(
                    ("things", key, "next_lora_tag"),
                    f"expected a whole number, found {describe(next_tag)}",
                )
            else:
                lock.things[key] = ThingState(dict(tags), next_tag)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    return lock
