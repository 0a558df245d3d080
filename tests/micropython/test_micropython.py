"""MicroPython bindings and the typed codec: checked by the real tools and library."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from helpers import EVERY_COMPOUND, cloudgen, load, write_tree

BIN = Path(sys.executable).parent


def generate(root: Path, thing: dict[str, object] = EVERY_COMPOUND) -> Path:
    write_tree(root, {"thing.json": json.dumps(thing)})
    result = cloudgen(
        "micropython",
        "thing.json",
        "-o",
        "py",
        "--device-id",
        "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f",
        cwd=root,
    )
    assert result.exit_code == 0, result.output
    return root / "py"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("mp"))


@pytest.mark.parametrize("folder", ["every-compound", "Greenhouse", "MediaRoom"])
def test_generated_python_passes_ruff_mypy_and_mpy_cross(
    outputs: Path, folder: str, tmp_path: Path, example_builds: dict[str, Path]
) -> None:
    root = outputs
    if folder != "every-compound":  # the examples as generated (secrets.py included), copied
        built = example_builds["configured"] / "generated" / "micropython" / folder
        root = Path(shutil.copytree(built, tmp_path / folder))
    files = sorted(p.name for p in root.glob("*.py") if p.name != "secrets.py")
    assert files == ["main.py", "thing_codec.py", "thing_properties.py"]
    for command in (
        [BIN / "ruff", "check", "--isolated", "."],
        [BIN / "ruff", "format", "--isolated", "--check", "."],
        [BIN / "mypy", "--strict", "--no-incremental", *files],
    ):
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    for name in files:
        done = subprocess.run(
            [BIN / "mpy-cross", "-o", "/dev/null", name],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def test_bindings_register_the_right_classes_values_and_handlers(outputs: Path) -> None:
    from arduino_iot_cloud import ArduinoCloudClient, ColoredLight, Schedule, Television

    properties = load(outputs / "thing_properties.py", "showroom_properties")
    client = ArduinoCloudClient(
        device_id="dev-0001",
        username="dev-0001",
        password="x",
        server="127.0.0.1",
        port=1,
        sync_mode=True,
    )
    calls: list[str] = []
    handlers = {
        name: (lambda client, value, n=name: calls.append(n)) for name in properties.HANDLERS
    }
    properties.init_properties(client, handlers)
    assert isinstance(client.records["lamp"], ColoredLight)
    assert isinstance(client.records["hours"], Schedule) and isinstance(
        client.records["tv"], Television
    )
    assert client["level"] == 0.0 and client["pump"] is None and client["target"] == 0.0
    assert client.records["level"].interval == 5
    # Every TIMED variable gets its interval: READ_WRITE and multi-value ones too.
    assert client.records["period"].interval == 2 and client.records["route"].interval == 60
    assert client.records["period"].on_read is None  # it would overwrite the cloud's value
    assert client.records["pump"].on_write is handlers["on_pump"]
    assert client.records["where"].on_write is None  # READ_ONLY
    assert set(properties.HANDLERS) == {
        f"on_{v['variable_name']}"
        for v in EVERY_COMPOUND["variables"]
        if v["permission"] == "READ_WRITE"
    }
    with pytest.raises(AttributeError, match="the handlers lack on_pump"):
        properties.init_properties(client, {})


def test_codec_encodes_exactly_what_the_library_sends(outputs: Path) -> None:
    from arduino_iot_cloud.ucloud import ArduinoCloudObject
    from senml import SenmlPack

    codec = load(outputs / "thing_codec.py", "showroom_codec")
    for name, value in (
        ("pump", True),
        ("level", 42.25),
        ("count", 7),
        ("note", "hi"),
        ("target", 21.0),
    ):
        pack = SenmlPack("", lambda *a, **k: None)
        ArduinoCloudObject(name, value=value).add_to_pack(pack)
        assert codec.encode(codec.Changes(**{name: value})) == pack.to_cbor(), name
    # Multi-value records: the library sends attributes in set order, so compare as sets.
    pack = SenmlPack("", lambda *a, **k: None)
    from arduino_iot_cloud import ColoredLight

    ColoredLight("lamp", swi=True, hue=120.0, sat=50.0, bri=75.0).add_to_pack(pack)
    ours = codec.encode(
        codec.Changes(lamp=codec.ColoredLight(swi=True, hue=120.0, sat=50.0, bri=75.0))
    )
    as_set = lambda data: {tuple(sorted(r.items())) for r in cbor2.loads(data)}  # noqa: E731
    assert as_set(ours) == as_set(pack.to_cbor())
    assert [r[0] for r in cbor2.loads(ours)] == ["lamp:swi", "lamp:hue", "lamp:sat", "lamp:bri"]


def test_codec_decodes_the_cpp_and_js_forms(outputs: Path) -> None:
    codec = load(outputs / "thing_codec.py", "showroom_codec2")
    cpp = bytes.fromhex(
        "9f a2 00 65 6c6576656c 02 fa 42290000"
        "a3 00 68 6465736b3a737769 04 f5 06 1a 65000000"
        "a2 00 68 6465736b3a627269 02 fa 42200000 ff".replace(" ", "")
    )
    changes = codec.decode(cpp)
    assert math.isclose(changes.level, 42.25) and changes.desk == codec.DimmedLight(
        swi=True, bri=40.0
    )
    js = cbor2.dumps([{-3: 1_700_000_000_000, 0: "target", 2: 21}, {0: "count", 2: 3}, {0: "pump"}])
    changes = codec.decode(js)
    assert changes.target == 21.0 and isinstance(changes.target, float) and changes.count == 3
    assert changes.pump is None  # the JS library's record without a value is skipped


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([{0: "pump", 2: 1}], "pump: expected bool, got int 1"),
        ([{0: "count", 2: 2.5}], "count: expected int, got float 2.5"),
        ([{0: "nope", 4: True}], "nope: not a variable of this Thing"),
        ([{0: "lamp:swi", 4: True}], "lamp: missing hue, sat, bri"),
        ([{0: "lamp:zzz", 2: 1.0}], "lamp:zzz: lamp has no attribute 'zzz'"),
        ({0: "pump"}, "expected a SenML pack"),
    ],
)
def test_codec_rejects_what_does_not_fit(outputs: Path, payload: object, message: str) -> None:
    codec = load(outputs / "thing_codec.py", "showroom_codec3")
    with pytest.raises(codec.CodecError, match=message.replace("(", r"\(")):
        codec.decode(cbor2.dumps(payload))
    with pytest.raises(codec.CodecError, match="not CBOR"):
        codec.decode(b"\x9f\x01")
    with pytest.raises(codec.CodecError, match="pump: expected bool, got int 1"):
        codec.encode(codec.Changes(pump=1))


def test_main_keeps_user_code_and_gains_handlers_before_the_entry_point(tmp_path: Path) -> None:
    thing = {"name": "T", "variables": [EVERY_COMPOUND["variables"][0]]}
    folder = generate(tmp_path, thing)
    main = folder / "main.py"
    edited = main.read_text().replace(
        '    print("pump:", value)\n', "    relay.value(value)  # mine\n"
    )
    main.write_text(edited)
    thing["variables"].append(EVERY_COMPOUND["variables"][2])
    folder = generate(tmp_path, thing)
    text = main.read_text()
    assert "relay.value(value)  # mine" in text and "    count: int\n" in text
    assert text.index("def on_count(") < text.index('if __name__ == "__main__":')
    assert text.count("def on_pump(") == 1
    secrets = (folder / "secrets.py").read_text()
    assert (
        'DEVICE_ID = "5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f"' in secrets
        and (folder / ".gitignore").read_text() == "secrets.py\n"
    )


def test_reserved_library_names_are_rejected(tmp_path: Path) -> None:
    thing = {
        "name": "T",
        "variables": [dict(EVERY_COMPOUND["variables"][0], variable_name="tz_offset")],
    }
    write_tree(tmp_path, {"thing.json": json.dumps(thing)})
    result = cloudgen("micropython", "thing.json", "-o", "py", cwd=tmp_path)
    assert result.exit_code == 2 and "is a record name the cloud protocol reserves" in result.stderr


def test_sync_and_var_follow_into_a_micropython_folder(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": "things:\n  - template: t.yaml\n    outputs:\n      micropython: py\n",
            "t.yaml": "name: T\nvariables:\n  - {name: pump, variable_name: pump, type: STATUS, permission: READ_WRITE,"
            " update_strategy: ON_CHANGE}\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert (
        cloudgen("var", "add", "t.yaml", "fan:HOME_SWITCH:readwrite", cwd=tmp_path).exit_code == 0
    )
    main = (tmp_path / "py" / "main.py").read_text()
    assert "def on_fan(client: ArduinoCloudClient, value: bool) -> None:" in main
    assert cloudgen("sync", "py", "--check", cwd=tmp_path).exit_code == 0
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 0
