"""load -> validate -> model -> emit: turns a project (or one template) into planned outputs.

Every input problem of a run is collected before anything is written. Output kinds are
reached only through the registry passed in (`generator/kinds.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from generator.core.catalog import Catalog, load_catalog
from generator.core.diagnostics import Diagnostic, Diagnostics, KeyPath, UserError, option_name
from generator.core.outputs import OutputFile
from generator.core.paths import LOCK_NAME, lock_path_for
from generator.project.config import Project, load_project
from generator.project.kinds import Context, Entry, OutputKind, Report, Target
from generator.project.lock import Lock, load_lock
from generator.thing.load import load_thing
from generator.thing.model import Thing

T = TypeVar("T")


@dataclass
class Plan:
    """Everything a run would write, before anything is written."""

    outputs: list[OutputFile]
    warnings: list[Diagnostic]
    lock: Lock
    inputs: list[Path] = field(default_factory=list)  # the user's input files
    targets: list[Target] = field(default_factory=list)
    # A plan for part of a project (one folder): the lock keeps what it says of the rest.
    partial: bool = False
    folders: dict[Path, Path] = field(default_factory=dict)  # output folder -> its template

    def only(self, *folders: Path) -> Plan:
        """The part of a project plan that writes into these output folders, as one run
        (each partial run records the lock from the old one, so one run per folder would
        lose the others' hashes)."""
        return Plan(
            [o for o in self.outputs if o.path.parent in folders],
            self.warnings,
            self.lock,
            list(dict.fromkeys(self.folders[f] for f in folders if f in self.folders)),
            [t for t in self.targets if t.output_dir in folders],
            partial=True,
        )

    def fed_by(self, template: Path) -> list[Path]:
        """The output folders generated from `template`."""
        wanted = template.resolve()
        return [folder for folder, source in self.folders.items() if source.resolve() == wanted]


# Told how far long work has got: (what, done, total).
Progress = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    pass


def plan_project(
    config_path: Path,
    kinds: Sequence[OutputKind],
    catalog: Catalog | None = None,
    progress: Progress = no_progress,
) -> Plan:
    catalog = catalog or load_catalog()
    diagnostics = Diagnostics()
    project = load_project(config_path, kinds, diagnostics)
    lock_path = lock_path_for(config_path)
    lock = _guarded(diagnostics, lambda: load_lock(lock_path, display_path(lock_path)))
    if lock is not None:
        lock.config = config_path.name
    by_kind: dict[str, list[Target]] = {kind.key: [] for kind in kinds}
    folders: dict[Path, Path] = {}
    context = Context(catalog, lock) if lock is not None else None
    for done, entry in enumerate(project.entries, start=1):
        progress("reading Things", done, len(project.entries))
        load = partial(load_thing, entry.template, entry.template_display, catalog, diagnostics)
        thing = _guarded(diagnostics, load)
        if thing is None or context is None:
            continue
        report = config_report(project, entry.index, diagnostics)
        for kind, target in plan_targets(
            thing,
            entry.board,
            entry.settings,
            entry.outputs,
            kinds,
            report,
            context,
            entry.template_display,
        ):
            by_kind[kind].append(target)
            folders[target.output_dir] = project.root / thing.source
    if diagnostics.errors or lock is None:
        raise UserError(diagnostics.items)
    targets = [target for key in by_kind for target in by_kind[key]]
    outputs = []
    for done, target in enumerate(targets, start=1):
        progress("generating", done, len(targets))
        outputs += target.emit()
    inputs = [config_path, *(entry.template for entry in project.entries)]
    return Plan(outputs, diagnostics.warnings, lock, inputs, targets, folders=folders)


def plan_targets(
    thing: Thing,
    board: str | None,
    settings: Mapping[str, Any],
    outputs: Mapping[str, Path],
    kinds: Sequence[OutputKind],
    report: Report,
    context: Context,
    state_key: str,
) -> list[tuple[str, Target]]:
    """The targets of one Thing, one per output kind it lists, in registry order."""
    targets = []
    for kind in kinds:
        if kind.key not in outputs:
            continue
        entry = Entry(settings, outputs[kind.key], report, state_key)
        target = kind.target(thing, board, entry, context)
        if target is not None:
            targets.append((kind.key, target))
    return targets


def plan_single(
    kind: OutputKind,
    template: Path,
    folder: Path,
    board: str | None,
    settings: Mapping[str, Any],
    catalog: Catalog | None = None,
) -> Plan:
    """One Thing's output of one kind, without a project: the folder keeps its own lock,
    and problems point at the command's options."""
    catalog = catalog or load_catalog()
    diagnostics = Diagnostics()
    display = display_path(template)
    thing = _guarded(diagnostics, lambda: load_thing(template, display, catalog, diagnostics))
    lock_path = folder / LOCK_NAME
    lock = _guarded(diagnostics, lambda: load_lock(lock_path, display_path(lock_path)))
    target = None
    if thing is not None and lock is not None:
        report = option_report(diagnostics, {f"outputs.{kind.key}": "--output"})
        entry = Entry(settings, folder, report, lock.key(template))
        target = kind.target(thing, board, entry, Context(catalog, lock))
    if diagnostics.errors or target is None or lock is None:
        raise UserError(diagnostics.items)
    return Plan(target.emit(), diagnostics.warnings, lock, [template], [target])


def _guarded(diagnostics: Diagnostics, load: Callable[[], T]) -> T | None:
    """Run a loader; a file-level error joins the others instead of ending the run."""
    try:
        return load()
    except UserError as error:
        for diagnostic in error.diagnostics:
            diagnostics.add(diagnostic)
        return None


def config_report(project: Project, index: int, diagnostics: Diagnostics) -> Report:
    """Problems with a setting of `things[index]`, at its line in cloudgen.yaml."""

    def report(key: str, message: str, level: str) -> None:
        path: KeyPath = ("things", index, *key.split("."))
        diagnostics.add(project.config.diagnostic(path, message, level=level))

    return report


def option_report(diagnostics: Diagnostics, options: Mapping[str, str] | None = None) -> Report:
    """Problems with a setting given on the command line, named by its option.

    `options` names the options that are not simply the setting's key (`outputs.sketch`
    is `--output` for `cloudgen sketch`, and the Thing's `--name` for `cloudgen new`).
    """

    def report(key: str, message: str, level: str) -> None:
        option = (options or {}).get(key) or option_name(key)
        diagnostics.add(Diagnostic("cloudgen", 0, 0, option, message, level))  # type: ignore[arg-type]

    return report


def display_path(path: Path) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
