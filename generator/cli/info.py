"""`cloudgen validate`, `types` and `boards`: read-only answers."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.core.diagnostics import plural


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate(files: tuple[Path, ...]) -> None:
    """Check Thing templates or project configs without writing anything.

    A file named cloudgen.yaml is checked as a whole project (its templates, boards and
    settings); any other file as a Thing template. Exit status 2 when anything is wrong.
    """
    from generator.kinds import KINDS
    from generator.project.service import validate as check

    def body() -> None:
        report.print_diagnostics(check(files, KINDS))
        click.echo(f"cloudgen: {plural(len(files), 'file')} valid")

    report.run(body)


@click.command()
@click.option("--group", help="Only this group: basic, unit, compound, smart-home or legacy.")
def types(group: str | None) -> None:
    """List the cloud variable types and what each becomes in C++, MicroPython and SenML."""
    from generator.core.catalog import load_catalog

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
    report.table(rows)


@click.command()
def boards() -> None:
    """List the supported boards (FQBN patterns), their connections and authentication."""
    from generator.core.catalog import load_catalog

    catalog = load_catalog()
    rows = [("FQBN", "BOARD", "CONNECTIONS", "AUTH", "SUPPORT")]
    for board in catalog.boards:
        auth = " or ".join(catalog.auths[key].label for key in board.auths)
        rows.append((board.fqbn, board.name, ", ".join(board.families), auth, board.support))
    report.table(rows)
