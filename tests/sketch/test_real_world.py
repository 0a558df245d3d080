"""Sketches as users have them (tests/fixtures/sketches/, one per class of issue 13):
import -> generate gives the same thingProperties.h by meaning, and sync of a copy keeps
every user byte, compiles on the host check with its own arduino_secrets.h and is current
under --check afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import (
    REPO,
    cloudgen,
    compile_sketch,
    copy_fixture,
    host_defines,
    sketch_files,
    snapshot,
)

from generator.core.catalog import load_catalog
from generator.sketch.adopt import header_secret_names
from generator.sketch.existing import auth_of, family_of
from generator.sketch.parse import ParsedSketch, parse_text, vocabulary

FIXTURES = REPO / "tests" / "fixtures" / "sketches"
DEVICE = "5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f"


@dataclass(frozen=True)
class Case:
    name: str
    board: str  # what the host check compiles for
    args: tuple[str, ...] = ()  # what import and sync need besides the folder
    entry: tuple[tuple[str, Any], ...] = ()  # what import must write into cloudgen.yaml
    warns: tuple[str, ...] = ()  # what import must say


CASES = [
    Case(
        "SoilProbeP2",  # today's editor output: Provisioning 2.0
        "arduino:samd:nano_33_iot",
        entry=(("provisioning", "p2"), ("board", "arduino:samd:nano_33_iot")),
    ),
    Case(
        "FeederPio",  # initialisers, aligned declarations, guards, prototypes, no callback
        "esp32:esp32:esp32doit-devkit-v1",
        entry=(
            (
                "board",
                "esp32:esp32:esp32doit-devkit-v1:UploadSpeed=921600,FlashFreq=80,DebugLevel=none",
            ),
            ("device_id", "3f2a9c1e-5b7d-4e8f-a0b1-c2d3e4f5a6b7"),
        ),
        warns=(
            "thingProperties.h:2: kept `#ifndef THING_PROPERTIES_H`",
            "thingProperties.h:16: kept `void setup();`",
            "thingProperties.h:26: kept `HttpClient client = HttpClient(FEEDER_HOST, 80);",
            "thingProperties.h:27: kept `unsigned long lastFeed = 0;`",
            "thingProperties.h:42: kept `#endif`",
        ),
    ),
    Case(
        "MultiBoard",  # library-example #if blocks, read for the board given
        "arduino:samd:mkrwifi1010",
        args=("--board", "arduino:samd:mkrwifi1010"),
        entry=(("secret_names", {"PASS": "SECRET_WIFI_PASS", "SSID": "SECRET_WIFI_SSID"}),),
        warns=("the #if blocks for other boards than MKR WiFi 1010 (lines 5-44) are left out",),
    ),
    Case(
        "MultiBoard",  # the same file read for a device-key board
        "esp32:esp32:esp32",
        args=("--board", "esp32:esp32:esp32"),
        entry=(("device_id", "9b1c7a2e-4d3f-4a5b-8c6d-7e8f9a0b1c2d"),),
    ),
    Case(
        "CurtainOld",  # 2020 editor: THING_ID, setThingId, SECRET_PASS
        "arduino:samd:mkrwifi1010",
        entry=(
            ("thing_id", "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e2f"),
            ("secret_names", {"PASS": "SECRET_PASS"}),
        ),
        warns=("thingProperties.h:18: setThingId is left out",),
    ),
    Case(
        "TrackerGsm",  # old GSM secret names; no sketch.json, but only one board fits
        "arduino:samd:mkrgsm1400",
        entry=(
            ("board", "arduino:samd:mkrgsm1400"),
            (
                "secret_names",
                {
                    "PINNUMBER": "SECRET_PIN",
                    "GPRS_LOGIN": "SECRET_USERNAME",
                    "GPRS_PASSWORD": "SECRET_PASSWORD",
                },
            ),
        ),
        warns=("names no board; arduino:samd:mkrgsm1400 is the only one that fits",),
    ),
    Case(
        "KeyNoJson",  # old library-example key form; several boards fit: --board
        "esp8266:esp8266:nodemcuv2",
        args=("--board", "esp8266:esp8266:nodemcuv2"),
        entry=(
            ("device_id", "8d7c6b5a-4f3e-4d2c-b1a0-9f8e7d6c5b4a"),
            ("thing_id", "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091"),
            ("secret_names", {"PASS": "SECRET_PASS"}),
        ),
    ),
    Case(
        "NeverAssociated",  # an empty device id: import asks for it
        "esp32:esp32:XIAO_ESP32C3",
        args=("--device-id", DEVICE),
        entry=(("device_id", DEVICE),),
    ),
    Case(
        "HardCoded",  # credentials typed into thingProperties.h
        "arduino:mbed_nano:nanorp2040connect",
        warns=("thingProperties.h:6: a credential is written here; cloudgen moves it",),
    ),
    Case(
        "Orchard",  # the main .ino is not named after the folder; a tab beside it
        "arduino:samd:mkr1000",
        entry=(("thing_id", "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),),
        warns=("Orchard_mar03a.ino is the main sketch",),
    ),
    Case(
        "UnoR4Key",  # UNO R4 WiFi authenticating with device id and secret key
        "arduino:renesas_uno:unor4wifi",
        entry=(("auth", "key"), ("device_id", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")),
    ),
    Case(
        "LoraTracker",  # CloudLocation over LoRa (a warning), the handler's default band
        "arduino:samd:mkrwan1300",
        entry=(("lora_band", "EU868"), ("thing_id", "1e2d3c4b-5a69-4788-9aab-bccddeeff001")),
    ),
]
IDS = [f"{c.name}-{c.board.split(':')[-1]}" for c in CASES]


def _parsed(path: Path, board: str) -> ParsedSketch:
    catalog = load_catalog()
    return parse_text(path.read_text(), str(path), vocabulary(catalog, catalog.board(board)))


def meaning(path: Path, board: str) -> dict[str, Any]:
    """What a thingProperties.h says: declarations, properties, handler, ids, secrets."""
    catalog = load_catalog()
    parsed = _parsed(path, board)
    family = catalog.families[str(family_of(parsed, catalog))]
    auth = catalog.auths[auth_of(parsed, catalog)]
    secrets = {c.name: c.secret for c in (*family.constants, *auth.constants)}
    if parsed.configurator:
        secrets = {}
    secrets |= header_secret_names(parsed, family, auth)
    ids = {n: c.value for n, c in parsed.constants.items() if c.literal and n not in secrets}
    if auth.key != "thing":
        ids.pop("THING_ID", None)  # only LoRa sketches need it; sync leaves it out
    ids = {"DEVICE_LOGIN_NAME" if n == "BOARD_ID" else n: v for n, v in ids.items()}
    return {
        "variables": {
            name: (p.declaration, p.permission, p.strategy, p.parameter, p.callback, p.tag)
            for name, p in parsed.properties.items()
        },
        "handler": (parsed.handler, parsed.lora_band or family.default_band),
        "auth": auth.key,
        "p2": parsed.configurator,
        "ids": ids,
        "secrets": secrets,
    }


def _import(case: Case, project: Path) -> dict[str, Any]:
    copy_fixture(FIXTURES / case.name, project / case.name)
    result = cloudgen("import", case.name, *case.args, cwd=project)
    assert result.exit_code == 0, result.output
    for text in case.warns:
        assert text in result.stderr, result.stderr
    entries = yaml.safe_load((project / "cloudgen.yaml").read_text())["things"]
    assert len(entries) == 1
    entry: dict[str, Any] = entries[0]
    for key, value in case.entry:
        assert entry[key] == value, (key, entry)
    return entry


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_import_then_generate_gives_the_same_sketch(case: Case, tmp_path: Path) -> None:
    entry = _import(case, tmp_path)
    # Generate from the imported entry into a fresh folder: nothing is read from the old one.
    entry["outputs"] = {"sketch": f"fresh/{case.name}"}
    (tmp_path / "cloudgen.yaml").write_text(yaml.safe_dump({"things": [entry]}))
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    fresh = tmp_path / "fresh" / case.name / "thingProperties.h"
    expected = meaning(FIXTURES / case.name / "thingProperties.h", case.board)
    if "--device-id" in case.args:  # what was passed instead of the file's empty id
        expected["ids"]["DEVICE_LOGIN_NAME"] = case.args[case.args.index("--device-id") + 1]
    assert meaning(fresh, case.board) == expected


def _without_variable_list(text: str) -> list[str]:
    """The .ino's lines but the variable list of its header comment (cloudgen's to refresh)."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if "*/" in line), -1)
    listed = re.compile(r"^[ \t]+[A-Za-z_]\w* [A-Za-z_]\w*;[ \t]*$")
    return [line for i, line in enumerate(lines) if i > end or not listed.match(line)]


def _is_subsequence(old: list[str], new: list[str]) -> bool:
    remaining = iter(new)
    return all(line in remaining for line in old)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_sync_keeps_every_user_byte_and_compiles(case: Case, tmp_path: Path) -> None:
    _import(case, tmp_path / "project")
    template = (tmp_path / "project" / "things" / f"{case.name}.yaml").resolve()
    folder = copy_fixture(FIXTURES / case.name, tmp_path / "download" / case.name)
    before = {p.name: p.read_text() for p in folder.iterdir()}

    result = cloudgen("sync", folder, "--thing", template, *case.args, cwd=tmp_path)
    assert result.exit_code == 0, result.output

    header = (folder / "thingProperties.h").read_text().splitlines()
    original = _parsed(FIXTURES / case.name / "thingProperties.h", case.board)
    assert _is_subsequence([k.text for k in original.kept], header)
    for name, prop in original.properties.items():
        if prop.initialiser is not None:
            assert any(
                re.match(rf"^\w+ {name} = {re.escape(prop.initialiser)};", h) for h in header
            )
    main, *tabs = sketch_files(folder)
    assert {p.name for p in folder.glob("*.ino")} == {n for n in before if n.endswith(".ino")}
    assert _is_subsequence(_without_variable_list(before[main.name]), main.read_text().splitlines())
    for path in tabs:
        assert path.read_text() == before[path.name]
    for name, text in before.items():
        if name not in ("thingProperties.h", "arduino_secrets.h", main.name):
            assert (folder / name).read_text() == text, name
    if "arduino_secrets.h" in before:
        macros = re.findall(r"#define (\w+)", before["arduino_secrets.h"])
        assert set(macros) <= set(
            re.findall(r"#define (\w+)", (folder / "arduino_secrets.h").read_text())
        )

    compiled = compile_sketch(folder, host_defines(case.board))
    assert compiled.returncode == 0, compiled.output
    check = cloudgen("sync", folder, "--thing", template, *case.args, "--check", cwd=tmp_path)
    assert check.exit_code == 0, check.output
    synced = snapshot(folder)
    assert cloudgen("sync", folder, "--thing", template, *case.args, cwd=tmp_path).exit_code == 0
    assert snapshot(folder) == synced
