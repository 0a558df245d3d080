"""load -> validate -> model -> emit: turns a project (or one template) into planned outputs.

Every input problem of a run is collected before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from generator.core.catalog import Catalog, load_catalog
from generator.core.diagnostics import Diagnostic, Diagnostics, KeyPath, UserError
from generator.core.outputs import OutputFile
from generator.core.paths import LOCK_NAME
from generator.micropython.emit import MicroPythonTarget, emit_micropython
from generator.project.config import Project, load_project
from generator.project.lock import Lock, ThingState, load_lock
from generator.sketch.emit import emit_sketch
from generator.sketch.target import (
    Report,
    TargetSettings,
    build_target,
    optional_uuid,
    with_property_tags,
)
from generator.thing.load import load_thing
from generator.thing.model import SketchTarget

T = TypeVar("T")


@dataclass
class Plan:
    """Everything a run would write, before anything is written."""

    outputs: list[OutputFile]
    warnings: list[Diagnostic]
    lock: Lock
    inputs: list[Path] = field(default_factory=list)  # the user's input files
    targets: list[SketchTarget] = field(default_factory=list)
    # A plan for part of a project (one folder): the lock keeps what it says of the rest.
    partial: bool = False
    folders: dict[Path, Path] = field(default_factory=dict)  # output folder -> its template

    def only(self, folder: Path) -> Plan:
        """The part of a project plan that writes into one output folder."""
        return Plan(
            [o for o in self.outputs if o.path.parent == folder],
            self.warnings,
            self.lock,
            [self.folders[folder]] if folder in self.folders else [],
            [t for t in self.targets if t.output_dir == folder],
            partial=True,
        )


def plan_project(config_path: Path, catalog: Catalog | None = None) -> Plan:
    catalog = catalog or load_catalog()
    diagnostics = Diagnostics()
    project = load_project(config_path, diagnostics)
    lock = _guarded(diagnostics, lambda: load_lock(project.root / LOCK_NAME, LOCK_NAME))
    targets: list[SketchTarget] = []
    boards: list[MicroPythonTarget] = []
    for entry in project.entries:
        load = partial(load_thing, entry.template, entry.template_display, catalog, diagnostics)
        thing = _guarded(diagnostics, load)
        if thing is None:
            continue
        report = _config_report(project, entry.index, diagnostics)
        if entry.micropython_dir is not None:
            device_id = _micropython_device_id(entry.device_id, report)
            boards.append(MicroPythonTarget(thing, entry.micropython_dir, device_id))
        if entry.settings is None:
            continue
        target = build_target(thing, entry.settings, catalog, report)
        if target is not None and lock is not None:
            targets.append(_tagged(target, entry.settings, lock, entry.template_display))
    if diagnostics.errors or lock is None:
        raise UserError(diagnostics.items)
    outputs = [output for target in targets for output in emit_sketch(target)]
    outputs += [output for board in boards for output in emit_micropython(board)]
    inputs = [config_path, *(entry.template for entry in project.entries)]
    folders = {t.output_dir: project.root / t.thing.source for t in targets}
    folders |= {b.output_dir: project.root / b.thing.source for b in boards}
    return Plan(outputs, diagnostics.warnings, lock, inputs, targets, folders=folders)


def plan_sketch(template: Path, settings: TargetSettings, catalog: Catalog | None = None) -> Plan:
    """One Thing without a project; LoRa tags are kept in the sketch folder's own lock."""
    catalog = catalog or load_catalog()
    diagnostics = Diagnostics()
    display = _display(template)
    thing = _guarded(diagnostics, lambda: load_thing(template, display, catalog, diagnostics))
    target = None
    if thing is not None:
        target = build_target(thing, settings, catalog, _option_report(diagnostics))
    if diagnostics.errors or target is None:
        raise UserError(diagnostics.items)
    lock_path = settings.output_dir / LOCK_NAME
    lock = load_lock(lock_path, _display(lock_path))
    target = _tagged(target, settings, lock, lock.key(template))
    return Plan(emit_sketch(target), diagnostics.warnings, lock, [template], [target])


def plan_micropython(template: Path, output_dir: Path, device_id: str | None) -> Plan:
    """MicroPython bindings of one Thing without a project (the folder keeps its own lock)."""
    catalog = load_catalog()
    diagnostics = Diagnostics()
    thing = _guarded(
        diagnostics, lambda: load_thing(template, _display(template), catalog, diagnostics)
    )
    device = _micropython_device_id(device_id, _option_report(diagnostics))
    if diagnostics.errors or thing is None:
        raise UserError(diagnostics.items)
    lock_path = output_dir / LOCK_NAME
    lock = load_lock(lock_path, _display(lock_path))
    outputs = emit_micropython(MicroPythonTarget(thing, output_dir, device))
    return Plan(outputs, diagnostics.warnings, lock, [template], [])


def _micropython_device_id(device_id: str | None, report: Report) -> str | None:
    return optional_uuid(device_id, "device_id", "device id", lambda k, m: report(k, m, "error"))


def _tagged(target: SketchTarget, settings: TargetSettings, lock: Lock, key: str) -> SketchTarget:
    if not target.family.uses_property_tags:
        return target
    state = lock.things.get(key, ThingState())
    target, next_tag = with_property_tags(
        target, settings.property_tags, state.lora_tags, state.next_lora_tag
    )
    lock.things[key] = ThingState(dict(target.property_tags), next_tag)
    return target


def _guarded(diagnostics: Diagnostics, load: Callable[[], T]) -> T | None:
    """Run a loader; a file-level error joins the others instead of ending the run."""
    try:
        return load()
    except UserError as error:
        for diagnostic in error.diagnostics:
            diagnostics.add(diagnostic)
        return None


def _config_report(project: Project, index: int, diagnostics: Diagnostics) -> Report:
    def report(key: str, message: str, level: str) -> None:
        path: KeyPath = ("things", index, *key.split("."))
        diagnostics.add(project.config.diagnostic(path, message, level=level))

    return report


def _option_report(diagnostics: Diagnostics) -> Report:
    def report(key: str, message: str, level: str) -> None:
        option = "--" + key.split(".")[-1].replace("_", "-").replace("sketch", "output")
        diagnostic = Diagnostic("cloudgen", 0, 0, option, message, level)  # type: ignore[arg-type]
        diagnostics.add(diagnostic)

    return report


def _display(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
