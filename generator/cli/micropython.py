"""`cloudgen micropython` and `cloudgen simulate`."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import output_dir_option, verbosity
from generator.core.diagnostics import plural


@click.command(short_help="MicroPython bindings of a Thing.")
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@output_dir_option("Folder to write.")
@click.option("--device-id", help="Device id (UUID), written into the secrets.py placeholder.")
@verbosity
def micropython(template: Path, output_dir: Path, device_id: str | None) -> None:
    """MicroPython bindings of a Thing for Arduino's arduino-iot-cloud library.

    \b
    Writes thing_properties.py (init_properties registers every variable), main.py (the
    program, with a handler per READ_WRITE variable; later runs only add missing
    handlers), secrets.py (placeholders, git-ignored) and thing_codec.py, a typed
    SenML-CBOR codec of the Thing's values for CPython backends, tests and simulators.
    """
    from generator.micropython.service import micropython as generate

    report.run(lambda: report.outcome(generate(template, output_dir, device_id)))


@click.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--broker",
    required=True,
    metavar="HOST:PORT",
    help="MQTT broker over TLS, e.g. iot.arduino.cc:8884 or a local test broker.",
)
@click.option("--device-id", required=True, help="The device's id (its MQTT user name).")
@click.option(
    "--secret-key",
    envvar="CLOUDGEN_SECRET_KEY",
    required=True,
    show_envvar=True,
    help="The device's secret key; prefer the environment variable.",
)
@click.option(
    "--cafile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA certificate to verify the broker with.",
)
@click.option("--insecure", is_flag=True, help="Do not verify the broker's certificate.")
@click.option(
    "--interval", type=float, default=5.0, show_default=True, help="Seconds between new values."
)
@click.option(
    "--duration", type=float, help="Stop after this many seconds (default: run until Ctrl-C)."
)
@verbosity
def simulate(
    template: Path,
    broker: str,
    device_id: str,
    secret_key: str,
    cafile: Path | None,
    insecure: bool,
    interval: float,
    duration: float | None,
) -> None:
    """Run a simulated device for a Thing: no hardware needed.

    \b
    The Thing's MicroPython bindings run under Arduino's arduino-iot-cloud library;
    READ_ONLY variables get plausible changing values every --interval seconds, and
    values the cloud writes are printed. Needs `pip install 'cloudgen[simulate]'`.
    """
    from generator.micropython.service import SimulateOptions
    from generator.micropython.service import simulate as run_simulation

    options = SimulateOptions(broker, device_id, secret_key, cafile, insecure, interval, duration)

    def body() -> None:
        updates = run_simulation(template, options, click.echo)
        report.info(f"cloudgen: simulation ended after {plural(updates, 'update')}")

    report.run(body)
