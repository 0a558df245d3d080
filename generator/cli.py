"""The `cloudgen` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from generator.catalog import load_catalog
from generator.config import CONFIG_NAME
from generator.diagnostics import Diagnostic, Diagnostics, UserError
from generator.pipeline import Plan, plan_project, plan_sketch
from generator.targets import STYLES, TargetSettings
from generator.things import load_thing
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


def _write(plan: Plan, quiet: bool) -> None:
    _print_diagnostics(plan.warnings)
    writes = plan_writes(plan.outputs)
    apply_writes(writes)
    if quiet:
        return
    counts: dict[str, int] = {}
    for write in writes:
        counts[write.action] = counts.get(write.action, 0) + 1
        if write.action in ("create", "update"):
            click.echo(f"{write.action:>7} {write.path}")
    summary = ", ".join(
        f"{counts[action]} {label}"
        for action, label in (
            ("create", "created"),
            ("update", "updated"),
            ("unchanged", "unchanged"),
            ("kept", "kept (yours)"),
        )
        if action in counts
    )
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
def generate(config_path: Path, quiet: bool) -> None:
    """Generate every output of the project in cloudgen.yaml.

    thingProperties.h is rewritten when the Thing changes; arduino_secrets.h and the .ino
    are created once and then belong to you. Files whose content did not change are not
    touched. On any input error nothing is written.
    """
    _run(lambda: _write(plan_project(config_path), quiet))


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
    _run(lambda: _write(plan_sketch(template, settings), quiet))


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
