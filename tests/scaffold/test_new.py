"""`cloudgen new` (scaffold) and `cloudgen var` (edit a Thing from the command line)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from helpers import (
    REPO,
    cloudgen,
    compile_sketch,
    host_defines,
    snapshot,
    thing_yaml,
    var,
    write_tree,
)

from generator.core.catalog import load_catalog
from generator.core.diagnostics import Diagnostics
from generator.thing.load import load_thing

CLOUDGEN = Path(sys.executable).with_name("cloudgen")
DEVICE = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"
THING = "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"
# One board per connection family and authentication, with the options each needs.
FAMILIES = [
    ("arduino:samd:mkrwifi1010", []),
    ("esp8266:esp8266:nodemcuv2", ["--device-id", DEVICE]),
    ("arduino:samd:mkrgsm1400", []),
    ("arduino:samd:mkrnb1500", []),
    ("arduino:mbed_portenta:envie_m7", ["--connection", "catm1"]),
    ("arduino:renesas_portenta:portenta_c33", ["--connection", "cellular", "--style", "modern"]),
    ("arduino:mbed_opta:opta", ["--connection", "ethernet"]),
    ("arduino:samd:mkrwan1310", ["--thing-id", THING, "--lora-band", "AU915"]),
]


@pytest.mark.parametrize(("board", "extra"), FAMILIES, ids=[b for b, _ in FAMILIES])
def test_new_project_for_every_family(tmp_path: Path, board: str, extra: list[str]) -> None:
    result = cloudgen(
        "new",
        "farm",
        "--name",
        "Farm Node",
        "--board",
        board,
        "--var",
        "pump:STATUS:readwrite",
        "--var",
        "level:FLOAT:on-change=0.5",
        "--var",
        "battery:INT:every=600",
        *extra,
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    root = tmp_path / "farm"
    for name in (
        "cloudgen.yaml",
        "cloudgen.lock",
        "things/farm_node.yaml",
        ".gitignore",
        ".pre-commit-config.yaml",
        "Makefile",
        "README.md",
        "sketches/FarmNode/sketch.yaml",
        "sketches/FarmNode/FarmNode.ino",
        "sketches/FarmNode/thingProperties.h",
    ):
        assert (root / name).is_file(), name
    catalog = load_catalog()
    profile = yaml.safe_load((root / "sketches/FarmNode/sketch.yaml").read_text())
    assert profile["profiles"]["cloudgen"]["fqbn"] == board
    assert profile["profiles"]["cloudgen"]["libraries"] == [
        f"{name} ({version})" for name, version in catalog.libraries
    ]
    core = ":".join(board.split(":")[:2])  # the platform is pinned too, from the catalog
    (platform,) = profile["profiles"]["cloudgen"]["platforms"]
    assert platform["platform"] == f"{core} ({catalog.platform_versions[core]})"
    # `new` lists every file it made, the generated sketch files too.
    for name in (
        "cloudgen.yaml",
        "sketches/FarmNode/thingProperties.h",
        "sketches/FarmNode/FarmNode.ino",
    ):
        assert f" create farm/{name}\n" in result.output, name
    readme = (root / "README.md").read_text()
    assert "arduino-cli compile --upload -p PORT --profile cloudgen sketches/FarmNode" in readme
    assert (
        'Sketch of the Arduino Cloud Thing "Farm Node"'
        in (root / "sketches/FarmNode/FarmNode.ino").read_text()
    )  # the Thing's name, not the folder's
    check = subprocess.run(
        ["make", "--silent", "check", f"CLOUDGEN={CLOUDGEN}"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    connection = extra[extra.index("--connection") + 1] if "--connection" in extra else None
    compiled = compile_sketch(root / "sketches" / "FarmNode", host_defines(board, connection))
    assert compiled.returncode == 0, compiled.output
    # The template is what arduino-cloud-cli's `thing create --template` reads.
    template = yaml.safe_load((root / "things/farm_node.yaml").read_text())
    assert set(template) == {"name", "timezone", "variables"}
    assert template["variables"][2] == {
        "name": "battery",
        "permission": "READ_ONLY",
        "type": "INT",
        "update_parameter": 600,
        "update_strategy": "TIMED",
        "variable_name": "battery",
    }


def test_running_new_again_changes_nothing(tmp_path: Path) -> None:
    args = ["new", "p", "--board", "arduino:samd:mkr1000", "--var", "x:INT"]
    assert cloudgen(*args, cwd=tmp_path).exit_code == 0
    before = snapshot(tmp_path)
    again = cloudgen(*args, cwd=tmp_path)
    assert again.exit_code == 0 and "nothing changed" in again.output
    assert snapshot(tmp_path) == before


def test_without_a_terminal_new_lists_what_is_missing(tmp_path: Path) -> None:
    result = cloudgen("new", "p", "--var", "x:INT", cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        "cloudgen: --board: missing: the board's FQBN (`cloudgen boards` lists them)"
        in result.stderr
    )
    lora = cloudgen("new", "p", "--board", "arduino:samd:mkrwan1300", cwd=tmp_path)
    assert lora.exit_code == 2
    assert "--thing-id: missing" in lora.stderr and "--lora-band: missing: one of" in lora.stderr
    bad = cloudgen("new", "p", "--board", "arduino:samd:mkr1000", "--var", "x:FLOT", cwd=tmp_path)
    assert bad.exit_code == 2 and 'did you mean "FLOAT"?' in bad.stderr
    keyword = cloudgen(
        "new", "p", "--board", "arduino:samd:mkr1000", "--var", "switch:INT", cwd=tmp_path
    )
    assert keyword.exit_code == 2 and "is a C++ keyword" in keyword.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_from_an_exported_template(tmp_path: Path) -> None:
    result = cloudgen(
        "new",
        "gh",
        "--board",
        "arduino:samd:mkrwifi1010",
        "--from-template",
        REPO / "specs/things/greenhouse.yaml",
        "--var",
        "fan:HOME_SWITCH:readwrite",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    thing = load_thing(tmp_path / "gh/things/greenhouse.yaml", "t", load_catalog(), Diagnostics())
    assert thing is not None and thing.name == "Greenhouse" and thing.timezone == "Europe/Rome"
    assert [v.variable_name for v in thing.variables][-2:] == ["cycles", "fan"]
    assert thing.tags == (("site", "north"), ("crop", "tomato"))


def test_new_asks_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        str(CLOUDGEN),
        ["new", "porch"],
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    child.expect("Thing name")
    child.sendline("Porch Light")
    child.expect("Board")
    child.send("arduino:samd:mkrwi\t")  # Tab completes the only match
    child.sendline("")
    child.expect("Variable")
    child.sendline("light:HOME_LIGHT:readwite")  # a typo is reported and asked again
    child.expect("did you mean")
    child.expect("Variable")
    child.sendline("light:HOME_LIGHT:readwrite")
    child.expect("Variable")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    config = yaml.safe_load((tmp_path / "porch/cloudgen.yaml").read_text())
    assert config["things"][0]["board"] == "arduino:samd:mkrwifi1010"
    header = (tmp_path / "porch/sketches/PorchLight/thingProperties.h").read_text()
    assert "CloudLight light;" in header and 'Thing "Porch Light"' in header


COMMENTED = """\
# Our greenhouse, written by hand.
name: Greenhouse  # shown in the Cloud
variables:
# the pump, switched from the dashboard
- variable_name: pump
  name: Pump
  type: STATUS
  permission: READ_WRITE
  update_strategy: ON_CHANGE
- variable_name: soil
  name: Soil
  type: FLOAT   # percent
  permission: READ_ONLY
  update_strategy: ON_CHANGE
  update_parameter: 0.5
"""


def _var_project(tmp_path: Path, template: str = COMMENTED, name: str = "t.yaml") -> Path:
    write_tree(
        tmp_path,
        {
            name: template,
            "cloudgen.yaml": f"things:\n  - {{template: {name}, board: 'arduino:samd:mkr1000', outputs: {{sketch: S}}}}\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    return tmp_path / name


def test_var_edits_keep_comments_and_layout_and_the_sketch_follows(tmp_path: Path) -> None:
    template = _var_project(tmp_path)
    assert (
        cloudgen(
            "var", "add", "t.yaml", "fan:HOME_SWITCH:readwrite", "--label", "Fan", cwd=tmp_path
        ).exit_code
        == 0
    )
    assert (
        cloudgen(
            "var", "set", "t.yaml", "soil", "--every", "60", "--type", "percentage", cwd=tmp_path
        ).exit_code
        == 0
    )
    assert cloudgen("var", "rename", "t.yaml", "pump", "water_pump", cwd=tmp_path).exit_code == 0
    text = template.read_text()
    assert text.startswith(
        "# Our greenhouse, written by hand.\nname: Greenhouse  # shown in the Cloud\n"
    )
    assert "# the pump, switched from the dashboard\n- variable_name: water_pump\n" in text
    assert "  type: PERCENTAGE # percent\n" in text  # the comment stays at its column where it fits
    assert text.endswith(
        "- variable_name: fan\n  name: Fan\n  type: HOME_SWITCH\n  permission: READ_WRITE\n"
        "  update_strategy: ON_CHANGE\n  update_parameter: 0\n"
    )
    thing = load_thing(template, "t.yaml", load_catalog(), Diagnostics())
    assert thing is not None
    assert [(v.variable_name, v.type.name, v.update_strategy) for v in thing.variables] == [
        ("water_pump", "STATUS", "ON_CHANGE"),
        ("soil", "PERCENTAGE", "TIMED"),
        ("fan", "HOME_SWITCH", "ON_CHANGE"),
    ]
    header = (tmp_path / "S/thingProperties.h").read_text()
    assert "ArduinoCloud.addProperty(soil, READ, 60 * SECONDS, NULL);" in header
    assert "void onWaterPumpChange()  {" in (tmp_path / "S/S.ino").read_text()
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 0

    listing = cloudgen("var", "list", "t.yaml", cwd=tmp_path).output.splitlines()
    assert listing[0].split() == ["VARIABLE", "LABEL", "TYPE", "C++", "PERMISSION", "UPDATE"]
    assert listing[2].split() == [
        "soil",
        "Soil",
        "PERCENTAGE",
        "CloudPercentage",
        "READ_ONLY",
        "every",
        "60",
        "s",
    ]

    assert cloudgen("var", "remove", "t.yaml", "fan", cwd=tmp_path).exit_code == 0
    assert "fan" not in template.read_text()


def test_invalid_var_edits_write_nothing(tmp_path: Path) -> None:
    _var_project(tmp_path)
    before = snapshot(tmp_path)
    for args in (
        ["add", "t.yaml", "soil:INT"],
        ["set", "t.yaml", "soil", "--type", "FLOT"],
        ["rename", "t.yaml", "pump", "HIGH"],
        ["remove", "t.yaml", "pmp"],
    ):
        result = cloudgen("var", *args, cwd=tmp_path)
        assert result.exit_code == 2, (args, result.output)
        assert snapshot(tmp_path) == before, args
    assert 'did you mean "pump"?' in cloudgen("var", "remove", "t.yaml", "pmp", cwd=tmp_path).stderr


def test_var_edits_of_a_json_export_keep_its_order_and_indent(tmp_path: Path) -> None:
    shutil.copy(REPO / "specs/things/media_room.json", tmp_path / "m.json")
    template = _var_project(tmp_path, (tmp_path / "m.json").read_text(), "m.json")
    result = cloudgen("var", "add", "m.json", "dimmer:HOME_DIMMED_LIGHT:readwrite", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = template.read_text()
    assert text.startswith('{\n    "name": "Media Room",\n')
    assert (
        '        {\n            "name": "dimmer",\n            "permission": "READ_WRITE",' in text
    )
    assert "CloudDimmedLight dimmer;" in (tmp_path / "S/thingProperties.h").read_text()


def test_new_with_micropython(tmp_path: Path) -> None:
    result = cloudgen(
        "new",
        "p",
        "--board",
        "arduino:samd:mkr1000",
        "--var",
        "lamp:HOME_LIGHT:readwrite",
        "--micropython",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "p/cloudgen.yaml").read_text())
    assert config["things"][0]["outputs"] == {
        "sketch": "sketches/P",
        "micropython": "micropython/P",
    }
    folder = tmp_path / "p/micropython/P"
    assert (
        "def on_lamp(client: ArduinoCloudClient, value: bool) -> None:"
        in (folder / "main.py").read_text()
    )
    assert (folder / "thing_properties.py").exists() and (folder / "secrets.py").exists()
    check = subprocess.run(
        ["make", "--silent", "check", f"CLOUDGEN={CLOUDGEN}"],
        cwd=tmp_path / "p",
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_new_errors_name_what_was_typed(tmp_path: Path) -> None:
    collide = cloudgen(
        "new",
        "p",
        "--board",
        "arduino:samd:mkr1000",
        "--var",
        "a_b:INT:readwrite",
        "--var",
        "aB:INT:readwrite",
        cwd=tmp_path,
    )
    assert collide.exit_code == 2
    assert collide.stderr.startswith(
        'cloudgen: --var: "aB:INT:readwrite": callback onABChange() of "aB" is also the callback'
    )  # the option typed, not things/p.yaml, which does not exist
    named = cloudgen(
        "new", "p", "--name", "Température", "--board", "arduino:avr:uno", cwd=tmp_path
    )
    assert named.exit_code == 2
    assert (
        "the closest supported boards: arduino:renesas_uno:unor4wifi (UNO R4 WiFi)" in named.stderr
    )
    keyword = cloudgen(
        "new", "p", "--board", "arduino:samd:mkr1000", "--var", "sœur:INT", cwd=tmp_path
    )
    assert '--var: "sœur:INT": variable name "sœur" must start' in keyword.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_with_an_unregistered_device(tmp_path: Path) -> None:
    missing = cloudgen("new", "p", "--board", "esp32:esp32:esp32", "--var", "x:INT", cwd=tmp_path)
    assert missing.exit_code == 2
    assert (
        '--device-id: missing: any ESP32 board authenticates with a device key; give it as ""'
        in missing.stderr
    )
    result = cloudgen(
        "new",
        "p",
        "--board",
        "esp32:esp32:esp32",
        "--var",
        "x:INT",
        "--device-id",
        "",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert "things[0].device_id: empty: the sketch cannot connect" in result.stderr
    header = (tmp_path / "p/sketches/P/thingProperties.h").read_text()
    assert 'DEVICE_LOGIN_NAME[] = "";  // not set yet: give device_id in cloudgen.yaml' in header
    compiled = compile_sketch(tmp_path / "p/sketches/P", host_defines("esp32:esp32:esp32"))
    assert compiled.returncode == 0, compiled.output
    # Once registered, the id goes into cloudgen.yaml and the sketch follows.
    config = tmp_path / "p/cloudgen.yaml"
    config.write_text(config.read_text().replace("device_id: ''", f"device_id: {DEVICE}"))
    assert cloudgen("generate", cwd=tmp_path / "p").exit_code == 0
    assert (
        f'DEVICE_LOGIN_NAME[] = "{DEVICE}";\n'
        in (tmp_path / "p/sketches/P/thingProperties.h").read_text()
    )


def test_var_edits_of_a_thing_with_several_outputs_keep_the_lock_whole(tmp_path: Path) -> None:
    """One run for every folder the template feeds: a second edit must not find a file of
    the first edit 'edited by hand' (each folder's run used to record the lock alone)."""
    write_tree(
        tmp_path,
        {
            "t.yaml": thing_yaml(var("pump", "STATUS", "READ_WRITE")),
            "cloudgen.yaml": "things:\n  - template: t.yaml\n    board: arduino:samd:mkr1000\n"
            "    outputs:\n      sketch: S\n      micropython: M\n      typescript: T\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    for name in ("first", "second"):
        result = cloudgen("var", "add", "t.yaml", f"{name}:INT", cwd=tmp_path)
        assert result.exit_code == 0, result.output
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 0
    assert "int second;" in (tmp_path / "S" / "thingProperties.h").read_text()


def test_a_var_edit_whose_outputs_cannot_follow_leaves_the_template_as_it_was(
    tmp_path: Path,
) -> None:
    write_tree(
        tmp_path,
        {
            "t.yaml": thing_yaml(var("pump", "STATUS", "READ_WRITE")),
            "cloudgen.yaml": "things:\n  - template: t.yaml\n    board: arduino:samd:mkr1000\n"
            "    outputs:\n      sketch: S\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    header = tmp_path / "S" / "thingProperties.h"
    header.write_text(header.read_text() + "// mine\n")
    before = snapshot(tmp_path)
    result = cloudgen("var", "add", "t.yaml", "fan:INT", cwd=tmp_path)
    assert result.exit_code == 1
    assert "edited by hand" in result.stderr
    assert "t.yaml is unchanged" in result.output
    assert snapshot(tmp_path) == before
