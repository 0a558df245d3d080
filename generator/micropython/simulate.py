"""`cloudgen simulate`: a Thing's device without hardware, for dashboards and backends.

It generates the MicroPython bindings into a temporary folder, runs them under Arduino's
`arduino-iot-cloud` library on CPython (sync mode) and gives every READ_ONLY variable a
plausible changing value; values the cloud writes are printed.
"""

from __future__ import annotations

import importlib.util
import math
import random
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from generator.core.diagnostics import UserError
from generator.core.writer import apply_writes, plan_writes
from generator.micropython.emit import Binding, MicroPythonTarget, binding, emit_micropython
from generator.thing.model import Thing

# Plausible ranges of multi-value attributes (cloud-types.md); anything else walks freely.
RANGES = {
    "hue": (0.0, 360.0),
    "sat": (0.0, 100.0),
    "bri": (0.0, 100.0),
    "vol": (0, 100),
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
}


@dataclass
class Connection:
    host: str
    port: int
    device_id: str
    secret_key: str
    cafile: str | None = None
    insecure: bool = False


def next_value(current: Any, kind: str, step: int, rng: random.Random, attribute: str = "") -> Any:
    """A value near `current` that changes over time, of the variable's Python type."""
    low, high = RANGES.get(attribute, (0.0, 100.0))
    if kind == "bool":
        return step % 2 == 1
    if kind == "int":
        return int(low) + (step % int(high - low + 1)) if attribute else step
    if kind == "float":
        wave = (math.sin(step / 5.0) + 1) / 2  # a slow wave through the range, with noise
        value = low + wave * (high - low) + rng.uniform(-0.01, 0.01) * (high - low)
        return round(min(max(value, low), high), 5)
    return f"simulated {step}"


def _load(folder: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, folder / f"{name}.py")
    if spec is None or spec.loader is None:
        raise UserError.single(folder, f"cannot load {name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(
    thing: Thing,
    connection: Connection,
    *,
    interval: float,
    duration: float | None,
    echo: Callable[[str], None],
    seed: int = 1,
) -> int:
    """Simulate until `duration` seconds have passed (forever if None); the number of updates."""
    try:
        from arduino_iot_cloud import ArduinoCloudClient  # type: ignore[import-untyped]
    except ImportError:
        raise UserError.single(
            "cloudgen",
            "simulate needs the arduino-iot-cloud package: pip install 'cloudgen[simulate]'",
        ) from None
    with tempfile.TemporaryDirectory(prefix="cloudgen-simulate-") as name:
        folder = Path(name)
        apply_writes(plan_writes(emit_micropython(MicroPythonTarget(thing, folder))))
        properties = _load(folder, "thing_properties")
    bindings = [binding(v) for v in thing.variables]

    def handler(name: str) -> Callable[[Any, Any], None]:
        def on_write(client: Any, value: Any) -> None:
            echo(f"cloud wrote {name} = {value}")

        return on_write

    handlers = {b.handler: handler(b.name) for b in bindings if b.variable.read_write}
    client = ArduinoCloudClient(
        device_id=connection.device_id,
        username=connection.device_id,
        password=connection.secret_key,
        server=connection.host,
        port=connection.port,
        sync_mode=True,
        ssl_params=_ssl_params(connection),
    )
    properties.init_properties(client, handlers)
    where = f"{connection.host}:{connection.port}"
    echo(f"simulating {thing.name!r} as device {connection.device_id} on {where}")
    client.start()
    rng, step, updates = random.Random(seed), 0, 0
    deadline = None if duration is None else time.monotonic() + duration
    last = 0.0
    while deadline is None or time.monotonic() < deadline:
        if time.monotonic() - last >= interval:
            step, last = step + 1, time.monotonic()
            for b in bindings:
                if not b.variable.read_write:
                    _set(client, b, step, rng)
            updates += 1
        client.update()
        time.sleep(0.05)
    client.mqtt.sock.close()
    return updates


def _ssl_params(connection: Connection) -> dict[str, Any]:
    params: dict[str, Any] = {"server_hostname": connection.host}
    if connection.cafile:
        params |= {"cafile": connection.cafile, "verify_mode": ssl.CERT_REQUIRED}
    elif connection.insecure:
        params["verify_mode"] = ssl.CERT_NONE
    return params


def _set(client: Any, b: Binding, step: int, rng: random.Random) -> None:
    if b.attributes:
        record = client[b.name]
        for attribute in b.attributes:
            setattr(
                record,
                attribute.name,
                next_value(None, attribute.python, step, rng, attribute.name),
            )
    else:
        client[b.name] = next_value(client[b.name], b.python, step, rng)
