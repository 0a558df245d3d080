"""What `cloudgen cloud push` is given of a dashboard output: dashboard.yaml as the user
left it, or what cloudgen would write before the first `generate`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import cloudgen, thing_yaml, var, write_tree

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostics, UserError
from generator.dashboard.kind import DASHBOARD
from generator.thing.load import load_thing
from generator.thing.model import Thing

DEMO = thing_yaml(var("lamp", "STATUS", "READ_WRITE") + var("temp", every=60), "Demo")


def _thing(root: Path) -> Thing:
    thing = load_thing(root / "t.yaml", "t.yaml", load_catalog(), Diagnostics())
    assert thing is not None
    return thing


def test_before_generate_it_is_what_generate_would_write(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.yaml": DEMO})
    spec = DASHBOARD.cloud_dashboard(_thing(tmp_path), tmp_path / "out", None)
    assert cloudgen("dashboard", "t.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    assert DASHBOARD.cloud_dashboard(_thing(tmp_path), tmp_path / "out", None) == spec
    written = yaml.safe_load((tmp_path / "out" / "dashboard.yaml").read_text())
    assert spec.name == "Demo"
    assert [(w.key, w.type, w.variables) for w in spec.widgets] == [
        (w["id"], w["type"], (w["variables"][0]["variable_id"],)) for w in written["widgets"]
    ]
    assert spec.widgets[0].layout == (0, 0, 4, 4) and spec.widgets[0].mobile == (0, 0, 8, 4)


def test_the_users_file_is_what_is_sent(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.yaml": DEMO})
    assert cloudgen("dashboard", "t.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    path = tmp_path / "out" / "dashboard.yaml"
    data = yaml.safe_load(path.read_text())
    copy = dict(data["widgets"][0], name="Lamp again", x=20)  # a copy keeps the id
    copy["variables"] = [*copy["variables"], {"thing_id": "Barn", "variable_id": "door"}]
    data["widgets"].append(copy)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    spec = DASHBOARD.cloud_dashboard(_thing(tmp_path), tmp_path / "out", None)
    last = spec.widgets[-1]
    assert last.name == "Lamp again" and last.layout[0] == 20
    assert last.key == f"#{len(spec.widgets) - 1}"  # its copied id is taken
    assert last.variables == ("lamp",) and last.others == (("Barn", "door"),)
    assert len({w.key for w in spec.widgets}) == len(spec.widgets)


def test_a_widget_the_cloud_cannot_take_is_an_error_at_the_file(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.yaml": DEMO})
    assert cloudgen("dashboard", "t.yaml", "-o", "out", cwd=tmp_path).exit_code == 0
    path = tmp_path / "out" / "dashboard.yaml"
    data = yaml.safe_load(path.read_text())
    del data["widgets"][1]["type"]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(UserError, match=r"widgets\[1\]: the Arduino Cloud needs its type"):
        DASHBOARD.cloud_dashboard(_thing(tmp_path), tmp_path / "out", None)
