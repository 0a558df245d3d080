"""`cloudgen typescript`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import output_dir_option, verbosity


@click.command(short_help="Typed TypeScript bindings of a Thing.")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@output_dir_option("Folder to write; its name is the module's and its class's name.")
@click.option("--thing-id", help="Thing id (UUID), the module's default Thing.")
@verbosity
def typescript(template: Path, output_dir: Path, thing_id: str | None) -> None:
    """Typed TypeScript bindings of a Thing over arduino-iot-js (browsers and Node.js).

    \b
    Writes DIR/<DIR name>.ts: an interface of the Thing's variables and their types, the
    variable names (VARIABLES, WRITABLE), and a class whose onValue(name, callback) and
    send(name, value) take only the Thing's variables and their types (send: only
    READ_WRITE ones). Example:
      cloudgen typescript greenhouse.yaml -o web/Greenhouse --thing-id <UUID>
    """
    from generator.typescript.service import typescript as generate

    report.run(lambda: report.outcome(generate(template, output_dir, thing_id)))
