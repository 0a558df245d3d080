"""End to end: a generated TypeScript module on the real arduino-iot-js 0.13.0 in Node.js,
connected over TLS websockets to a real mosquitto on 127.0.0.1, and a device running the
same Thing's generated MicroPython bindings under the real arduino-iot-cloud 1.4.1.

arduino-iot-js cannot be told to use plain websockets or another host name: it always
connects to `wss://wss.<host>:<port>/mqtt`. So the broker serves `protocol websockets` with
TLS (mosquitto 2.0's own websockets; websockify refuses the `mqtt` subprotocol), Node.js
trusts the test CA through NODE_EXTRA_CA_CERTS, and node/localhost.cjs resolves
wss.localhost to 127.0.0.1. Everything else is the library as users run it.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import cbor2
import pytest
from broker import DEVICE_ID, Broker, access_token, start_broker, stop_broker
from device import Device
from fake_cloud import FakeCloud
from helpers import EVERY_COMPOUND, cloudgen, load, write_tree
from tsc import node, tsc

THING_ID = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
USER = "cloudgen-test-user"
NODE = Path(__file__).parent / "node"

# What the device sets (every variable), then what the wrapper sends (every READ_WRITE
# one): 0, false and "" included, which arduino-iot-js's own sendProperty drops.
FROM_DEVICE: dict[str, Any] = {
    "pump": True,
    "level": 12.5,
    "count": 7,
    "note": "hi",
    "target": 21.5,
    "where": {"lat": 45.5, "lon": 9.25},
    "paint": {"hue": 120.5, "sat": 50.0, "bri": 80.0},
    "lamp": {"swi": True, "hue": 200.0, "sat": 40.0, "bri": 60.0},
    "desk": {"swi": False, "bri": 35.5},
    "tv": {"swi": True, "vol": 30, "mut": False, "pbc": 0, "inp": 2, "cha": 5},
    "hours": {"frm": 1700000000, "to": 1700003600, "len": 3600, "msk": 0},
}
TO_DEVICE: dict[str, Any] = {
    "pump": False,
    "count": 0,
    "note": "",
    "target": 0,  # an integral number goes out as a CBOR integer; the float record takes it
    "paint": {"hue": 0, "sat": 45.5, "bri": 100},
    "lamp": {"swi": False, "hue": 359.5, "sat": 0, "bri": 1},
    "desk": {"swi": False, "bri": 0},
    "tv": {"swi": False, "vol": 0, "mut": True, "pbc": 0, "inp": 3, "cha": 0},
    "hours": {"frm": 0, "to": 86399, "len": 0, "msk": 127},
}
TYPES = {bool: "boolean", int: "number", float: "number", str: "string"}


TOKEN = access_token(USER)


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    running = start_broker(tmp_path_factory.mktemp("broker"), websockets=True, users={USER: TOKEN})
    yield running
    stop_broker(running.pid)


class NodeThing:
    """node/driver.cjs running the compiled module: commands in, events out."""

    def __init__(self, module: Path, name: str, broker: Broker) -> None:
        environment = {
            **os.environ,
            "NODE_EXTRA_CA_CERTS": str(broker.ca),
            "CLOUDGEN_TEST_TOKEN": TOKEN,
        }
        command = [node(), "--require", str(NODE / "localhost.cjs"), str(NODE / "driver.cjs")]
        self.process = subprocess.Popen(
            [*command, str(module), name, str(broker.wss_port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.commands = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.events.append(json.loads(line))

    def wait_for(
        self, condition: Callable[[list[dict[str, Any]]], bool], timeout: float = 20.0
    ) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                events = list(self.events)
            if condition(events):
                return True
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        return False

    def run(self, op: str, **arguments: Any) -> dict[str, Any]:
        """A command's outcome: {"event": "done"} or {"event": "failed", "error", "message"}."""
        self.commands += 1
        number = self.commands
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"id": number, "op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        assert self.wait_for(lambda events: any(e.get("id") == number for e in events)), self.log()
        return next(e for e in self.events if e.get("id") == number)

    def values(self, name: str) -> list[dict[str, Any]]:
        with self.lock:
            return [e for e in self.events if e["event"] == "value" and e["name"] == name]

    def log(self) -> str:
        return json.dumps(self.events, indent=1)[-4000:]

    def close(self) -> str:
        """Ends the driver (it disconnects when its input closes); its stderr."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.process.stderr is not None
        return self.process.stderr.read()


def _bindings(root: Path) -> tuple[ModuleType, ModuleType, Path]:
    """The Thing's MicroPython bindings and codec, and its TypeScript module compiled to
    CommonJS by tsc."""
    write_tree(root, {"Showroom.json": json.dumps(EVERY_COMPOUND)})
    source = root / "Showroom.json"
    for args in (
        ("micropython", "-o", "py"),
        ("typescript", "-o", "Showroom", "--thing-id", THING_ID),
    ):
        result = cloudgen(args[0], source, *args[1:], cwd=root)
        assert result.exit_code == 0, result.output
    compiled = tsc(root, [root / "Showroom" / "Showroom.ts"], noEmit=False, outDir="out")
    assert compiled.returncode == 0, compiled.output
    properties = load(root / "py" / "thing_properties.py", "showroom_e2e_p")
    codec = load(root / "py" / "thing_codec.py", "showroom_e2e_c")
    return properties, codec, root / "out" / "Showroom.js"


def _same(got: Any, want: Any) -> bool:
    if isinstance(want, dict):
        return (
            isinstance(got, dict)
            and set(got) == set(want)
            and all(_same(got[k], want[k]) for k in want)
        )
    if isinstance(want, bool) or isinstance(got, bool):
        return got is want
    return got == pytest.approx(want)


def _ts_type(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: TYPES[type(item)] for key, item in value.items()}
    return TYPES[type(value)]


def _other(value: Any) -> Any:
    """A different value of the same type."""
    if isinstance(value, dict):
        return {key: _other(item) for key, item in value.items()}
    if isinstance(value, bool):
        return not value
    return value + 1 if isinstance(value, int | float) else value + "!"


def _encoded(codec: ModuleType, values: dict[str, Any]) -> bytes:
    """The SenML-CBOR pack the device library would publish for these values."""
    typed = {
        name: codec._COMPOUND[name][0](**value) if name in codec._COMPOUND else value
        for name, value in values.items()
    }
    return bytes(codec.encode(codec.Changes(**typed)))


def _publish_until_subscribed(cloud: FakeCloud, codec: ModuleType, js: NodeThing) -> None:
    """arduino-iot-js gives no sign that its subscriptions are in place, so a pack of every
    variable (other values than the device's) goes out on e/o until each of the wrapper's
    callbacks has had it."""
    payload = _encoded(codec, {name: _other(value) for name, value in FROM_DEVICE.items()})
    deadline = time.monotonic() + 20
    while not all(js.values(name) for name in FROM_DEVICE):
        assert time.monotonic() < deadline and js.process.poll() is None, js.log()
        cloud.client.publish(f"/a/t/{THING_ID}/e/o", payload, qos=1)
        time.sleep(0.3)


def _device_to_wrapper(device: Device, js: NodeThing) -> None:
    """What the device publishes reaches onValue, typed as the interface says."""
    for name, value in FROM_DEVICE.items():
        if isinstance(value, dict):
            for attribute, item in value.items():
                setattr(device.client[name], attribute, item)
        else:
            device.client[name] = value

    def arrived(_: object) -> bool:
        return all(any(_same(e["value"], v) for e in js.values(n)) for n, v in FROM_DEVICE.items())

    assert js.wait_for(arrived), js.log()
    for name, value in FROM_DEVICE.items():
        event = next(e for e in js.values(name) if _same(e["value"], value))
        assert event["type"] == _ts_type(value), name


def _wrapper_to_device(js: NodeThing, device: Device, cloud: FakeCloud) -> None:
    """send() reaches the device's handlers, 0, false and "" included; wrong calls from
    JavaScript are refused before anything is sent."""
    for name, value in TO_DEVICE.items():
        assert js.run("send", name=name, value=value)["event"] == "done", js.log()

    def received(values: dict[str, Any]) -> bool:
        last = dict(device.calls)
        return all(_same(last.get(f"on_{n}"), v) for n, v in values.items())

    assert cloud.wait_for(lambda: received(TO_DEVICE)), device.calls
    refused = [
        ("send", {"name": "count", "value": 2.5}, "count of Showroom takes an integer"),
        ("send", {"name": "tv", "value": {"swi": True}}, "tv of Showroom takes { swi: a"),
        ("send", {"name": "level", "value": 1.5}, "level of Showroom is READ_ONLY"),
        ("send", {"name": "nope", "value": 1}, 'Showroom has no variable "nope"'),
        ("subscribe", {"name": "lamb"}, 'Showroom has no variable "lamb"'),
    ]
    for op, arguments, message in refused:
        outcome = js.run(op, **arguments)
        assert outcome["event"] == "failed" and outcome["error"] == "TypeError", outcome
        assert outcome["message"].startswith(message), outcome
    # A last send arrives after anything the refused ones could have sent.
    assert js.run("send", name="note", value="after")["event"] == "done"
    assert cloud.wait_for(lambda: received({"note": "after"}))
    assert ("on_count", 2.5) not in device.calls
    assert ("on_tv", {"swi": True}) not in device.calls


def _unfit_values(js: NodeThing, cloud: FakeCloud) -> None:
    """A received value that does not fit its type goes to onInvalidValue, not onValue."""
    mark = len(js.events)
    for records in ([{0: "pump", 2: 1}], [{0: "where:lat", 2: 1.5}], [{0: "note", 4: True}]):
        cloud.client.publish(f"/a/t/{THING_ID}/e/o", cbor2.dumps(records), qos=1)

    def invalid(events: list[dict[str, Any]]) -> list[tuple[str, Any]]:
        return [(e["name"], e["value"]) for e in events[mark:] if e["event"] == "invalid"]

    assert js.wait_for(lambda events: len(invalid(events)) == 3), js.log()
    assert invalid(js.events) == [("pump", 1), ("where", {"lat": 1.5}), ("note", True)]
    assert not [e for e in js.events[mark:] if e["event"] == "value"]


def test_the_wrapper_talks_to_a_device_through_the_real_library(
    broker: Broker, tmp_path: Path
) -> None:
    properties, codec, module = _bindings(tmp_path)
    restored = {name: FROM_DEVICE[name] for name in ("pump", "count", "note")}
    cloud = FakeCloud(broker.plain_port, DEVICE_ID, THING_ID, _encoded(codec, restored))
    js = NodeThing(module, "Showroom", broker)
    device = None
    try:
        assert js.wait_for(lambda events: any(e["event"] == "connected" for e in events)), js.log()
        assert js.events[0]["thingId"] == THING_ID  # the module's THING_ID, from --thing-id
        _publish_until_subscribed(cloud, codec, js)
        device = Device(broker, properties)
        assert device.started.wait(30), "the device never received its Thing id"
        _device_to_wrapper(device, js)
        _wrapper_to_device(js, device, cloud)
        _unfit_values(js, cloud)
    finally:
        stderr = js.close()
        if device is not None:
            device.close()
        cloud.close()
    assert js.process.returncode == 0, stderr
