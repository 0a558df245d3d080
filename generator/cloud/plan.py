"""`cloudgen cloud plan`: the differences between the project's Things and the cloud's, as
a pure function of the two (no I/O), so that a plan can be tested, shown and applied.

Local Things are matched to cloud Things by the `thing_id` in cloudgen.yaml, else by
name (then the id is recorded: a Thing whose create was interrupted is linked, never
created twice). Variables are matched by `variable_name`; one removed and one added of the
same type are a rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.cloud.errors import CloudError
from generator.cloud.local import LocalThing
from generator.cloud.model import CloudThing, PropertySpec
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
]
COMPARED = ("name", "type", "permission", "update_strategy", "update_parameter")
FORMAT = 1  # of `cloud plan --json`


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    target: str | None = None  # the tag key or variable_name it is about
    old: Any = None  # the cloud's side (None: absent)
    new: Any = None  # the project's side (None: absent)
    fields: tuple[str, ...] = ()  # what differs, for a changed or renamed variable
    property_id: str | None = None
    deletes: bool = False  # removes something from the cloud: only with --allow-delete


@dataclass(frozen=True)
class ThingPlan:
    local: LocalThing
    cloud: CloudThing | None  # None: the Thing is to be created
    changes: tuple[Change, ...]

    @property
    def action(self) -> str:
        if self.cloud is None:
            return "create"
        if self.local.thing_id is None:
            return "link"
        return "update" if self.changes else "none"

    def applied(self, allow_delete: bool) -> list[Change]:
        return [c for c in self.changes if allow_delete or not c.deletes]


@dataclass(frozen=True)
class CloudPlan:
    things: tuple[ThingPlan, ...]

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


def plan(local: Sequence[LocalThing], cloud: Sequence[CloudThing]) -> CloudPlan:
    matches = match_things(local, cloud)
    if matches.problems:
        raise CloudError("\n".join(matches.problems))
    return CloudPlan(tuple(plan_thing(t, matches.found[t.index]) for t in local))


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
                "changes": [_change_json(change) for change in plan.changes],
            }
            for plan in cloud_plan.things
        ],
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
    if isinstance(value, list):
        return [_value_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _value_json(item) for key, item in value.items()}
    return value
