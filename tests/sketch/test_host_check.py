"""The host compile check must fail on sketches that would not build for the board."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import HOST_INCLUDE, compile_sketch, host_defines

from generator.core.catalog import load_catalog


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


def test_lora_handler_needs_a_lora_board(example_builds: dict[str, Path], tmp_path: Path) -> None:
    # The tag forms of addProperty exist on every board (as in the library's base class);
    # what only a LoRa board has is the LoRa handler and MKRWAN's band enum.
    folder = _copy(example_builds, "FieldSensor", tmp_path)
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrwifi1010"))
    assert compiled.returncode != 0
    assert "LoRaConnectionHandler" in compiled.output


@pytest.mark.parametrize(
    ("declaration", "expected"),
    [
        ("CloudTime clock;", "clock"),  # <time.h>, through ArduinoIoTCloud's CloudSchedule.h
        ("int y0;", "y0"),  # <math.h>
        ("bool index;", "index"),  # <string.h>
        ("float random;", "random"),  # <stdlib.h> and the Arduino API
        ("int map;", "map"),  # the Arduino API
        ("float EU868;", "EU868"),  # MKRWAN's plain enum, on a LoRa board
    ],
)
def test_names_every_sketch_sees_collide(
    example_builds: dict[str, Path], tmp_path: Path, declaration: str, expected: str
) -> None:
    """The stubs pull in the C headers the real Arduino.h and ArduinoIoTCloud.h do."""
    folder = _copy(example_builds, "FieldSensor", tmp_path)
    path = folder / "thingProperties.h"
    path.write_text(path.read_text() + f"\n{declaration}\n")
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkrwan1310"))
    assert compiled.returncode != 0
    assert f"{expected}" in compiled.output and "redeclared" in compiled.output, compiled.output


def test_the_stub_configuration_defines_what_the_catalog_says(tmp_path: Path) -> None:
    """Per board, the BOARD_HAS_* macros of the stub headers (copied from the libraries'
    configuration headers) are those the catalog derives for it."""
    catalog = load_catalog()
    for board in catalog.boards:
        defines = subprocess.run(
            [
                "g++",
                "-std=gnu++11",
                "-dM",
                "-E",
                f"-D{board.macro}",
                f"-I{HOST_INCLUDE}",
                "-x",
                "c++",
                "-",
            ],
            input="#include <ArduinoIoTCloud.h>\n",
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        ours = ("BOARD_HAS_", "HAS_TCP", "HAS_LORA")
        found = {
            line.split()[1] for line in defines.splitlines() if line.split()[1].startswith(ours)
        }
        expected = {d for d in catalog.board_defines(board) if d.startswith(ours)}
        assert found == expected, board.fqbn
        compatible = "#define NETWORK_CONFIGURATOR_COMPATIBLE 1" in defines
        assert compatible == board.p2, board.fqbn
