"""A fake Arduino Cloud on the plain listener: the legacy handshake of arduino-iot-cloud
1.4.1 (micropython.md) and a record of everything the device publishes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import cbor2
import paho.mqtt.client as mqtt


class FakeCloud:
    def __init__(self, port: int, device_id: str, thing_id: str, last_values: bytes) -> None:
        self.device_id, self.thing_id, self.last_values = device_id, thing_id, last_values
        self.published: list[bytes] = []  # payloads on e/o, in order
        self.device_began = threading.Event()
        self.lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="fake-cloud")
        self.client.on_message = self._on_message
        self.client.connect("127.0.0.1", port)
        thing = f"/a/t/{thing_id}"
        self.client.subscribe(
            [(f"/a/d/{device_id}/c/up", 1), (f"{thing}/shadow/o", 1), (f"{thing}/e/o", 1)]
        )
        # The device learns its Thing from a retained message (a single early one is lost).
        self.client.publish(
            f"/a/d/{device_id}/e/i", cbor2.dumps([{0: "thing_id", 3: thing_id}]), qos=1, retain=True
        )
        self.client.loop_start()

    def _on_message(self, client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
        if message.topic.endswith("/c/up"):
            self.device_began.set()
        elif message.topic.endswith("/shadow/o"):
            records = cbor2.loads(message.payload)
            if any(r.get(3) == "getLastValues" for r in records):
                client.publish(f"/a/t/{self.thing_id}/shadow/i", self.last_values, qos=1)
        elif message.topic.endswith("/e/o"):
            with self.lock:
                self.published.append(message.payload)

    def write(self, payload: bytes) -> None:
        """What a dashboard does: send values to the device."""
        self.client.publish(f"/a/t/{self.thing_id}/e/i", payload, qos=1)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.05)
        return False

    def close(self) -> None:
        self.client.publish(f"/a/d/{self.device_id}/e/i", b"", retain=True)  # clear the retained id
        self.client.loop_stop()
        self.client.disconnect()
