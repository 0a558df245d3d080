"""Program of the Arduino Cloud Thing "Media Room" (created by cloudgen: yours to edit).

Cloud variables, registered by thing_properties.py (cloudgen keeps that file and this
list in step with the Thing):

    television: Television
    ambientLight: ColoredLight
    readingLamp: DimmedLight
    wall_color: Color
    occupied: bool
    movieNight: Schedule
    roomLocation: Location

Each READ_WRITE variable has a handler below, which runs when the cloud sends it a new
value. Fill in secrets.py, copy the folder to the board, and reset it.
"""

import secrets
import sys
import time

from arduino_iot_cloud import ArduinoCloudClient, Task  # type: ignore[import-untyped]

from thing_properties import init_properties


def on_television(client: ArduinoCloudClient, value: object) -> None:
    """Runs when the cloud sends television (a Television) a new value."""
    print("television:", value)


def on_ambientLight(client: ArduinoCloudClient, value: object) -> None:
    """Runs when the cloud sends ambientLight (a ColoredLight) a new value."""
    print("ambientLight:", value)


def on_readingLamp(client: ArduinoCloudClient, value: object) -> None:
    """Runs when the cloud sends readingLamp (a DimmedLight) a new value."""
    print("readingLamp:", value)


def on_wall_color(client: ArduinoCloudClient, value: object) -> None:
    """Runs when the cloud sends wall_color (a Color) a new value."""
    print("wall_color:", value)


def on_movieNight(client: ArduinoCloudClient, value: object) -> None:
    """Runs when the cloud sends movieNight (a Schedule) a new value."""
    print("movieNight:", value)


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
