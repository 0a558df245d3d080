"""The generated models read what the server really sends: nulls, missing keys, values the
spec does not list, extra fields; and the OTA upload is a well-formed multipart form."""

from __future__ import annotations

import email.parser
import email.policy
import json
from typing import Any

import httpx
import pytest

from generator.client.normalise import normalise

UUID_1 = "3f0a2c1e-7b3d-4e5f-8a9b-1c2d3e4f5a6b"

# Shapes as the API answers them: `GET /iot/v2/things?show_properties=true` with a deleted
# device (nulls), a property type and an assistant value newer than the spec, an id that is not
# a UUID, and fields the spec does not know yet.
THINGS = [
    {
        "id": UUID_1,
        "href": f"/iot/v1/things/{UUID_1}",
        "name": "Greenhouse",
        "timezone": "Europe/Rome",
        "user_id": "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b",
        "created_at": "2026-03-02T10:11:12.345Z",
        "updated_at": "2026-11-29T08:00:00Z",
        "deleted_at": None,
        "device_id": None,
        "device_name": None,
        "assistant": "gemini",
        "tags": {"site": "north", "rows": 4},
        "properties_count": 2,
        "webhook_active": False,
        "data_retention_days": 30,
        "properties": [
            {
                "id": "c1d2e3f4-0000-4000-8000-000000000001",
                "name": "temperature",
                "variable_name": "temperature",
                "type": "TEMPERATURE_C",
                "permission": "READ_ONLY",
                "update_strategy": "ON_CHANGE",
                "last_value": 21.5,
                "value_updated_at": "2026-11-29T07:59:58Z",
                "min_value": None,
            },
            {
                "id": "legacy-17",
                "name": "where",
                "type": "HOLOGRAPHIC_POSITION",
                "permission": "READ_WRITE",
                "last_value": {"lat": 45.46, "lon": 9.19},
                "value_updated_at": "not a time",
            },
        ],
    },
    {"id": UUID_1, "name": "Minimal"},
]

DEVICES = [
    {"id": UUID_1, "name": "Portenta", "connection_type": "wifi", "device_status": "ONLINE"},
    {"id": UUID_1, "name": "Next year's board", "connection_type": "satellite", "type": "x"},
]


def test_things_with_nulls_new_values_and_extra_fields_parse(api: Any) -> None:
    greenhouse, minimal = (api.models.ArduinoThing.from_dict(thing) for thing in THINGS)
    assert greenhouse.deleted_at is None and greenhouse.device_id is None
    assert greenhouse.assistant == "gemini"  # unknown enum value, kept as text
    assert greenhouse.created_at.year == 2026  # a real datetime where it parses
    assert greenhouse.additional_properties == {"data_retention_days": 30}
    assert greenhouse.tags.additional_properties == {"site": "north", "rows": 4}
    temperature, where = greenhouse.properties
    assert temperature.last_value == 21.5 and temperature.min_value is None
    assert where.id == "legacy-17" and where.value_updated_at == "not a time"
    assert where.last_value == {"lat": 45.46, "lon": 9.19}
    assert minimal.name == "Minimal" and isinstance(minimal.timezone, api.types.Unset)
    # What came in goes out again, extra fields included.
    assert greenhouse.to_dict()["data_retention_days"] == 30
    assert minimal.to_dict() == THINGS[1]


def test_open_enums_keep_known_members_typed(api: Any) -> None:
    known, new = (api.models.ArduinoDevicev2.from_dict(device) for device in DEVICES)
    assert known.connection_type is api.models.ArduinoDevicev2ConnectionType.WIFI
    assert known.device_status is api.models.ArduinoDevicev2DeviceStatus.ONLINE
    assert new.connection_type == "satellite"
    assert new.to_dict()["connection_type"] == "satellite"


def _cloud(api: Any, answer: Any, **options: Any) -> Any:
    """A client whose token endpoint and API are answered in-process, the API by `answer`."""

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 300})
        response: httpx.Response = answer(request)
        return response

    transport = httpx.MockTransport(server)
    return api.ArduinoCloud(
        "id", "secret", base_url="https://api.test", transport=transport, **options
    )


def test_one_new_board_does_not_break_a_device_list(api: Any) -> None:
    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=DEVICES)

    cloud = _cloud(api, server)
    assert [d.name for d in cloud.v2.devices.list()] == ["Portenta", "Next year's board"]


def test_normalise_opens_enums_relaxes_responses_and_reads_errors_by_status() -> None:
    ref = {"$ref": "#/components/schemas/Device"}
    json_and_error = {"application/json": {"schema": ref}, "application/vnd.goa.error+json": {}}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/d": {
                "get": {
                    "operationId": "devices_v2#show",
                    "responses": {
                        "200": {"description": "OK", "content": json_and_error},
                        "404": {"description": "no", "content": {"text/plain": {}}},
                    },
                },
            }
        },
        "components": {
            "schemas": {
                "Device": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "kind": {"type": "string", "enum": ["a", "b"]},
                    },
                },
                "Request": {"type": "object", "required": ["x"], "properties": {"x": {}}},
            }
        },
    }
    normalised, fixes = normalise(spec)
    schemas = normalised["components"]["schemas"]
    assert schemas["Device_kind"] == {"type": "string", "enum": ["a", "b"]}
    assert schemas["Device"] == {
        "type": "object",
        "properties": {
            "id": {"type": "string", "nullable": True},
            "kind": {
                "anyOf": [{"$ref": "#/components/schemas/Device_kind"}, {"type": "string"}],
                "nullable": True,
            },
        },
    }
    assert schemas["Request"]["required"] == ["x"]  # only what responses hold is relaxed
    responses = normalised["paths"]["/d"]["get"]["responses"]
    assert list(responses) == ["2XX"]  # errors are read by status code, any 2xx as the 200
    assert list(responses["2XX"]["content"]) == ["application/json"]
    assert {(f.kind, f.pointer) for f in fixes if f.kind != "names"} == {
        ("errors", "#/paths/~1d/get/responses/200/content"),
        ("errors", "#/paths/~1d/get/responses/404"),
        ("errors", "#/paths/~1d/get/responses"),
        ("enums", "#/components/schemas/Device/properties/kind"),
        ("lenient", "#/components/schemas/Device"),
        ("lenient", "#/components/schemas/Device/properties/id/format"),
    }
    assert spec["components"]["schemas"]["Device"]["required"] == ["id"]  # input untouched


def test_ota_upload_is_a_well_formed_multipart_form(api: Any, tmp_path: Any) -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(202, json={"file_sha256": "ab", "ota_id": "o1", "status": "pending"})

    firmware = tmp_path / "sketch.ino.ota"
    firmware.write_bytes(b"\x00OTA--+++\r\n--boundary?\xff" * 50)
    cloud = _cloud(api, server)
    body = api.ota_upload(firmware, asynchronous=False, expire_in_mins=30)
    answer = cloud.v2.devices_ota.upload(id=UUID_1, body=body)
    assert answer.status == "pending"

    (request,) = seen
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    assert "+++" not in content_type  # random, not the generator's fixed boundary
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + request.content
    )
    parts = {
        part.get_param("name", header="content-disposition"): part for part in message.iter_parts()
    }
    assert set(parts) == {"ota_file", "async", "expire_in_mins"}
    assert parts["ota_file"].get_filename() == "sketch.ino.ota"
    assert parts["ota_file"].get_content_type() == "application/octet-stream"
    assert parts["ota_file"].get_payload(decode=True) == firmware.read_bytes()
    assert parts["async"].get_payload(decode=True) == b"false"
    assert parts["expire_in_mins"].get_payload(decode=True) == b"30"


@pytest.mark.parametrize("status", [400, 409, 500])
def test_error_bodies_of_any_media_type_raise_typed_errors(api: Any, status: int) -> None:
    goa = {"id": "e1", "code": "bad", "status": status, "detail": "went wrong", "meta": {"k": 1}}

    def server(request: httpx.Request) -> httpx.Response:
        media = {400: "text/plain", 409: "application/vnd.arduino.thing+json"}.get(status)
        headers = {"Content-Type": media or "application/vnd.goa.error+json"}
        return httpx.Response(status, content=json.dumps(goa).encode(), headers=headers)

    cloud = _cloud(api, server, retries=1)
    with pytest.raises(api.ApiError) as caught:
        cloud.v2.things.create(body=api.models.ThingCreate(name="x"))
    assert (caught.value.status, caught.value.detail, caught.value.meta) == (
        status,
        "went wrong",
        {"k": 1},
    )


def test_a_bad_item_of_a_nested_list_is_kept_aside(api: Any) -> None:
    thing = {**THINGS[0], "properties": [THINGS[0]["properties"][0], None]}
    with pytest.warns(api.PartialListWarning, match="1 of 2 items could not be read"):
        greenhouse = api.models.ArduinoThing.from_dict(thing)
    (temperature,) = greenhouse.properties
    assert isinstance(temperature, api.models.ArduinoProperty)
    assert [(u.index, u.raw) for u in api.unparsed(greenhouse.properties)] == [(1, None)]
    # A nested object that is not one makes its item unreadable, not a dict typed as a model.
    with pytest.raises(TypeError, match="expected an object, got str"):
        api.models.ArduinoThing.from_dict({**THINGS[1], "tags": "north"})
