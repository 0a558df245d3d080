"""A stateful fake Arduino Cloud on 127.0.0.1: Things, properties, tags and devices of the
Integrations API v2, and the OAuth2 token endpoint.

What it copies from the real service (integrations-api.md, dashboards-and-cloud.md):
- tokens come from `POST /iot/v1/clients/token`, a form with grant_type=client_credentials,
  client_id, client_secret and the `audience` field; they expire after 300 s (on the fake's
  clock, which a test can move), and any other call without a valid one gets a 401;
- a Thing is created with its properties in one `PUT /iot/v2/things` (name unique: 409),
  updated with `POST`, listed with `show_properties`, `ids` and `tags` filters; properties
  get a server id and the next integer `tag`; tags are a map in answers, `{key, value}` in
  requests; a device is attached to a Thing as in the web UI (`attach`);
- dashboards (v2) are created with a POST, their widgets carrying the client's uuids and
  the ids of the properties they show (as arduino-cloud-cli creates them), listed with
  each widget's linked variables, replaced with a PUT, and a widget's properties set with
  `PUT .../widgets/{id}/variables`. What the real service does with `variables` in a PUT
  is not documented, so the fake takes the strictest reading: a PUT keeps each widget's
  links as they were (none for a new widget), and only the link call changes them;
- errors are goa's `{id, code, status, detail}`; 429s carry Retry-After.
Every request is recorded, so that tests can replay it against Prism serving the spec,
and every answer is built to the spec's response schemas (tests check that too).
`fake_api_server.Running` serves it on 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.core.catalog import load_catalog

TOKEN_PATH = "/iot/v1/clients/token"
REAL_AUDIENCE = "https://api2.arduino.cc/iot"
USER = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
NOW = "2026-06-03T10:00:00Z"


@dataclass
class Recorded:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    status: int = 0  # of the answer, and the answer itself
    answer: Any = None


@dataclass
class Fault:
    """Answer matching requests with `status` (after applying them, if `after`), or drop
    the connection once applied (`drop`); `times` requests in all."""

    matches: Callable[[str, str], bool]
    status: int = 500
    times: int = 1
    after: bool = False
    drop: bool = False


class Refused(Exception):
    def __init__(self, status: int, detail: str, code: str = "bad_request") -> None:
        super().__init__(detail)
        self.status, self.detail, self.code = status, detail, code


@dataclass
class FakeCloud:
    client_id: str
    secret: str
    things: dict[str, dict[str, Any]] = field(default_factory=dict)
    devices: dict[str, dict[str, Any]] = field(default_factory=dict)
    dashboards: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    clock: float = 0.0  # seconds on the fake's clock, moved by tests
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    on_request: Callable[[Recorded], None] | None = None  # e.g. to move the clock

    # What a test (or the web UI) does

    def add_device(self, name: str, fqbn: str, device_type: str, **extra: Any) -> str:
        device_id = str(uuid.uuid4())
        self.devices[device_id] = {
            "href": f"/iot/v2/devices/{device_id}",
            "id": device_id,
            "label": name,
            "name": name,
            "serial": "",
            "type": device_type,
            "fqbn": fqbn,
            "user_id": USER,
            "device_status": "OFFLINE",
            **extra,
        }
        return device_id

    def seed(self, name: str, timezone: str, tags: dict[str, str], *properties: Any) -> str:
        """A Thing made in the web UI: `properties` as the API's `property` bodies."""
        body = {
            "name": name,
            "timezone": timezone,
            "tags": [{"key": k, "value": v} for k, v in tags.items()],
            "properties": list(properties),
        }
        _, thing = self._things("PUT", {}, body)
        return str(thing["id"])

    def attach(self, thing_id: str, device_id: str) -> None:
        device = self.devices[device_id]
        self.things[thing_id].update(
            device_id=device_id,
            device_fqbn=device["fqbn"],
            device_name=device["name"],
            device_type=device["type"],
        )

    def api_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path != TOKEN_PATH]

    # The service

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: bytes) -> Any:
        """The JSON answer to one API call (tokens checked by the caller)."""
        parts = path.strip("/").split("/")
        if parts[:2] != ["iot", "v2"] or parts[2:3] not in (
            ["things"],
            ["devices"],
            ["dashboards"],
        ):
            raise Refused(404, f"no route {method} {path}", "not_found")
        data = json.loads(body) if body else None
        rest = parts[3:]
        if parts[2] == "devices":
            return self._devices(method, rest)
        if parts[2] == "dashboards":
            return self._dashboards(method, rest, data)
        if not rest:
            return self._things(method, query, data)
        thing = self.things.get(rest[0])
        if thing is None:
            raise Refused(404, f"thing {rest[0]} not found", "not_found")
        return self._thing(method, thing, rest[1:], data)

    def _devices(self, method: str, rest: list[str]) -> Any:
        if method != "GET":
            raise Refused(405, "method not allowed")
        if not rest:
            return [self._device_json(d) for d in self.devices.values()]
        if rest[0] not in self.devices:
            raise Refused(404, f"device {rest[0]} not found", "not_found")
        return self._device_json(self.devices[rest[0]])

    def _device_json(self, device: dict[str, Any]) -> dict[str, Any]:
        thing = next((t for t in self.things.values() if t.get("device_id") == device["id"]), None)
        return {**device, **({"thing": self._thing_json(thing, False)} if thing else {})}

    def _things(self, method: str, query: dict[str, list[str]], data: Any) -> Any:
        if method == "GET":
            wanted = set(query.get("ids", []))
            tags = [tag.split(":", 1) for tag in query.get("tags", [])]
            found = [
                t
                for t in self.things.values()
                if (not wanted or t["id"] in wanted)
                and all(t["tags"].get(key) == value for key, value in tags)
            ]
            show = query.get("show_properties", ["false"])[0] == "true"
            return [self._thing_json(t, show) for t in found]
        if method != "PUT":
            raise Refused(405, "method not allowed")
        if any(t["name"] == data.get("name") for t in self.things.values()):
            raise Refused(409, f"a thing named {data.get('name')!r} exists", "conflict")
        thing_id = str(uuid.uuid4())
        thing = {
            "id": thing_id,
            "name": data.get("name", ""),
            "timezone": data.get("timezone") or "America/New_York",
            "tags": {tag["key"]: tag["value"] for tag in data.get("tags", [])},
            "properties": [],
            "next_tag": 1,
        }
        self.things[thing_id] = thing
        for prop in data.get("properties", []):
            self._new_property(thing, prop)
        return 201, self._thing_json(thing, True)

    def _thing(self, method: str, thing: dict[str, Any], rest: list[str], data: Any) -> Any:
        if not rest:
            if method == "GET":
                return self._thing_json(thing, True)
            if method == "POST":
                thing.update({k: data[k] for k in ("name", "timezone") if k in data})
                return self._thing_json(thing, True)
            if method == "DELETE":
                del self.things[thing["id"]]
                return None
        elif rest[0] == "tags":
            if method == "PUT" and len(rest) == 1:
                thing["tags"][data["key"]] = data["value"]
                return None
            if method == "DELETE" and len(rest) == 2:
                if thing["tags"].pop(rest[1], None) is None:
                    raise Refused(404, f"tag {rest[1]} not found", "not_found")
                return None
        elif rest[0] == "properties":
            return self._properties(method, thing, rest[1:], data)
        raise Refused(405, "method not allowed")

    def _properties(self, method: str, thing: dict[str, Any], rest: list[str], data: Any) -> Any:
        if not rest:
            if method == "GET":
                return [self._property_json(thing, p) for p in thing["properties"]]
            if method == "PUT":
                return 201, self._property_json(thing, self._new_property(thing, data))
            raise Refused(405, "method not allowed")
        prop = next((p for p in thing["properties"] if p["id"] == rest[0]), None)
        if prop is None:
            raise Refused(404, f"property {rest[0]} not found", "not_found")
        if rest[1:] == ["publish"] and method == "PUT":
            if prop["permission"] != "READ_WRITE":
                raise Refused(400, "the property is read-only")
            if not _fits(prop["type"], data.get("value")):
                raise Refused(400, f"value {data.get('value')!r} does not fit {prop['type']}")
            prop.update(last_value=data["value"], value_updated_at=NOW)
            return None
        if rest[1:]:
            raise Refused(404, "no route", "not_found")
        if method == "GET":
            return self._property_json(thing, prop)
        if method == "POST":
            _require_property(data)
            if any(
                p is not prop and p["variable_name"] == data.get("variable_name")
                for p in thing["properties"]
            ):
                raise Refused(412, "variable_name taken", "precondition_failed")
            prop.update({k: v for k, v in data.items() if k != "tag"})
            return self._property_json(thing, prop)
        if method == "DELETE":
            thing["properties"].remove(prop)
            return None
        raise Refused(405, "method not allowed")

    def _new_property(self, thing: dict[str, Any], data: Any) -> dict[str, Any]:
        _require_property(data)
        name = data.get("variable_name") or data["name"][:1].lower() + data["name"][1:]
        if any(p["variable_name"] == name for p in thing["properties"]):
            raise Refused(412, f"variable_name {name} taken", "precondition_failed")
        tag = data.get("tag") or thing["next_tag"]
        thing["next_tag"] = max(thing["next_tag"], tag + 1)
        prop = {
            **{k: data[k] for k in ("name", "permission", "type", "update_strategy")},
            "variable_name": name,
            "update_parameter": data.get("update_parameter", 0),
            "id": str(uuid.uuid4()),
            "tag": tag,
            "persist": data.get("persist", True),
        }
        thing["properties"].append(prop)
        return prop

    def _dashboards(self, method: str, rest: list[str], data: Any) -> Any:
        if not rest:
            if method == "GET":
                return [self._dashboard_json(d) for d in self.dashboards.values()]
            if method == "POST":
                dashboard = {"id": str(uuid.uuid4()), **self._dashboard_body(data, None)}
                self.dashboards[dashboard["id"]] = dashboard
                return 201, self._dashboard_json(dashboard)
            raise Refused(405, "method not allowed")
        dashboard = self.dashboards.get(rest[0])
        if dashboard is None:
            raise Refused(404, f"dashboard {rest[0]} not found", "not_found")
        if len(rest) == 4 and rest[1] == "widgets" and rest[3] == "variables" and method == "PUT":
            widget = next((w for w in dashboard["widgets"] if w["id"] == rest[2]), None)
            if widget is None:
                raise Refused(404, f"widget {rest[2]} not found", "not_found")
            widget["variables"] = self._checked_properties(data.get("variables", []))
            return {"variables": list(widget["variables"])}
        if len(rest) > 1:
            raise Refused(404, "no route", "not_found")
        if method == "GET":
            return self._dashboard_json(dashboard)
        if method == "PUT":
            links = {w["id"]: w["variables"] for w in dashboard["widgets"]}
            dashboard.update(self._dashboard_body(data, links))
            return self._dashboard_json(dashboard)
        if method == "DELETE":
            del self.dashboards[dashboard["id"]]
            return None
        raise Refused(405, "method not allowed")

    def _dashboard_body(self, data: Any, links: dict[str, list[str]] | None) -> dict[str, Any]:
        """The stored dashboard of a create (links: None, the widgets' own `variables`) or
        of a PUT (links: each widget's links before it)."""
        name = data.get("name", "")
        if not 0 < len(name) <= 64:
            raise Refused(400, "name: 1 to 64 characters")
        widgets = []
        for widget in data.get("widgets", []):
            missing = [
                k for k in ("id", "type", "options", "x", "y", "width", "height") if k not in widget
            ]
            if missing:
                raise Refused(400, f"widget: missing {', '.join(missing)}")
            if any(w["id"] == widget["id"] for w in widgets):
                raise Refused(400, f"widget id {widget['id']} given twice")
            stored = {k: v for k, v in widget.items() if k != "variables"}
            given = self._checked_properties(widget.get("variables", []))
            stored["variables"] = given if links is None else list(links.get(widget["id"], []))
            widgets.append(stored)
        return {"name": name, "widgets": widgets, "cover_image": data.get("cover_image")}

    def _checked_properties(self, ids: list[str]) -> list[str]:
        known = {p["id"] for t in self.things.values() for p in t["properties"]}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise Refused(400, f"no property {', '.join(unknown)}")
        return list(ids)

    def _dashboard_json(self, dashboard: dict[str, Any]) -> dict[str, Any]:
        by_id = {p["id"]: (t, p) for t in self.things.values() for p in t["properties"]}
        widgets = []
        for widget in dashboard["widgets"]:
            linked = [by_id[i] for i in widget["variables"] if i in by_id]
            variables = [
                {
                    **{k: p[k] for k in ("id", "name", "permission", "type", "variable_name")},
                    "thing_id": t["id"],
                    "thing_name": t["name"],
                }
                for t, p in linked
            ]
            unlinked = len(linked) < len(widget["variables"])
            widgets.append({**widget, "variables": variables, "has_unlinked_variable": unlinked})
        data = {"id": dashboard["id"], "name": dashboard["name"], "updated_at": NOW}
        if dashboard.get("cover_image"):
            data["cover_image"] = dashboard["cover_image"]
        return {**data, "widgets": widgets, "created_by": {"user_id": USER, "username": "cloudgen"}}

    def _thing_json(self, thing: dict[str, Any], with_properties: bool) -> dict[str, Any]:
        data = {
            "href": f"/iot/v1/things/{thing['id']}",
            "id": thing["id"],
            "name": thing["name"],
            "timezone": thing["timezone"],
            "user_id": USER,
            "tags": dict(thing["tags"]),
            "properties_count": len(thing["properties"]),
            "created_at": NOW,
            "updated_at": NOW,
        }
        data.update(
            {
                k: thing[k]
                for k in ("device_id", "device_fqbn", "device_name", "device_type")
                if k in thing
            }
        )
        if with_properties:
            data["properties"] = [self._property_json(thing, p) for p in thing["properties"]]
        return data

    def _property_json(self, thing: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
        return {
            **prop,
            "href": f"/iot/v1/things/{thing['id']}/properties/{prop['id']}",
            "thing_id": thing["id"],
            "thing_name": thing["name"],
            "created_at": NOW,
            "updated_at": NOW,
        }

    # Tokens

    def issue_token(self, form: dict[str, list[str]]) -> dict[str, Any]:
        def one(key: str) -> str:
            return form.get(key, [""])[0]

        if one("grant_type") != "client_credentials" or one("audience") not in (
            REAL_AUDIENCE,
            f"{self.url}/iot",
        ):
            raise Refused(400, "grant_type=client_credentials and the audience are required")
        if (one("client_id"), one("client_secret")) != (self.client_id, self.secret):
            raise Refused(401, "invalid client", "unauthorized")
        token = uuid.uuid4().hex
        self.tokens[token] = self.clock + 300
        return {"access_token": token, "token_type": "bearer", "expires_in": 300}

    def authorised(self, header: str) -> bool:
        token = header.removeprefix("Bearer ")
        return self.tokens.get(token, -1.0) > self.clock


def _fits(type_name: str, value: Any) -> bool:
    """A value of the type, by its SenML kinds (basis I: the REST API takes multi-value
    types as objects keyed by their SenML attribute names)."""
    senml = load_catalog().types[type_name].senml
    kinds = senml if isinstance(senml, dict) else {"": senml}
    values = value if isinstance(senml, dict) else {"": value}
    if not isinstance(values, dict) or set(values) != set(kinds):
        return False
    checks = {"vb": (bool,), "vs": (str,), "v": (int, float), "v:int": (int,), "v:uint": (int,)}
    return all(
        isinstance(values[key], checks[kind])
        and (kind in ("vb", "vs") or not isinstance(values[key], bool))
        for key, kind in kinds.items()
    )


def _require_property(data: Any) -> None:
    missing = [
        k for k in ("name", "permission", "type", "update_strategy") if k not in (data or {})
    ]
    if missing:
        raise Refused(400, f"missing {', '.join(missing)}")
    if data["permission"] not in ("READ_ONLY", "READ_WRITE"):
        raise Refused(400, "bad permission")
    if data["update_strategy"] not in ("ON_CHANGE", "TIMED"):
        raise Refused(400, "bad update_strategy")
