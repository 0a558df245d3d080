"""The loops of `cloudgen cloud` against the fake cloud, with every request also replayed
against Prism serving the pinned spec and every answer checked against its schemas."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml
from cloud_setup import new_project, plan_json
from fake_api import FakeCloud
from helpers import cloudgen, snapshot
from spec_check import answer_problems, prism_problems


def assert_contract(fake: FakeCloud, prism_url: str) -> None:
    assert fake.api_requests()
    assert answer_problems(fake.api_requests()) == []
    assert prism_problems(prism_url, fake.api_requests()) == []


def test_new_push_attach_pull_edit_push(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, prism_url: str
) -> None:
    root = new_project(tmp_path, client_cache)
    code, planned = plan_json(root)
    assert code == 1
    assert [t["action"] for t in planned["things"]] == ["create"]  # type: ignore[index]

    pushed = cloudgen("cloud", "push", "--yes", cwd=root)
    assert pushed.exit_code == 0, pushed.output
    [thing] = fake.things.values()
    assert [p["variable_name"] for p in thing["properties"]] == ["pump", "soil"]
    entry = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"][0]
    assert entry["thing_id"] == thing["id"]
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0

    # The device is attached in the web UI; pull records what the project needs of it.
    device = fake.add_device("Greenhouse board", "arduino:samd:mkrwifi1010", "mkrwifi1010")
    fake.attach(thing["id"], device)
    first = cloudgen("cloud", "pull", cwd=root)
    assert first.exit_code == 0, first.output
    before = snapshot(root)
    again = cloudgen("cloud", "pull", cwd=root)
    assert again.exit_code == 0, again.output
    assert snapshot(root) == before, "a second pull wrote something"

    edited = cloudgen("var", "add", "things/greenhouse.yaml", "fan:HOME_SWITCH:readwrite", cwd=root)
    assert edited.exit_code == 0, edited.output
    code, planned = plan_json(root)
    assert code == 1
    [changes] = [t["changes"] for t in planned["things"]]  # type: ignore[index]
    assert changes == [
        {
            "change": "add_variable",
            "target": "fan",
            "old": None,
            "new": {
                "name": "fan",
                "variable_name": "fan",
                "type": "HOME_SWITCH",
                "permission": "READ_WRITE",
                "update_strategy": "ON_CHANGE",
                "update_parameter": 0,
            },
            "fields": [],
            "deletes": False,
        }
    ]
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0
    before = snapshot(root)
    assert cloudgen("cloud", "pull", cwd=root).exit_code == 0
    assert snapshot(root) == before
    assert_contract(fake, prism_url)


@pytest.mark.parametrize("style", ["legacy", "modern"])
def test_a_cloud_change_reaches_the_sketch_and_keeps_user_code(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, prism_url: str, style: str
) -> None:
    root = new_project(tmp_path, client_cache, "--style", style)
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    ino = root / "sketches" / "Greenhouse" / "Greenhouse.ino"
    ino.write_text(ino.read_text().replace("// Your code here", "soil = analogRead(A1) / 10.0;"))
    user_code = ino.read_text().partition("*/")[2]

    [thing] = fake.things.values()  # changed in the web UI
    thing["properties"].append(
        {
            "id": "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b",
            "name": "Air",
            "variable_name": "air",
            "type": "TEMPERATURE",
            "permission": "READ_ONLY",
            "update_strategy": "TIMED",
            "update_parameter": 60,
            "tag": 3,
        }
    )
    pulled = cloudgen("cloud", "pull", cwd=root)
    assert pulled.exit_code == 0, pulled.output
    header = (root / "sketches" / "Greenhouse" / "thingProperties.h").read_text()
    assert "CloudTemperature air;" in header
    assert ino.read_text().partition("*/")[2] == user_code
    template = yaml.safe_load((root / "things" / "greenhouse.yaml").read_text())
    assert [v["variable_name"] for v in template["variables"]] == ["pump", "soil", "air"]
    assert_contract(fake, prism_url)


def test_push_asks_on_a_terminal(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> None:
    """A real terminal: the plan, then the question; "n" applies nothing, "y" applies it."""
    pexpect = pytest.importorskip("pexpect")
    root = new_project(tmp_path, client_cache)
    cloudgen_command = Path(sys.executable).with_name("cloudgen")
    for answer, things in (("n", 0), ("y", 1)):
        child = pexpect.spawn(
            str(cloudgen_command), ["cloud", "push"], cwd=str(root), env=dict(os.environ),
            encoding="utf-8", timeout=60, dimensions=(40, 200),
        )  # fmt: skip
        child.expect("create the Thing, with 2 variables: pump, soil")
        child.expect(r"Apply this plan to the Arduino Cloud\? \[y/N\]")
        child.sendline(answer)
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == (1 if answer == "n" else 0), child.before
        assert len(fake.things) == things
