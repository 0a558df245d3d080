"""What cloudgen knows of the Arduino Cloud: Things, their properties and devices, read
leniently from the API's JSON (any field may be missing or null)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PropertySpec:
    """What a Thing template says of a variable, as the API's `property` takes it."""

    name: str
    variable_name: str
    type: str
    permission: str
    update_strategy: str
    update_parameter: float
    tag: int | None = None  # LoRaWAN Things: the property's integer id

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "variable_name": self.variable_name,
            "type": self.type,
            "permission": self.permission,
            "update_strategy": self.update_strategy,
            "update_parameter": self.update_parameter,
        }
        if self.tag is not None:
            data["tag"] = self.tag
        return data


@dataclass(frozen=True)
class CloudProperty:
    id: str
    spec: PropertySpec


@dataclass(frozen=True)
class CloudThing:
    id: str
    name: str
    timezone: str
    tags: tuple[tuple[str, str], ...]  # in the API's order
    properties: tuple[CloudProperty, ...]
    device_id: str | None = None
    device_fqbn: str | None = None


@dataclass(frozen=True)
class CloudDevice:
    id: str
    name: str
    fqbn: str | None
    status: str | None  # ONLINE, OFFLINE or UNKNOWN
    last_activity: str | None  # ISO 8601, as the API sends it
    frequency_plan: str | None  # LoRa devices only (basis I: read from `metadata`)


@dataclass(frozen=True)
class LinkedVariable:
    """A property a cloud widget shows."""

    id: str
    thing_id: str
    variable_name: str


@dataclass(frozen=True)
class CloudWidget:
    id: str
    type: str
    name: str
    layout: tuple[int, int, int, int]  # desktop x, y, width, height
    mobile: tuple[int, int, int, int] | None
    options: Mapping[str, Any]
    variables: tuple[LinkedVariable, ...]


@dataclass(frozen=True)
class CloudDashboard:
    id: str
    name: str
    widgets: tuple[CloudWidget, ...]
    cover_image: str | None = None


def _text(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and value else None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def property_from_api(data: Mapping[str, Any]) -> CloudProperty:
    name = _text(data, "name")
    tag = data.get("tag")
    spec = PropertySpec(
        name=name,
        # The Cloud UI's rule when a property has none: the name, first letter lower-cased.
        variable_name=_text(data, "variable_name") or name[:1].lower() + name[1:],
        type=_text(data, "type"),
        permission=_text(data, "permission"),
        update_strategy=_text(data, "update_strategy"),
        update_parameter=_number(data.get("update_parameter")),
        tag=tag if isinstance(tag, int) and not isinstance(tag, bool) else None,
    )
    return CloudProperty(_text(data, "id"), spec)


def thing_from_api(data: Mapping[str, Any]) -> CloudThing:
    tags = data.get("tags")
    properties = data.get("properties")
    return CloudThing(
        id=_text(data, "id"),
        name=_text(data, "name"),
        timezone=_text(data, "timezone"),
        tags=tuple((str(k), str(v)) for k, v in tags.items()) if isinstance(tags, dict) else (),
        properties=tuple(property_from_api(p) for p in properties or () if isinstance(p, Mapping)),
        device_id=_optional_text(data, "device_id"),
        device_fqbn=_optional_text(data, "device_fqbn"),
    )


def device_from_api(data: Mapping[str, Any]) -> CloudDevice:
    metadata = data.get("metadata")
    plan = metadata.get("frequency_plan") if isinstance(metadata, dict) else None
    return CloudDevice(
        id=_text(data, "id"),
        name=_text(data, "name"),
        fqbn=_optional_text(data, "fqbn"),
        status=_optional_text(data, "device_status"),
        last_activity=_optional_text(data, "last_activity_at"),
        frequency_plan=plan if isinstance(plan, str) else None,
    )


def _whole(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _rect(data: Mapping[str, Any], suffix: str) -> tuple[int, int, int, int]:
    x, y, width, height = (_whole(data.get(key + suffix)) for key in ("x", "y", "width", "height"))
    return (x, y, width, height)


def widget_from_api(data: Mapping[str, Any]) -> CloudWidget:
    mobile = _rect(data, "_mobile")
    options = data.get("options")
    linked = [v for v in data.get("variables") or () if isinstance(v, Mapping)]
    return CloudWidget(
        id=_text(data, "id"),
        type=_text(data, "type"),
        name=_text(data, "name"),
        layout=_rect(data, ""),
        # A widget without a mobile size has no mobile layout (as `dashboard extract` reads it).
        mobile=mobile if mobile[2] and mobile[3] else None,
        options=dict(options) if isinstance(options, Mapping) else {},
        variables=tuple(
            LinkedVariable(_text(v, "id"), _text(v, "thing_id"), _text(v, "variable_name"))
            for v in linked
        ),
    )


def dashboard_from_api(data: Mapping[str, Any]) -> CloudDashboard:
    widgets = data.get("widgets")
    return CloudDashboard(
        id=_text(data, "id"),
        name=_text(data, "name"),
        widgets=tuple(widget_from_api(w) for w in widgets or () if isinstance(w, Mapping)),
        cover_image=_optional_text(data, "cover_image"),
    )
