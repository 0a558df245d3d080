"""What `cloudgen new` does: a project from options (and, on a terminal, answers)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.core.catalog import Catalog, load_catalog
from generator.core.checks import describe
from generator.core.diagnostics import Diagnostic, Diagnostics, UserError
from generator.core.paths import CONFIG_NAME, LOCK_NAME
from generator.core.source import parse_yaml
from generator.core.writer import apply_writes, plan_writes
from generator.project.config import ENTRY_KEYS
from generator.project.kinds import Context, OutputKind
from generator.project.lock import Lock
from generator.project.plan import option_report, plan_project, plan_targets
from generator.project.run import Outcome, execute
from generator.scaffold.project import (
    NewProject,
    config_entry,
    project_files,
    template_text,
)
from generator.thing.load import load_thing, thing_from_document
from generator.thing.template_file import variable_entries
from generator.thing.var_spec import parse_var


@dataclass(frozen=True)
class NewOptions:
    """`cloudgen new`'s options; None (or empty) where not given."""

    name: str | None = None
    board: str | None = None
    connection: str | None = None
    device_id: str | None = None
    thing_id: str | None = None
    lora_band: str | None = None
    style: str = "legacy"
    micropython: bool = False
    from_template: Path | None = None
    variables: tuple[str, ...] = ()
    auth: str | None = None


@dataclass(frozen=True)
class Created:
    files: list[Path]
    outcome: Outcome  # of generating the new project


def is_project(folder: Path) -> bool:
    return (folder / CONFIG_NAME).exists()


def start_project(folder: Path, options: NewOptions) -> NewProject:
    """The project the options describe, before any question is asked."""
    catalog = load_catalog()
    project = NewProject(folder, name=options.name or "", board=options.board or "")
    project.micropython = options.micropython
    project.style = options.style
    project.connection = options.connection
    project.auth = options.auth
    project.device_id = options.device_id
    project.thing_id = options.thing_id
    project.lora_band = options.lora_band
    if options.from_template:
        diagnostics = Diagnostics()
        path = options.from_template
        thing = load_thing(path, str(path), catalog, diagnostics)
        if thing is None:
            raise UserError(diagnostics.items)
        project.name = project.name or thing.name
        project.timezone, project.tags = thing.timezone, list(thing.tags)
        project.variables = variable_entries(thing)
        project.variable_sources = [(str(path), "")] * len(project.variables)
    project.name = project.name or folder.resolve().name
    for spec in options.variables:
        add_variable(project, catalog, spec, "--var")
    return project


def add_variable(project: NewProject, catalog: Catalog, spec: str, source: str) -> None:
    """Parse a `--var` (or an answer) and add it; a UserError says what is wrong with it."""
    project.variables.append(parse_var(spec, catalog, option=source))
    project.variable_sources.append((source, spec))


def missing_options(project: NewProject, catalog: Catalog) -> list[tuple[str, str]]:
    """(option, why) for everything still needed; empty when the project can be created.
    An empty device or Thing id ("") is not missing: it is not in the cloud yet."""
    if not project.board:
        return [("--board", "missing: the board's FQBN (`cloudgen boards` lists them)")]
    board = catalog.board(project.board)
    if board is None:
        return [("--board", catalog.unknown_board(project.board))]
    missing = []
    auth = catalog.auths.get(project.auth or board.auth, catalog.auths[board.auth])
    later = '; give it as "" if it is not in the Arduino Cloud yet'
    if auth.identity_from == "device_id" and project.device_id is None:
        why = f"missing: {board.name} authenticates with a device key{later}"
        missing.append(("--device-id", why))
    family = catalog.families[project.connection or board.families[0]]
    if auth.identity_from == "thing_id" and project.thing_id is None:
        why = f"missing: {family.label} sketches name their Thing{later}"
        missing.append(("--thing-id", why))
    if family.bands and not project.lora_band:
        missing.append(("--lora-band", f"missing: one of {', '.join(family.bands)}"))
    return missing


def problems(project: NewProject, kinds: Sequence[OutputKind]) -> list[Diagnostic]:
    """Everything wrong with the project, each pointed at what the user typed."""
    catalog = load_catalog()
    diagnostics = Diagnostics()
    for option, why in missing_options(project, catalog):
        diagnostics.add_option(option, why)
    if not diagnostics.errors:
        _check(project, catalog, kinds, diagnostics)
    return [_as_typed(project, d) for d in diagnostics.items]


def create_project(project: NewProject, kinds: Sequence[OutputKind]) -> Created:
    """Check the project, write its files, and generate its outputs."""
    found = problems(project, kinds)
    if any(d.level == "error" for d in found):
        raise UserError(found)
    catalog = load_catalog()
    writes = plan_writes(project_files(project, catalog))
    apply_writes(writes)
    outcome = execute(plan_project(project.folder / CONFIG_NAME, kinds))
    return Created([w.path for w in writes if w.action == "create"], outcome)


def _check(
    project: NewProject, catalog: Catalog, kinds: Sequence[OutputKind], diagnostics: Diagnostics
) -> None:
    """The Thing and every output it gets, checked before anything is written."""
    document = parse_yaml(template_text(project), project.template_path)
    thing = thing_from_document(document, catalog, diagnostics)
    if thing is not None:
        entry = config_entry(project)
        settings = {key: value for key, value in entry.items() if key not in ENTRY_KEYS}
        outputs = {kind: project.folder / folder for kind, folder in entry["outputs"].items()}
        # The output folders are named after the Thing.
        report = option_report(diagnostics, {f"outputs.{kind}": "--name" for kind in outputs})
        context = Context(catalog, Lock(project.folder / LOCK_NAME))
        plan_targets(
            thing, project.board, settings, outputs, kinds, report, context, project.template_path
        )


_VARIABLE = re.compile(r"variables\[(\d+)\]")


def _as_typed(project: NewProject, diagnostic: Diagnostic) -> Diagnostic:
    """A problem of the Thing template (which does not exist yet) pointed at the option,
    answer or exported template that gave the value."""
    if diagnostic.file != project.template_path:
        return diagnostic
    match = _VARIABLE.match(diagnostic.key)
    if match and int(match[1]) < len(project.variable_sources):
        source, spec = project.variable_sources[int(match[1])]
        if spec:
            message = f"{describe(spec)}: {diagnostic.message}"
            return replace(
                diagnostic, file="cloudgen", line=0, column=0, key=source, message=message
            )
        return replace(diagnostic, file=source, line=0, column=0)
    if diagnostic.key == "name":
        return replace(diagnostic, file="cloudgen", line=0, column=0, key="--name")
    return replace(diagnostic, line=0, column=0)
