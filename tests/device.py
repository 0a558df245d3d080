"""A device without hardware: a Thing's generated MicroPython bindings on the real
arduino-iot-cloud 1.4.1 client (CPython, sync mode), on the test broker's TLS port."""

from __future__ import annotations

import ssl
import threading
from types import ModuleType
from typing import Any

from broker import DEVICE_ID, DEVICE_KEY, Broker


class Device:
    """The generated bindings on a real ArduinoCloudClient, updated in a thread."""

    def __init__(self, broker: Broker, properties: ModuleType) -> None:
        from arduino_iot_cloud import ArduinoCloudClient

        self.calls: list[tuple[str, Any]] = []
        handlers = {name: self._recorder(name) for name in properties.HANDLERS}
        self.client = ArduinoCloudClient(
            device_id=DEVICE_ID,
            username=DEVICE_ID,
            password=DEVICE_KEY,
            server="127.0.0.1",
            port=broker.tls_port,
            sync_mode=True,
            ssl_params={
                "cafile": str(broker.ca),
                "verify_mode": ssl.CERT_REQUIRED,
                "server_hostname": "localhost",
            },
        )
        properties.init_properties(self.client, handlers)
        self.started = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _recorder(self, name: str) -> Any:
        def record(client: Any, value: Any) -> None:
            if isinstance(getattr(value, "value", None), dict):
                value = {key: getattr(value, key) for key in value.value}
            self.calls.append((name, value))

        return record

    def _run(self) -> None:
        self.client.start()
        self.started.set()
        while not self.stop.is_set():
            self.client.update()
            self.stop.wait(0.05)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)
        self.client.mqtt.sock.close()
