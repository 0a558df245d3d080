"""`cloudgen validate`, `types` and `boards`: read-only answers."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import JSON, verbosity
from generator.core.diagnostics import plural


@click.command(short_help="Check templates or project configs; write nothing.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@JSON
@verbosity
def validate(files: tuple[Path, ...]) -> None:
    """Check Thing templates or project configs without writing anything.

    A project config (cloudgen.yaml, or any file with a `things:` list) is checked as a
    whole project: its templates, boards and settings. Any other file is checked as a
    Thing template. Exit status 2 when anything is wrong.
    """
    from generator.kinds import KINDS
    from generator.project.service import validate as check

    def body() -> None:
        warnings = check(files, KINDS)
        if report.settings.json:
            from generator.cli import shapes

            report.print_json(shapes.validated(files, warnings))
            return
        report.print_diagnostics(warnings)
        for file in files:
            report.detail(f"  valid {file}")
        report.info(f"cloudgen: {plural(len(files), 'file')} valid")

    report.run(body)


@click.command(short_help="List the cloud variable types.")
@click.option("--group", help="Only this group: basic, unit, compound, smart-home or legacy.")
@JSON
@verbosity
def types(group: str | None) -> None:
    """List the cloud variable types and what each becomes in C++, MicroPython and SenML."""
    from generator.core.catalog import load_catalog

    catalog = load_catalog()
    if report.settings.json:
        from generator.cli import shapes

        report.print_json(shapes.types(catalog, group))
        return
    rows = [("TYPE", "C++", "MICROPYTHON", "SENML", "GROUP", "BASIS")]
    for cloud_type in catalog.types.values():
        if group and cloud_type.group != group:
            continue
        senml = cloud_type.senml
        wire = senml if isinstance(senml, str) else " ".join(f"{k}={v}" for k, v in senml.items())
        kind = cloud_type.group + (f" ({cloud_type.same_as})" if cloud_type.same_as else "")
        rows.append(
            (cloud_type.name, cloud_type.cpp, cloud_type.python, wire, kind, cloud_type.basis)
        )
    report.table(rows)


@click.command(short_help="List the supported boards.")
@JSON
@verbosity
def boards() -> None:
    """List the supported boards (FQBN patterns), their connections and authentication.

    An FQBN with `*` stands for any board of its core; -v lists examples of those.
    """
    from generator.core.catalog import load_catalog

    catalog = load_catalog()
    if report.settings.json:
        from generator.cli import shapes

        report.print_json(shapes.boards(catalog))
        return
    rows = [("FQBN", "BOARD", "CONNECTIONS", "AUTH", "SUPPORT")]
    for board in catalog.boards:
        auth = " or ".join(catalog.auths[key].label for key in board.auths)
        rows.append((board.fqbn, board.name, ", ".join(board.families), auth, board.support))
        if report.settings.level >= report.VERBOSE:
            rows += [(f"  {example}", "", "", "", "") for example in board.examples]
    report.table(rows)
