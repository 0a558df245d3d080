"""Dashboards in `cloudgen cloud plan` and `push`: each Thing's dashboard output (its
dashboard.yaml, the user's changes included) against the Arduino Cloud's dashboard of it.
Pure functions, like the rest of the plan.

A dashboard is found by the `dashboard_id` in cloudgen.yaml, else by its name (push then
records the id, as for Things). Widgets are matched by id: cloudgen gives each widget it
creates an id made from the Thing's id and the widget's key in dashboard.yaml (a UUID 5),
so that the next plan finds it again; a widget made elsewhere (arduino-cloud-cli gives
random ids, the web UI its own) matches a widget of the same type showing the same
variables. Options are compared where dashboard.yaml gives them; options the web UI added
are the cloud's and kept.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.cloud.local import LocalThing
from generator.cloud.model import CloudDashboard, CloudThing, CloudWidget
from generator.project.kinds import DashboardSpec, WidgetSpec

if TYPE_CHECKING:
    from generator.cloud.plan import Change

# Fixed, so that a widget gets the same id on every machine and in every run.
NAMESPACE = uuid.UUID("6f0b8e1c-2d4a-5b3c-9e7f-1a2b3c4d5e6f")
NEW_THING = "(new Thing)"  # stands for the id of a Thing push has yet to create
DASHBOARD_KINDS = (
    "create_dashboard",
    "link_dashboard",
    "dashboard_name",
    "add_widget",
    "change_widget",
    "remove_widget",
)
FIELDS = ("type", "name", "layout", "mobile", "options", "variables")
Link = tuple[str, str]  # (Thing id, variable_name)


def widget_id(thing_id: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{thing_id}/{key}"))


@dataclass
class DashboardMatches:
    found: dict[int, CloudDashboard | None] = field(default_factory=dict)  # index -> found
    problems: list[str] = field(default_factory=list)


def match_dashboards(
    local: Sequence[LocalThing], dashboards: Sequence[CloudDashboard]
) -> DashboardMatches:
    """Each local dashboard's cloud dashboard: by id, else by name; None when not there."""
    matches = DashboardMatches()
    by_id = {dashboard.id: dashboard for dashboard in dashboards}
    claimed = {thing.dashboard_id for thing in local if thing.dashboard_id}
    for thing in local:
        if thing.dashboard is None:
            continue
        where = f"things[{thing.index}] ({thing.template})"
        if thing.dashboard_id:
            found = by_id.get(thing.dashboard_id)
            if found is None:
                matches.problems.append(
                    f"{where}: dashboard {thing.dashboard_id} is not in the Arduino Cloud "
                    "(deleted there?); remove its dashboard_id from cloudgen.yaml to create it "
                    "again"
                )
            matches.found[thing.index] = found
            continue
        name = thing.dashboard.name
        same = [d for d in dashboards if d.name == name and d.id not in claimed]
        if len(same) > 1:
            ids = ", ".join(d.id for d in same)
            matches.problems.append(
                f'{where}: several cloud dashboards are named "{name}" ({ids}); give the right '
                "one as dashboard_id in cloudgen.yaml"
            )
        matches.found[thing.index] = same[0] if same else None
        claimed.update(d.id for d in same[:1])
    return matches


class Links:
    """The (Thing id, variable_name) pairs a widget of the project shows."""

    def __init__(self, thing_id: str | None, things: Sequence[CloudThing]) -> None:
        self.thing_id = thing_id or NEW_THING
        self.things = things

    def of(self, widget: WidgetSpec) -> frozenset[Link]:
        ours = {(self.thing_id, name) for name in widget.variables}
        return frozenset(ours | {(self.thing(ref).id, name) for ref, name in widget.others})

    def thing(self, ref: str) -> CloudThing:
        """Another Thing a widget shows, named by its id or, as `dashboard extract`
        writes it, by its name."""
        found = next((t for t in self.things if ref in (t.id, t.name)), None)
        if found is None:
            raise LookupError(ref)
        return found


def cloud_links(widget: CloudWidget) -> frozenset[Link]:
    return frozenset((v.thing_id, v.variable_name) for v in widget.variables)


def pair_widgets(
    spec: DashboardSpec, dashboard: CloudDashboard, links: Links
) -> tuple[list[tuple[WidgetSpec, CloudWidget | None]], list[CloudWidget]]:
    """Each widget of the project with its cloud widget (None: to add), and the cloud's
    widgets the project does not have."""
    by_id = {widget.id: widget for widget in dashboard.widgets}
    ids = {w.key: widget_id(links.thing_id, w.key) for w in spec.widgets}
    rest = [w for w in dashboard.widgets if w.id not in ids.values()]
    pairs: list[tuple[WidgetSpec, CloudWidget | None]] = []
    for widget in spec.widgets:
        found = by_id.get(ids[widget.key])
        if found is None:
            shows = links.of(widget)
            found = next(
                (w for w in rest if (w.type, cloud_links(w)) == (widget.type, shows)), None
            )
            if found is not None:
                rest.remove(found)
        pairs.append((widget, found))
    return pairs, rest


def differences(widget: WidgetSpec, cloud: CloudWidget, links: Links) -> tuple[str, ...]:
    compared = {
        "type": widget.type != cloud.type,
        "name": widget.name != cloud.name,
        "layout": widget.layout != cloud.layout,
        "mobile": widget.mobile is not None and widget.mobile != cloud.mobile,
        "options": any(cloud.options.get(k) != v for k, v in widget.options.items()),
        "variables": links.of(widget) != cloud_links(cloud),
    }
    return tuple(name for name in FIELDS if compared[name])


def _layout(widget: WidgetSpec | CloudWidget) -> dict[str, int]:
    """x, y, width and height, and the four mobile keys when it has a mobile layout."""
    keys = ("x", "y", "width", "height")
    data = dict(zip(keys, widget.layout, strict=True))
    if widget.mobile is not None:
        data.update(zip((f"{key}_mobile" for key in keys), widget.mobile, strict=True))
    return data


def widget_body(
    widget: WidgetSpec, wid: str, properties: Sequence[str], cloud: CloudWidget | None
) -> dict[str, Any]:
    """A widget as the API's `widget` takes it; options the cloud has besides ours stay."""
    return {
        "id": wid,
        "type": widget.type,
        "name": widget.name,
        **_layout(widget),
        "options": {**(cloud.options if cloud else {}), **widget.options},
        "variables": list(properties),
    }


def kept_body(widget: CloudWidget) -> dict[str, Any]:
    """A widget of the cloud's that the project does not have, sent back as it is."""
    return {
        "id": widget.id,
        "type": widget.type,
        "name": widget.name,
        **_layout(widget),
        "options": dict(widget.options),
        "variables": [v.id for v in widget.variables],
    }


def widget_json(widget: WidgetSpec | CloudWidget) -> dict[str, Any]:
    """A widget in `cloud plan --json`: its variables by name (another Thing's as
    `thing/variable_name`)."""
    if isinstance(widget, WidgetSpec):
        variables = [*widget.variables, *(f"{ref}/{name}" for ref, name in widget.others)]
    else:
        variables = [v.variable_name for v in widget.variables]
    return {
        "name": widget.name,
        "type": widget.type,
        **_layout(widget),
        "options": dict(widget.options),
        "variables": variables,
    }


def field_text(key: str, widget: WidgetSpec, cloud: CloudWidget) -> str:
    """One differing field of a widget, old -> new, for the plan's text."""
    if key == "options":
        changed = [k for k, v in widget.options.items() if cloud.options.get(k) != v]
        return ", ".join(
            f"options.{k} {cloud.options.get(k)} -> {widget.options[k]}" for k in changed
        )
    if key == "variables":
        old = ", ".join(sorted(v.variable_name for v in cloud.variables)) or "none"
        return f"variables {old} -> {', '.join(widget_json(widget)['variables']) or 'none'}"
    if key in ("layout", "mobile"):
        return f"{key} {_rect(getattr(cloud, key))} -> {_rect(getattr(widget, key))}"
    return f'{key} "{getattr(cloud, key)}" -> "{getattr(widget, key)}"'


def _rect(rect: tuple[int, int, int, int] | None) -> str:
    if rect is None:
        return "none"
    x, y, width, height = rect
    return f"{width}x{height} at {x},{y}"


def resolved(widget: WidgetSpec, links: Links, properties: Mapping[str, str]) -> list[str]:
    """The ids of the properties a widget shows: this Thing's from `properties`, others'
    by name. A variable the cloud does not have (a rename push did not apply without
    --allow-delete) is left out, and the next plan shows the widget as changed."""
    ids = [properties[name] for name in widget.variables if name in properties]
    for ref, name in widget.others:
        thing = links.thing(ref)
        ids += [p.id for p in thing.properties if p.spec.variable_name == name]
    return ids


def describe_dashboard(change: Change, kept: bool) -> str:
    """One line of the plan for a change to the Thing's dashboard."""
    if change.kind == "create_dashboard":
        count = len(change.new.widgets)
        return f'+ create the dashboard "{change.target}", with {count} widgets'
    if change.kind == "link_dashboard":
        return f"= link to the cloud dashboard of this name ({change.new}), recording its id"
    if change.kind == "dashboard_name":
        return f'~ dashboard name "{change.old}" -> "{change.new}"'
    if change.kind == "add_widget":
        shows = ", ".join(widget_json(change.new)["variables"]) or "no variable"
        return f'+ widget "{change.target}" ({change.new.type}): {shows}'
    if change.kind == "change_widget":
        fields = "; ".join(field_text(key, change.new, change.old) for key in change.fields)
        return f'~ widget "{change.target}": {fields}'
    if kept:
        return (
            f'- widget "{change.target}" ({change.old.type}): kept in the dashboard, which '
            "dashboard.yaml does not have (pass --allow-delete to remove it)"
        )
    return f'- widget "{change.target}" ({change.old.type}): removed from the dashboard'
