"""What the project-wide commands do: generate, validate, and edit a Thing's variables.

Each returns what happened; printing and exit codes are the command line's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostic, Diagnostics, UserError
from generator.core.outputs import OutputFile
from generator.core.paths import CONFIG_NAME
from generator.core.source import load_document, parse_yaml
from generator.core.writer import apply_writes, plan_writes
from generator.project.kinds import OutputKind
from generator.project.plan import Plan, Progress, no_progress, plan_project
from generator.project.run import Outcome, execute
from generator.thing.edit import TemplateEditor
from generator.thing.load import load_thing, thing_from_document
from generator.thing.model import Variable


def generate(
    config: Path,
    kinds: Sequence[OutputKind],
    *,
    check: bool,
    force: bool,
    progress: Progress = no_progress,
) -> Outcome:
    plan = plan_project(config, kinds, progress=progress)
    return execute(plan, check=check, force=force)


def validate(files: Sequence[Path], kinds: Sequence[OutputKind]) -> list[Diagnostic]:
    """Check templates and project configs (told apart by `is_project_config`); the
    warnings, or a UserError with everything."""
    catalog = load_catalog()
    diagnostics = Diagnostics()
    for file in files:
        try:
            if is_project_config(file):
                diagnostics.items.extend(plan_project(file, kinds, catalog).warnings)
            else:
                load_thing(file, str(file), catalog, diagnostics)
        except UserError as error:
            diagnostics.items.extend(error.diagnostics)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    return diagnostics.warnings


def is_project_config(file: Path) -> bool:
    """A project config by name, or by content (a `things:` list, and no Thing keys), so
    that `other.yaml` is not checked as a Thing template."""
    if file.name == CONFIG_NAME:
        return True
    try:
        data = load_document(file, str(file)).data
    except UserError:
        return False  # unreadable either way: the Thing loader says why
    return (
        isinstance(data, dict) and "things" in data and not {"variables", "properties"} & set(data)
    )


def project_plan_for(config: Path, folder: Path, kinds: Sequence[OutputKind]) -> Plan | None:
    """The project's plan for one output folder, if cloudgen.yaml lists it."""
    if not config.is_file():
        return None
    plan = plan_project(config, kinds)
    wanted = folder.resolve()
    own = next((f for f in plan.folders if f.resolve() == wanted), None)
    return plan.only(own) if own is not None else None


def thing_variables(template: Path) -> list[Variable]:
    catalog = load_catalog()
    diagnostics = Diagnostics()
    thing = load_thing(template, str(template), catalog, diagnostics)
    if thing is None:
        raise UserError(diagnostics.items)
    return list(thing.variables)


@dataclass
class Edit:
    """A template edit and the run of every output it feeds."""

    summary: str  # e.g. `added "fan"`
    warnings: list[Diagnostic]
    outcome: Outcome | None = None  # None when cloudgen.yaml does not list the template
    undone: bool = False  # a generated file was edited by hand: the template is as it was


def edit_variables(
    template: Path,
    config: Path,
    edit: Callable[[TemplateEditor], str],
    kinds: Sequence[OutputKind],
) -> Edit:
    """Apply one edit to a template, validate it, write it, and regenerate what it feeds.
    When the outputs cannot follow (a hand-edited generated file), the template is put back."""
    catalog = load_catalog()
    editor = TemplateEditor(template, str(template))
    summary = edit(editor)
    text = editor.dump()
    diagnostics = Diagnostics()
    thing_from_document(parse_yaml(text, str(template)), catalog, diagnostics)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    apply_writes(plan_writes([OutputFile(template, text)]))

    def restore() -> None:
        apply_writes(plan_writes([OutputFile(template, editor.text)]))

    try:
        plan = _plan_fed_by(template, config, kinds)
    except UserError:
        restore()  # nothing is left half-done
        raise
    result = Edit(summary, diagnostics.warnings)
    if plan is not None:
        result.outcome = execute(plan)
        if result.outcome.conflicts:
            restore()
            result.undone = True
    return result


def _plan_fed_by(template: Path, config: Path, kinds: Sequence[OutputKind]) -> Plan | None:
    """One run over every output folder the template feeds (None when none is listed)."""
    if not config.is_file():
        return None
    plan = plan_project(config, kinds)
    folders = plan.fed_by(template)
    return plan.only(*folders) if folders else None
