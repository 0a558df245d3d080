"""`cloudgen cloud push`: a plan applied, change by change, in order.

Nothing is deleted without `allow_delete`. The first failure stops the push; the result
says what was applied before it, what failed and what was not tried, so the next plan
shows exactly the rest. A Thing's new id is recorded (by `record_id`) the moment it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from generator.cloud.api import CloudApi
from generator.cloud.errors import CloudError
from generator.cloud.local import LocalThing
from generator.cloud.plan import Change, CloudPlan, ThingPlan

Applied = tuple[ThingPlan, Change]


@dataclass
class PushResult:
    applied: list[Applied] = field(default_factory=list)
    kept: list[Applied] = field(default_factory=list)  # deletions without --allow-delete
    failed: tuple[ThingPlan, Change, str] | None = None
    not_tried: list[Applied] = field(default_factory=list)


def push(
    cloud_plan: CloudPlan,
    api: CloudApi,
    allow_delete: bool,
    record_id: Callable[[LocalThing, str], None],
) -> PushResult:
    result = PushResult()
    operations = _operations(cloud_plan, allow_delete, result)
    for number, (plan, batch) in enumerate(operations):
        try:
            _apply(plan, batch, api, record_id)
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
    """One API call each, in plan order; a Thing's name and time zone go in one call."""
    operations = []
    for plan in cloud_plan.things:
        thing_level = [c for c in plan.changes if c.kind in ("name", "timezone")]
        for change in plan.changes:
            if change.deletes and not allow_delete:
                result.kept.append((plan, change))
            elif change in thing_level:
                if change is thing_level[0]:
                    operations.append((plan, thing_level))
            else:
                operations.append((plan, [change]))
    return operations


def _apply(
    plan: ThingPlan,
    batch: list[Change],
    api: CloudApi,
    record_id: Callable[[LocalThing, str], None],
) -> None:
    change = batch[0]
    local = plan.local
    if change.kind == "create_thing":
        thing = local.thing
        created = api.create_thing(thing.name, thing.timezone, thing.tags, local.specs())
        record_id(local, created.id)
        return
    assert plan.cloud is not None  # every other change is to an existing cloud Thing
    thing_id = plan.cloud.id
    if change.kind == "link_thing":
        record_id(local, thing_id)
    elif change.kind in ("name", "timezone"):
        api.update_thing(thing_id, {c.kind: c.new for c in batch})
    elif change.kind == "tag" and change.new is None:
        api.delete_tag(thing_id, str(change.target))
    elif change.kind == "tag":
        api.set_tag(thing_id, str(change.target), change.new)
    elif change.kind == "add_variable":
        api.create_property(thing_id, change.new)
    elif change.kind in ("change_variable", "rename_variable"):
        # A LoRaWAN property keeps the integer tag the cloud gave it.
        spec = replace(change.new, tag=change.old.tag) if change.old.tag is not None else change.new
        api.update_property(thing_id, str(change.property_id), spec)
    elif change.kind == "remove_variable":
        api.delete_property(thing_id, str(change.property_id), str(change.target))
