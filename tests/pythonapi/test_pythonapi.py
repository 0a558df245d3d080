"""The `python` output kind: a typed module per Thing, checked with ruff and mypy --strict
against the generated client, and run against the fake cloud (sync and async), with its
requests replayed against Prism."""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cloud_setup import CLIENT_ID, SECRET
from fake_api import FakeCloud
from helpers import REPO, cloudgen, snapshot, write_tree
from spec_check import answer_problems, prism_problems

BIN = Path(sys.executable).parent
CLIENT = "arduino-iot-api"


def project(root: Path) -> Path:
    shutil.copy(REPO / "specs" / "things" / "media_room.json", root / "media_room.json")
    write_tree(root, {
        "cloudgen.yaml": """\
            things:
              - template: media_room.json
                outputs:
                  python: api/media_room
            """,
    })  # fmt: skip
    result = cloudgen("generate", cwd=root)
    assert result.exit_code == 0, result.output
    return root / "api"


@pytest.fixture
def media_room(tmp_path: Path, client_cache: Path) -> Iterator[ModuleType]:
    folder = project(tmp_path)
    sys.path[:0] = [str(folder), str(next((client_cache / "client").iterdir()) / CLIENT)]
    try:
        yield importlib.import_module("media_room")
    finally:
        del sys.path[:2]
        sys.modules.pop("media_room", None)


def test_the_module_passes_ruff_and_mypy_strict(tmp_path: Path, client_cache: Path) -> None:
    folder = project(tmp_path)
    client = next((client_cache / "client").iterdir()) / CLIENT
    (folder / "use.py").write_text(
        "from arduino_iot_api import ArduinoCloud\n"
        "from media_room import ColoredLight, MediaRoom\n\n\n"
        "def use(cloud: ArduinoCloud) -> float | None:\n"
        '    room = MediaRoom(cloud, "id")\n'
        "    room.ambientLight.publish(ColoredLight(True, 1.0, 2.0, 3.0))\n"
        "    light = room.ambientLight.get()\n"
        "    return light.hue if light else None\n"
    )
    for command in (
        [BIN / "ruff", "check", "--isolated", "media_room"],
        [BIN / "ruff", "format", "--isolated", "--check", "media_room"],
        [BIN / "mypy", "--strict", "--no-incremental", "media_room", "use.py"],
    ):
        env = {"MYPYPATH": str(client), "PATH": str(BIN)}
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout + done.stderr)
    # The types say what a variable takes, and that a READ_ONLY one cannot be written.
    (folder / "use.py").write_text(
        "from arduino_iot_api import ArduinoCloud\nfrom media_room import MediaRoom\n\n\n"
        "def misuse(cloud: ArduinoCloud) -> None:\n"
        '    room = MediaRoom(cloud, "id")\n'
        "    room.occupied.publish(True)\n"
        "    room.wall_color.publish(0.5)\n"
    )
    done = subprocess.run(
        [BIN / "mypy", "--strict", "--no-incremental", "use.py"],
        cwd=folder, env={"MYPYPATH": str(client)}, capture_output=True, text=True,
    )  # fmt: skip
    assert '"ReadOnly[bool]" has no attribute "publish"' in done.stdout
    assert 'incompatible type "float"; expected "Color"' in done.stdout


def seed(fake: FakeCloud) -> str:
    """The example Media Room, made in the cloud."""
    template = json.loads((REPO / "specs" / "things" / "media_room.json").read_text())
    return fake.seed("Media Room", "Europe/London", {}, *template["variables"])


def test_get_publish_and_values_against_the_fake_cloud(
    media_room: ModuleType, fake: FakeCloud, prism_url: str
) -> None:
    from arduino_iot_api import ArduinoCloud, AsyncArduinoCloud

    thing_id = seed(fake)
    cloud = ArduinoCloud(client_id=CLIENT_ID, client_secret=SECRET, base_url=fake.url)
    room = media_room.MediaRoom(cloud, thing_id)
    assert room.occupied.get() is None  # nothing published yet
    light = media_room.ColoredLight(swi=True, hue=120.0, sat=50.0, bri=80.5)
    room.ambientLight.publish(light)
    assert room.ambientLight.get() == light
    stored = next(
        p for p in fake.things[thing_id]["properties"] if p["variable_name"] == "ambientLight"
    )
    assert stored["last_value"] == {"swi": True, "hue": 120.0, "sat": 50.0, "bri": 80.5}
    tv = next(p for p in fake.things[thing_id]["properties"] if p["variable_name"] == "television")
    tv["last_value"] = {"swi": True, "vol": 30, "mut": False, "pbc": 0, "inp": 2, "cha": 7}
    values = room.values()
    assert values.television == media_room.Television(True, 30, False, 0, 2, 7)
    assert values.ambientLight == light and values.occupied is None

    async def twin() -> Any:
        async_cloud = AsyncArduinoCloud(
            client_id=CLIENT_ID, client_secret=SECRET, base_url=fake.url
        )
        async_room = media_room.AsyncMediaRoom(async_cloud, thing_id)
        await async_room.wall_color.publish(media_room.Color(hue=10.0, sat=20.0, bri=30.0))
        return await async_room.wall_color.get(), await async_room.values()

    color, async_values = asyncio.run(twin())
    assert color == media_room.Color(10.0, 20.0, 30.0) == async_values.wall_color
    tv["last_value"] = "not a television"
    with pytest.raises(media_room.UnexpectedValue, match="expected an object with swi, vol"):
        room.television.get()
    assert answer_problems(fake.api_requests()) == []
    assert prism_problems(prism_url, fake.api_requests()) == []


def test_names_python_cannot_use_are_refused(tmp_path: Path) -> None:
    write_tree(tmp_path, {
        "t.yaml": """\
            name: Lab
            variables:
              - {name: values, variable_name: values, type: FLOAT, permission: READ_ONLY, update_strategy: ON_CHANGE, update_parameter: 0}
              - {name: lambda, variable_name: lambda, type: FLOAT, permission: READ_ONLY, update_strategy: ON_CHANGE, update_parameter: 0}
            """,
        "cloudgen.yaml": "things:\n  - template: t.yaml\n    outputs:\n      python: api/3lab\n",
    })  # fmt: skip
    before = snapshot(tmp_path)
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "outputs.python: folder name '3lab' is not a Python package name" in result.output
    assert 'variable "lambda" is a Python keyword' in result.output
    assert (
        'variable "values" would hide the generated class\'s own thing_id, values' in result.output
    )
    assert snapshot(tmp_path) == before
