"""What `cloudgen micropython` and `cloudgen simulate` do for one Thing, without a project."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostics, UserError
from generator.micropython.kind import MICROPYTHON
from generator.micropython.simulate import Connection, run
from generator.project.plan import plan_single
from generator.project.run import Outcome, execute
from generator.thing.load import load_thing


def micropython(template: Path, folder: Path, device_id: str | None) -> Outcome:
    settings = {"device_id": device_id} if device_id is not None else {}
    return execute(plan_single(MICROPYTHON, template, folder, None, settings))


@dataclass(frozen=True)
class SimulateOptions:
    broker: str  # HOST:PORT
    device_id: str
    secret_key: str
    cafile: Path | None = None
    insecure: bool = False
    interval: float = 5.0
    duration: float | None = None


def simulate(template: Path, options: SimulateOptions, echo: Callable[[str], None]) -> int:
    """Run a simulated device until the duration ends; the number of updates it sent."""
    catalog = load_catalog()
    diagnostics = Diagnostics()
    thing = load_thing(template, str(template), catalog, diagnostics)
    host, _, port = options.broker.rpartition(":")
    if not host or not port.isdigit():
        diagnostics.add_option("--broker", f"expected HOST:PORT, found {options.broker!r}")
    if thing is None or diagnostics.errors:
        raise UserError(diagnostics.items)
    connection = Connection(
        host,
        int(port),
        options.device_id,
        options.secret_key,
        str(options.cafile) if options.cafile else None,
        options.insecure,
    )
    return run(thing, connection, interval=options.interval, duration=options.duration, echo=echo)
