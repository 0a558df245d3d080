"""The body of an OTA upload (hand-written part of the generated client).

    cloud.v2.devices_ota.upload(id=device_id, body=ota_upload("build/sketch.ino.ota"))

The firmware is sent as `application/octet-stream` (a guess from the file name would make
`.ota` an Android type), in a multipart form whose boundary httpx draws at random.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from .models import DevicesV2OtaUploadRequest
from .types import File

FIRMWARE_MEDIA_TYPE = "application/octet-stream"


def ota_upload(
    firmware: str | Path | bytes,
    *,
    file_name: str = "firmware.ota",
    asynchronous: bool = True,
    expire_in_mins: int = 10,
) -> DevicesV2OtaUploadRequest:
    """The upload of `firmware` (a path or the bytes of an `.ota` or `.bin` file)."""
    if not isinstance(firmware, bytes):
        file_name = Path(firmware).name
        firmware = Path(firmware).read_bytes()
    return DevicesV2OtaUploadRequest(
        ota_file=File(
            payload=BytesIO(firmware), file_name=file_name, mime_type=FIRMWARE_MEDIA_TYPE
        ),
        async_=asynchronous,
        expire_in_mins=expire_in_mins,
    )
