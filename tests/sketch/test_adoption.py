"""Taking over sketches as users have them: the refusals (one clear error per problem,
exit 2, nothing written) and what import, sync and generate do with each class of
tests/fixtures/sketches/ beyond the round trip of test_real_world.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import REPO, cloudgen, compile_sketch, copy_fixture, host_defines, snapshot, write_tree

FIXTURES = REPO / "tests" / "fixtures" / "sketches"
DEVICE = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f"
THING = """
name: Demo
variables:
  - {name: Level, variable_name: level, type: FLOAT, permission: READ_ONLY, update_strategy: ON_CHANGE}
  - {name: Where, variable_name: where, type: LOCATION, permission: READ_ONLY, update_strategy: ON_CHANGE}
  - {name: Pump, variable_name: pump, type: STATUS, permission: READ_WRITE, update_strategy: ON_CHANGE}
"""


def _copy(name: str, root: Path, edit: tuple[str, str] | None = None) -> Path:
    folder = copy_fixture(FIXTURES / name, root / name)
    if edit is not None:
        header = folder / "thingProperties.h"
        text = header.read_text()
        assert edit[0] in text
        header.write_text(text.replace(edit[0], edit[1], 1))
    return folder


REFUSALS = [
    pytest.param(
        "MultiBoard",
        None,
        (),
        "MultiBoard/thingProperties.h:5:1: the file has #if blocks for several boards; "
        "cloudgen reads it for one board: pass --board FQBN",
        id="several-boards-no-board",
    ),
    pytest.param(
        "MultiBoard",
        ("#elif defined(BOARD_HAS_GSM)\n", "#elif defined(BOARD_HAS_GSM)\n  int gsmRetries = 3;\n"),
        ("--board", "arduino:samd:mkrwifi1010"),
        "MultiBoard/thingProperties.h:32:1: this line is inside an #if block for other boards, "
        "and cloudgen writes the file for one board: move it out of the block (or into the "
        ".ino), or pass --board for the board it belongs to",
        id="user-line-for-another-board",
    ),
    pytest.param(
        "FeederPio",
        (
            "  ArduinoCloud.addProperty(angle, READ, ON_CHANGE);\n",
            "#ifdef FEEDER_DEBUG\n  ArduinoCloud.addProperty(angle, READ, ON_CHANGE);\n#endif\n",
        ),
        (),
        "FeederPio/thingProperties.h:34:1: this #if block wraps line 35, which cloudgen writes "
        "anew on every run, so it cannot keep the block around it: move the condition into the "
        ".ino, or remove it",
        id="user-block-around-a-property",
    ),
    pytest.param(
        "NeverAssociated",
        None,
        (),
        'NeverAssociated/thingProperties.h:6:1: DEVICE_LOGIN_NAME is "" (empty: the device was '
        "never associated), and device key sketches need it: pass --device-id UUID (from the "
        "Arduino Cloud)",
        id="empty-device-id",
    ),
    pytest.param(
        "UnoR4Key",
        ('"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"', '"YOUR_DEVICE_ID"'),
        (),
        'UnoR4Key/thingProperties.h:6:1: DEVICE_LOGIN_NAME is "YOUR_DEVICE_ID" (a placeholder), '
        "and device key sketches need it: pass --device-id UUID (from the Arduino Cloud)",
        id="placeholder-device-id",
    ),
    pytest.param(
        "KeyNoJson",
        None,
        (),
        "KeyNoJson: names no board (no sketch.json or sketch.yaml), and its thingProperties.h "
        "uses WiFiConnectionHandler with setBoardId (a device key), which fits "
        "arduino:renesas_uno:unor4wifi, arduino:esp32:nano_nora, esp32:esp32:<board>, "
        "esp8266:esp8266:<board>, rp2040:rp2040:rpipicow: pass --board FQBN",
        id="board-not-named",
    ),
    pytest.param(
        "CurtainOld",
        (
            "WiFiConnectionHandler ArduinoIoTPreferredConnection(SSID, PASS);",
            "ConnectionManager *ArduinoIoTPreferredConnection = new WiFiConnectionManager(SSID, PASS);",
        ),
        (),
        "CurtainOld/thingProperties.h:24:1: this is the ConnectionManager of ArduinoIoTCloud "
        "before 0.8 (2019), which today's library no longer has: export the Thing again from "
        "the Cloud editor, or write its template and run `cloudgen sketch`",
        id="connection-manager-2019",
    ),
]


@pytest.mark.parametrize(("name", "edit", "args", "error"), REFUSALS)
@pytest.mark.parametrize("command", ["import", "sync"])
def test_a_refusal_is_one_clear_error_and_writes_nothing(
    tmp_path: Path,
    command: str,
    name: str,
    edit: tuple[str, str] | None,
    args: tuple[str, ...],
    error: str,
) -> None:
    _copy(name, tmp_path, edit)
    write_tree(tmp_path, {"thing.yaml": THING})
    before = snapshot(tmp_path)
    extra = ("--thing", "thing.yaml") if command == "sync" else ()
    result = cloudgen(command, name, *extra, *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [error, "cloudgen: 1 error; nothing was written"]
    assert snapshot(tmp_path) == before


def test_a_reserved_name_in_a_sketch_is_refused_at_its_line(tmp_path: Path) -> None:
    _copy("CurtainOld", tmp_path, ("float lightLevel;", "CloudTime clock;"))
    text = (tmp_path / "CurtainOld" / "thingProperties.h").read_text()
    (tmp_path / "CurtainOld" / "thingProperties.h").write_text(
        text.replace("(lightLevel,", "(clock,")
    )
    result = cloudgen("import", "CurtainOld", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        'CurtainOld/thingProperties.h:14:1: variable name "clock" is declared by the C library, '
        "which every sketch includes, so this sketch cannot compile"
    )


def test_credentials_move_to_the_secrets_file_and_are_never_printed(tmp_path: Path) -> None:
    folder = _copy("HardCoded", tmp_path)
    (folder / "arduino_secrets.h").unlink()  # created when missing
    assert cloudgen("import", "HardCoded", "-o", "hc.yaml", cwd=tmp_path).exit_code == 0
    outputs = [
        cloudgen("generate", "--check", cwd=tmp_path),
        cloudgen("sync", "HardCoded", "--diff", cwd=tmp_path),
    ]
    assert outputs[0].exit_code == 1 and outputs[1].exit_code == 0
    for result in outputs:
        assert "tomato-2024!" not in result.output and "BackyardNet" not in result.output
        assert "as SECRET_OPTIONAL_PASS (git-ignored)" in result.stderr
    assert (folder / "arduino_secrets.h").read_text().splitlines()[-2:] == [
        '#define SECRET_SSID "BackyardNet"',
        '#define SECRET_OPTIONAL_PASS "tomato-2024!"',
    ]
    header = (folder / "thingProperties.h").read_text()
    assert "tomato" not in header and "const char PASS[] = SECRET_OPTIONAL_PASS;" in header
    assert (folder / ".gitignore").read_text() == "arduino_secrets.h\n"
    assert (
        compile_sketch(folder, host_defines("arduino:mbed_nano:nanorp2040connect")).returncode == 0
    )


def test_a_credential_that_disagrees_with_the_secrets_file_is_refused(tmp_path: Path) -> None:
    folder = _copy("HardCoded", tmp_path)
    (folder / "arduino_secrets.h").write_text('#define SECRET_SSID "OtherNet"\n')
    write_tree(tmp_path, {"thing.yaml": THING})
    before = snapshot(tmp_path)
    result = cloudgen("sync", "HardCoded", "--thing", "thing.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert "HardCoded/arduino_secrets.h:1:1: SECRET_SSID has another value here" in result.stderr
    assert "OtherNet" not in result.output and "BackyardNet" not in result.output
    assert snapshot(tmp_path) == before


def test_import_from_outside_the_project_then_copy_into_it(tmp_path: Path) -> None:
    project, downloads = tmp_path / "project", tmp_path / "Downloads"
    project.mkdir()
    _copy("CurtainOld", downloads)
    result = cloudgen("import", downloads / "CurtainOld", cwd=project)
    assert result.exit_code == 0, result.output
    assert (project / "things" / "CurtainOld.yaml").is_file()
    assert not (project / "cloudgen.yaml").exists()
    assert "is outside the project, so cloudgen.yaml was not changed" in result.stdout
    assert "--copy-into sketches/CurtainOld" in result.stdout

    copied = cloudgen(
        "import",
        downloads / "CurtainOld",
        "--copy-into",
        "sketches/CurtainOld",
        "--force",
        cwd=project,
    )
    assert copied.exit_code == 0, copied.output
    entry = yaml.safe_load((project / "cloudgen.yaml").read_text())["things"][0]
    assert entry["outputs"] == {"sketch": "sketches/CurtainOld"}
    assert (project / "sketches" / "CurtainOld" / "CurtainOld.ino").read_bytes() == (
        downloads / "CurtainOld" / "CurtainOld.ino"
    ).read_bytes()
    assert cloudgen("generate", cwd=project).exit_code == 0
    sketch = project / "sketches" / "CurtainOld"
    assert "= SECRET_PASS;" in (sketch / "thingProperties.h").read_text()
    assert compile_sketch(sketch, host_defines("arduino:samd:mkrwifi1010")).returncode == 0
    assert cloudgen("generate", "--check", cwd=project).exit_code == 0


def test_a_downloaded_folder_gets_no_absolute_path_and_is_told_what_was_added(
    tmp_path: Path,
) -> None:
    template = tmp_path / "elsewhere" / "curtain.yaml"
    write_tree(template.parent, {"curtain.yaml": THING})
    folder = _copy("CurtainOld", tmp_path / "Downloads")
    result = cloudgen("sync", folder, "--thing", template, cwd=tmp_path / "Downloads")
    assert result.exit_code == 0, result.output
    header = (folder / "thingProperties.h").read_text()
    assert header.startswith('// Generated by cloudgen from "curtain.yaml": do not edit.\n')
    assert str(tmp_path) not in header
    added = f"note: added {folder.as_posix()}"
    assert f"{added}/.gitignore: it keeps arduino_secrets.h out of git" in result.stdout
    assert f"{added}/cloudgen.lock: it records what cloudgen wrote" in result.stdout


def test_user_lines_survive_every_later_generate(tmp_path: Path) -> None:
    _copy("FeederPio", tmp_path)
    assert cloudgen("import", "FeederPio", cwd=tmp_path).exit_code == 0
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    template = tmp_path / "things" / "FeederPio.yaml"
    template.write_text(template.read_text().replace("variable_name: angle", "variable_name: tilt"))
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    header = (tmp_path / "FeederPio" / "thingProperties.h").read_text()
    assert "HttpClient client = HttpClient(FEEDER_HOST, 80);   // added by hand\n" in header
    assert "bool feedNow = false;" in header and "float tilt;" in header
    assert "kept `" not in result.stderr  # said once, when the file was taken over
    assert compile_sketch(tmp_path / "FeederPio", host_defines("esp32:esp32:esp32")).returncode != 0
    # ...because FeederPio.ino still uses `angle`: the user's code is never rewritten.


def test_the_main_ino_is_adopted_and_no_second_one_is_made(tmp_path: Path) -> None:
    folder = _copy("Orchard", tmp_path)
    write_tree(tmp_path, {"thing.yaml": THING})
    result = cloudgen("sync", "Orchard", "--thing", "thing.yaml", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.glob("*.ino")) == ["Orchard_mar03a.ino", "sensors.ino"]
    assert "void onPumpChange()" in (folder / "Orchard_mar03a.ino").read_text()
    assert "arduino-cli expects it to be named Orchard.ino" in result.stderr
    (folder / "second.ino").write_text("void setup() {}\n")
    refused = cloudgen("sync", "Orchard", "--thing", "thing.yaml", cwd=tmp_path)
    assert refused.exit_code == 2
    assert (
        "Orchard: several .ino files define setup() (Orchard_mar03a.ino, second.ino)"
        in refused.stderr
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--board", "arduino:renesas_uno:unor4wifi"), "no key lines"),
        (
            ("--board", "arduino:renesas_uno:unor4wifi", "--auth", "key", "--device-id", DEVICE),
            "key",
        ),
        (("--board", "arduino:samd:nano_33_iot", "--provisioning", "p2"), "p2"),
        (
            (
                "--board",
                "esp32:esp32:esp32doit-devkit-v1:UploadSpeed=921600",
                "--device-id",
                DEVICE,
            ),
            "key",
        ),
        (("--board", "arduino:samd:mkrwan1310", "--thing-id", DEVICE), "lora"),
    ],
    ids=["r4-se", "r4-key", "p2", "fqbn-options", "lora-default-band"],
)
def test_sketch_options_for_auth_provisioning_and_boards(
    tmp_path: Path, args: tuple[str, ...], expected: str
) -> None:
    write_tree(tmp_path, {"thing.yaml": THING})
    result = cloudgen("sketch", "thing.yaml", "-o", "Demo", *args, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    header = (tmp_path / "Demo" / "thingProperties.h").read_text()
    assert ("setSecretDeviceKey(DEVICE_KEY);" in header) == (expected == "key")
    assert ("ArduinoCloud.setConfigurator(NetworkConfigurator);" in header) == (expected == "p2")
    if expected == "lora":
        assert "_lora_band::EU868" in header
        assert "warning: --lora-band: no frequency plan given; using EU868" in result.stderr
        assert 'variable "where" has type LOCATION, which LoRaWAN carries poorly' in result.stderr
    compiled = compile_sketch(tmp_path / "Demo", host_defines(args[1]))
    assert compiled.returncode == 0, compiled.output


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (
            ("--board", "arduino:samd:mkrwifi1010", "--auth", "key"),
            'cloudgen: --auth: MKR WiFi 1010 cannot authenticate with "key"; it uses se (secure element)',
        ),
        (
            ("--board", "arduino:renesas_uno:unor4wifi", "--auth", "kye"),
            'it uses se (secure element) or key (device key); did you mean "key"?',
        ),
        (
            ("--board", "esp32:esp32:esp32", "--device-id", DEVICE, "--provisioning", "p2"),
            "cloudgen: --provisioning: any ESP32 board has no Provisioning 2.0 (p2); use classic",
        ),
        (
            (
                "--board",
                "arduino:mbed_opta:opta",
                "--connection",
                "ethernet",
                "--provisioning",
                "p2",
            ),
            "Provisioning 2.0 sketches are known for wifi only, not Ethernet",
        ),
    ],
    ids=["key-on-se-board", "auth-typo", "p2-on-esp32", "p2-over-ethernet"],
)
def test_bad_auth_and_provisioning_name_the_option(
    tmp_path: Path, args: tuple[str, ...], error: str
) -> None:
    write_tree(tmp_path, {"thing.yaml": THING})
    result = cloudgen("sketch", "thing.yaml", "-o", "Demo", *args, cwd=tmp_path)
    assert result.exit_code == 2
    assert error in result.stderr
    assert not (tmp_path / "Demo").exists()


def test_new_takes_the_auth_and_an_fqbn_with_options(tmp_path: Path) -> None:
    result = cloudgen(
        "new",
        "shop",
        "--board",
        "arduino:renesas_uno:unor4wifi",
        "--auth",
        "key",
        "--device-id",
        DEVICE,
        "--var",
        "door:STATUS:readwrite",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.output
    entry = yaml.safe_load((tmp_path / "shop" / "cloudgen.yaml").read_text())["things"][0]
    assert entry["auth"] == "key" and entry["device_id"] == DEVICE
    sketch = tmp_path / "shop" / "sketches" / "Shop"
    assert (
        "ArduinoCloud.setBoardId(DEVICE_LOGIN_NAME);" in (sketch / "thingProperties.h").read_text()
    )
    assert compile_sketch(sketch, host_defines("arduino:renesas_uno:unor4wifi")).returncode == 0

    options = "esp8266:esp8266:d1:baud=921600,eesz=4M,xtal=80"
    made = cloudgen("new", "d1", "--board", options, "--device-id", DEVICE, cwd=tmp_path)
    assert made.exit_code == 0, made.output
    profile = yaml.safe_load((tmp_path / "d1" / "sketches" / "D1" / "sketch.yaml").read_text())
    assert profile["profiles"]["cloudgen"]["fqbn"] == options
    # sync reads the board back from that profile, options and all.
    write_tree(tmp_path, {"thing.yaml": THING})
    (tmp_path / "d1" / "cloudgen.yaml").unlink()
    synced = cloudgen(
        "sync", tmp_path / "d1" / "sketches" / "D1", "--thing", "thing.yaml", cwd=tmp_path
    )
    assert synced.exit_code == 0, synced.output
    header = (tmp_path / "d1" / "sketches" / "D1" / "thingProperties.h").read_text()
    assert f"any ESP8266 board ({options})" in header


def test_a_key_board_sketch_without_key_lines_gets_them(tmp_path: Path) -> None:
    folder = _copy("Orchard", tmp_path)
    write_tree(tmp_path, {"thing.yaml": THING})
    args = ("sync", "Orchard", "--thing", "thing.yaml", "--board", "esp32:esp32:esp32")
    refused = cloudgen(*args, cwd=tmp_path)
    assert refused.exit_code == 2
    assert "--device-id: any ESP32 board authenticates with a device key" in refused.stderr
    result = cloudgen(*args, "--device-id", DEVICE, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "authenticates with a device key, which this thingProperties.h does not set up" in (
        result.stderr
    )
    assert (
        "ArduinoCloud.setBoardId(DEVICE_LOGIN_NAME);" in (folder / "thingProperties.h").read_text()
    )


@pytest.mark.parametrize(
    ("lines", "active"),
    [
        (["#if defined(BOARD_HAS_WIFI)", "a", "#elif defined(BOARD_HAS_GSM)", "b", "#endif"], "a"),
        (["#ifdef BOARD_HAS_GSM", "a", "#else", "b", "#endif"], "b"),
        (["#if !defined(BOARD_HAS_LORA) && (defined(X) || HAS_TCP)", "a", "#endif"], "a"),
        (["#ifndef GUARD", "#if defined(BOARD_HAS_NB)", "a", "#endif", "b", "#endif"], "b"),
        # The user's own blocks are not evaluated: kept as written, both branches.
        (["#if defined BOARD_HAS_WIFI", "#if 0", "a", "#else", "b", "#endif", "#endif"], "a b"),
    ],
)
def test_board_blocks_are_evaluated_like_the_preprocessor(lines: list[str], active: str) -> None:
    from generator.sketch.conditionals import Conditionals

    conditionals = Conditionals(frozenset({"BOARD_HAS_WIFI", "HAS_TCP"}))
    roles = [conditionals.feed(line, n) for n, line in enumerate(lines, 1)]
    code = [line for line, role in zip(lines, roles, strict=True) if role == "code"]
    assert code == active.split()
