"""`cloudgen new` on a real terminal (a pseudo-terminal): every answer is checked at once."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.core.catalog import load_catalog

pexpect = pytest.importorskip("pexpect")
CLOUDGEN = Path(sys.executable).with_name("cloudgen")
DEVICE = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"


def _new(tmp_path: Path, *args: str) -> Any:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    return pexpect.spawn(
        str(CLOUDGEN),
        ["new", "node", *args],
        cwd=str(tmp_path),
        env={**environment, "TERM": "xterm", "NO_COLOR": "1"},
        encoding="utf-8",
        timeout=30,
        dimensions=(50, 250),
    )


def _done(child: Any) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_bad_answers_are_asked_again_at_once_and_ids_may_be_left_empty(tmp_path: Path) -> None:
    child = _new(tmp_path)
    child.expect_exact("Thing name [node]: ")
    child.sendline("Serre Température")
    child.expect_exact("empty to stop): ")
    child.sendline("arduino:avr:uno")  # not supported: says why, and what is close
    child.expect_exact(
        'board "arduino:avr:uno" is not supported by the ArduinoIoTCloud library: AVR boards'
    )
    child.expect_exact("arduino:renesas_uno:unor4wifi (UNO R4 WiFi)")
    child.expect_exact("empty to stop): ")  # asked again, nothing lost
    child.sendline("esp32:esp32:*")
    child.expect_exact("Tab completes) [esp32:esp32:esp32]: ")  # a concrete default, once
    child.sendline("esp32s3")  # a board id is enough
    child.expect_exact("empty if the device is not registered yet): ")
    child.sendline("12345")
    child.expect_exact('"12345" is not a device id: expected a UUID like')
    child.expect_exact("empty if the device is not registered yet): ")
    child.sendline("")  # not registered yet
    child.expect_exact("an empty line ends the list.")
    child.sendline("température:FLOAT")  # the error shows what was typed, as text
    child.expect_exact('"température:FLOAT": variable name "température" must start with')
    child.sendline("temp:FLOT")
    child.expect_exact(
        '"temp:FLOT": unknown type "FLOT" (`cloudgen types` lists them); did you mean "FLOAT"?'
    )
    child.sendline("temp:FLOAT")
    child.sendline("t_emp:INT:readwrite")
    child.sendline("tEmp:INT:readwrite")  # collides with the previous answer's callback
    child.expect_exact(
        '"tEmp:INT:readwrite": callback onTEmpChange() of "tEmp" is also the callback of "t_emp"'
    )
    child.sendline("")
    shown = _done(child)
    assert child.exitstatus == 0, shown
    assert "\\x" not in shown and "Traceback" not in shown
    root = tmp_path / "node"
    for created in (
        "cloudgen.yaml",
        "sketches/SerreTemperature/thingProperties.h",
        "sketches/SerreTemperature/SerreTemperature.ino",
    ):
        assert f" create node/{created}" in shown
    entry = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"][0]
    assert entry["board"] == "esp32:esp32:esp32s3" and entry["device_id"] == ""
    thing = yaml.safe_load((root / "things/serre_temperature.yaml").read_text())
    assert thing["name"] == "Serre Température"
    assert [v["variable_name"] for v in thing["variables"]] == ["temp", "t_emp"]
    header = (root / "sketches/SerreTemperature/thingProperties.h").read_text()
    assert (
        'const char DEVICE_LOGIN_NAME[] = "";  // not set yet: give device_id in cloudgen.yaml'
        in header
    )
    assert "things[0].device_id: empty: the sketch cannot connect" in shown
    readme = (root / "README.md").read_text()
    assert "put its id in `device_id:` in `cloudgen.yaml`" in readme


def test_tab_completes_to_a_concrete_board(tmp_path: Path) -> None:
    child = _new(tmp_path, "--var", "x:INT")
    child.expect_exact("Thing name [node]: ")
    child.sendline("")
    child.expect_exact("empty to stop): ")
    child.send("esp32:esp32:esp32s\t")  # the only completion is the ESP32-S3
    child.sendline("")
    child.expect_exact("empty if the device is not registered yet): ")
    child.sendline(DEVICE)
    shown = _done(child)
    assert child.exitstatus == 0, shown
    entry = yaml.safe_load((tmp_path / "node/cloudgen.yaml").read_text())["things"][0]
    assert entry["board"] == "esp32:esp32:esp32s3" and entry["device_id"] == DEVICE


def test_the_board_sub_prompt_takes_fqbns_and_ids_and_asks_again(tmp_path: Path) -> None:
    numbers = {board.fqbn: n for n, board in enumerate(load_catalog().boards, start=1)}
    child = _new(tmp_path, "--var", "x:INT", "--name", "N", "--device-id", DEVICE)
    child.expect_exact("empty to stop): ")
    child.sendline(str(numbers["esp8266:esp8266:*"]))  # by number
    child.expect_exact("[esp8266:esp8266:nodemcuv2]: ")
    child.sendline("arduino:samd:mkr1000")  # not an ESP8266: asked again, not sent back
    child.expect_exact('"arduino:samd:mkr1000" is not an ESP8266 board')
    child.expect_exact("[esp8266:esp8266:nodemcuv2]: ")
    child.sendline("")  # the default
    shown = _done(child)
    assert child.exitstatus == 0, shown
    entry = yaml.safe_load((tmp_path / "node/cloudgen.yaml").read_text())["things"][0]
    assert entry["board"] == "esp8266:esp8266:nodemcuv2"


def test_lora_asks_for_its_ids_and_plan(tmp_path: Path) -> None:
    child = _new(tmp_path, "--board", "arduino:samd:mkrwan1310", "--var", "x:INT", "--name", "N")
    child.expect_exact("empty if the Thing is not created yet): ")
    child.sendline("not-a-uuid")
    child.expect_exact('"not-a-uuid" is not a thing id')
    child.sendline("")
    child.expect_exact("Frequency plan (AS923, AU915")
    child.expect_exact("[EU868]: ")
    child.sendline("EU86")
    child.expect_exact("'EU86' is not one of")  # click's own re-ask, naming the answer
    child.sendline("US915")
    shown = _done(child)
    assert child.exitstatus == 0, shown
    entry = yaml.safe_load((tmp_path / "node/cloudgen.yaml").read_text())["things"][0]
    assert entry["thing_id"] == "" and entry["lora_band"] == "US915"
    assert "Put the new Thing's id in `thing_id:`" in (tmp_path / "node/README.md").read_text()


def test_a_board_with_two_authentications_asks_which_then_its_id(tmp_path: Path) -> None:
    uno = ["--board", "arduino:renesas_uno:unor4wifi", "--var", "x:INT", "--name", "N"]
    child = _new(tmp_path, *uno)
    child.expect_exact("Authentication (se: secure element, key: device key) [se]: ")
    child.sendline("password")
    child.expect_exact("'password' is not one of")  # asked again at once
    child.sendline("key")
    child.expect_exact("empty if the device is not registered yet): ")  # key needs the id
    child.sendline(DEVICE)
    shown = _done(child)
    assert child.exitstatus == 0, shown
    entry = yaml.safe_load((tmp_path / "node/cloudgen.yaml").read_text())["things"][0]
    assert entry["auth"] == "key" and entry["device_id"] == DEVICE
    header = (tmp_path / "node/sketches/N/thingProperties.h").read_text()
    assert f'DEVICE_LOGIN_NAME[] = "{DEVICE}";' in header

    (tmp_path / "se").mkdir()
    child = _new(tmp_path / "se", *uno)  # the default needs no id, and is not written
    child.expect_exact("[se]: ")
    child.sendline("")
    shown = _done(child)
    assert child.exitstatus == 0, shown
    assert "Device id" not in shown
    entry = yaml.safe_load((tmp_path / "se/node/cloudgen.yaml").read_text())["things"][0]
    assert "auth" not in entry and "device_id" not in entry


def test_an_empty_board_answer_stops_and_writes_nothing(tmp_path: Path) -> None:
    child = _new(tmp_path, "--var", "x:INT", "--name", "N")
    child.expect_exact("empty to stop): ")
    child.sendline("")
    shown = _done(child)
    assert child.exitstatus == 2, shown
    assert "cloudgen: board: no board chosen" in shown and "nothing was written" in shown
    assert list(tmp_path.iterdir()) == []
