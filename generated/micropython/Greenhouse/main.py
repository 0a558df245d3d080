"""Program of the Arduino Cloud Thing "Greenhouse" (created by cloudgen: yours to edit).

Cloud variables, registered by thing_properties.py (cloudgen keeps that file and this
list in step with the Thing):

    pump: bool
    soilMoisture: float
    air_temperature: float
    humidity: float
    status_message: str
    target_moisture: float
    cycles: int

Each READ_WRITE variable has a handler below, which runs when the cloud sends it a new
value. Fill in secrets.py, copy the folder to the board, and reset it.
"""

import secrets
import sys
import time

from arduino_iot_cloud import ArduinoCloudClient, Task  # type: ignore[import-untyped]

from thing_properties import init_properties


def on_pump(client: ArduinoCloudClient, value: bool) -> None:
    """Runs when the cloud sends pump a new value."""
    print("pump:", value)


def on_status_message(client: ArduinoCloudClient, value: str) -> None:
    """Runs when the cloud sends status_message a new value."""
    print("status_message:", value)


def on_target_moisture(client: ArduinoCloudClient, value: float) -> None:
    """Runs when the cloud sends target_moisture a new value."""
    print("target_moisture:", value)


def main() -> None:
    client = ArduinoCloudClient(
        device_id=secrets.DEVICE_ID,
        username=secrets.DEVICE_ID,
        password=secrets.SECRET_KEY,
        sync_mode=True,
    )
    init_properties(client, globals())
    if sys.implementation.name == "micropython":
        from arduino_iot_cloud import async_wifi_connection

        wifi = Task("wifi_connection", on_run=async_wifi_connection, interval=60.0)
        client.register(wifi)
    client.start()
    while True:
        client.update()
        time.sleep(0.1)


if __name__ == "__main__":
    main()
