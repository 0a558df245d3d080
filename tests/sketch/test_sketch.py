"""Functional tests: small inline Things through the whole pipeline and the CLI."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import cloudgen, compile_sketch, host_defines, snapshot, write_tree

from generator.thing.model import callback_name

DEVICE = "5B1E6F0C-3D2A-4C8E-9F71-0A2B3C4D5E6F"
THING = "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"


def variable(
    name: str,
    type_: str = "FLOAT",
    permission: str = "READ_ONLY",
    strategy: str = "ON_CHANGE",
    parameter: float = 0,
) -> str:
    return (
        f"  - name: {name}\n    variable_name: {name}\n    type: {type_}\n"
        f"    permission: {permission}\n    update_strategy: {strategy}\n"
        f"    update_parameter: {parameter}\n"
    )


def project(
    root: Path, variables: str, board: str = "arduino:samd:mkrwifi1010", extra: str = ""
) -> Path:
    write_tree(
        root,
        {
            "cloudgen.yaml": f"""
            things:
              - template: thing.yaml
                board: {board}
                outputs:
                  sketch: Demo
            """,
            "thing.yaml": "name: Demo\nvariables:\n" + variables,
        },
    )
    if extra:
        config = root / "cloudgen.yaml"
        config.write_text(
            config.read_text() + "".join(f"    {line}\n" for line in extra.splitlines())
        )
    return root


def properties(root: Path) -> str:
    return (root / "Demo" / "thingProperties.h").read_text()


@pytest.mark.parametrize(
    ("name", "callback"),
    [
        ("pump", "onPumpChange"),
        ("send_message", "onSendMessageChange"),
        ("rGBLightColor", "onRGBLightColorChange"),
        ("lED_LIGHT", "onLEDLIGHTChange"),
    ],
)
def test_callback_names_follow_the_editor(name: str, callback: str) -> None:
    assert callback_name(name) == callback


def test_legacy_add_property_lines(tmp_path: Path) -> None:
    project(
        tmp_path,
        variable("pump", "STATUS", "READ_WRITE")
        + variable("soil", parameter=0.5)
        + variable("air", "TEMPERATURE", strategy="TIMED", parameter=30)
        + variable("count", "INT", parameter=2),
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    text = properties(tmp_path)
    assert "  ArduinoCloud.addProperty(pump, READWRITE, ON_CHANGE, onPumpChange);\n" in text
    assert "  ArduinoCloud.addProperty(soil, READ, ON_CHANGE, NULL, 0.5);\n" in text
    assert "  ArduinoCloud.addProperty(air, READ, 30 * SECONDS, NULL);\n" in text
    assert "  ArduinoCloud.addProperty(count, READ, ON_CHANGE, NULL, 2);\n" in text
    # Declarations and prototypes keep the template's order.
    assert (
        text.index("bool pump;") < text.index("float soil;") < text.index("CloudTemperature air;")
    )
    assert text.count("void on") == 1


def test_modern_style_lines(tmp_path: Path) -> None:
    project(
        tmp_path,
        variable("pump", "STATUS", "READ_WRITE")
        + variable("soil", parameter=0.5)
        + variable("air", "TEMPERATURE", strategy="TIMED", parameter=300),
        extra="style: modern",
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    text = properties(tmp_path)
    assert (
        "ArduinoCloud.addProperty(pump, Permission::ReadWrite).onUpdate(onPumpChange).publishOnChange(0);"
        in text
    )
    assert "ArduinoCloud.addProperty(soil, Permission::Read).publishOnChange(0.5);" in text
    assert "ArduinoCloud.addProperty(air, Permission::Read).publishEvery(300 * SECONDS);" in text


def test_device_key_board_gets_login_name_and_key(tmp_path: Path) -> None:
    project(tmp_path, variable("level"), board="esp32:esp32:esp32s3", extra=f"device_id: {DEVICE}")
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    text = properties(tmp_path)
    assert f'const char DEVICE_LOGIN_NAME[] = "{DEVICE.lower()}";' in text
    assert "const char DEVICE_KEY[] = SECRET_DEVICE_KEY;" in text
    init = text[text.index("void initProperties(){") :]
    assert init.splitlines()[2:4] == [
        "  ArduinoCloud.setBoardId(DEVICE_LOGIN_NAME);",
        "  ArduinoCloud.setSecretDeviceKey(DEVICE_KEY);",
    ]
    secrets = (tmp_path / "Demo" / "arduino_secrets.h").read_text()
    assert [line.split()[1] for line in secrets.splitlines() if line.startswith("#define")] == [
        "SECRET_SSID",
        "SECRET_OPTIONAL_PASS",
        "SECRET_DEVICE_KEY",
    ]
    assert compile_sketch(tmp_path / "Demo", host_defines("esp32:esp32:esp32s3")).returncode == 0


def _lora(root: Path, names: list[str], extra: str = "") -> dict[str, int]:
    project(
        root,
        "".join(variable(n, "INT") for n in names),
        board="arduino:samd:mkrwan1300",
        extra=f"thing_id: {THING}\nlora_band: US915\n{extra}",
    )
    result = cloudgen("generate", cwd=root)
    assert result.exit_code == 0, result.output
    tags = {}
    for line in properties(root).splitlines():
        if "addProperty(" in line:
            name, tag = line.split("(")[1].split(", ")[:2]
            tags[name] = int(tag)
    return tags


def test_lora_tags_are_stable_and_never_reused(tmp_path: Path) -> None:
    assert _lora(tmp_path, ["a", "b", "c"]) == {"a": 1, "b": 2, "c": 3}
    assert _lora(tmp_path, ["a", "c", "d"]) == {"a": 1, "c": 3, "d": 4}
    assert _lora(tmp_path, ["b", "a", "c", "d"]) == {"b": 5, "a": 1, "c": 3, "d": 4}
    text = properties(tmp_path)
    assert text.startswith("// Generated by cloudgen")
    assert (
        "LoRaConnectionHandler ArduinoIoTPreferredConnection(APPEUI, APPKEY, _lora_band::US915);"
        in text
    )
    assert "void initProperties(){\n  ArduinoCloud.setThingId(THING_ID);\n" in text
    assert (
        compile_sketch(tmp_path / "Demo", host_defines("arduino:samd:mkrwan1300")).returncode == 0
    )


def test_lora_tags_from_config_win(tmp_path: Path) -> None:
    assert _lora(tmp_path, ["a", "b"], extra="lora_tags: {b: 7}") == {"a": 8, "b": 7}


def test_user_files_are_created_once_and_generated_files_follow_the_thing(tmp_path: Path) -> None:
    project(tmp_path, variable("pump", "STATUS", "READ_WRITE"))
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    ino = tmp_path / "Demo" / "Demo.ino"
    secrets = tmp_path / "Demo" / "arduino_secrets.h"
    original_ino = ino.read_text().replace("    bool pump;\n", "    bool pump;\n    bool fan;\n")
    ino.write_text(ino.read_text() + "// my code\n")
    secrets.write_text('#define SECRET_SSID "home"\n#define SECRET_OPTIONAL_PASS "pw"\n')
    (tmp_path / "thing.yaml").write_text(
        "name: Demo\nvariables:\n"
        + variable("pump", "STATUS", "READ_WRITE")
        + variable("fan", "STATUS", "READ_WRITE")
    )
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0
    assert ino.read_text().startswith(original_ino + "// my code\n\n/*")
    assert ino.read_text().endswith(
        "void onFanChange()  {\n  // Add your code here to act on fan\n}\n"
    )
    # The secrets file is the user's: it has every macro the sketch needs, so it is unchanged.
    assert secrets.read_text() == '#define SECRET_SSID "home"\n#define SECRET_OPTIONAL_PASS "pw"\n'
    assert "void onFanChange();" in properties(tmp_path)
    assert "arduino_secrets.h" not in result.output


def test_no_op_run_writes_nothing(tmp_path: Path) -> None:
    project(tmp_path, variable("pump", "STATUS", "READ_WRITE"))
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    header = tmp_path / "Demo" / "thingProperties.h"
    os.utime(header, (1_000_000, 1_000_000))
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0
    assert header.stat().st_mtime == 1_000_000
    assert result.output == "cloudgen: up to date\n"


def test_gitignore_entry_is_added_to_an_existing_file(tmp_path: Path) -> None:
    project(tmp_path, variable("pump"))
    write_tree(tmp_path, {"Demo/.gitignore": "build/"})
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "Demo" / ".gitignore").read_text() == "build/\narduino_secrets.h\n"


def test_sketch_command_without_a_project(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "lamp.yaml": "name: Lamp\nvariables:\n"
            + variable("lamp", "HOME_COLORED_LIGHT", "READ_WRITE")
        },
    )
    result = cloudgen(
        "sketch",
        "lamp.yaml",
        "--board",
        "arduino:samd:nano_33_iot",
        "-o",
        "out/Lamp",
        "--style",
        "modern",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out" / "Lamp").iterdir()) == [
        ".gitignore",
        "Lamp.ino",
        "arduino_secrets.h",
        "cloudgen.lock",
        "thingProperties.h",
    ]
    text = (tmp_path / "out/Lamp/thingProperties.h").read_text()
    assert 'generated by cloudgen from "lamp.yaml"' in text.lower()
    assert (
        compile_sketch(
            tmp_path / "out" / "Lamp", host_defines("arduino:samd:nano_33_iot")
        ).returncode
        == 0
    )


def test_sketch_command_reports_option_errors(tmp_path: Path) -> None:
    write_tree(tmp_path, {"t.yaml": "variables:\n" + variable("x")})
    result = cloudgen("sketch", "t.yaml", "--board", "esp32:esp32:esp32", "-o", "Out", cwd=tmp_path)
    assert result.exit_code == 2
    assert (
        "cloudgen: --device-id: any ESP32 board authenticates with a device key: give its device id (a UUID)"
        in result.output
    )
    assert snapshot(tmp_path) == {"t.yaml": (tmp_path / "t.yaml").read_bytes()}


def test_json_custom_template_and_properties_alias(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": """
            things:
              - template: kit.json
                board: arduino:samd:mkr1000
                outputs: {sketch: Kit}
              - template: old.yaml
                board: arduino:samd:mkr1000
                outputs: {sketch: Old}
            """,
            "kit.json": """
            {"id": "kit", "name": "Kit", "tags": [{"key": "integration", "value": "sitewise"}],
             "device_metadata": {"fqbn": "arduino:samd:mkr1000"},
             "variables": [{"id": "v1", "name": "Wind", "variable_name": "wind", "type": "VELOCITY",
                            "permission": "READ_ONLY", "update_strategy": "ON_CHANGE", "update_parameter": 0}]}
            """,
            "old.yaml": "name: NO\nproperties:\n"
            + variable("on", "STATUS").replace("variable_name: on", "variable_name: yes_"),
        },
    )
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "CloudVelocity wind;" in (tmp_path / "Kit/thingProperties.h").read_text()
    old = (tmp_path / "Old/thingProperties.h").read_text()
    assert 'Thing "NO"' in old and "bool yes_;" in old


def test_unknown_keys_are_warned_about_and_missing_variable_name_is_derived(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": "things:\n  - {template: t.yaml, board: 'arduino:samd:mkr1000', outputs: {sketch: T}}\n",
            "t.yaml": """
            name: T
            colour: red
            variables:
              - name: SoilLevel
                type: FLOAT
                permission: READ_ONLY
                update_strategy: ON_CHANGE
                unit: cm
            """,
        },
    )
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0
    assert (
        't.yaml:2:1: warning: colour: unknown key "colour" (kept in the file, not used)'
        in result.output
    )
    assert (
        't.yaml:8:5: warning: variables[0].unit: unknown key "unit" (kept in the file, not used)'
        in result.output
    )
    assert 'warning: variables[0].name: no "variable_name"; using "soilLevel"' in result.output
    assert "float soilLevel;" in (tmp_path / "T/thingProperties.h").read_text()
