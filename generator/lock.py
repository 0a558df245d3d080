"""`cloudgen.lock`: what the last run read and wrote, reviewed in diffs.

It records the generator version, the sha256 of every input (templates, the project
config, cloudgen's own catalogs and templates), the sha256 of every generated file as
cloudgen wrote it (so hand edits and stale outputs can be told apart), the user-owned
files it created, and the LoRa property tags of each Thing, which the cloud assigns once
and which must never change or be reused.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from generator.checks import Checker, describe
from generator.diagnostics import Diagnostics, UserError
from generator.outputs import OutputFile
from generator.paths import CATALOG_DIR, TEMPLATES_DIR
from generator.source import load_document

LOCK_NAME = "cloudgen.lock"
HEADER = "# Written by cloudgen: commit it, do not edit it by hand.\n"
VERSION = 1
USER_OWNED = "user"  # an output the user owns: only its existence matters
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ThingState:
    lora_tags: dict[str, int] = field(default_factory=dict)
    next_lora_tag: int = 0


@dataclass
class Lock:
    path: Path
    generator: str = ""
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
            "inputs": dict(sorted(self.inputs.items())),
            "outputs": dict(sorted(self.outputs.items())),
        }
        if things:
            data["things"] = things
        body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, default_flow_style=False)
        return OutputFile(self.path, HEADER + body)


def generator_version() -> str:
    try:
        return metadata.version("cloudgen")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None


@cache
def own_input_hashes() -> dict[str, str]:
    """cloudgen's own data, which shapes every output: catalogs and Jinja2 templates."""
    hashes = {}
    for folder, prefix in ((CATALOG_DIR, "specs/catalog"), (TEMPLATES_DIR, "templates")):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            hashes[f"cloudgen:{prefix}/{path.relative_to(folder).as_posix()}"] = sha256(
                path.read_bytes()
            )
    return hashes


def current_input_hash(lock: Lock, key: str) -> str | None:
    if key.startswith("cloudgen:"):
        return own_input_hashes().get(key)
    return file_sha256(lock.path.parent / key)


def is_current(lock_path: Path, *, need_user_files: bool) -> bool:
    """The fast path: nothing an input or output says has changed since the lock was written.

    Reads only the lock, the inputs it lists and the generated files, and never raises:
    anything unexpected just means "not known to be current", and the full run decides.
    """
    try:
        data = yaml.load(lock_path.read_text(encoding="utf-8"), Loader=_Loader)
        lock = Lock(lock_path, str(data["generator"]), dict(data["inputs"]), dict(data["outputs"]))
    except Exception:
        return False
    if data.get("version") != VERSION or lock.generator != generator_version() or not lock.inputs:
        return False
    for key, digest in lock.inputs.items():
        if current_input_hash(lock, key) != digest:
            return False
    for key, digest in lock.outputs.items():
        path = lock.path.parent / key
        if digest == USER_OWNED:
            if need_user_files and not path.exists():
                return False
        elif file_sha256(path) != digest:
            return False
    return True


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
