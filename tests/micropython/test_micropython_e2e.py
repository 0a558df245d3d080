"""End to end: generated bindings under the real arduino-iot-cloud 1.4.1 (CPython, sync
mode) against a real mosquitto broker over TLS, with a fake cloud speaking the legacy
handshake. Values are checked with the generated codec."""

from __future__ import annotations

import json
import logging
import math
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import cbor2
import pytest
from broker import DEVICE_ID, DEVICE_KEY, Broker, start_broker, stop_broker
from device import Device
from fake_cloud import FakeCloud
from helpers import REPO, cloudgen
from test_micropython import EVERY_COMPOUND, load

THING_ID = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    running = start_broker(tmp_path_factory.mktemp("broker"))
    yield running
    stop_broker(running.pid)


def _decoded(codec: ModuleType, payloads: list[bytes]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for payload in payloads:
        changes = codec.decode(payload)
        values.update({k: v for k, v in vars(changes).items() if v is not None})
    return values


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6)
    if hasattr(a, "__dataclass_fields__"):
        return all(_close(getattr(a, k), getattr(b, k)) for k in a.__dataclass_fields__)
    return bool(a == b)


def _generate(root: Path, template: dict[str, Any] | Path) -> tuple[ModuleType, ModuleType]:
    root.mkdir(parents=True, exist_ok=True)
    if isinstance(template, Path):
        source = template
    else:
        source = root / "thing.json"
        source.write_text(json.dumps(template))
    assert cloudgen("micropython", source, "-o", root / "py").exit_code == 0
    name = root.name.replace("-", "_")
    return load(root / "py" / "thing_properties.py", f"{name}_p"), load(
        root / "py" / "thing_codec.py", f"{name}_c"
    )


def _device_values(codec: ModuleType) -> Any:
    """A value of the right type for every variable of the Thing."""
    values: dict[str, Any] = {}
    for name in codec._ORDER:
        if name in codec._PLAIN:
            kind = codec._PLAIN[name][1]
            values[name] = {bool: True, int: 7, float: 21.5, str: "hi"}[kind]
        else:
            cls, attributes = codec._COMPOUND[name]
            values[name] = cls(
                **{a: {bool: True, int: 3, float: 12.5}[k] for a, _, k in attributes}
            )
    return codec.Changes(**values)


@pytest.mark.parametrize("thing", ["every-compound", "greenhouse"])
def test_bindings_under_the_real_library_and_broker(
    broker: Broker, tmp_path: Path, caplog: pytest.LogCaptureFixture, thing: str
) -> None:
    caplog.set_level(logging.INFO)
    template = (
        EVERY_COMPOUND if thing == "every-compound" else REPO / "specs/things/greenhouse.yaml"
    )
    properties, codec = _generate(tmp_path / thing, template)
    restored = {
        name: value
        for name, value in vars(_device_values(codec)).items()
        if name in codec._PLAIN and codec._PLAIN[name][1] is not float
    }
    cloud = FakeCloud(
        broker.plain_port, DEVICE_ID, THING_ID, codec.encode(codec.Changes(**restored))
    )
    device = Device(broker, properties)
    try:
        assert device.started.wait(30), "the device never received its Thing id"
        client = device.client
        # READ_WRITE values that start as None are restored from the cloud's last values.
        rw_restored = [n for n in restored if client.records[n].on_write is not None]
        assert cloud.wait_for(lambda: all(client[n] is not None for n in rw_restored))
        assert all(client[n] == restored[n] for n in rw_restored)

        # Every variable the device sets is published and decodes to the same value.
        expected = _device_values(codec)
        for name, value in vars(expected).items():
            if hasattr(value, "__dataclass_fields__"):
                for attribute in value.__dataclass_fields__:
                    setattr(client[name], attribute, getattr(value, attribute))
            else:
                client[name] = value
        assert cloud.wait_for(lambda: set(_decoded(codec, cloud.published)) >= set(codec._ORDER)), (
            f"published: {sorted(_decoded(codec, cloud.published))}"
        )
        decoded = _decoded(codec, cloud.published)
        for name, value in vars(expected).items():
            assert _close(decoded[name], value), (name, decoded[name], value)

        # Values written by the cloud reach the generated handlers.
        writable = [n for n in codec._ORDER if f"on_{n}" in properties.HANDLERS]
        writes = {}
        for name in writable:
            current = getattr(expected, name)
            if name in codec._PLAIN:
                writes[name] = {bool: False, int: 11, float: 3.25, str: "from cloud"}[
                    codec._PLAIN[name][1]
                ]
            else:
                writes[name] = type(current)(
                    **{
                        a: (not v) if isinstance(v, bool) else v * 2
                        for a, v in vars(current).items()
                    }
                )
        cloud.write(codec.encode(codec.Changes(**writes)))
        assert cloud.wait_for(
            lambda: {n for n, _ in device.calls} >= {f"on_{n}" for n in writable}
        ), device.calls
        received = dict(device.calls)
        for name, value in writes.items():
            got = received[f"on_{name}"]
            want = vars(value) if hasattr(value, "__dataclass_fields__") else value
            assert got == pytest.approx(want) if not isinstance(want, str) else got == want, name

        # A wrongly typed value is reported, and the variable keeps its value.
        victim = next(n for n in writable if n in codec._PLAIN and codec._PLAIN[n][1] is not str)
        before = client[victim]
        caplog.clear()
        cloud.write(cbor2.dumps([{0: victim, 3: "not a number"}]))
        assert cloud.wait_for(
            lambda: "invalid data type" in caplog.text or "Connection lost" in caplog.text
        )
        assert client[victim] == before
    finally:
        device.close()
        cloud.close()


def test_simulate_publishes_changing_values(broker: Broker, tmp_path: Path) -> None:
    from generator.core.catalog import load_catalog
    from generator.core.diagnostics import Diagnostics
    from generator.micropython.simulate import Connection, run
    from generator.thing.load import load_thing

    template = REPO / "specs/things/fleet_tracker.yaml"
    _, codec = _generate(tmp_path / "sim", template)
    thing = load_thing(template, "fleet_tracker.yaml", load_catalog(), Diagnostics())
    assert thing is not None
    cloud = FakeCloud(
        broker.plain_port, DEVICE_ID, THING_ID, codec.encode(codec.Changes(message="hi"))
    )
    lines: list[str] = []
    connection = Connection("127.0.0.1", broker.tls_port, DEVICE_ID, DEVICE_KEY, str(broker.ca))
    result: dict[str, int] = {}
    worker = threading.Thread(
        target=lambda: result.update(
            updates=run(thing, connection, interval=0.3, duration=4.0, echo=lines.append)
        )
    )
    worker.start()
    try:
        assert cloud.wait_for(lambda: len(cloud.published) >= 3, timeout=20), cloud.published
        cloud.write(codec.encode(codec.Changes(message="to the truck")))
        assert cloud.wait_for(
            lambda: any("cloud wrote message = to the truck" in line for line in lines)
        )
    finally:
        worker.join(timeout=30)
        cloud.close()
    assert result["updates"] >= 5
    speeds = [codec.decode(p).speed for p in cloud.published if codec.decode(p).speed is not None]
    assert len(set(speeds)) >= 2  # the values change over time
    positions = [codec.decode(p).position for p in cloud.published if codec.decode(p).position]
    assert positions and all(-90 <= p.lat <= 90 and -180 <= p.lon <= 180 for p in positions)
    assert DEVICE_KEY not in "\n".join(lines)
