"""`cloudgen new`: a complete project, asking on a terminal for what the options leave out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from generator.cli import report
from generator.cli.options import board_option, complete_var_spec, verbosity
from generator.core.diagnostics import UserError

if TYPE_CHECKING:
    from generator.scaffold.service import NewOptions


@click.command(short_help="Create a complete project and generate its sketch.")
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", help="Thing name (default: the folder's name).")
@board_option("Board FQBN (`cloudgen boards` lists them).")
@click.option(
    "--var",
    "variables",
    multiple=True,
    shell_complete=complete_var_spec,
    metavar="NAME:TYPE[:read|readwrite][:on-change[=DELTA]|:every=SECONDS]",
    help="A cloud variable; repeat for more. Example: --var pump:STATUS:readwrite",
)
@click.option(
    "--from-template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Start from an exported Thing (arduino-cloud-cli thing extract).",
)
@click.option("--connection", help="Connection family when the board has several.")
@click.option(
    "--auth",
    help="How the board authenticates, where it allows both (UNO R4 WiFi): se or key.",
)
@click.option(
    "--device-id",
    help='Device id (UUID), for boards that use a device key; "" if not registered yet.',
)
@click.option("--thing-id", help='Thing id (UUID), for LoRaWAN boards; "" if not created yet.')
@click.option("--lora-band", help="LoRaWAN frequency plan, e.g. EU868.")
@click.option(
    "--style", default="legacy", show_default=True, help="addProperty style: legacy or modern."
)
@click.option("--micropython", is_flag=True, help="Also create the MicroPython folder.")
@verbosity
def new(
    folder: Path,
    name: str | None,
    board: str | None,
    variables: tuple[str, ...],
    from_template: Path | None,
    connection: str | None,
    auth: str | None,
    device_id: str | None,
    thing_id: str | None,
    lora_band: str | None,
    style: str,
    micropython: bool,
) -> None:
    """Create a complete Arduino Cloud project in FOLDER and generate its sketch.

    \b
    Writes cloudgen.yaml, the Thing template in things/, the sketch folder with an
    arduino-cli profile (sketch.yaml), .gitignore, .pre-commit-config.yaml, a Makefile
    (generate, check) and a README with the next steps. On a terminal it asks for what
    the options leave out, checking each answer at once; without one it never asks and
    lists what is missing. Running it again on an existing project changes nothing.

    \b
    Example:
      cloudgen new greenhouse --board arduino:samd:mkrwifi1010 \\
        --var pump:STATUS:readwrite --var soil:FLOAT:on-change=0.5
    """
    from generator.scaffold.service import NewOptions

    options = NewOptions(
        name,
        board,
        connection,
        device_id,
        thing_id,
        lora_band,
        style,
        micropython,
        from_template,
        variables,
        auth,
    )
    report.run(lambda: _create(folder, options))


def _create(folder: Path, options: NewOptions) -> int:
    from generator.cli import prompts
    from generator.core.catalog import load_catalog
    from generator.core.checks import describe
    from generator.kinds import KINDS
    from generator.scaffold import service

    if _already(folder):
        return report.EXIT_OK
    project = service.start_project(folder, options)
    if sys.stdin.isatty() and sys.stdout.isatty():
        prompts.complete_project(
            project,
            load_catalog(),
            KINDS,
            ask_name=not options.name,
            ask_variables=not options.variables,
        )
    found = service.problems(project, KINDS)
    if any(d.level == "error" for d in found):
        raise UserError(found)
    folder.mkdir(parents=True, exist_ok=True)
    with report.locked(folder):
        if _already(folder):  # another `cloudgen new` made it while we asked
            return report.EXIT_OK
        created = service.create_project(project, KINDS)
    generated = [w.path for w in created.outcome.writes if w.action == "create"]
    for path in [*created.files, *generated]:
        report.info(f"{'create':>7} {path}")
    report.print_diagnostics(created.outcome.warnings)
    for message in created.outcome.messages:
        report.warn(message)
    report.info(
        f"cloudgen: created the project of {describe(project.name)} in {folder}; "
        f"next steps are in {folder / 'README.md'}"
    )
    return report.EXIT_OK


def _already(folder: Path) -> bool:
    from generator.core.paths import CONFIG_NAME
    from generator.scaffold import service

    if not service.is_project(folder):
        return False
    report.info(
        f"{folder / CONFIG_NAME} exists: {folder} is already a cloudgen project, nothing "
        "changed. Change its Thing with `cloudgen var`, or its board in cloudgen.yaml."
    )
    return True
