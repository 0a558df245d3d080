"""The `cloudgen` command line: one click group, one module per command group.

Each command parses its options into typed settings, calls a service of the subsystem
(imported on first use, so that a no-op `cloudgen generate` stays fast) and hands the
result to `report`, which prints it and picks the exit status.
"""

from __future__ import annotations

import click

from generator.cli import dashboard, generate, info, micropython, new, sketch, spec, var


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cloudgen")
def main() -> None:
    """Generate Arduino Cloud sketches from Thing templates, offline and reproducibly.

    \b
    Start with `cloudgen generate` in a folder with a cloudgen.yaml, or
    `cloudgen sketch THING.yaml --board FQBN -o DIR` for a single Thing.
    Input errors are printed as FILE:LINE:COL: KEY: MESSAGE and exit with status 2.
    """


for command in (
    generate.generate,
    sketch.sketch,
    micropython.micropython,
    micropython.simulate,
    dashboard.dashboard,
    spec.client,
    sketch.sync,
    sketch.import_sketch,
    new.new,
    var.var,
    spec.spec,
    info.validate,
    info.types,
    info.boards,
):
    main.add_command(command)
