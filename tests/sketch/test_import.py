"""Editor-downloaded sketches (sync and import), and import(generate(T)) == T."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import REPO, cloudgen, compile_sketch, host_defines, snapshot, write_tree

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostics
from generator.thing.load import load_thing
from generator.thing.model import Thing

EDITOR = REPO / "tests" / "fixtures" / "editor"
IRRIGATION_V2 = """
name: Irrigation
variables:
  - {name: Valve, variable_name: valve, type: STATUS, permission: READ_WRITE, update_strategy: ON_CHANGE}
  - {name: SoilLevel, variable_name: soil_level, type: FLOAT, permission: READ_ONLY, update_strategy: ON_CHANGE, update_parameter: 0.5}
  - {name: Readings, variable_name: readings, type: INT, permission: READ_ONLY, update_strategy: TIMED, update_parameter: 60}
  - {name: Flow, variable_name: flow, type: FLOW_RATE, permission: READ_ONLY, update_strategy: ON_CHANGE}
  - {name: Schedule, variable_name: watering, type: SCHEDULE, permission: READ_WRITE, update_strategy: ON_CHANGE}
"""


def _copy_editor_sketch(name: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(EDITOR / name, tmp_path / name))


def test_editor_sketch_synced_against_a_changed_template(tmp_path: Path) -> None:
    sketch = _copy_editor_sketch("Irrigation", tmp_path)
    write_tree(tmp_path, {"irrigation.yaml": IRRIGATION_V2})
    ino_before = (sketch / "Irrigation.ino").read_text()

    result = cloudgen("sync", "Irrigation", "--thing", "irrigation.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output

    header = (sketch / "thingProperties.h").read_text()
    # Board from sketch.json, device id from the editor's DEVICE_LOGIN_NAME.
    assert "(esp32:esp32:esp32)" in header
    assert 'const char DEVICE_LOGIN_NAME[] = "7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a";' in header
    assert "CloudSchedule watering;" in header and "targetLevel" not in header
    old_list = (
        "  float soil_level;\n  int readings;\n  bool valve;\n  CloudPercentage targetLevel;\n"
    )
    new_list = "  bool valve;\n  float soil_level;\n  int readings;\n  CloudFlowRate flow;\n  CloudSchedule watering;\n"
    stub = (
        "\n/*\n  Runs when the cloud sends watering a new value.\n*/\n"
        "void onWateringChange()  {\n  // Add your code here to act on watering\n}\n"
    )
    assert (sketch / "Irrigation.ino").read_text() == ino_before.replace(old_list, new_list) + stub
    assert "onTargetLevelChange() is kept" in result.stderr
    write_tree(
        sketch,
        {
            "arduino_secrets.h": '#define SECRET_SSID ""\n#define SECRET_OPTIONAL_PASS ""\n#define SECRET_DEVICE_KEY ""\n'
        },
    )
    assert compile_sketch(sketch, host_defines("esp32:esp32:esp32")).returncode == 0

    # Now cloudgen owns thingProperties.h: a second sync is a no-op, a hand edit is refused.
    before = snapshot(sketch)
    assert cloudgen("sync", "Irrigation", "--thing", "irrigation.yaml", cwd=tmp_path).exit_code == 0
    assert snapshot(sketch) == before
    (sketch / "thingProperties.h").write_text(header.replace("int readings;", "long readings;"))
    refused = cloudgen("sync", "Irrigation", "--thing", "irrigation.yaml", "--check", cwd=tmp_path)
    assert refused.exit_code == 1 and "-long readings;" in refused.stdout


def test_editor_lora_sketch_keeps_the_clouds_tags(tmp_path: Path) -> None:
    _copy_editor_sketch("FieldNode", tmp_path)
    write_tree(
        tmp_path,
        {
            "node.yaml": """
        name: Field Node
        variables:
          - {name: Moisture, variable_name: moisture, type: FLOAT, permission: READ_ONLY, update_strategy: TIMED, update_parameter: 900}
          - {name: Battery, variable_name: battery, type: INT, permission: READ_ONLY, update_strategy: TIMED, update_parameter: 3600}
          - {name: Rain, variable_name: rain, type: INT, permission: READ_ONLY, update_strategy: ON_CHANGE}
        """
        },
    )
    result = cloudgen("sync", "FieldNode", "--thing", "node.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    header = (tmp_path / "FieldNode" / "thingProperties.h").read_text()
    assert "ArduinoCloud.addProperty(moisture, 1, READ, 900 * SECONDS, NULL);" in header
    assert "ArduinoCloud.addProperty(battery, 4, READ, 3600 * SECONDS, NULL);" in header
    # pump (tag 2) is gone and 3 was never seen here, but 4 was: the new variable gets 5.
    assert "ArduinoCloud.addProperty(rain, 5, READ, ON_CHANGE, NULL);" in header
    assert "_lora_band::US915" in header and 'THING_ID[] = "4b3a2918' in header


def test_import_of_an_editor_sketch(tmp_path: Path) -> None:
    _copy_editor_sketch("Irrigation", tmp_path)
    result = cloudgen("import", "Irrigation", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    template = (tmp_path / "things" / "Irrigation.yaml").read_text()
    assert template.startswith(
        "name: Irrigation\ntimezone: ''\nvariables:\n    - name: valve\n      permission: READ_WRITE\n"
    )
    config = yaml.safe_load((tmp_path / "cloudgen.yaml").read_text())
    assert config["things"] == [
        {
            "template": "things/Irrigation.yaml",
            "board": "esp32:esp32:esp32",
            "device_id": "7d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a",
            "thing_id": "2a1b0c9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d",
            "outputs": {"sketch": "Irrigation"},
        }
    ]
    generated = cloudgen("generate", cwd=tmp_path)
    assert generated.exit_code == 0, generated.output
    assert "onTargetLevelChange" in (tmp_path / "Irrigation" / "thingProperties.h").read_text()


def test_import_of_unreadable_input_names_the_line(tmp_path: Path) -> None:
    sketch = _copy_editor_sketch("Irrigation", tmp_path)
    path = sketch / "thingProperties.h"
    old = "ArduinoCloud.addProperty(readings, READ, 60 * SECONDS, NULL);"
    path.write_text(path.read_text().replace(old, old.replace("SECONDS", "WEEKS")))
    before = snapshot(tmp_path)
    result = cloudgen("import", "Irrigation", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "Irrigation/thingProperties.h:27:1: cannot read this addProperty: "
        "ArduinoCloud.addProperty(readings, READ, 60 * WEEKS, NULL);",
        "cloudgen: 1 error; nothing was written",
    ]
    assert snapshot(tmp_path) == before


def _thing(path: Path) -> tuple[object, ...]:
    thing = load_thing(path, str(path), load_catalog(), Diagnostics())
    assert isinstance(thing, Thing)
    return (thing.name, thing.timezone, thing.tags, thing.variables)


@pytest.mark.parametrize("style", ["configured", "legacy", "modern"])
def test_import_of_generate_gives_back_every_example(
    example_builds: dict[str, Path],
    example_config: list[dict[str, object]],
    tmp_path: Path,
    style: str,
) -> None:
    for index, entry in enumerate(example_config):
        project = tmp_path / f"p{index}"
        project.mkdir()
        outputs = entry["outputs"]
        assert isinstance(outputs, dict)
        source = example_builds[style] / str(outputs["sketch"])
        shutil.copytree(source, project / source.name)
        result = cloudgen("import", source.name, "-o", "thing.yaml", cwd=project)
        assert result.exit_code == 0, result.output
        assert _thing(project / "thing.yaml") == _thing(REPO / str(entry["template"]))
        imported = yaml.safe_load((project / "cloudgen.yaml").read_text())["things"][0]
        # web_page is the dashboard's: a sketch cannot say it
        skipped = ("template", "outputs", "style", "web_page")
        expected = {k: v for k, v in entry.items() if k not in skipped}
        if style != "configured":
            expected["style"] = style
        elif "style" in entry:
            expected["style"] = entry["style"]
        if expected.get("style") == "legacy":
            del expected["style"]
        got = {k: v for k, v in imported.items() if k not in ("template", "outputs")}
        assert got == expected, source.name
        # Regenerating from the import reproduces the sketch (but for the template's path).
        assert cloudgen("generate", cwd=project).exit_code == 0
        regenerated = (project / source.name / "thingProperties.h").read_text().split("\n", 1)[1]
        assert regenerated == (source / "thingProperties.h").read_text().split("\n", 1)[1]
