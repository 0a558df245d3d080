"""The `cloudgen` command line."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from generator.catalog import load_catalog
from generator.config import CONFIG_NAME
from generator.diagnostics import Diagnostic, Diagnostics, UserError
from generator.emit_sketch import PROPERTIES_FILE
from generator.existing import family_of, fqbn_of, require_parsed
from generator.importer import append_entry, config_entry, entry_yaml, template_data, template_yaml
from generator.lock import LOCK_NAME, ThingState, is_current, load_lock
from generator.outputs import OutputFile
from generator.pipeline import Plan, plan_project, plan_sketch
from generator.runner import EXIT_STALE, execute, unified_diff
from generator.source import parse_yaml
from generator.targets import STYLES, TargetSettings
from generator.things import load_thing, thing_from_document
from generator.writer import apply_writes, plan_writes

EXIT_INPUT_ERROR = 2


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def _run(action: Callable[[], None]) -> None:
    """Run a command body; bad input prints its diagnostics and exits 2, never a traceback."""
    try:
        action()
    except UserError as error:
        _print_diagnostics(error.diagnostics)
        count = len([d for d in error.diagnostics if d.level == "error"])
        click.echo(
            f"cloudgen: {count} error{'s' if count != 1 else ''}; nothing was written", err=True
        )
        sys.exit(EXIT_INPUT_ERROR)


def _carry_out(plan: Plan, *, quiet: bool, check: bool, force: bool, diff: bool = False) -> None:
    """Write (or check) a plan and report it; exits 1 on stale outputs or hand edits."""
    _print_diagnostics(plan.warnings)
    outcome = execute(plan, check=check, force=force)
    for message in outcome.messages:
        click.echo(f"warning: {message}", err=True)
    if check:
        for write in outcome.stale:
            click.echo(
                unified_diff(write) if write.previous is not None else f"missing: {write.path}"
            )
        if outcome.stale:
            count = len(outcome.stale)
            click.echo(
                f"cloudgen: {count} file{'s' if count != 1 else ''} out of date; run `cloudgen generate`",
                err=True,
            )
            sys.exit(EXIT_STALE)
        if not quiet:
            click.echo("cloudgen: up to date")
        return
    if outcome.conflicts and not force:
        for write in outcome.conflicts:
            click.echo(
                f"{write.path}: edited by hand since cloudgen generated it. Move the change into "
                "the Thing or your own code, or run again with --force to replace the file "
                "(the edited copy is kept as .orig).",
                err=True,
            )
        click.echo("cloudgen: nothing was written", err=True)
        sys.exit(EXIT_STALE)
    if diff:
        for write in outcome.stale:
            click.echo(unified_diff(write))
    if quiet:
        return
    counts: dict[str, int] = {}
    for write in outcome.writes:
        counts[write.action] = counts.get(write.action, 0) + 1
        if write.action in ("create", "update"):
            click.echo(f"{write.action:>7} {write.path}")
    labels = {
        "create": "created",
        "update": "updated",
        "unchanged": "unchanged",
        "kept": "kept (yours)",
    }
    summary = ", ".join(f"{counts[a]} {label}" for a, label in labels.items() if a in counts)
    click.echo(f"cloudgen: {summary or 'nothing to do'}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cloudgen")
def main() -> None:
    """Generate Arduino Cloud sketches from Thing templates, offline and reproducibly.

    \b
    Start with `cloudgen generate` in a folder with a cloudgen.yaml, or
    `cloudgen sketch THING.yaml --board FQBN -o DIR` for a single Thing.
    Input errors are printed as FILE:LINE:COL: KEY: MESSAGE and exit with status 2.
    """


@main.command()
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=CONFIG_NAME,
    show_default=True,
    help="Project config listing the Things, boards and output folders.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if any output is stale."
)
@click.option("--force", is_flag=True, help="Replace generated files edited by hand (keeps .orig).")
def generate(config_path: Path, quiet: bool, check: bool, force: bool) -> None:
    """Generate every output of the project in cloudgen.yaml.

    \b
    thingProperties.h is rewritten when the Thing changes. The .ino is yours: cloudgen
    only appends a callback stub for each new READ_WRITE variable and refreshes the
    variable list in its header comment. arduino_secrets.h is created once.
    Files whose content did not change are not touched; when no input changed since
    cloudgen.lock was written, nothing is even regenerated.

    \b
    Exit status: 0 done (or up to date with --check), 1 stale outputs with --check or a
    generated file edited by hand, 2 invalid input (nothing written).
    """

    def run() -> None:
        if not force and is_current(config_path.parent / LOCK_NAME, need_user_files=not check):
            if not quiet:
                click.echo("cloudgen: up to date")
            return
        _carry_out(plan_project(config_path), quiet=quiet, check=check, force=force)

    _run(run)


@main.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--board", "-b", required=True, help="Board FQBN, e.g. arduino:samd:mkrwifi1010.")
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Sketch folder to write; its name is the sketch name.",
)
@click.option(
    "--connection", help="Connection family when the board has several (see `cloudgen boards`)."
)
@click.option(
    "--device-id", help="Device id (UUID), for boards that authenticate with a device key."
)
@click.option("--thing-id", help="Thing id (UUID); required for LoRaWAN boards.")
@click.option("--lora-band", help="LoRaWAN frequency plan, e.g. EU868 or US915.")
@click.option(
    "--style",
    type=click.Choice(STYLES),
    default="legacy",
    show_default=True,
    help="legacy: addProperty as the Cloud editor writes it; modern: the fluent form.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def sketch(template: Path, output_dir: Path, quiet: bool, **options: Any) -> None:
    """Generate one sketch folder from a Thing TEMPLATE, without a project.

    \b
    Example:
      cloudgen sketch greenhouse.yaml --board arduino:samd:mkrwifi1010 -o Greenhouse
    """
    settings = TargetSettings(
        board=options["board"],
        output_dir=output_dir,
        connection=options["connection"],
        style=options["style"],
        device_id=options["device_id"],
        thing_id=options["thing_id"],
        lora_band=options["lora_band"],
    )
    _run(lambda: _carry_out(plan_sketch(template, settings), quiet=quiet, check=False, force=False))


@main.command()
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--thing",
    "template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Thing template, for a sketch that cloudgen.yaml does not list.",
)
@click.option(
    "--board",
    "-b",
    help="Board FQBN (default: from the sketch's header, sketch.json or sketch.yaml).",
)
@click.option("--connection", help="Connection family (default: the sketch's current handler).")
@click.option("--device-id", help="Device id (default: the sketch's DEVICE_LOGIN_NAME).")
@click.option("--thing-id", help="Thing id (default: the sketch's THING_ID).")
@click.option("--lora-band", help="LoRaWAN frequency plan (default: the sketch's current one).")
@click.option(
    "--style",
    type=click.Choice(STYLES),
    help="addProperty style (default: the sketch's current one).",
)
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=CONFIG_NAME,
    show_default=True,
    help="Project config that may list the sketch.",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if the sketch is stale."
)
@click.option("--diff", is_flag=True, help="Also print a diff of every change written.")
@click.option(
    "--force", is_flag=True, help="Replace a thingProperties.h edited by hand (keeps .orig)."
)
@click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")
def sync(
    sketch_dir: Path,
    template: Path | None,
    config_path: Path,
    check: bool,
    diff: bool,
    force: bool,
    quiet: bool,
    **options: Any,
) -> None:
    """Bring an existing sketch folder in step with its Thing, keeping your code.

    \b
    Works on sketches cloudgen generated and on sketches downloaded from the Arduino
    Cloud editor. thingProperties.h is rewritten; in the .ino, a stub is appended for
    each READ_WRITE variable that has no callback yet and the variable list in the header
    comment is refreshed. Nothing else in the .ino changes. Callbacks of removed
    variables are kept and reported.

    \b
    Examples:
      cloudgen sync generated/sketches/Greenhouse          # listed in cloudgen.yaml
      cloudgen sync ~/Downloads/Greenhouse --thing greenhouse.yaml
    """

    def run() -> None:
        folder = sketch_dir.resolve()
        plan = _project_sketch_plan(config_path, folder)
        if plan is not None:
            given = [name for name, value in options.items() if value is not None]
            if template is not None or given:
                raise UserError.single(
                    config_path,
                    f"{sketch_dir} is listed here; change its entry instead of passing options",
                )
        else:
            if template is None:
                raise UserError.single(
                    sketch_dir, "not listed in cloudgen.yaml: pass the Thing template with --thing"
                )
            plan = plan_sketch(template, _settings_from_sketch(sketch_dir, options))
        _carry_out(plan, quiet=quiet, check=check, force=force, diff=diff)

    _run(run)


def _project_sketch_plan(config_path: Path, folder: Path) -> Plan | None:
    """The project's plan for this sketch folder, if cloudgen.yaml lists it."""
    if not config_path.is_file():
        return None
    plan = plan_project(config_path)
    if not any(target.output_dir.resolve() == folder for target in plan.targets):
        return None
    own = next(t.output_dir for t in plan.targets if t.output_dir.resolve() == folder)
    return plan.only(own)


def _settings_from_sketch(folder: Path, options: dict[str, Any]) -> TargetSettings:
    """Settings for a sketch outside any project: options first, then what it says itself."""
    catalog = load_catalog()
    parsed = None
    if (folder / PROPERTIES_FILE).exists():
        parsed = require_parsed(folder, "sync")
    board = options["board"] or fqbn_of(folder, parsed)
    if board is None:
        raise UserError.single(folder, "cannot tell the board: pass --board FQBN")
    settings = TargetSettings(board=board, output_dir=folder)
    settings.style = options["style"] or (parsed.style if parsed else "legacy")
    settings.connection = options["connection"] or (family_of(parsed, catalog) if parsed else None)
    settings.device_id = options["device_id"] or (
        parsed.constants.get("DEVICE_LOGIN_NAME") if parsed else None
    )
    settings.thing_id = options["thing_id"] or (
        parsed.constants.get("THING_ID") if parsed else None
    )
    settings.lora_band = options["lora_band"] or (parsed.lora_band if parsed else None)
    if parsed:
        settings.property_tags = {
            name: prop.tag for name, prop in parsed.properties.items() if prop.tag is not None
        }
    return settings


@main.command("import")
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    "template_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Template file to write (default: things/<sketch>.yaml).",
)
@click.option(
    "-c",
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=CONFIG_NAME,
    show_default=True,
    help="Project config to add the Thing to.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing template file.")
def import_sketch(
    sketch_dir: Path, template_path: Path | None, config_path: Path, force: bool
) -> None:
    """Turn an existing sketch folder into a Thing template and a cloudgen.yaml entry.

    \b
    Reads thingProperties.h (from the Arduino Cloud editor or cloudgen, either
    addProperty style, any connection) and writes the Thing template, adds the sketch to
    cloudgen.yaml (created if missing) and records LoRaWAN property tags in cloudgen.lock.
    Then `cloudgen generate` keeps the sketch in step with the template.
    """

    def run() -> None:
        catalog = load_catalog()
        root = config_path.parent
        folder = sketch_dir
        parsed = require_parsed(folder, "import")
        target_path = template_path or root / "things" / f"{folder.resolve().name}.yaml"
        if target_path.exists() and not force:
            raise UserError.single(
                target_path, "already exists; choose another --output or pass --force"
            )
        sketch_key = os.path.relpath(folder.resolve(), root.resolve())
        if sketch_key.startswith(".."):
            raise UserError.single(
                folder, "is outside the project folder; move it in, or use `cloudgen sync --thing`"
            )
        template_key = Path(os.path.relpath(target_path.resolve(), root.resolve())).as_posix()
        text = template_yaml(template_data(parsed, folder.resolve().name, catalog))
        diagnostics = Diagnostics()
        thing_from_document(parse_yaml(text, template_key), catalog, diagnostics)
        if diagnostics.errors:
            raise UserError(diagnostics.items)
        entry = entry_yaml(
            config_entry(parsed, folder, template_key, Path(sketch_key).as_posix(), catalog)
        )
        lock = load_lock(root / LOCK_NAME, LOCK_NAME)
        tags = {name: p.tag for name, p in parsed.properties.items() if p.tag is not None}
        if tags:
            lock.things[template_key] = ThingState(tags, max(tags.values()) + 1)
        current_config = config_path.read_text(encoding="utf-8") if config_path.exists() else None
        try:
            config_text = append_entry(current_config, entry)
        except ValueError:
            config_text = None
            click.echo(f"Add this entry to the things: list of {config_path}:\n{entry}")
        outputs = [OutputFile(target_path, text)]
        if config_text is not None:
            outputs.append(OutputFile(config_path, config_text))
        if tags:
            outputs.append(lock.output())
        writes = plan_writes(outputs)
        apply_writes(writes)
        for write in writes:
            click.echo(f"{write.action:>7} {write.path}")
        click.echo("cloudgen: imported; run `cloudgen generate` to regenerate the sketch from it")

    _run(run)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate(files: tuple[Path, ...]) -> None:
    """Check Thing templates or project configs without writing anything.

    A file named cloudgen.yaml is checked as a whole project (its templates, boards and
    settings); any other file as a Thing template. Exit status 2 when anything is wrong.
    """

    def check() -> None:
        catalog = load_catalog()
        diagnostics = Diagnostics()
        for file in files:
            try:
                if file.name == CONFIG_NAME:
                    diagnostics.items.extend(plan_project(file, catalog).warnings)
                else:
                    load_thing(file, str(file), catalog, diagnostics)
            except UserError as error:
                diagnostics.items.extend(error.diagnostics)
        if diagnostics.errors:
            raise UserError(diagnostics.items)
        _print_diagnostics(diagnostics.warnings)
        click.echo(f"cloudgen: {len(files)} file{'s' if len(files) != 1 else ''} valid")

    _run(check)


@main.command()
@click.option("--group", help="Only this group: basic, unit, compound, smart-home or legacy.")
def types(group: str | None) -> None:
    """List the cloud variable types and what each becomes in C++, MicroPython and SenML."""
    rows = [("TYPE", "C++", "MICROPYTHON", "SENML", "GROUP", "BASIS")]
    for cloud_type in load_catalog().types.values():
        if group and cloud_type.group != group:
            continue
        senml = cloud_type.senml
        wire = senml if isinstance(senml, str) else " ".join(f"{k}={v}" for k, v in senml.items())
        kind = cloud_type.group + (f" ({cloud_type.same_as})" if cloud_type.same_as else "")
        rows.append(
            (cloud_type.name, cloud_type.cpp, cloud_type.python, wire, kind, cloud_type.basis)
        )
    _table(rows)


@main.command()
def boards() -> None:
    """List the supported boards (FQBN patterns), their connections and authentication."""
    catalog = load_catalog()
    rows = [("FQBN", "BOARD", "CONNECTIONS", "AUTH", "SUPPORT")]
    for board in catalog.boards:
        auth = catalog.auths[board.auth].label
        rows.append((board.fqbn, board.name, ", ".join(board.families), auth, board.support))
    _table(rows)


def _table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
