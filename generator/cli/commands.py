"""What each `cloudgen` command does. The click layer in cli.py imports this module only
when a command needs more than the lock check, so that a no-op run starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from generator.cli import prompts
from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostic, Diagnostics, UserError, plural
from generator.core.outputs import OutputFile
from generator.core.paths import CONFIG_NAME, LOCK_NAME
from generator.core.source import parse_yaml
from generator.core.writer import apply_writes, plan_writes
from generator.project.lock import ThingState, load_lock
from generator.project.plan import Plan, plan_project, plan_sketch
from generator.project.run import EXIT_STALE, Outcome, execute, unified_diff
from generator.scaffold.project import NewProject, project_files, template_text, variables_of
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.existing import family_of, fqbn_of, require_parsed
from generator.sketch.importer import (
    append_entry,
    config_entry,
    entry_yaml,
    template_data,
    template_yaml,
)
from generator.sketch.target import TargetSettings, build_target
from generator.thing.edit import TemplateEditor
from generator.thing.load import load_thing, thing_from_document
from generator.thing.var_spec import parse_var


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def carry_out(plan: Plan, *, quiet: bool, check: bool, force: bool, diff: bool = False) -> Outcome:
    """Write (or check) a plan and report it; exits 1 on stale outputs or hand edits."""
    print_diagnostics(plan.warnings)
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
            stale = plural(count, "file")
            click.echo(f"cloudgen: {stale} out of date; run `cloudgen generate`", err=True)
            sys.exit(EXIT_STALE)
        if not quiet:
            click.echo("cloudgen: up to date")
        return outcome
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
        return outcome
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
    return outcome


def generate(
    config_path: Path, *, quiet: bool, check: bool, force: bool, fail_on_change: bool
) -> None:
    outcome = carry_out(plan_project(config_path), quiet=quiet, check=check, force=force)
    if fail_on_change and outcome.stale:
        click.echo("cloudgen: files were regenerated; review and stage them", err=True)
        sys.exit(EXIT_STALE)


def sketch(template: Path, output_dir: Path, options: dict[str, Any], *, quiet: bool) -> None:
    settings = TargetSettings(output_dir=output_dir, **options)
    carry_out(plan_sketch(template, settings), quiet=quiet, check=False, force=False)


def sync(
    sketch_dir: Path,
    template: Path | None,
    config_path: Path,
    options: dict[str, Any],
    *,
    check: bool,
    diff: bool,
    force: bool,
    quiet: bool,
) -> None:
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
    carry_out(plan, quiet=quiet, check=check, force=force, diff=diff)


def _project_sketch_plan(config_path: Path, folder: Path) -> Plan | None:
    """The project's plan for this output folder (sketch or MicroPython), if it is listed."""
    if not config_path.is_file():
        return None
    plan = plan_project(config_path)
    own = next((f for f in plan.folders if f.resolve() == folder), None)
    return plan.only(own) if own is not None else None


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


def import_sketch(
    sketch_dir: Path, template_path: Path | None, config_path: Path, force: bool
) -> None:
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


def validate(files: tuple[Path, ...]) -> None:
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
    print_diagnostics(diagnostics.warnings)
    click.echo(f"cloudgen: {plural(len(files), 'file')} valid")


def types(group: str | None) -> None:
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


def boards() -> None:
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


def new_project(folder: Path, options: dict[str, Any], variables: tuple[str, ...]) -> None:
    """Create a complete project in `folder`, asking for what is missing on a terminal."""
    catalog = load_catalog()
    if (folder / CONFIG_NAME).exists():
        click.echo(
            f"{folder / CONFIG_NAME} exists: {folder} is already a cloudgen project, nothing "
            "changed. Change its Thing with `cloudgen var`, or its board in cloudgen.yaml."
        )
        return
    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    project = NewProject(folder, name=options["name"] or "", board=options["board"] or "")
    project.micropython = options["micropython"]
    for key in ("style", "connection", "device_id", "thing_id", "lora_band"):
        if options[key]:
            setattr(project, key, options[key])
    if options["from_template"]:
        thing = _load_template(options["from_template"], catalog)
        project.name = project.name or thing.name
        project.timezone, project.tags = thing.timezone, list(thing.tags)
        project.variables = variables_of(thing)
    project.name = project.name or folder.resolve().name
    project.variables += [parse_var(spec, catalog) for spec in variables]
    if interactive:
        prompts.complete_project(
            project, catalog, ask_name=not options["name"], ask_variables=not variables
        )
    missing = prompts.missing_options(project, catalog)
    if missing:
        raise UserError([Diagnostic("cloudgen", 0, 0, option, why) for option, why in missing])
    _validate_new(project, catalog)
    writes = plan_writes(project_files(project, catalog))
    apply_writes(writes)
    for write in writes:
        if write.action == "create":
            click.echo(f"{write.action:>7} {write.path}")
    carry_out(plan_project(folder / CONFIG_NAME), quiet=True, check=False, force=False)
    click.echo(
        f"cloudgen: created the project of {project.name!r} in {folder}; "
        f"next steps are in {folder / 'README.md'}"
    )


def _load_template(path: Path, catalog: Any) -> Any:
    diagnostics = Diagnostics()
    thing = load_thing(path, str(path), catalog, diagnostics)
    if thing is None:
        raise UserError(diagnostics.items)
    return thing


def _validate_new(project: NewProject, catalog: Any) -> None:
    """Check the Thing and its board before anything is written."""
    diagnostics = Diagnostics()
    document = parse_yaml(template_text(project), project.template_path)
    thing = thing_from_document(document, catalog, diagnostics)
    if thing is not None:
        settings = TargetSettings(
            board=project.board,
            output_dir=project.folder / project.sketch_path,
            connection=project.connection,
            style=project.style,
            device_id=project.device_id,
            thing_id=project.thing_id,
            lora_band=project.lora_band,
        )

        def report(key: str, message: str, level: str) -> None:
            option = "--" + key.replace("_", "-").replace("outputs.sketch", "name")
            diagnostics.add(Diagnostic("cloudgen", 0, 0, option, message, level))  # type: ignore[arg-type]

        build_target(thing, settings, catalog, report)
    if diagnostics.errors:
        raise UserError(diagnostics.items)


def edit_variables(
    template: Path, config_path: Path, edit: Callable[[TemplateEditor], str], *, quiet: bool
) -> None:
    """Apply one edit to a template, validate it, write it, and sync the sketches it feeds."""
    catalog = load_catalog()
    editor = TemplateEditor(template, str(template))
    summary = edit(editor)
    text = editor.dump()
    diagnostics = Diagnostics()
    thing_from_document(parse_yaml(text, str(template)), catalog, diagnostics)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    original = editor.text
    apply_writes(plan_writes([OutputFile(template, text)]))
    try:
        plans = _plans_fed_by(template, config_path)
    except UserError:
        apply_writes(plan_writes([OutputFile(template, original)]))  # nothing is left half-done
        raise
    print_diagnostics(diagnostics.warnings)
    click.echo(f"cloudgen: {summary} in {template}")
    if not plans:
        click.echo(
            f"{template} is not listed in {config_path}; run `cloudgen sync DIR --thing {template}`"
        )
    for plan in plans:
        carry_out(plan, quiet=quiet, check=False, force=False)


def _plans_fed_by(template: Path, config_path: Path) -> list[Plan]:
    if not config_path.is_file():
        return []
    plan = plan_project(config_path)
    wanted = template.resolve()
    folders = [folder for folder, source in plan.folders.items() if source.resolve() == wanted]
    return [plan.only(folder) for folder in folders]


def list_variables(template: Path) -> None:
    catalog = load_catalog()
    diagnostics = Diagnostics()
    thing = load_thing(template, str(template), catalog, diagnostics)
    if thing is None:
        raise UserError(diagnostics.items)
    rows = [("VARIABLE", "LABEL", "TYPE", "C++", "PERMISSION", "UPDATE")]
    for v in thing.variables:
        update = (
            f"every {v.update_parameter:g} s"
            if v.update_strategy == "TIMED"
            else "on change" + (f" (delta {v.update_parameter:g})" if v.update_parameter else "")
        )
        rows.append((v.variable_name, v.name, v.type.name, v.type.cpp, v.permission, update))
    _table(rows)


def spec_diff(
    old: str, new: str, output_format: str, fail_on: str | None, ignore_file: Path | None
) -> None:
    from generator.openapi.load import load_spec
    from generator.specdiff import report as spec_report
    from generator.specdiff.diff import LEVELS, diff_specs

    ignores = spec_report.load_ignores(ignore_file) if ignore_file else set()
    old_name, old_spec = load_spec(old)
    new_name, new_spec = load_spec(new)
    findings = spec_report.without_ignored(diff_specs(old_spec, new_spec), ignores)
    if output_format == "json":
        click.echo(spec_report.as_json(findings, old_name, new_name), nl=False)
    elif output_format == "markdown":
        click.echo(spec_report.as_markdown(findings, old_name, new_name), nl=False)
    else:
        click.echo(spec_report.as_text(findings), nl=False)
    if fail_on and any(LEVELS.index(f.level) >= LEVELS.index(fail_on) for f in findings):
        sys.exit(EXIT_STALE)


def micropython(template: Path, output_dir: Path, device_id: str | None, *, quiet: bool) -> None:
    from generator.project.plan import plan_micropython

    carry_out(
        plan_micropython(template, output_dir, device_id), quiet=quiet, check=False, force=False
    )


def simulate(template: Path, broker: str, options: dict[str, Any]) -> None:
    from generator.micropython.simulate import Connection, run

    catalog = load_catalog()
    diagnostics = Diagnostics()
    thing = load_thing(template, str(template), catalog, diagnostics)
    host, _, port = broker.rpartition(":")
    if not host or not port.isdigit():
        diagnostics.add(
            Diagnostic("cloudgen", 0, 0, "--broker", f"expected HOST:PORT, found {broker!r}")
        )
    if thing is None or diagnostics.errors:
        raise UserError(diagnostics.items)
    connection = Connection(
        host,
        int(port),
        options["device_id"],
        options["secret_key"],
        str(options["cafile"]) if options["cafile"] else None,
        options["insecure"],
    )
    updates = run(
        thing,
        connection,
        interval=options["interval"],
        duration=options["duration"],
        echo=click.echo,
    )
    click.echo(f"cloudgen: simulation ended after {plural(updates, 'update')}")


def spec_update(source: str, url: str | None, lock_path: Path) -> None:
    import datetime

    from generator.client.pin import CHANGELOG_NAME, pin_text, update
    from generator.core.paths import SPEC_CACHE
    from generator.core.writer import atomic_write

    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    done = update(lock_path, source, url, today, SPEC_CACHE)
    if done is None:
        click.echo(f"cloudgen: {source} is the pinned spec already")
        return
    # The lock last, as it is what moves the pin: should a write fail before it, the old pin
    # stands, and `cloudgen spec pull` puts its spec back in the cache.
    atomic_write(SPEC_CACHE, done.spec)
    atomic_write(lock_path.parent / CHANGELOG_NAME, done.changelog)
    atomic_write(lock_path, pin_text(done.pin))
    click.echo(
        f"cloudgen: pinned {done.pin.sha256[:12]}; client {done.pin.client_version} "
        f"({done.bump}: {plural(done.findings, 'change')})"
    )


def spec_pull(source: str | None, lock_path: Path, output: Path) -> None:
    from generator.client.pin import pull, read_pin

    path = pull(read_pin(lock_path), source, output)
    click.echo(f"cloudgen: {path} matches the pinned sha256")


def content_sha256(spec_path: str, spec: dict[str, Any]) -> str:
    """The spec file's sha256 (as pinned), or for a REV:path its canonical JSON's."""
    import json

    from generator.project.fastpath import sha256

    path = Path(spec_path)
    return sha256(
        path.read_bytes() if path.is_file() else json.dumps(spec, sort_keys=True, default=str)
    )


def client_version(digest: str) -> str:
    """The pinned client_version for the pinned spec; any other gets a content-hash label."""
    from generator.client.pin import read_pin

    try:
        pin = read_pin()
    except UserError:
        pin = None
    if pin is not None and pin.sha256 == digest:
        return pin.client_version
    return f"0.0.0+spec.{digest[:12]}"


def client(spec_path: str, output: Path, verbose: bool) -> None:
    from collections import Counter

    from generator.client.generate import generate_client
    from generator.openapi.load import load_spec

    _, spec = load_spec(spec_path)
    digest = content_sha256(spec_path, spec)
    fixes = generate_client(spec, output, version=client_version(digest), spec_sha256=digest)
    if verbose:
        for fix in fixes:
            click.echo(f"warning: {fix.pointer}: fixed: {fix.message}", err=True)
    kinds = Counter(fix.kind for fix in fixes)
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    click.echo(f"cloudgen: generated {output} ({len(fixes)} fixes: {summary or 'none'})")
