"""`cloudgen sketch`, `sync` and `import`: one sketch folder, and sketches back to Things."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import board_option, config_option, output_dir_option, verbosity

AUTH_HELP = (
    "How the board authenticates, where it allows both (UNO R4 WiFi): se (secure element) "
    "or key (device id and secret key)."
)
PROVISIONING_HELP = (
    "classic (network settings in arduino_secrets.h) or p2 (Provisioning 2.0: set over "
    "Bluetooth or Serial from the Arduino Cloud app), on the boards that have it."
)


@click.command(short_help="Generate one sketch folder from a Thing, no project.")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@board_option("Board FQBN, e.g. arduino:samd:mkrwifi1010.", required=True)
@output_dir_option("Sketch folder to write; its name is the sketch name.")
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
    default="legacy",
    show_default=True,
    help="legacy: addProperty as the Cloud editor writes it; modern: the fluent form.",
)
@click.option("--auth", help=AUTH_HELP)
@click.option("--provisioning", help=PROVISIONING_HELP)
@verbosity
def sketch(
    template: Path,
    output_dir: Path,
    board: str,
    connection: str | None,
    device_id: str | None,
    thing_id: str | None,
    lora_band: str | None,
    style: str,
    auth: str | None,
    provisioning: str | None,
) -> None:
    """Generate one sketch folder from a Thing TEMPLATE, without a project.

    \b
    Example:
      cloudgen sketch greenhouse.yaml --board arduino:samd:mkrwifi1010 -o Greenhouse
    """
    from generator.sketch import service

    options = service.SketchOptions(
        board, connection, device_id, thing_id, lora_band, style, auth, provisioning
    )
    report.run(lambda: report.outcome(service.sketch(template, output_dir, options)))


@click.command(short_help="Bring a sketch folder in step with its Thing.")
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--thing",
    "template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Thing template, for a sketch that cloudgen.yaml does not list.",
)
@board_option("Board FQBN (default: from the sketch's header, sketch.json or sketch.yaml).")
@click.option("--connection", help="Connection family (default: the sketch's current handler).")
@click.option("--device-id", help="Device id (default: the sketch's DEVICE_LOGIN_NAME).")
@click.option("--thing-id", help="Thing id (default: the sketch's THING_ID).")
@click.option("--lora-band", help="LoRaWAN frequency plan (default: the sketch's current one).")
@click.option("--style", help="addProperty style (default: the sketch's current one).")
@click.option("--auth", help=AUTH_HELP + " Default: what the sketch does now.")
@click.option("--provisioning", help=PROVISIONING_HELP + " Default: what the sketch does now.")
@config_option("Project config that may list the sketch.")
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if the sketch is stale."
)
@click.option("--diff", is_flag=True, help="Also print a diff of every change written.")
@click.option(
    "--force", is_flag=True, help="Replace a thingProperties.h edited by hand (keeps .orig)."
)
@verbosity
def sync(
    sketch_dir: Path,
    template: Path | None,
    board: str | None,
    connection: str | None,
    device_id: str | None,
    thing_id: str | None,
    lora_band: str | None,
    style: str | None,
    auth: str | None,
    provisioning: str | None,
    config_path: Path,
    check: bool,
    diff: bool,
    force: bool,
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
    from generator.kinds import KINDS
    from generator.sketch import service

    options = service.SketchOptions(
        board, connection, device_id, thing_id, lora_band, style, auth, provisioning
    )

    def body() -> int:
        result = service.sync(
            sketch_dir, template, config_path, options, KINDS, check=check, force=force
        )
        return report.outcome(result, check=check, force=force, diff=diff)

    report.run(body, lock=config_path.parent)


@click.command("import", short_help="Turn a sketch folder into a Thing template.")
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    "template_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Template file to write (default: things/<sketch>.yaml).",
)
@board_option(
    "Board FQBN, when the folder has no sketch.json or sketch.yaml, or to read the "
    "#if blocks of a file written for several boards."
)
@click.option("--auth", help=AUTH_HELP + " Default: what the sketch does.")
@click.option("--device-id", help="Device id (UUID), when the sketch's is empty or a placeholder.")
@click.option("--thing-id", help="Thing id (UUID), when the sketch's is empty or a placeholder.")
@click.option("--lora-band", help="LoRaWAN frequency plan (default: the sketch's).")
@click.option(
    "--copy-into",
    type=click.Path(path_type=Path, file_okay=False),
    help="Copy a sketch from outside the project into this folder of it (e.g. sketches/NAME) "
    "and add that copy to cloudgen.yaml.",
)
@config_option("Project config to add the Thing to.")
@click.option("--force", is_flag=True, help="Overwrite an existing template file.")
@verbosity
def import_sketch(
    sketch_dir: Path,
    template_path: Path | None,
    board: str | None,
    auth: str | None,
    device_id: str | None,
    thing_id: str | None,
    lora_band: str | None,
    copy_into: Path | None,
    config_path: Path,
    force: bool,
) -> None:
    """Turn an existing sketch folder into a Thing template and a cloudgen.yaml entry.

    \b
    Reads thingProperties.h (from the Arduino Cloud editor, classic or Provisioning 2.0,
    or from cloudgen, in either addProperty style, for any connection) and writes the
    Thing template. For a folder inside the project it adds the sketch to cloudgen.yaml
    (created if missing) and records LoRaWAN property tags in cloudgen.lock; then
    `cloudgen generate` keeps the sketch in step with the template. Lines that are not
    cloud variables are reported, and generate keeps them.

    \b
    Examples:
      cloudgen import sketches/Greenhouse
      cloudgen import ~/Downloads/Greenhouse --copy-into sketches/Greenhouse
    """
    from generator.sketch.importer import import_sketch as run_import
    from generator.sketch.service import SketchOptions

    options = SketchOptions(board, None, device_id, thing_id, lora_band, None, auth)

    def body() -> None:
        imported = run_import(sketch_dir, template_path, config_path, force, options, copy_into)
        report.print_diagnostics(imported.warnings)
        for message in imported.messages:
            report.warn(message)
        if imported.unplaced_entry is not None:
            click.echo(
                f"Add this entry to the things: list of {config_path}:\n{imported.unplaced_entry}"
            )
        for write in imported.writes:
            (report.info if write.action in ("create", "update") else report.detail)(
                f"{write.action:>7} {write.path}"
            )
        if imported.outside is not None:
            report.info(f"note: {imported.outside}")
            report.info("cloudgen: imported the Thing template")
        else:
            report.info(
                "cloudgen: imported; run `cloudgen generate` to regenerate the sketch from it"
            )

    report.run(body, lock=config_path.parent)
