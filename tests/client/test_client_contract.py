"""Contract tests: the generated client against a real Prism serving the pinned spec.

Prism checks every request the client sends against the spec (path, query, headers, body,
the multipart OTA form) and answers with responses built from the spec, which the lenient
models must read. The token endpoint is not in the spec, so it alone is answered in-process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from helpers import pinned_spec

THING = "8c8c3b7e-2a47-4f0e-9e52-6c0f3f0b7a11"
PROPERTY = "0d6f5d0a-1c1b-4b5e-a4a0-2f1e9b8c7d6e"
DEVICE = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"


class Recorder(httpx.BaseTransport):
    """Prism for the API, a local answer for the token; keeps every exchange with Prism."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/iot/v1/clients/token":
            return httpx.Response(200, json={"access_token": "token-1", "expires_in": 300})
        response = self.inner.handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response


@pytest.fixture
def contract(api: Any, prism_url: str) -> Iterator[tuple[Any, Recorder]]:
    recorder = Recorder()
    cloud = api.ArduinoCloud(
        "id", "secret", organization="org-1", base_url=prism_url, transport=recorder
    )
    yield cloud, recorder
    assert recorder.exchanges
    for request, response in recorder.exchanges:
        where = f"{request.method} {request.url.path}"
        violations = json.loads(response.headers.get("sl-violations", "[]"))
        # Prism also reports where its own made-up answers miss the spec; those are not ours.
        assert [v for v in violations if v["location"][0] == "request"] == [], where
        assert response.status_code < 300, (where, response.status_code, response.text[:300])
        assert request.headers["Authorization"] == "Bearer token-1"
        assert request.headers["X-Organization"] == "org-1"


def test_things(api: Any, contract: tuple[Any, Recorder]) -> None:
    cloud, recorder = contract
    models = api.models
    created = cloud.v2.things.create(body=models.ThingCreate(name="Greenhouse", timezone="UTC"))
    assert isinstance(created, models.ArduinoThing)
    things = cloud.v2.things.list(show_properties=True, tags=["site:north"])
    assert things and all(isinstance(t, models.ArduinoThing) for t in things)
    assert isinstance(cloud.v2.things.show(id=THING), models.ArduinoThing)
    cloud.v2.things.update(id=THING, body=models.ThingUpdate(name="Greenhouse 2"), force=True)
    cloud.v2.things.delete(id=THING, force=True)
    sent = [(r.method, r.url.path) for r, _ in recorder.exchanges]
    assert sent == [
        ("PUT", "/iot/v2/things"),
        ("GET", "/iot/v2/things"),
        ("GET", f"/iot/v2/things/{THING}"),
        ("POST", f"/iot/v2/things/{THING}"),
        ("DELETE", f"/iot/v2/things/{THING}"),
    ]
    assert recorder.exchanges[1][0].url.params["show_properties"] == "true"
    assert json.loads(recorder.exchanges[0][0].content) == {"name": "Greenhouse", "timezone": "UTC"}


def test_properties_and_a_publish(api: Any, contract: tuple[Any, Recorder]) -> None:
    cloud, recorder = contract
    models = api.models
    new = models.Property(
        name="temperature",
        permission=models.PropertyPermission.READ_ONLY,
        type_=models.PropertyType.TEMPERATURE_C,
        update_strategy="ON_CHANGE",  # an open enum takes the raw value too
        variable_name="temperature",
    )
    assert isinstance(cloud.v2.properties.create(id=THING, body=new), models.ArduinoProperty)
    assert all(isinstance(p, models.ArduinoProperty) for p in cloud.v2.properties.list(id=THING))
    cloud.v2.properties.show(id=THING, pid=PROPERTY)
    cloud.v2.properties.update(id=THING, pid=PROPERTY, body=new)
    cloud.v2.properties.publish(id=THING, pid=PROPERTY, body=models.PropertyValue(value=21.5))
    cloud.v2.properties.delete(id=THING, pid=PROPERTY)
    publish = recorder.exchanges[4][0]
    assert publish.url.path == f"/iot/v2/things/{THING}/properties/{PROPERTY}/publish"
    assert json.loads(publish.content) == {"value": 21.5}
    assert json.loads(recorder.exchanges[0][0].content)["type"] == "TEMPERATURE_C"


def test_devices_and_an_ota_upload(api: Any, contract: tuple[Any, Recorder]) -> None:
    cloud, recorder = contract
    models = api.models
    payload = models.CreateDevicesV2Payload(type_="nano_33_iot", name="Portenta")
    assert isinstance(cloud.v2.devices.create(body=payload), models.ArduinoDevicev2)
    assert cloud.v2.devices.list()
    cloud.v2.devices.show(id=DEVICE)
    cloud.v2.devices.update(id=DEVICE, body=models.Devicev2(name="Portenta 2"))
    answer = cloud.v2.devices_ota.upload(
        id=DEVICE, body=api.ota_upload(b"\x00firmware\xff" * 100, expire_in_mins=5)
    )
    assert isinstance(answer, models.ArduinoDevicev2Otaupload)
    cloud.v2.devices.delete(id=DEVICE)
    upload = recorder.exchanges[4][0]
    assert upload.headers["Content-Type"].startswith("multipart/form-data; boundary=")


def _request_violations(response: httpx.Response) -> str:
    """What Prism found wrong with a request: in a header where the spec has an error response
    for it, else in its own 422 problem body."""
    violations = json.loads(response.headers.get("sl-violations", "[]"))
    if response.status_code == 422:
        violations += [{**v, "location": ["request"]} for v in response.json()["validation"]]
    return " ".join(v["message"] for v in violations if v["location"][0] == "request")


def test_prism_refuses_what_breaks_the_contract(prism_url: str) -> None:
    """The negative control: without it, a Prism that checks nothing would pass the above."""
    headers = {"Authorization": "Bearer token-1"}
    no_type = httpx.put(f"{prism_url}/iot/v2/devices", json={"name": "x"}, headers=headers)
    assert no_type.status_code in (400, 422) and "type" in _request_violations(no_type)
    bad_enum = httpx.put(
        f"{prism_url}/iot/v2/things/{THING}/properties",
        json={"name": "t", "permission": "NOPE", "type": "FLOAT", "update_strategy": "TIMED"},
        headers=headers,
    )
    assert bad_enum.status_code in (400, 422)
    assert "permission" in _request_violations(bad_enum)
    no_file = httpx.post(
        f"{prism_url}/iot/v2/devices/{DEVICE}/ota",
        files={"expire_in_mins": (None, b"5")},
        headers=headers,
    )
    assert "ota_file" in _request_violations(no_file)
    python_bool = httpx.post(  # what the generator's own form encoding sends
        f"{prism_url}/iot/v2/devices/{DEVICE}/ota",
        files={"ota_file": ("a.ota", b"x"), "async": (None, b"True")},
        headers=headers,
    )
    assert "async must be boolean" in _request_violations(python_bool)
    anonymous = httpx.get(f"{prism_url}/iot/v2/things")
    assert anonymous.status_code == 401


def test_prism_serves_the_pinned_spec(prism_url: str) -> None:
    assert Path(pinned_spec()).exists()
    assert httpx.get(f"{prism_url}/iot/v2/things", headers={"Authorization": "Bearer x"}).json()


def test_dashboards_and_a_series_query(api: Any, contract: tuple[Any, Recorder]) -> None:
    cloud, recorder = contract
    models = api.models
    created = cloud.v2.dashboards.create(body=models.Dashboardv2(name="Greenhouse"))
    assert isinstance(created, models.ArduinoDashboardv2)
    assert all(isinstance(d, models.ArduinoDashboardv2) for d in cloud.v2.dashboards.list())
    cloud.v3.dashboards.show(id=THING)
    query = models.BatchQueryRawRequestsMediaV1(
        requests=[models.BatchQueryRawRequestMediaV1(q=f"property.{PROPERTY}", series_limit=10)],
        resp_version=1,
    )
    assert isinstance(cloud.v2.series.batch_query_raw(body=query), models.ArduinoSeriesRawBatch)
    sent = [(r.method, r.url.path) for r, _ in recorder.exchanges]
    assert sent == [
        ("POST", "/iot/v2/dashboards"),
        ("GET", "/iot/v2/dashboards"),
        ("GET", f"/iot/v3/dashboards/{THING}"),
        ("POST", "/iot/v2/series/batch_query_raw"),
    ]
