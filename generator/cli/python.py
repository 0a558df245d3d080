"""`cloudgen python`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import output_dir_option, verbosity


@click.command(short_help="Typed Python access to a Thing over the API.")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@output_dir_option("The package folder to write (its name is the package's).")
@click.option("--thing-id", help="The Thing's id (UUID), kept in the module as THING_ID.")
@verbosity
def python(template: Path, output_dir: Path, thing_id: str | None) -> None:
    """Typed Python access to a Thing's variables over the Integrations API.

    \b
    Writes DIR/__init__.py: a class named after the Thing with one attribute per variable,
    typed after its cloud type, with .get() (its last value) and, for READ_WRITE variables,
    .publish(value); and an async twin. It runs on the client cloudgen generates
    (arduino_iot_api) and passes mypy --strict.
    """
    from generator.pythonapi.service import python_api

    report.run(lambda: report.outcome(python_api(template, output_dir, thing_id)))
