"""`cloudgen.lock`: what the last run read and wrote, reviewed in diffs.

It records the generator version, the project config it belongs to, the sha256 of every
input (templates, the project config, cloudgen's own catalogs and templates), the sha256
of every generated file as cloudgen wrote it (so hand edits and stale outputs can be told
apart), the user-owned files it created, and the LoRa property tags of each Thing, which
the cloud assigns once and which must never change or be reused.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.checks import Checker, describe
from generator.core.diagnostics import Diagnostics, UserError
from generator.core.outputs import OutputFile
from generator.core.source import load_document
from generator.project.fastpath import VERSION

HEADER = "# Written by cloudgen: commit it, do not edit it by hand.\n"
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass
class ThingState:
    lora_tags: dict[str, int] = field(default_factory=dict)
    next_lora_tag: int = 0


@dataclass
class Lock:
    path: Path
    generator: str = ""
    config: str | None = None  # the project config's file name; None without a project
    inputs: dict[str, str] = field(default_factory=dict)  # key -> sha256
    outputs: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 or "user"
    things: dict[str, ThingState] = field(default_factory=dict)

    def key(self, path: Path) -> str:
        """A path as the lock names it: relative to the lock's folder, with / separators."""
        relative = os.path.relpath(path.resolve(), self.path.parent.resolve())
        return Path(relative).as_posix()

    def output(self) -> OutputFile:
        things: dict[str, Any] = {}
        for key in sorted(self.things):
            state = self.things[key]
            things[key] = {
                "lora_tags": dict(sorted(state.lora_tags.items(), key=lambda item: item[1])),
                "next_lora_tag": state.next_lora_tag,
            }
        data: dict[str, Any] = {
            "version": VERSION,
            "generator": self.generator,
            **({"config": self.config} if self.config else {}),
            "inputs": dict(sorted(self.inputs.items())),
            "outputs": dict(sorted(self.outputs.items())),
        }
        if things:
            data["things"] = things
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False)
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
        lock.generator = str(data.get("generator", ""))
        lock.config = str(data["config"]) if "config" in data else None
        for key in ("inputs", "outputs"):
            table = check.mapping((key,), data.get(key, {}), "paths mapped to hashes")
            if table is not None:
                setattr(lock, key, {str(k): str(v) for k, v in table.items()})
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
