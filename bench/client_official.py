"""The request half of bench/client.py, run by it inside the throw-away venv that holds the
official client (arduino-iot-client), with our generated client on PYTHONPATH: both are
timed by the same interpreter in one run. Prints microseconds per `things.list()` as JSON.

    python bench/client_official.py --calls 2000 --rounds 3
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from collections.abc import Callable
from importlib.metadata import version
from typing import Any

BASE_URL = "https://api2.arduino.cc"
TOKEN = json.dumps({"access_token": "bench-token", "expires_in": 300}).encode()
THINGS = json.dumps(
    [
        {
            "id": str(uuid.UUID(int=index + 1)),
            "name": f"thing {index}",
            "href": f"/iot/v2/things/{uuid.UUID(int=index + 1)}",
            "timezone": "UTC",
            "user_id": str(uuid.UUID(int=1000)),
        }
        for index in range(10)
    ]
).encode()
JSON_HEADERS = {"Content-Type": "application/json"}


def ours() -> Callable[[], Any]:
    import httpx
    from arduino_iot_api import ArduinoCloud

    def answer(request: httpx.Request) -> httpx.Response:
        body = TOKEN if request.url.path.endswith("/clients/token") else THINGS
        return httpx.Response(200, content=body, headers=JSON_HEADERS)

    cloud = ArduinoCloud("id", "secret", base_url=BASE_URL, transport=httpx.MockTransport(answer))
    return lambda: cloud.v2.things.list()


def official() -> Callable[[], Any]:
    import urllib3
    from iot_api_client import ApiClient, Configuration, ThingsV2Api

    def urlopen(method: str, url: str, **_: Any) -> urllib3.HTTPResponse:
        return urllib3.HTTPResponse(
            body=THINGS, status=200, headers=JSON_HEADERS, preload_content=False
        )

    # No OAuth2 flow in it: the user fetches a token and sets it.
    api_client = ApiClient(Configuration(host=BASE_URL, access_token="bench-token"))
    # Below urllib3's request encoding, like httpx.MockTransport below httpx.Client: only the
    # connection pool and the socket are left out.
    api_client.rest_client.pool_manager.urlopen = urlopen
    things = ThingsV2Api(api_client)
    return lambda: things.things_v2_list()


def per_call(call: Callable[[], Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    clients = {"cloudgen client": ours(), "arduino-iot-client": official()}
    for call in clients.values():  # the token fetch and lazy imports are not per request
        assert len(call()) == 10
        per_call(call, 50)
    best = dict.fromkeys(clients, float("inf"))
    for _ in range(args.rounds):  # interleaved, so both see the same machine
        for label, call in clients.items():
            best[label] = min(best[label], per_call(call, args.calls))
    result: dict[str, Any] = {label: seconds * 1e6 for label, seconds in best.items()}
    result["versions"] = {name: version(name) for name in ("httpx", "pydantic", "urllib3")}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
