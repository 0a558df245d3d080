"""`cloudgen cloud plan`: the differences between the project's Things and the cloud's, as
a pure function of the two (no I/O), so that a plan can be tested, shown and applied.

Local Things are matched to cloud Things by the `thing_id` in cloudgen.yaml, else by
name (then the id is recorded: a Thing whose create was interrupted is linked, never
created twice). Variables are matched by `variable_name`; one removed and one added of the
same type are a rename. Each Thing's dashboard output is compared with its cloud
dashboard too (`cloud/dashboards.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.cloud.dashboards import (
    DASHBOARD_KINDS,
    Links,
    describe_dashboard,
    differences,
    match_dashboards,
    pair_widgets,
    widget_json,
)
from generator.cloud.errors import CloudError
from generator.cloud.local import LocalThing
from generator.cloud.model import CloudDashboard, CloudThing, CloudWidget, PropertySpec
from generator.project.kinds import DashboardSpec, WidgetSpec
from generator.thing.model import plain_number

ChangeKind = Literal[
    "create_thing",
    "link_thing",
    "name",
    "timezone",
    "tag",
    "add_variable",
    "change_variable",
    "rename_variable",
    "remove_variable",
    # the Thing's dashboard (dashboards.DASHBOARD_KINDS)
    "create_dashboard",
    "link_dashboard",
    "dashboard_name",
    "add_widget",
    "change_widget",
    "remove_widget",
]
COMPARED = ("name", "type", "permission", "update_strategy", "update_parameter")
FORMAT = 1  # of `cloud plan --json`


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    target: str | None = None  # the tag key, variable_name, dashboard or widget name
    old: Any = None  # the cloud's side (None: absent)
    new: Any = None  # the project's side (None: absent)
    fields: tuple[str, ...] = ()  # what differs, for a changed or renamed variable
    property_id: str | None = None
    deletes: bool = False  # removes something from the cloud: only with --allow-delete


@dataclass(frozen=True)
class ThingPlan:
    local: LocalThing
    cloud: CloudThing | None  # None: the Thing is to be created
    changes: tuple[Change, ...]  # the Thing's, then its dashboard's
    dashboard: CloudDashboard | None = None  # the Thing's dashboard in the cloud

    @property
    def thing_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind not in DASHBOARD_KINDS)

    @property
    def dashboard_changes(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind in DASHBOARD_KINDS)

    @property
    def action(self) -> str:
        if self.cloud is None:
            return "create"
        if self.local.thing_id is None:
            return "link"
        return "update" if self.thing_changes else "none"

    @property
    def dashboard_action(self) -> str | None:
        """create, link, update or none; None when the Thing has no dashboard output."""
        if self.local.dashboard is None:
            return None
        if self.dashboard is None:
            return "create"
        if self.local.dashboard_id is None:
            return "link"
        return "update" if self.dashboard_changes else "none"

    def applied(self, allow_delete: bool) -> list[Change]:
        return [c for c in self.changes if allow_delete or not c.deletes]


@dataclass(frozen=True)
class CloudPlan:
    things: tuple[ThingPlan, ...]
    cloud: tuple[CloudThing, ...] = ()  # every cloud Thing, as planned against

    @property
    def in_step(self) -> bool:
        return not any(plan.changes for plan in self.things)


@dataclass
class Matches:
    found: dict[int, CloudThing | None] = field(default_factory=dict)  # index -> cloud Thing
    problems: list[str] = field(default_factory=list)


def match_things(local: Sequence[LocalThing], cloud: Sequence[CloudThing]) -> Matches:
    """Each local Thing's cloud Thing: by id, else by name; None when it is not there yet."""
    matches = Matches()
    by_id = {thing.id: thing for thing in cloud}
    claimed = {thing.thing_id for thing in local if thing.thing_id}
    for thing in local:
        where = f"things[{thing.index}] ({thing.template})"
        if thing.thing_id:
            found = by_id.get(thing.thing_id)
            if found is None:
                matches.problems.append(
                    f"{where}: Thing {thing.thing_id} is not in the Arduino Cloud (deleted "
                    "there?); remove its thing_id from cloudgen.yaml to create it again"
                )
            matches.found[thing.index] = found
            continue
        same_name = [t for t in cloud if t.name == thing.thing.name and t.id not in claimed]
        if len(same_name) > 1:
            ids = ", ".join(t.id for t in same_name)
            matches.problems.append(
                f'{where}: several cloud Things are named "{thing.thing.name}" ({ids}); '
                "give the right one as thing_id in cloudgen.yaml"
            )
        matches.found[thing.index] = same_name[0] if same_name else None
        claimed.update(t.id for t in same_name[:1])
    return matches


def plan(
    local: Sequence[LocalThing],
    cloud: Sequence[CloudThing],
    dashboards: Sequence[CloudDashboard] = (),
) -> CloudPlan:
    """`dashboards`: every cloud dashboard, when a Thing has a dashboard output."""
    matches = match_things(local, cloud)
    found = match_dashboards(local, dashboards)
    if matches.problems or found.problems:
        raise CloudError("\n".join(matches.problems + found.problems))
    plans = []
    for thing in local:
        planned = plan_thing(thing, matches.found[thing.index])
        dashboard = found.found.get(thing.index)
        extra = _dashboard_changes(planned, dashboard, cloud)
        plans.append(replace(planned, changes=planned.changes + extra, dashboard=dashboard))
    return CloudPlan(tuple(plans), tuple(cloud))


def _dashboard_changes(
    planned: ThingPlan, dashboard: CloudDashboard | None, things: Sequence[CloudThing]
) -> tuple[Change, ...]:
    spec = planned.local.dashboard
    if spec is None:
        return ()
    links = Links(planned.cloud.id if planned.cloud else None, things)
    for widget in spec.widgets:
        try:
            links.of(widget)
        except LookupError as error:
            where = f"things[{planned.local.index}] ({planned.local.template})"
            raise CloudError(
                f'{where}: widget "{widget.name}" of its dashboard shows a variable of the '
                f"Thing {error}, which is not in the Arduino Cloud (name a Thing by its id "
                "or its name)"
            ) from None
    if dashboard is None:
        return (Change("create_dashboard", spec.name, None, spec),)
    changes = []
    if planned.local.dashboard_id is None:
        changes.append(Change("link_dashboard", spec.name, None, dashboard.id))
    if spec.name != dashboard.name:
        changes.append(Change("dashboard_name", spec.name, dashboard.name, spec.name))
    pairs, rest = pair_widgets(spec, dashboard, links)
    for widget, found in pairs:
        if found is None:
            changes.append(Change("add_widget", widget.name, None, widget))
        elif fields := differences(widget, found, links):
            changes.append(Change("change_widget", widget.name, found, widget, fields))
    changes += [Change("remove_widget", w.name or w.type, w, None, deletes=True) for w in rest]
    return tuple(changes)


def plan_thing(local: LocalThing, cloud: CloudThing | None) -> ThingPlan:
    thing = local.thing
    if cloud is None:
        new = {"timezone": thing.timezone, "tags": dict(thing.tags), "variables": local.specs()}
        return ThingPlan(local, None, (Change("create_thing", new=new),))
    changes: list[Change] = []
    if local.thing_id is None:
        changes.append(Change("link_thing", new=cloud.id))
    if thing.name != cloud.name:
        changes.append(Change("name", old=cloud.name, new=thing.name))
    if thing.timezone and thing.timezone != cloud.timezone:  # "" leaves the cloud's alone
        changes.append(Change("timezone", old=cloud.timezone, new=thing.timezone))
    changes += _tag_changes(dict(cloud.tags), dict(thing.tags))
    changes += _variable_changes(local, cloud)
    return ThingPlan(local, cloud, tuple(changes))


def _tag_changes(old: dict[str, str], new: dict[str, str]) -> list[Change]:
    changes = [
        Change("tag", key, old.get(key), value)
        for key, value in new.items()
        if old.get(key) != value
    ]
    removed = [(key, value) for key, value in old.items() if key not in new]
    return changes + [Change("tag", key, value, None, deletes=True) for key, value in removed]


def _variable_changes(local: LocalThing, cloud: CloudThing) -> list[Change]:
    ours = {spec.variable_name: spec for spec in local.specs()}
    theirs = {p.spec.variable_name: p for p in cloud.properties}
    added = [spec for name, spec in ours.items() if name not in theirs]
    removed = [p for name, p in theirs.items() if name not in ours]
    renames = {}
    for type_name in {spec.type for spec in added}:
        new = [spec for spec in added if spec.type == type_name]
        old = [p for p in removed if p.spec.type == type_name]
        if len(new) == 1 and len(old) == 1:  # unambiguous: same type, one out and one in
            renames[new[0].variable_name] = old[0]
    changes = []
    for name, spec in ours.items():
        if name in renames:
            prop = renames[name]
            changes.append(
                Change(
                    "rename_variable",
                    prop.spec.variable_name,
                    prop.spec,
                    spec,
                    _differences(prop.spec, spec),
                    prop.id,
                    deletes=True,
                )
            )
        elif name not in theirs:
            changes.append(Change("add_variable", name, None, spec))
        elif fields := _differences(theirs[name].spec, spec):
            prop = theirs[name]
            changes.append(Change("change_variable", name, prop.spec, spec, fields, prop.id))
    renamed = {p.id for p in renames.values()}
    changes += [
        Change("remove_variable", p.spec.variable_name, p.spec, None, (), p.id, deletes=True)
        for p in removed
        if p.id not in renamed
    ]
    return changes


def _differences(old: PropertySpec, new: PropertySpec) -> tuple[str, ...]:
    return tuple(key for key in COMPARED if getattr(old, key) != getattr(new, key))


def describe(change: Change, allow_delete: bool = False) -> str:
    """One line of the plan, terraform-style: + add, ~ change, - remove, > rename, = link."""
    kept = not allow_delete and change.deletes
    if change.kind in DASHBOARD_KINDS:
        return describe_dashboard(change, kept)
    if change.kind == "create_thing":
        variables = change.new["variables"]
        names = ", ".join(spec.variable_name for spec in variables) or "none"
        return f"+ create the Thing, with {len(variables)} variables: {names}"
    if change.kind == "link_thing":
        return f"= link to the cloud Thing of this name ({change.new}), recording its id"
    if change.kind in ("name", "timezone"):
        return f'~ {change.kind} "{change.old}" -> "{change.new}"'
    if change.kind == "tag":
        if change.new is None:
            verb = "kept in the cloud (pass --allow-delete to remove it)" if kept else "removed"
            return f"- tag {change.target}={change.old}: {verb}"
        if change.old is None:
            return f"+ tag {change.target}={change.new}"
        return f"~ tag {change.target}: {change.old} -> {change.new}"
    if change.kind == "add_variable":
        return f"+ variable {change.target}: {_summary(change.new)}"
    if change.kind == "change_variable":
        return f"~ variable {change.target}: {_field_changes(change)}"
    if change.kind == "rename_variable":
        extra = f", and {_field_changes(change)}" if change.fields else ""
        note = (
            "not applied: a rename needs --allow-delete, as the old name stops existing (the "
            "property keeps its id and history)"
            if kept
            else "the property keeps its id and history"
        )
        return (
            f"> variable {change.target} renamed to {change.new.variable_name} (same type "
            f"{change.new.type}{extra}): {note}"
        )
    if kept:
        return (
            f"- variable {change.target}: kept in the cloud, because deleting a cloud variable "
            "deletes its history (pass --allow-delete to delete it)"
        )
    return f"- variable {change.target}: deleted, with its history"


def _summary(spec: PropertySpec) -> str:
    number = plain_number(spec.update_parameter)
    update = f"every {number} s" if spec.update_strategy == "TIMED" else f"on change ({number})"
    return f"{spec.type}, {spec.permission}, {update}"


def _field_changes(change: Change) -> str:
    return ", ".join(
        f"{key} {_shown(getattr(change.old, key))} -> {_shown(getattr(change.new, key))}"
        for key in change.fields
    )


def _shown(value: Any) -> str:
    return str(plain_number(value)) if isinstance(value, float) else f"{value}"


def plan_json(cloud_plan: CloudPlan) -> dict[str, Any]:
    """The stable `--json` form (README: "cloud plan --json")."""
    return {
        "format": FORMAT,
        "in_step": cloud_plan.in_step,
        "things": [
            {
                "template": plan.local.template,
                "name": plan.local.thing.name,
                "thing_id": plan.cloud.id if plan.cloud else None,
                "action": plan.action,
                "changes": [_change_json(change) for change in plan.thing_changes],
                "dashboard": _dashboard_json(plan),
            }
            for plan in cloud_plan.things
        ],
    }


def _dashboard_json(plan: ThingPlan) -> dict[str, Any] | None:
    spec = plan.local.dashboard
    if spec is None:
        return None
    return {
        "name": spec.name,
        "dashboard_id": plan.dashboard.id if plan.dashboard else None,
        "action": plan.dashboard_action,
        "changes": [_change_json(change) for change in plan.dashboard_changes],
    }


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "change": change.kind,
        "target": change.target,
        "old": _value_json(change.old),
        "new": _value_json(change.new),
        "fields": list(change.fields),
        "deletes": change.deletes,
    }


def _value_json(value: Any) -> Any:
    if isinstance(value, PropertySpec):
        data = value.body()
        data.pop("tag", None)
        data["update_parameter"] = plain_number(value.update_parameter)
        return data
    if isinstance(value, WidgetSpec | CloudWidget):
        return widget_json(value)
    if isinstance(value, DashboardSpec):
        return {"name": value.name, "widgets": [widget_json(w) for w in value.widgets]}
    if isinstance(value, list):
        return [_value_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _value_json(item) for key, item in value.items()}
    return value
