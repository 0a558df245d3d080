"""The host compile check must fail on sketches that would not build for the board."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import compile_sketch, host_defines


def _copy(example_builds: dict[str, Path], name: str, tmp_path: Path) -> Path:
    source = example_builds["configured"] / "generated" / "sketches" / name
    return Path(shutil.copytree(source, tmp_path / name))


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "thingProperties.h"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_unedited_sketch_compiles(example_builds: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(example_builds, "Greenhouse", tmp_path)
    assert compile_sketch(folder, host_defines("arduino:samd:mkrwifi1010")).returncode == 0


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "CloudTemperature air_temperature;",
            "CloudTemprature air_temperature;",
            "CloudTemprature",
        ),
        ("void onPumpChange();\n", "", "onPumpChange"),
        ("float soilMoisture;", "double soilMoisture;", "addPropertyReal"),
        ("ON_CHANGE, NULL, 0.5", "ON_CHANGE, NULL, 0.5, 7", "addPropertyReal"),
    ],
    ids=["wrong-type-name", "undeclared-callback", "unsupported-value-type", "extra-argument"],
)
def test_broken_declarations_fail(
    example_builds: dict[str, Path], tmp_path: Path, old: str, new: str, expected: str
) -> None:
    folder = _copy(example_builds, "Greenhouse", tmp_path)
    _edit(folder, old, new)
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrwifi1010"))
    assert compiled.returncode != 0
    assert expected in compiled.output


def test_wrong_handler_for_the_board_fails(example_builds: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(example_builds, "Greenhouse", tmp_path)
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrgsm1400"))
    assert compiled.returncode != 0
    assert "WiFiConnectionHandler" in compiled.output


def test_device_key_calls_need_a_key_board(example_builds: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(example_builds, "SmartHome", tmp_path)
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrwifi1010"))
    assert compiled.returncode != 0
    assert "setBoardId" in compiled.output


def test_property_tags_need_a_lora_board(example_builds: dict[str, Path], tmp_path: Path) -> None:
    folder = _copy(example_builds, "FieldSensor", tmp_path)
    _edit(
        folder,
        "LoRaConnectionHandler ArduinoIoTPreferredConnection(APPEUI, APPKEY, _lora_band::EU868);",
        "WiFiConnectionHandler ArduinoIoTPreferredConnection(APPEUI, APPKEY);",
    )
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrwifi1010"))
    assert compiled.returncode != 0
    assert "addPropertyReal" in compiled.output
