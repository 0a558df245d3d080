"""The `dashboard` kind: templates arduino-cloud-cli accepts, and a file that stays the user's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_rules import Loaded, TemplateError, load_template
from helpers import REPO, cloudgen, snapshot, thing_yaml, var, write_tree

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostics
from generator.dashboard.catalog import load_widget_catalog
from generator.thing.load import load_thing

THING_ID = "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"
DEMO = thing_yaml(
    var("lamp", "STATUS", "READ_WRITE", label="Lamp")
    + var("temp", "TEMPERATURE", label="Temp", every=60)
    + var("note", "CHARSTRING", "READ_WRITE", label="Note"),
    "Demo Thing",
)
FAN = var("fan", "HOME_SWITCH", "READ_WRITE", label="Fan")


def _columns() -> tuple[int, int]:
    catalog = load_widget_catalog()
    return catalog.desktop_columns, catalog.mobile_columns


def _generate(root: Path, thing: str, *options: str) -> Path:
    (root / "t.yaml").write_text(thing)
    result = cloudgen("dashboard", "t.yaml", "-o", "out", *options, cwd=root)
    assert result.exit_code == 0, result.output
    return root / "out" / "dashboard.yaml"


def _load(path: Path, overrides: dict[str, str], things: dict[str, set[str]]) -> Loaded:
    return load_template(path.read_text(), overrides, things, _columns())


def _widgets(path: Path) -> dict[str, dict[str, Any]]:
    return {w["id"]: w for w in yaml.safe_load(path.read_text())["widgets"]}


def _layout(widget: dict[str, Any]) -> tuple[int, ...]:
    keys = ("x", "y", "width", "height", "x_mobile", "y_mobile", "width_mobile", "height_mobile")
    return tuple(widget[key] for key in keys)


def _example_dashboards() -> list[tuple[Path, Path, str | None]]:
    """(template, dashboard, the entry's thing_id) of every example with a dashboard."""
    config = yaml.safe_load((REPO / "cloudgen.yaml").read_text())
    return [
        (
            REPO / entry["template"],
            REPO / entry["outputs"]["dashboard"] / "dashboard.yaml",
            entry.get("thing_id"),
        )
        for entry in config["things"]
        if "dashboard" in entry["outputs"]
    ]


@pytest.mark.parametrize(
    ("template", "dashboard", "thing_id"),
    _example_dashboards(),
    ids=lambda p: p.parent.name if isinstance(p, Path) else "",
)
def test_the_committed_example_dashboards_load_under_the_cli_rules(
    template: Path, dashboard: Path, thing_id: str | None
) -> None:
    """The golden files (kept current by tests/project/test_examples.py) create a
    dashboard with a widget for every variable of their Thing: by the placeholder the
    header's --override names, or by the Thing id the project gives."""
    thing = load_thing(template, template.name, load_catalog(), Diagnostics())
    assert thing is not None
    names = {v.variable_name for v in thing.variables}
    header = dashboard.read_text().split("\nname:")[0]
    if thing_id is None:
        placeholder = header.split("--override ")[1].split("=<thing-id>")[0]
        loaded = _load(dashboard, {placeholder: THING_ID}, {THING_ID: names})
    else:
        assert "--override" not in header
        loaded = _load(dashboard, {}, {thing_id: names})
    shown = {link.split("/")[1] for widget in loaded.widgets for link in widget["variables"]}
    assert shown == names
    assert loaded.name == thing.name
    assert len(loaded.widgets) >= len(names)


@pytest.mark.parametrize("template", sorted((REPO / "specs" / "things").iterdir()), ids=str)
def test_every_example_thing_gets_a_template_the_cli_accepts(
    tmp_path: Path, template: Path
) -> None:
    output = tmp_path / "out"
    result = cloudgen("dashboard", template, "-o", output, "--thing-id", THING_ID)
    assert result.exit_code == 0, result.output
    thing = load_thing(template, template.name, load_catalog(), Diagnostics())
    assert thing is not None
    names = {v.variable_name for v in thing.variables}
    loaded = _load(output / "dashboard.yaml", {}, {THING_ID: names})
    assert {link for w in loaded.widgets for link in w["variables"]} == {
        f"{THING_ID}/{name}" for name in names
    }


def test_widgets_follow_the_catalog_by_type_and_permission(tmp_path: Path) -> None:
    widgets = _widgets(_generate(tmp_path, DEMO))
    assert {key: w["type"] for key, w in widgets.items()} == {
        "lamp": "Switch",
        "temp": "Value",
        "temp-chart": "Chart",
        "note": "Messenger",
    }
    assert widgets["lamp"]["options"] == {"showLabels": True}
    assert widgets["temp-chart"]["name"] == "Temp Chart"


def test_the_header_names_cloudgen_the_thing_and_the_override(tmp_path: Path) -> None:
    text = _generate(tmp_path, DEMO).read_text()
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert "cloudgen" in header[0] and "Demo Thing" in header[0] and "t.yaml" in header[1]
    assert "dashboard create --template dashboard.yaml --override demo-thing=<thing-id>" in text
    assert '\n    "y": 0\n' in text  # quoted, as a bare y is a boolean in YAML 1.1


def test_a_thing_id_goes_into_the_links_and_needs_no_override(tmp_path: Path) -> None:
    path = _generate(tmp_path, DEMO, "--thing-id", THING_ID.upper())
    assert "--override" not in path.read_text()
    _load(path, {}, {THING_ID: {"lamp", "temp", "note"}})


def test_a_bad_thing_id_names_the_option_and_writes_nothing(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.yaml": DEMO})
    result = cloudgen("dashboard", "t.yaml", "-o", "out", "--thing-id", "nope", cwd=tmp_path)
    assert result.exit_code == 2
    assert "cloudgen: --thing-id: expected the Thing id as a UUID" in result.output
    assert not (tmp_path / "out").exists()


def test_adding_a_variable_moves_no_widget(tmp_path: Path) -> None:
    path = _generate(tmp_path, DEMO)
    before = _widgets(path)
    _generate(tmp_path, DEMO + FAN)
    after = _widgets(path)
    assert {key: _layout(w) for key, w in after.items() if key in before} == {
        key: _layout(w) for key, w in before.items()
    }
    assert after["fan"]["type"] == "Switch"
    _load(path, {"demo-thing": THING_ID}, {THING_ID: {"lamp", "temp", "note", "fan"}})


def test_what_the_user_changed_is_kept_when_the_thing_changes(tmp_path: Path) -> None:
    path = _generate(tmp_path, DEMO)
    data = yaml.safe_load(path.read_text())
    lamp = data["widgets"][0]
    lamp.update({"x": 16, "y": 20, "width": 6, "name": "Desk lamp", "type": "Push Button"})
    lamp["options"] = {"showLabels": False, "frameless": True}
    path.write_text(json.dumps(data))  # the user may even save it as JSON
    _generate(tmp_path, DEMO + FAN)
    after = _widgets(path)
    assert {key: after["lamp"][key] for key in lamp} == lamp
    _load(path, {"demo-thing": THING_ID}, {THING_ID: {"lamp", "temp", "note", "fan"}})


def test_an_unchanged_thing_keeps_the_users_bytes_and_refreshes_the_header(
    tmp_path: Path,
) -> None:
    path = _generate(tmp_path, DEMO)
    text = path.read_text().replace("    x: 0\n", "    x: 0  # my own note\n", 1)
    path.write_text(text.replace("Demo Thing, written", "Old Name, written"))
    _generate(tmp_path, DEMO)
    assert path.read_text() == text


def test_removing_a_variable_removes_its_widgets_and_says_so(tmp_path: Path) -> None:
    path = _generate(tmp_path, DEMO + FAN)
    before = _widgets(path)
    (tmp_path / "t.yaml").write_text(
        DEMO.replace(var("temp", "TEMPERATURE", label="Temp", every=60), "") + FAN
    )
    result = cloudgen("dashboard", "t.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert 'removed widget "Temp"; it showed `temp`, which the Thing no longer has' in result.output
    assert 'removed widget "Temp Chart"' in result.output
    after = _widgets(path)
    assert set(after) == {"lamp", "note", "fan"}
    assert all(_layout(after[key]) == _layout(before[key]) for key in after)


def test_an_extracted_dashboard_is_taken_over_with_its_layout(tmp_path: Path) -> None:
    """As `arduino-cloud-cli dashboard extract` writes one: yaml.v3 layout, the Thing by
    its name, no ids; a widget of another Thing and a note without variables."""
    extracted = """\
        name: Demo board
        widgets:
            - height: 3
              name: Lamp switch
              options:
                showLabels: true
              type: Switch
              variables:
                - thing_id: Demo Thing
                  variable_id: lamp
              width: 5
              x: 2
              "y": 1
            - height: 2
              name: Other
              type: LED
              variables:
                - thing_id: Other Thing
                  variable_id: alarm
              width: 4
              x: 7
              "y": 0
            - {name: Read me, type: StickyNote, x: 0, "y": 9, width: 3, height: 3}
    """
    write_tree(tmp_path, {"out/dashboard.yaml": extracted})
    path = _generate(tmp_path, DEMO)
    data = yaml.safe_load(path.read_text())
    assert data["name"] == "Demo board"
    lamp, other, note, *added = data["widgets"]
    assert lamp["variables"] == [{"thing_id": "demo-thing", "variable_id": "lamp"}]
    assert (lamp["x"], lamp["y"], lamp["width"]) == (2, 1, 5) and "id" not in lamp
    assert other["variables"] == [{"thing_id": "Other Thing", "variable_id": "alarm"}]
    assert note["type"] == "StickyNote"
    assert [w["id"] for w in added] == ["temp", "temp-chart", "note"]
    _load(
        path,
        {"demo-thing": THING_ID, "Other Thing": "other"},
        {THING_ID: {"lamp", "temp", "note"}, "other": {"alarm"}},
    )


@pytest.mark.parametrize(
    ("edit", "replacement", "message"),
    [
        (
            "    x: 0\n",
            '    x: "left"\n',
            'widgets[0].x: expected a whole number from 0 to 1000000, found "left"',
        ),
        (
            "    width: 4\n",
            "    width: -1\n",
            "widgets[0].width: expected a whole number from 0 to 1000",
        ),
        (
            "      - thing_id: demo-thing\n",
            "      - thing_id: 5\n",
            "widgets[0].variables[0].thing_id: expected a non-empty string",
        ),
        ("    height: 4\n", "", "widgets[0]: missing height: give x, y, width, height together"),
        ("name: Demo Thing\n", "name: [1]\n", "name: expected text, found a list (quote it)"),
        (
            "  - id: note\n",
            "  - id: note\n    options: [1]\n",
            "widgets[3].options: expected options",
        ),
    ],
    ids=[
        "x-text",
        "width-negative",
        "thing-id-number",
        "height-missing",
        "name-list",
        "options-list",
    ],
)
def test_a_broken_file_is_an_error_at_its_line_and_nothing_is_written(
    tmp_path: Path, edit: str, replacement: str, message: str
) -> None:
    path = _generate(tmp_path, DEMO)
    text = path.read_text()
    broken = text.replace(edit, replacement, 1)
    path.write_text(broken)
    # The changed line, or for a key left out, the widget that lacks it.
    changed = next(
        n
        for n, (a, b) in enumerate(zip(text.splitlines(), broken.splitlines(), strict=False))
        if a != b
    )
    line = changed + 1 if replacement else text[: text.index("  - id: lamp")].count("\n") + 1
    (tmp_path / "t.yaml").write_text(DEMO + FAN)
    before = snapshot(tmp_path)
    result = cloudgen("dashboard", "t.yaml", "-o", "out", cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert f"out/dashboard.yaml:{line}:" in result.output
    assert message in result.output and "nothing was written" in result.output
    assert snapshot(tmp_path) == before


HOSTILE = [
    'Evil "quote" and \\ backslash',
    "New\nline: injected",
    "Line\u2028separator\x85next",
    "y",
    "no",
    "123",
    "- item",
    "# not a comment",
    "key: value",
    "Ünïcødé Gärten 温室 😀",
    "{{ jinja }}",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_stay_inside_their_scalars_and_comments(tmp_path: Path, name: str) -> None:
    variable = {
        "name": name,
        "variable_name": "lamp",
        "type": "STATUS",
        "permission": "READ_WRITE",
        "update_strategy": "ON_CHANGE",
    }
    (tmp_path / "t.json").write_text(json.dumps({"name": name, "variables": [variable]}))
    result = cloudgen("dashboard", "t.json", "-o", "out", "--thing-id", THING_ID, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "dashboard.yaml").read_text()
    header = text.split("\nname:")[0].splitlines()
    assert all(line.startswith("#") for line in header) and len(header) == 8
    loaded = load_template(text, {}, {THING_ID: {"lamp"}}, _columns())
    assert loaded.name == name and loaded.widgets[0]["name"] == name


GOOD = 'name: D\nwidgets:\n  - {type: Switch, name: a, x: 0, "y": 0, width: 4, height: 4}\n'
LINK = "height: 4, variables: [{thing_id: t, variable_id: v}]}"


@pytest.mark.parametrize(
    "text",
    [
        GOOD.replace('"y"', "y"),
        GOOD.replace("x: 0", "x: a"),
        GOOD.replace("type: Switch, ", ""),
        GOOD.replace("height: 4}", "height: 4, options: {icon: x}}"),
        GOOD.replace("x: 0", "x: 22"),
        GOOD.replace("height: 4}", LINK),
        GOOD + '  - {type: LED, name: b, x: 3, "y": 3, width: 2, height: 2}\n',
    ],
    ids=[
        "bare-y",
        "type-mismatch",
        "no-type",
        "dropped-option",
        "outside",
        "unknown-variable",
        "overlap",
    ],
)
def test_the_loader_refuses_what_the_cli_would_refuse_or_break(text: str) -> None:
    """The stub is strict: each of these fails, as in the real CLI or worse."""
    load_template(GOOD, {}, {}, (24, 8))
    with pytest.raises(TemplateError):
        load_template(text, {}, {"t": {"w"}}, (24, 8))
