"""The plan as a pure function of the project's Things and the cloud's: matching, renames,
what needs --allow-delete, and the stable JSON form."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import write_tree

from generator.cloud.errors import CloudError
from generator.cloud.local import LocalThing, load_local
from generator.cloud.model import CloudProperty, CloudThing, PropertySpec
from generator.cloud.plan import describe, plan, plan_json
from generator.kinds import KINDS

THING_ID = "8c8c3b7e-2a47-4f0e-9e52-6c0f3f0b7a11"


def local(tmp_path: Path, variables: str, extra: str = "", tags: str = "") -> list[LocalThing]:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": f"""\
                things:
                  - template: t.yaml
                    board: arduino:samd:mkrwifi1010
                    {extra}
                    outputs:
                      sketch: sketches/T
                """,
            "t.yaml": f"name: Lab\ntimezone: ''\n{tags}variables:\n{variables}",
        },
    )
    return load_local(tmp_path / "cloudgen.yaml", KINDS).things


def var(name: str, type_: str = "FLOAT", permission: str = "READ_ONLY") -> str:
    return (
        f"  - {{name: {name}, variable_name: {name}, type: {type_}, permission: {permission}, "
        "update_strategy: ON_CHANGE, update_parameter: 0}\n"
    )


def cloud(*names: tuple[str, str], tags: tuple[tuple[str, str], ...] = ()) -> CloudThing:
    return CloudThing(
        THING_ID,
        "Lab",
        "Europe/Rome",
        tags,
        tuple(
            CloudProperty(f"p-{name}", PropertySpec(name, name, type_, "READ_ONLY", "ON_CHANGE", 0))
            for name, type_ in names
        ),
    )


def test_a_rename_is_one_of_a_type_out_and_one_in(tmp_path: Path) -> None:
    things = local(tmp_path, var("moisture") + var("pump", "STATUS"), f"thing_id: {THING_ID}")
    [thing] = plan(things, [cloud(("soil", "FLOAT"), ("pump", "STATUS"))]).things
    [rename] = thing.changes
    assert (rename.kind, rename.target, rename.new.variable_name) == (
        "rename_variable",
        "soil",
        "moisture",
    )
    assert rename.deletes and rename.property_id == "p-soil" and rename.fields == ("name",)
    assert thing.applied(allow_delete=False) == []


def test_two_of_a_type_are_no_rename(tmp_path: Path) -> None:
    things = local(tmp_path, var("a") + var("b"), f"thing_id: {THING_ID}")
    [thing] = plan(things, [cloud(("x", "FLOAT"), ("y", "FLOAT"))]).things
    kinds = [(c.kind, c.target) for c in thing.changes]
    assert kinds == [
        ("add_variable", "a"),
        ("add_variable", "b"),
        ("remove_variable", "x"),
        ("remove_variable", "y"),
    ]
    assert [c.deletes for c in thing.changes] == [False, False, True, True]
    assert "kept in the cloud, because deleting a cloud variable deletes its history" in describe(
        thing.changes[2]
    )
    assert (
        describe(thing.changes[2], allow_delete=True) == "- variable x: deleted, with its history"
    )


def test_retyped_and_policy_changes_and_tags(tmp_path: Path) -> None:
    things = local(
        tmp_path, var("soil", "TEMPERATURE", "READ_WRITE"), f"thing_id: {THING_ID}",
        tags="tags:\n  - site: north\n  - crop: kale\n",
    )  # fmt: skip
    [thing] = plan(
        things, [cloud(("soil", "FLOAT"), tags=(("site", "south"), ("old", "x")))]
    ).things
    assert [describe(c) for c in thing.changes] == [
        "~ tag site: south -> north",
        "+ tag crop=kale",
        "- tag old=x: kept in the cloud (pass --allow-delete to remove it)",
        "~ variable soil: type FLOAT -> TEMPERATURE, permission READ_ONLY -> READ_WRITE",
    ]


def test_matching_by_id_then_by_name(tmp_path: Path) -> None:
    things = local(tmp_path, var("soil"))  # no thing_id: matched by name, and linked
    [thing] = plan(things, [cloud(("soil", "FLOAT"))]).things
    assert thing.action == "link" and [c.kind for c in thing.changes] == ["link_thing"]
    assert plan(things, []).things[0].action == "create"  # the empty time zone is no change
    twins = [cloud(), CloudThing("9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b", "Lab", "", (), ())]
    with pytest.raises(CloudError, match='several cloud Things are named "Lab"'):
        plan(things, twins)
    linked = local(tmp_path, var("soil"), f"thing_id: {THING_ID}")
    with pytest.raises(CloudError, match="is not in the Arduino Cloud"):
        plan(linked, [])


def test_the_json_form_is_stable(tmp_path: Path) -> None:
    things = local(tmp_path, var("soil"))
    assert plan_json(plan(things, [])) == {
        "format": 1,
        "in_step": False,
        "things": [
            {
                "template": "t.yaml",
                "name": "Lab",
                "thing_id": None,
                "action": "create",
                "changes": [
                    {
                        "change": "create_thing",
                        "target": None,
                        "old": None,
                        "new": {
                            "timezone": "",
                            "tags": {},
                            "variables": [
                                {
                                    "name": "soil",
                                    "variable_name": "soil",
                                    "type": "FLOAT",
                                    "permission": "READ_ONLY",
                                    "update_strategy": "ON_CHANGE",
                                    "update_parameter": 0,
                                }
                            ],
                        },
                        "fields": [],
                        "deletes": False,
                    }
                ],
                "dashboard": None,  # the Thing has no dashboard output
            }
        ],
    }
