"""`cloudgen var list|add|remove|rename|set`: edit a Thing's variables; its outputs follow."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.cli import report
from generator.cli.options import JSON, complete_type, complete_var_spec, config_option, verbosity
from generator.thing.var_spec import USAGE


@click.group(short_help="Change a Thing's variables; its sketches follow.")
@verbosity
def var() -> None:
    """Change a Thing's variables from the command line; its sketches follow.

    \b
    Each command edits the template in place (key order, comments and layout are kept),
    validates it, and then syncs every sketch that cloudgen.yaml generates from it.
    """


THING_ARGUMENT = click.argument("thing", type=click.Path(path_type=Path, dir_okay=False))


def _edit(thing: Path, config_path: Path, edit: Callable[[Any], str]) -> None:
    from generator.kinds import KINDS
    from generator.project.service import edit_variables

    def body() -> int:
        result = edit_variables(thing, config_path, edit, KINDS)
        report.print_diagnostics(result.warnings)
        if result.outcome is None:
            report.info(f"cloudgen: {result.summary} in {thing}")
            report.info(
                f"{thing} is not listed in {config_path}; run `cloudgen sync DIR --thing {thing}`"
            )
            return report.EXIT_OK
        code = report.outcome(result.outcome)
        if result.undone:
            report.info(f"cloudgen: {thing} is unchanged: its outputs could not follow the edit")
        else:
            report.info(f"cloudgen: {result.summary} in {thing}")
        return code

    report.run(body, lock=config_path.parent)


@var.command("list")
@THING_ARGUMENT
@JSON
@verbosity
def var_list(thing: Path) -> None:
    """Print THING's variables as a table."""
    from generator.project.service import thing_variables

    def body() -> None:
        found = thing_variables(thing)
        if report.settings.json:
            from generator.cli import shapes

            report.print_json(shapes.variables(thing, found))
            return
        rows = [("VARIABLE", "LABEL", "TYPE", "C++", "PERMISSION", "UPDATE")]
        for v in found:
            if v.update_strategy == "TIMED":
                update = f"every {v.update_parameter:g} s"
            else:
                delta = f" (delta {v.update_parameter:g})" if v.update_parameter else ""
                update = "on change" + delta
            rows.append((v.variable_name, v.name, v.type.name, v.type.cpp, v.permission, update))
        report.table(rows)

    report.run(body)


@var.command("add", short_help="Add a variable to THING.")
@THING_ARGUMENT
@click.argument("spec", metavar=USAGE, shell_complete=complete_var_spec)
@click.option("--label", help="The name shown in the Cloud (default: NAME).")
@config_option("Project config whose sketches follow.")
@verbosity
def var_add(thing: Path, spec: str, label: str | None, config_path: Path) -> None:
    """Add a variable to THING, given as NAME:TYPE with its permission and update policy.

    \b
    Example:
      cloudgen var add things/greenhouse.yaml fan:HOME_SWITCH:readwrite --label "Fan"
    """

    def edit(editor: Any) -> str:
        from generator.core.catalog import load_catalog
        from generator.thing.var_spec import parse_var

        entry = parse_var(spec, load_catalog(), option="SPEC")
        if label:
            entry["name"] = label
        editor.add(entry)
        return f'added "{entry["variable_name"]}"'

    _edit(thing, config_path, edit)


@var.command("remove", short_help="Remove variable NAME (its callback stays in your .ino).")
@THING_ARGUMENT
@click.argument("name")
@config_option("Project config whose sketches follow.")
@verbosity
def var_remove(thing: Path, name: str, config_path: Path) -> None:
    """Remove variable NAME (its callback stays in your .ino, as in the Cloud editor)."""

    def edit(editor: Any) -> str:
        editor.remove(name)
        return f'removed "{name}"'

    _edit(thing, config_path, edit)


@var.command("rename", short_help="Rename variable OLD to NEW.")
@THING_ARGUMENT
@click.argument("old")
@click.argument("new")
@config_option("Project config whose sketches follow.")
@verbosity
def var_rename(thing: Path, old: str, new: str, config_path: Path) -> None:
    """Rename variable OLD to NEW (`cloudgen cloud push --allow-delete` renames it in the cloud)."""

    def edit(editor: Any) -> str:
        variable = editor.variables[editor.index_of(old)]
        changes = {"variable_name": new}
        if variable.get("name") == old:
            changes["name"] = new
        editor.update(old, changes)
        return f'renamed "{old}" to "{new}"'

    _edit(thing, config_path, edit)


@var.command("set", short_help="Change a variable's type, permission, update or label.")
@THING_ARGUMENT
@click.argument("name")
@click.option(
    "--type", "type_name", shell_complete=complete_type, help="New cloud type, e.g. TEMPERATURE."
)
@click.option("--permission", type=click.Choice(["read", "readwrite"]), help="Who may write it.")
@click.option("--on-change", type=float, metavar="DELTA", help="Publish on change (0: any change).")
@click.option("--every", type=int, metavar="SECONDS", help="Publish every SECONDS seconds.")
@click.option("--label", help="The name shown in the Cloud.")
@config_option("Project config whose sketches follow.")
@verbosity
def var_set(
    thing: Path,
    name: str,
    type_name: str | None,
    permission: str | None,
    on_change: float | None,
    every: int | None,
    label: str | None,
    config_path: Path,
) -> None:
    """Change the type, permission, update policy or label of variable NAME."""
    from generator.thing.model import plain_number

    changes: dict[str, Any] = {}
    if type_name:
        changes["type"] = type_name.upper()
    if permission:
        changes["permission"] = {"read": "READ_ONLY", "readwrite": "READ_WRITE"}[permission]
    if on_change is not None and every is not None:
        raise click.UsageError("use either --on-change or --every")
    if on_change is not None:
        changes["update_strategy"] = "ON_CHANGE"
        changes["update_parameter"] = plain_number(on_change)
    if every is not None:
        changes["update_strategy"], changes["update_parameter"] = "TIMED", every
    if label:
        changes["name"] = label
    if not changes:
        raise click.UsageError(
            "nothing to change: give --type, --permission, --on-change, --every or --label"
        )

    def edit(editor: Any) -> str:
        editor.update(name, changes)
        return f'changed {", ".join(sorted(changes))} of "{name}"'

    _edit(thing, config_path, edit)
