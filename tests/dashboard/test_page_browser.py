"""The live web page in a real browser: headless Chromium (Debian's) driven by
playwright-core, the page's arduino-iot-js connected over TLS websockets to mosquitto on
127.0.0.1, and a device running the Thing's generated MicroPython bindings under the real
arduino-iot-cloud library.

The page under test is the committed one (generated/dashboards/Greenhouse), opened from
its folder as a user would (file://).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import paho.mqtt.client as mqtt
import pytest
from broker import DEVICE_ID, Broker, access_token, start_broker, stop_broker
from browser import BrowserPage, browser_missing
from device import Device
from fake_cloud import FakeCloud
from helpers import EVERY_COMPOUND, REPO, cloudgen, load, write_tree
from tsc import NODE_MODULES

from generator.dashboard.catalog import load_widget_catalog

THING_ID = "3f2e1d0c-9b8a-4c7d-8e6f-5a4b3c2d1e0f"
USER = "cloudgen-page-user"
TOKEN = access_token(USER)
GREENHOUSE = REPO / "generated" / "dashboards" / "Greenhouse" / "index.html"
BINDINGS = REPO / "generated" / "micropython" / "Greenhouse" / "thing_properties.py"
# What the device sets, and how the page shows it.
FROM_DEVICE: dict[str, tuple[Any, str]] = {
    "pump": (True, "on"),
    "soilMoisture": (41.5, "41.5"),
    "air_temperature": (22.25, "22.25"),
    "humidity": (63.0, "63 %"),
    "status_message": ("Watering", "Watering"),
    "target_moisture": (35.0, "35"),
    "cycles": (12, "12"),
}

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    folder = tmp_path / "broker"
    folder.mkdir()
    running = start_broker(folder, websockets=True, users={USER: TOKEN})
    yield running
    stop_broker(running.pid)


def reading(name: str) -> str:
    return f'[data-variable="{name}"] .reading'


def connect(page: BrowserPage, broker: Broker, thing_id: str) -> None:
    page.run(
        "fill",
        fields={
            "#token": TOKEN,
            "#thing-id": thing_id,
            "#host": "localhost",
            "#port": str(broker.wss_port),
        },
    )
    page.run("click", selector='button[type="submit"]')
    page.run("waitForSelector", selector='#status[data-state="connected"]')


def prime(
    page: BrowserPage, cloud: FakeCloud, records: list[dict[int, Any]], shows: tuple[str, str]
) -> None:
    """arduino-iot-js says nothing when its subscriptions are in place, so a pack goes out
    on e/o until the page shows it (the last widget subscribes last)."""
    deadline = time.monotonic() + 20
    while page.text(shows[0]) != shows[1]:
        assert time.monotonic() < deadline, page.text("#status")
        cloud.client.publish(f"/a/t/{cloud.thing_id}/e/o", cbor2.dumps(records), qos=1)
        time.sleep(0.3)


def test_the_page_shows_the_device_and_a_click_reaches_its_handler(
    broker: Broker, tmp_path: Path
) -> None:
    properties = load(BINDINGS, "greenhouse_page_bindings")
    last_values = cbor2.dumps([{0: "pump", 4: False}, {0: "status_message", 3: ""}])
    cloud = FakeCloud(broker.plain_port, DEVICE_ID, THING_ID, last_values)
    page = BrowserPage(GREENHOUSE)
    device = None
    try:
        assert page.text("#status") == "Not connected"  # page.js ran
        assert page.run("property", selector='[data-variable="pump"] input', name="disabled")
        connect(page, broker, THING_ID)
        prime(page, cloud, [{0: "cycles", 2: -1}], (reading("cycles"), "-1"))

        device = Device(broker, properties)
        assert device.started.wait(30), "the device never received its Thing id"
        for name, (value, _) in FROM_DEVICE.items():
            device.client[name] = value
        for name, (_, text) in FROM_DEVICE.items():
            page.wait_for_text(reading(name), text)
        assert page.run("property", selector='[data-variable="pump"] input', name="checked") is True
        assert page.text('[data-variable="status_message"] .log li:last-child') == "Watering"

        # The user's clicks and edits reach the device's handlers.
        page.run("click", selector='[data-variable="pump"] input')
        page.run("setValue", selector='[data-variable="target_moisture"] input', value="55")
        page.run("fill", fields={'[data-variable="status_message"] input': "Hello, plants"})
        page.run("click", selector='[data-variable="status_message"] button')
        wanted = [
            ("on_pump", False),
            ("on_target_moisture", 55.0),
            ("on_status_message", "Hello, plants"),
        ]
        assert cloud.wait_for(lambda: all(call in device.calls for call in wanted)), device.calls

        page.screenshot(tmp_path / "greenhouse.png", "dashboard-page.png")
        assert page.run("problems") == []  # no JavaScript error, no console error

        # The connection state follows the broker: it goes away, the page says so.
        stop_broker(broker.pid)
        page.run("waitForSelector", selector='#status[data-state="offline"]')
        page.run("click", selector="#disconnect")
        page.run("waitForSelector", selector='#status[data-state="closed"]')
    finally:
        stderr = page.close()
        if device is not None:
            device.close()
        cloud.close()
    assert page.process.returncode == 0, stderr


# Every widget type of the catalog: the example Thing with every multi-value type, and a
# variable each for the LED, Percentage and TimePicker widgets.
SHOWROOM = {
    **EVERY_COMPOUND,
    "variables": [
        *EVERY_COMPOUND["variables"],
        *(
            {"name": n, "variable_name": n, "type": t, "permission": p,
             "update_strategy": "ON_CHANGE", "update_parameter": 0}
            for n, t, p in [
                ("alarm", "HOME_MOTION_SENSOR", "READ_ONLY"),
                ("battery", "PERCENTAGE_BATTERY_LEVEL", "READ_ONLY"),
                ("wake", "TIME", "READ_WRITE"),
            ]
        ),
    ],
}  # fmt: skip
# A pack as the cloud forwards a device's values (SenML, numeric labels), and the readings.
SHOWN = {
    "pump": ([{0: "pump", 4: True}], "on"),
    "level": ([{0: "level", 2: 12.5}], "12.5"),
    "count": ([{0: "count", 2: 7}], "7"),
    "note": ([{0: "note", 3: "hi"}], "hi"),
    "target": ([{0: "target", 2: 21.5}], "21.5"),
    "where": ([{0: "where:lat", 2: 45.5}, {0: "where:lon", 2: 9.25}], "45.5, 9.25"),
    "paint": (
        [{0: "paint:hue", 2: 120}, {0: "paint:sat", 2: 100}, {0: "paint:bri", 2: 100}],
        "#00ff00",
    ),
    "lamp": (
        [{0: "lamp:swi", 4: True}, {0: "lamp:hue", 2: 200}, {0: "lamp:sat", 2: 40}, {0: "lamp:bri", 2: 60}],
        "on · hue 200 · sat 40 · bri 60",
    ),
    "desk": ([{0: "desk:swi", 4: False}, {0: "desk:bri", 2: 35.5}], "off · bri 35.5"),
    "tv": (
        [{0: f"tv:{k}", **({4: v} if isinstance(v, bool) else {2: v})}
         for k, v in {"swi": True, "vol": 30, "mut": False, "pbc": 0, "inp": 2, "cha": 5}.items()],
        "on · vol 30 · mut off · pbc 0 · inp 2 · cha 5",
    ),
    "hours": (
        [{0: f"hours:{k}", 2: v} for k, v in {"frm": 1767225600, "to": 1767229200, "len": 3600, "msk": 0}.items()],
        "2026-01-01 00:00 UTC to 2026-01-01 01:00 UTC",
    ),
    "period": ([{0: "period", 2: 2}], "2"),
    "route": ([{0: "route:lat", 2: -33.5}, {0: "route:lon", 2: 151.25}], "-33.5, 151.25"),
    "alarm": ([{0: "alarm", 4: True}], "on"),
    "battery": ([{0: "battery", 2: 87}], "87 %"),
    "wake": ([{0: "wake", 2: 1767323040}], "2026-01-02 03:04 UTC"),
}  # fmt: skip


class Sent:
    """What the page publishes to the Thing (e/i), decoded: name -> value, or attributes."""

    def __init__(self, port: int) -> None:
        self.values: dict[str, Any] = {}
        self.lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="page-listener")
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        self.client.subscribe(f"/a/t/{THING_ID}/e/i", qos=1)
        self.client.loop_start()

    def _on_message(self, client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
        records = cbor2.loads(message.payload)
        assert -3 in records[0], records  # the base time, in milliseconds
        with self.lock:
            for record in records:
                name, _, part = record[0].partition(":")
                value = next(record[k] for k in (2, 3, 4) if k in record)
                if part:
                    self.values.setdefault(name, {})[part] = value
                else:
                    self.values[name] = value

    def wait_for(self, name: str, value: Any, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.values.get(name) == value:
                    return
            time.sleep(0.05)
        raise AssertionError(f"{name}: sent {self.values.get(name)!r}, not {value!r}")

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def _edit(page: BrowserPage, name: str, op: str, control: str, **arguments: Any) -> None:
    selector = f'[data-variable="{name}"] {control}'
    if op == "fill":
        page.run("fill", fields={selector: arguments["value"]})
    else:
        page.run(op, selector=selector, **arguments)


# (variable, what the user does, what the page sends)
EDITS: list[tuple[str, list[tuple[str, str, dict[str, Any]]], Any]] = [
    ("pump", [("click", "input[role=switch]", {})], False),
    ("count", [("click", 'button[aria-label="more"]', {})], 8),
    ("note", [("fill", "input", {"value": "hello"}), ("click", "button", {})], "hello"),
    ("target", [("setValue", "input[type=range]", {"value": "30"})], 30),
    ("paint", [("setValue", "input[type=color]", {"value": "#ff0000"})], {"hue": 0, "sat": 100, "bri": 100}),
    ("lamp", [("click", "input[role=switch]", {})], {"swi": False, "hue": 200, "sat": 40, "bri": 60}),
    ("desk", [("setValue", "input[type=range]", {"value": "80"})], {"swi": False, "bri": 80}),
    ("tv", [("click", "input[role=switch]", {})], {"swi": False, "vol": 30, "mut": False, "pbc": 0, "inp": 2, "cha": 5}),
    (
        "hours",
        [("fill", 'input[aria-label$="length (s)"]', {"value": "60"}), ("click", "button", {})],
        {"frm": 1767225600, "to": 1767229200, "len": 60, "msk": 0},
    ),
    ("period", [("click", 'button[aria-label="less"]', {})], 1),
    ("wake", [("setValue", "input[type=datetime-local]", {"value": "2026-03-04T05:06"})], 1772600760),
]  # fmt: skip


def test_every_widget_shows_its_value_and_sends_the_users_edit(
    broker: Broker, tmp_path: Path
) -> None:
    write_tree(tmp_path, {"Showroom.json": json.dumps(SHOWROOM)})
    (tmp_path / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    made = cloudgen(
        "dashboard",
        "Showroom.json",
        "-o",
        "out",
        "--web-page",
        "--thing-id",
        THING_ID,
        cwd=tmp_path,
    )
    assert made.exit_code == 0, made.output
    cloud = FakeCloud(broker.plain_port, DEVICE_ID, THING_ID, b"")
    sent = Sent(broker.plain_port)
    page = BrowserPage(tmp_path / "out" / "index.html")
    try:
        assert page.run("property", selector="#thing-id", name="value") == THING_ID  # --thing-id
        connect(page, broker, THING_ID)
        prime(page, cloud, SHOWN["wake"][0], (reading("wake"), SHOWN["wake"][1]))
        pack = [record for records, _ in SHOWN.values() for record in records]
        cloud.client.publish(f"/a/t/{THING_ID}/e/o", cbor2.dumps(pack), qos=1)
        for name, (_, text) in SHOWN.items():
            page.wait_for_text(reading(name), text)
        first_choices = {rule.widgets[0].type for rule in load_widget_catalog().rules}
        assert set(page.run("attributes", selector=".widget", name="data-widget")) == first_choices
        for name, steps, value in EDITS:
            for op, control, arguments in steps:
                _edit(page, name, op, control, **arguments)
            sent.wait_for(name, value)
        page.screenshot(tmp_path / "showroom.png", "dashboard-page-every-widget.png")
        assert page.run("problems") == []
    finally:
        stderr = page.close()
        sent.close()
        cloud.close()
    assert page.process.returncode == 0, stderr
