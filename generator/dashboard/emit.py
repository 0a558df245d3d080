"""Thing -> `dashboard.yaml`, the template `arduino-cloud-cli dashboard create --template`
reads (shared research: dashboards-and-cloud.md, A.1).

The file is the user's (policy `merge`): each run reads it back, keeps what the user
changed and adds or removes only what `build` owns. When that changes nothing, the file's
own bytes are kept and only cloudgen's header comment is refreshed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from generator.core.checks import describe
from generator.core.escape import yaml_scalar, yaml_value
from generator.core.outputs import OutputFile
from generator.core.render import render
from generator.dashboard.build import ThingLinks, build_dashboard, removed_links, thing_links
from generator.dashboard.catalog import WidgetCatalog
from generator.dashboard.existing import read_dashboard
from generator.dashboard.model import Dashboard, Rect, Widget
from generator.project.plan import display_path
from generator.thing.model import Thing

FILE_NAME = "dashboard.yaml"


@dataclass(frozen=True)
class DashboardTarget:
    thing: Thing
    output_dir: Path
    catalog: WidgetCatalog
    thing_id: str | None = None  # written into the links; else a placeholder to override

    @property
    def path(self) -> Path:
        return self.output_dir / FILE_NAME

    @property
    def links(self) -> ThingLinks:
        return thing_links(self.thing, self.thing_id)


def emit_dashboard(target: DashboardTarget) -> list[OutputFile]:
    fresh = build_dashboard(target.thing, target.catalog, target.links, None)
    merge = partial(merge_dashboard, target)
    return [OutputFile(target.path, dashboard_text(target, fresh), "merge", merge)]


def merge_dashboard(target: DashboardTarget, current: str) -> str:
    existing = read_dashboard(current, display_path(target.path))
    merged = build_dashboard(target.thing, target.catalog, target.links, existing)
    if merged == existing:
        return header(target) + _without_header(current)
    return dashboard_text(target, merged)


def removal_messages(target: DashboardTarget, previous: str) -> list[str]:
    """What a run removed from the file the user had, said in the user's terms."""
    existing = read_dashboard(previous, display_path(target.path))
    if existing is None:
        return []
    shown = display_path(target.path)
    removed = removed_links(existing, target.links)
    messages = []
    for widget, link in removed:
        name = describe(widget.name or widget.type or "")
        gone = f"`{link.variable_id}`, which the Thing no longer has"
        if all((widget, other) in removed for other in widget.links):
            messages.append(f"{shown}: removed widget {name}; it showed {gone}")
        else:
            messages.append(f"{shown}: widget {name} no longer shows {gone}")
    return messages


def header(target: DashboardTarget) -> str:
    return dashboard_text(target, None)


def dashboard_text(target: DashboardTarget, dashboard: Dashboard | None) -> str:
    command = f"arduino-cloud-cli dashboard create --template {FILE_NAME}"
    if target.thing_id is None:
        command += f" --override {target.links.placeholder}=<thing-id>"
    return render(
        "dashboard/dashboard.yaml.j2",
        thing_name=target.thing.name,
        source=target.thing.source,
        command=command,
        body="" if dashboard is None else yaml_block(document(dashboard)),
    )


def _without_header(text: str) -> str:
    """The text after cloudgen's leading comment; all of it when that is not cloudgen's."""
    lines = text.splitlines(keepends=True)
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    head = "".join(lines[:count])
    return text[len(head) :] if "cloudgen" in head else text


def document(dashboard: Dashboard) -> dict[str, Any]:
    """The template's data, in the order its keys are written."""
    data: dict[str, Any] = {} if dashboard.name is None else {"name": dashboard.name}
    data.update(dashboard.extra)
    data["widgets"] = [_widget_data(widget) for widget in dashboard.widgets]
    return data


def _widget_data(widget: Widget) -> dict[str, Any]:
    data: dict[str, Any] = {
        key: value
        for key, value in (("id", widget.id), ("type", widget.type), ("name", widget.name))
        if value is not None
    }
    data.update(_rect_data(widget.desktop, ""))
    data.update(_rect_data(widget.mobile, "_mobile"))
    if widget.options is not None:
        data["options"] = dict(widget.options)
    if widget.links:
        data["variables"] = [
            {"thing_id": link.thing_id, "variable_id": link.variable_id, **link.extra}
            for link in widget.links
        ]
    data.update(widget.extra)
    return data


def _rect_data(rect: Rect | None, suffix: str) -> dict[str, int]:
    if rect is None:
        return {}
    values = {"x": rect.x, "y": rect.y, "width": rect.width, "height": rect.height}
    return {key + suffix: value for key, value in values.items()}


def yaml_block(data: Mapping[str, Any]) -> str:
    """Block-style YAML, two spaces an indent, list items under their key (as the CLI's
    test data is written); every key and text through `yaml_scalar`, so `y` is quoted."""
    return "".join(line + "\n" for line in _mapping(data, 0))


def _mapping(data: Mapping[str, Any], indent: int) -> list[str]:
    lines = []
    for key, value in data.items():
        head = " " * indent + yaml_scalar(str(key)) + ":"
        if isinstance(value, Mapping) and value:
            lines += [head, *_mapping(value, indent + 2)]
        elif isinstance(value, list) and value:
            lines += [head, *_sequence(value, indent + 2)]
        else:
            lines.append(f"{head} {_flow(value)}")
    return lines


def _sequence(items: list[Any], indent: int) -> list[str]:
    lines = []
    for item in items:
        if isinstance(item, Mapping) and item:
            inner = _mapping(item, indent + 2)
        elif isinstance(item, list) and item:
            inner = _sequence(item, indent + 2)
        else:
            inner = [" " * (indent + 2) + _flow(item)]
        lines += [" " * indent + "- " + inner[0][indent + 2 :], *inner[1:]]
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[]"
    if isinstance(value, date):
        return value.isoformat()  # a YAML timestamp, as the user wrote it
    if value is None or isinstance(value, str | int | float):
        return yaml_value(value)
    return yaml_scalar(str(value))  # anything else a YAML loader builds (binary): as text
