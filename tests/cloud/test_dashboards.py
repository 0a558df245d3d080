"""`cloudgen cloud push` keeps each Thing's Arduino Cloud dashboard like its dashboard
output, against the fake cloud (every request replayed against Prism serving the pinned
spec, every answer checked against its schemas)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml
from cloud_setup import new_project, plan_json
from fake_api import FakeCloud, Fault
from helpers import cloudgen
from test_failures import fails_clearly
from test_round_trips import assert_contract

from generator.cloud.dashboards import NAMESPACE


def with_dashboard(root: Path) -> Path:
    """The new project's Thing with a dashboard output too."""
    config = root / "cloudgen.yaml"
    text = config.read_text()
    assert "      sketch: sketches/Greenhouse\n" in text
    config.write_text(
        text.replace("      sketch:", "      dashboard: dashboards/Greenhouse\n      sketch:", 1)
    )
    assert cloudgen("generate", cwd=root).exit_code == 0
    return root


def dashboard_file(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (root / "dashboards" / "Greenhouse" / "dashboard.yaml").read_text()
    )
    return data


def shown(fake: FakeCloud) -> dict[str, tuple[str, list[str]]]:
    """The cloud dashboard's widgets: name -> (type, the variable_names it shows)."""
    [dashboard] = fake.dashboards.values()
    answer = fake._dashboard_json(dashboard)
    return {
        w["name"]: (w["type"], [v["variable_name"] for v in w["variables"]])
        for w in answer["widgets"]
    }


def test_push_creates_the_dashboard_and_follows_the_thing(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, prism_url: str
) -> None:
    root = with_dashboard(new_project(tmp_path, client_cache))
    code, planned = plan_json(root)
    assert code == 1
    [thing] = planned["things"]
    assert thing["action"] == "create"
    assert thing["dashboard"]["action"] == "create" and thing["dashboard"]["dashboard_id"] is None
    [create] = thing["dashboard"]["changes"]
    assert create["change"] == "create_dashboard" and create["target"] == "Greenhouse"
    assert [w["name"] for w in create["new"]["widgets"]] == ["pump", "soil", "soil Chart"]
    text = cloudgen("cloud", "plan", cwd=root).output
    assert '  + create the dashboard "Greenhouse", with 3 widgets\n' in text

    pushed = cloudgen("cloud", "push", "--yes", cwd=root)
    assert pushed.exit_code == 0, pushed.output
    [cloud_thing] = fake.things.values()
    [dashboard] = fake.dashboards.values()
    entry = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"][0]
    assert entry["thing_id"] == cloud_thing["id"] and entry["dashboard_id"] == dashboard["id"]
    assert shown(fake) == {
        "pump": ("Switch", ["pump"]),
        "soil": ("Value", ["soil"]),
        "soil Chart": ("Chart", ["soil"]),
    }
    # Widget ids are made from the Thing's id and the widget's key in dashboard.yaml.
    keys = [w["id"] for w in dashboard_file(root)["widgets"]]
    expected = [str(uuid.uuid5(NAMESPACE, f"{cloud_thing['id']}/{key}")) for key in keys]
    assert [w["id"] for w in dashboard["widgets"]] == expected
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0  # in step

    # A new variable: its property, then its widget, in the next push.
    added = cloudgen("var", "add", "things/greenhouse.yaml", "fan:HOME_SWITCH:readwrite", cwd=root)
    assert added.exit_code == 0, added.output
    code, planned = plan_json(root)
    assert code == 1
    [thing] = planned["things"]
    assert [c["change"] for c in thing["changes"]] == ["add_variable"]
    assert thing["dashboard"]["action"] == "update"
    [widget] = thing["dashboard"]["changes"]
    assert widget["change"] == "add_widget" and widget["new"]["variables"] == ["fan"]
    assert widget["new"]["type"] == "Switch" and widget["deletes"] is False
    pushed = cloudgen("cloud", "push", "--yes", cwd=root)
    assert pushed.exit_code == 0, pushed.output
    assert shown(fake)["fan"] == ("Switch", ["fan"])
    assert [w["id"] for w in dashboard["widgets"]][:3] == expected  # the others stay
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0
    assert_contract(fake, prism_url)


def test_the_users_layout_goes_to_the_cloud_and_cloud_widgets_are_kept(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, prism_url: str
) -> None:
    root = with_dashboard(new_project(tmp_path, client_cache))
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    path = root / "dashboards" / "Greenhouse" / "dashboard.yaml"
    text = path.read_text().replace("name: pump\n    x: 0\n", "name: pump\n    x: 16\n", 1)
    path.write_text(text.replace("\nname: Greenhouse\n", "\nname: Greenhouse at home\n", 1))
    [dashboard] = fake.dashboards.values()
    soil = next(w for w in dashboard["widgets"] if w["name"] == "soil")
    dashboard["widgets"].append(  # made in the web UI
        {**soil, "id": str(uuid.uuid4()), "name": "Gauge", "type": "Gauge", "x": 0, "y": 20}
    )

    planned = cloudgen("cloud", "plan", cwd=root)
    assert planned.exit_code == 1
    assert '  ~ widget "pump": layout 4x4 at 0,0 -> 4x4 at 16,0\n' in planned.output
    assert '  ~ dashboard name "Greenhouse" -> "Greenhouse at home"\n' in planned.output
    assert (
        '  - widget "Gauge" (Gauge): kept in the dashboard, which dashboard.yaml does not have '
        "(pass --allow-delete to remove it)\n"
    ) in planned.output
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    assert [w["x"] for w in dashboard["widgets"] if w["name"] == "pump"] == [16]
    assert dashboard["name"] == "Greenhouse at home"
    assert "Gauge" in shown(fake)
    assert cloudgen("cloud", "push", "--yes", "--allow-delete", cwd=root).exit_code == 0
    assert "Gauge" not in shown(fake)
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0
    assert_contract(fake, prism_url)


def test_a_dashboard_made_elsewhere_is_linked_by_name_and_taken_over(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, prism_url: str
) -> None:
    """As arduino-cloud-cli creates it from the template: random widget ids, same widgets."""
    root = with_dashboard(new_project(tmp_path, client_cache))
    thing_id = fake.seed(
        "Greenhouse",
        "",
        {},
        *(
            {"name": n, "variable_name": n, "type": t, "permission": p, "update_strategy": s, "update_parameter": u}
            for n, t, p, s, u in [("pump", "STATUS", "READ_WRITE", "ON_CHANGE", 0), ("soil", "FLOAT", "READ_ONLY", "ON_CHANGE", 0.5)]
        ),
    )  # fmt: skip
    ids = {p["variable_name"]: p["id"] for p in fake.things[thing_id]["properties"]}
    widgets = [
        {**{k: v for k, v in w.items() if k != "variables"}, "id": str(uuid.uuid4()), "options": w.get("options", {})}
        | {"variables": [ids[link["variable_id"]] for link in w["variables"]]}
        for w in dashboard_file(root)["widgets"]
    ]  # fmt: skip
    made = fake._dashboards("POST", [], {"name": "Greenhouse", "widgets": widgets})
    planned = cloudgen("cloud", "plan", cwd=root)
    assert planned.exit_code == 1
    assert (
        f"= link to the cloud dashboard of this name ({made[1]['id']}), recording its id"
        in planned.output
    )
    assert "widget" not in planned.output  # every widget matched by type and variables
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    entry = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"][0]
    assert entry["dashboard_id"] == made[1]["id"]
    assert len(fake.dashboards) == 1
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 0
    assert_contract(fake, prism_url)


def test_a_lost_create_answer_is_linked_by_name_not_made_twice(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = with_dashboard(new_project(tmp_path, client_cache))
    fake.faults.append(
        Fault(lambda m, p: m == "POST" and p == "/iot/v2/dashboards", status=502, after=True)
    )
    output = fails_clearly(root, "push", "--yes")
    assert 'creating dashboard "Greenhouse": the answer was lost (ServerError)' in output
    assert 'applied: "Greenhouse": + create the Thing, with 2 variables: pump, soil' in output
    planned = cloudgen("cloud", "plan", cwd=root)
    assert "= link to the cloud dashboard of this name" in planned.output
    assert "widget" not in planned.output  # the widgets it made are cloudgen's own
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    assert len(fake.dashboards) == 1 and cloudgen("cloud", "plan", cwd=root).exit_code == 0


def test_a_widget_of_an_unknown_thing_or_a_dashboard_gone_is_an_error(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = with_dashboard(new_project(tmp_path, client_cache))
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    path = root / "dashboards" / "Greenhouse" / "dashboard.yaml"
    original = path.read_text()
    path.write_text(
        original.replace(
            "variable_id: pump\n",
            "variable_id: pump\n      - thing_id: Barn\n        variable_id: door\n",
            1,
        )
    )
    output = fails_clearly(root, "plan")
    assert (
        'widget "pump" of its dashboard shows a variable of the Thing Barn, which is not in the Arduino Cloud'
        in output
    )
    path.write_text(original)
    [dashboard_id] = fake.dashboards
    del fake.dashboards[dashboard_id]
    output = fails_clearly(root, "plan")
    assert f"dashboard {dashboard_id} is not in the Arduino Cloud (deleted there?)" in output
    assert "remove its dashboard_id from cloudgen.yaml" in output
