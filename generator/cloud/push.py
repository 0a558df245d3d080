"""`cloudgen cloud push`: a plan applied, change by change, in order.

Nothing is deleted without `allow_delete`. The first failure stops the push; the result
says what was applied before it, what failed and what was not tried, so the next plan
shows exactly the rest. A new id (a Thing's, a dashboard's) is recorded (by `record`) the
moment it exists.

A Thing's dashboard comes last, in one call: created with its widgets, or sent whole (a
PUT) with every widget, the cloud's own widgets kept unless --allow-delete. Widgets carry
the ids of the properties they show, as arduino-cloud-cli sends them; a widget the answer
shows with other properties is then linked with the API's widget-variables call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from generator.cloud.api import CloudApi
from generator.cloud.dashboards import (
    DASHBOARD_KINDS,
    Links,
    kept_body,
    pair_widgets,
    resolved,
    widget_body,
    widget_id,
)
from generator.cloud.errors import CloudError
from generator.cloud.local import LocalThing
from generator.cloud.model import CloudDashboard
from generator.cloud.plan import Change, CloudPlan, ThingPlan

Applied = tuple[ThingPlan, Change]
Record = Callable[[LocalThing, dict[str, str]], None]  # settings for cloudgen.yaml


@dataclass
class Known:
    """What the push has learnt of one Thing: its id and its properties' ids by name."""

    thing_id: str | None
    properties: dict[str, str]


@dataclass
class PushResult:
    applied: list[Applied] = field(default_factory=list)
    kept: list[Applied] = field(default_factory=list)  # deletions without --allow-delete
    failed: tuple[ThingPlan, Change, str] | None = None
    not_tried: list[Applied] = field(default_factory=list)


def push(cloud_plan: CloudPlan, api: CloudApi, allow_delete: bool, record: Record) -> PushResult:
    result = PushResult()
    operations = _operations(cloud_plan, allow_delete, result)
    known = {
        plan.local.index: Known(
            plan.cloud.id if plan.cloud else None,
            {p.spec.variable_name: p.id for p in plan.cloud.properties} if plan.cloud else {},
        )
        for plan in cloud_plan.things
    }
    for number, (plan, batch) in enumerate(operations):
        try:
            if batch[0].kind in DASHBOARD_KINDS:
                links = Links(known[plan.local.index].thing_id, cloud_plan.cloud)
                state = known[plan.local.index]
                _apply_dashboard(plan, batch, api, record, state, links, allow_delete)
            else:
                _apply(plan, batch, api, record, known[plan.local.index])
        except CloudError as error:
            result.failed = (plan, batch[0], str(error))
            result.not_tried = [(p, c) for p, later in operations[number + 1 :] for c in later]
            result.not_tried[:0] = [(plan, c) for c in batch[1:]]
            return result
        result.applied += [(plan, change) for change in batch]
    return result


def _operations(
    cloud_plan: CloudPlan, allow_delete: bool, result: PushResult
) -> list[tuple[ThingPlan, list[Change]]]:
    """One API call each, in plan order; a Thing's name and time zone go in one call, and
    its dashboard's changes in one (or none, when it is only linked)."""
    operations = []
    for plan in cloud_plan.things:
        applied = [c for c in plan.changes if allow_delete or not c.deletes]
        result.kept += [(plan, c) for c in plan.changes if c not in applied]
        groups = (
            [c for c in applied if c.kind in ("name", "timezone")],
            [c for c in applied if c.kind in DASHBOARD_KINDS],
        )
        for change in applied:
            group = next((g for g in groups if change in g), None)
            if group is None:
                operations.append((plan, [change]))
            elif change is group[0]:
                operations.append((plan, group))
    return operations


def _apply(
    plan: ThingPlan, batch: list[Change], api: CloudApi, record: Record, known: Known
) -> None:
    change = batch[0]
    local = plan.local
    if change.kind == "create_thing":
        thing = local.thing
        created = api.create_thing(thing.name, thing.timezone, thing.tags, local.specs())
        record(local, {"thing_id": created.id})
        known.thing_id = created.id
        known.properties = {p.spec.variable_name: p.id for p in created.properties}
        return
    assert plan.cloud is not None  # every other change is to an existing cloud Thing
    thing_id = plan.cloud.id
    if change.kind == "link_thing":
        record(local, {"thing_id": thing_id})
    elif change.kind in ("name", "timezone"):
        api.update_thing(thing_id, {c.kind: c.new for c in batch})
    elif change.kind == "tag" and change.new is None:
        api.delete_tag(thing_id, str(change.target))
    elif change.kind == "tag":
        api.set_tag(thing_id, str(change.target), change.new)
    elif change.kind == "add_variable":
        created_property = api.create_property(thing_id, change.new)
        known.properties[change.new.variable_name] = created_property.id
    elif change.kind in ("change_variable", "rename_variable"):
        # A LoRaWAN property keeps the integer tag the cloud gave it.
        spec = replace(change.new, tag=change.old.tag) if change.old.tag is not None else change.new
        api.update_property(thing_id, str(change.property_id), spec)
        known.properties.pop(change.old.variable_name, None)
        known.properties[spec.variable_name] = str(change.property_id)
    elif change.kind == "remove_variable":
        api.delete_property(thing_id, str(change.property_id), str(change.target))


def _apply_dashboard(
    plan: ThingPlan,
    batch: list[Change],
    api: CloudApi,
    record: Record,
    known: Known,
    links: Links,
    allow_delete: bool,
) -> None:
    """The Thing's dashboard made like the project's: created, or sent whole."""
    local, spec, dashboard = plan.local, plan.local.dashboard, plan.dashboard
    assert spec is not None and known.thing_id is not None  # its Thing was pushed first
    if dashboard is not None and local.dashboard_id is None:
        record(local, {"dashboard_id": dashboard.id})
    if all(change.kind == "link_dashboard" for change in batch):
        return
    missing = [n for w in spec.widgets for n in w.variables if n not in known.properties]
    if missing and not plan.cloud:  # a create's answer without its properties: ask for them
        found = api.things(ids=[known.thing_id])
        known.properties = {p.spec.variable_name: p.id for t in found for p in t.properties}
    body = _dashboard_body(plan, known, links, allow_delete)
    if dashboard is None:
        answer = api.create_dashboard(body)
        record(local, {"dashboard_id": answer.id})
    else:
        answer = api.update_dashboard(dashboard.id, body)
    shown = {w.id: sorted(v.id for v in w.variables) for w in answer.widgets}
    for widget in body["widgets"]:
        if shown.get(widget["id"]) != sorted(widget["variables"]):
            api.link_widget(answer.id, widget["id"], widget["variables"])


def _dashboard_body(
    plan: ThingPlan, known: Known, links: Links, allow_delete: bool
) -> dict[str, Any]:
    spec = plan.local.dashboard
    assert spec is not None and known.thing_id is not None
    dashboard = plan.dashboard or CloudDashboard("", spec.name, ())
    pairs, rest = pair_widgets(spec, dashboard, links)
    try:
        widgets = [
            widget_body(
                widget,
                cloud.id if cloud else widget_id(known.thing_id, widget.key),
                resolved(widget, links, known.properties),
                cloud,
            )
            for widget, cloud in pairs
        ]
    except LookupError as error:  # a variable or Thing the plan saw, gone since
        raise CloudError(
            f"the dashboard shows {error}, which the Arduino Cloud does not have"
        ) from None
    if not allow_delete:
        widgets += [kept_body(widget) for widget in rest]
    body: dict[str, Any] = {"name": spec.name, "widgets": widgets}
    if plan.dashboard is not None and plan.dashboard.cover_image:
        body["cover_image"] = plan.dashboard.cover_image
    return body
