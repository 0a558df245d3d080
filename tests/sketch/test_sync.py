"""Offline sync: the Thing changes, generated files follow, user code is never lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import cloudgen, compile_sketch, host_defines, snapshot, thing_yaml, var, write_tree

from generator.core import writer
from generator.core.hashing import sha256
from generator.project.fastpath import is_current

CONFIG = """
things:
  - template: thing.yaml
    board: arduino:samd:mkrwifi1010
    outputs:
      sketch: Demo
"""
V1 = (
    var("pump", "STATUS", "READ_WRITE")
    + var("humidity", "FLOAT")
    + var("status_message", "CHARSTRING", "READ_WRITE")
    + var("cycles", "INT")
)
# v2 gains fan, loses cycles, retypes humidity, renames status_message, makes pump read-only
V2 = (
    var("pump", "STATUS")
    + var("fan", "HOME_SWITCH", "READ_WRITE")
    + var("humidity", "PERCENTAGE_RELATIVE_HUMIDITY")
    + var("status_text", "CHARSTRING", "READ_WRITE", label="status_message")
)
USER_CODE = "  digitalWrite(LED_BUILTIN, pump);  // user code in loop\n"


def _project(root: Path, variables: str = V1) -> Path:
    write_tree(root, {"cloudgen.yaml": CONFIG, "thing.yaml": thing_yaml(variables)})
    result = cloudgen("generate", cwd=root)
    assert result.exit_code == 0, result.output
    return root / "Demo"


def _user_edits(ino: Path) -> str:
    text = ino.read_text()
    text = text.replace("  // Your code here\n", USER_CODE, 1)
    text = text.replace("  // Add your code here to act on pump\n", "  Serial.println(pump);\n")
    text += "\n// a helper of mine\nint twice(int x) { return 2 * x; }\n"
    ino.write_text(text)
    return text


def test_thing_changes_follow_into_the_sketch_and_user_code_stays(tmp_path: Path) -> None:
    sketch = _project(tmp_path)
    ino = sketch / "Demo.ino"
    edited = _user_edits(ino)
    (tmp_path / "thing.yaml").write_text(thing_yaml(V2))

    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output

    expected_list = "    bool pump;\n    CloudSwitch fan;\n    CloudRelativeHumidity humidity;\n    String status_text;\n"
    old_list = "    bool pump;\n    float humidity;\n    String status_message;\n    int cycles;\n"
    stubs = (
        "\n/*\n  Runs when the cloud sends fan a new value.\n*/\n"
        "void onFanChange()  {\n  // Add your code here to act on fan\n}\n"
        "\n/*\n  Runs when the cloud sends status_text a new value.\n*/\n"
        "void onStatusTextChange()  {\n  // Add your code here to act on status_text\n}\n"
    )
    assert ino.read_text() == edited.replace(old_list, expected_list) + stubs
    header = (sketch / "thingProperties.h").read_text()
    assert "ArduinoCloud.addProperty(pump, READ, ON_CHANGE, NULL);" in header
    assert "void onPumpChange();" not in header
    assert 'CloudRelativeHumidity humidity;  // "humidity" (PERCENTAGE_RELATIVE_HUMIDITY)' in header
    assert "onPumpChange() is kept, but no READ_WRITE variable uses it" in result.stderr
    assert "onStatusMessageChange() is kept" in result.stderr
    assert 'variable "status_message" looks renamed to "status_text"' in result.stderr
    assert "onCyclesChange" not in result.stderr  # cycles was read-only: it had no callback
    assert compile_sketch(sketch, host_defines("arduino:samd:mkrwifi1010")).returncode == 0


def test_sync_of_a_project_sketch_touches_only_that_sketch(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": CONFIG
            + "  - template: other.yaml\n    board: arduino:samd:mkr1000\n    outputs:\n      sketch: Other\n",
            "thing.yaml": thing_yaml(V1),
            "other.yaml": thing_yaml(var("level")),
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    (tmp_path / "thing.yaml").write_text(thing_yaml(V2))
    (tmp_path / "other.yaml").write_text(thing_yaml(var("level") + var("depth")))
    other_before = (tmp_path / "Other" / "thingProperties.h").read_bytes()

    result = cloudgen("sync", "Demo", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "CloudSwitch fan;" in (tmp_path / "Demo" / "thingProperties.h").read_text()
    assert (tmp_path / "Other" / "thingProperties.h").read_bytes() == other_before
    # The lock still knows Other is stale, so check and a full generate see it.
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 1
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert "float depth;" in (tmp_path / "Other" / "thingProperties.h").read_text()

    refused = cloudgen("sync", "Demo", "--board", "arduino:samd:mkr1000", cwd=tmp_path)
    assert refused.exit_code == 2 and "change its entry instead" in refused.stderr


def test_check_reports_stale_and_hand_edited_files_and_writes_nothing(tmp_path: Path) -> None:
    sketch = _project(tmp_path)
    assert cloudgen("generate", "--check", cwd=tmp_path).output == "cloudgen: up to date\n"

    (tmp_path / "thing.yaml").write_text(thing_yaml(V1 + var("extra")))
    before = snapshot(tmp_path)
    result = cloudgen("generate", "--check", cwd=tmp_path)
    assert result.exit_code == 1
    assert "+float extra;" in result.stdout.replace("  ", "").replace('//"extra" (FLOAT)', "")
    assert "--- Demo/thingProperties.h (on disk)" in result.stdout
    assert "out of date" in result.stderr
    assert snapshot(tmp_path) == before

    (tmp_path / "thing.yaml").write_text(thing_yaml(V1))
    header = sketch / "thingProperties.h"
    header.write_text(header.read_text().replace("int cycles;", "long cycles;"))
    result = cloudgen("generate", "--check", cwd=tmp_path)
    assert result.exit_code == 1 and "-long cycles;" in result.stdout

    (tmp_path / "thing.yaml").write_text(thing_yaml(var("cycles", "FLOT")))
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 2


def test_hand_edited_generated_file_is_refused_unless_forced(tmp_path: Path) -> None:
    sketch = _project(tmp_path)
    header = sketch / "thingProperties.h"
    generated = header.read_text()
    edited = generated.replace("int cycles;", "long cycles;")
    header.write_text(edited)
    (tmp_path / "thing.yaml").write_text(thing_yaml(V1 + var("extra")))
    before = snapshot(tmp_path)

    refused = cloudgen("generate", cwd=tmp_path)
    assert refused.exit_code == 1
    assert "Demo/thingProperties.h: edited by hand since cloudgen generated it" in refused.stderr
    assert snapshot(tmp_path) == before

    forced = cloudgen("generate", "--force", cwd=tmp_path)
    assert forced.exit_code == 0, forced.output
    assert (sketch / "thingProperties.h.orig").read_text() == edited
    assert "float extra;" in header.read_text()


def test_no_op_is_answered_from_the_lock(tmp_path: Path) -> None:
    sketch = _project(tmp_path)
    config = tmp_path / "cloudgen.yaml"
    assert is_current(config, need_user_files=True)
    text = (tmp_path / "cloudgen.lock").read_text()
    assert f"thing.yaml: {sha256((tmp_path / 'thing.yaml').read_bytes())}" in text
    assert f"Demo/thingProperties.h: {sha256((sketch / 'thingProperties.h').read_bytes())}" in text
    assert (
        "Demo/Demo.ino: user" in text and "cloudgen:templates/sketch/thingProperties.h.j2:" in text
    )

    (sketch / "arduino_secrets.h").unlink()
    assert not is_current(config, need_user_files=True)
    assert is_current(config, need_user_files=False)  # --check does not need your secrets
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert (sketch / "arduino_secrets.h").exists()

    (tmp_path / "thing.yaml").write_text(thing_yaml(V1) + "# a comment changes the hash\n")
    assert not is_current(config, need_user_files=True)


def test_interrupted_write_leaves_previous_files_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sketch = _project(tmp_path)
    before = snapshot(tmp_path)
    (tmp_path / "thing.yaml").write_text(thing_yaml(V2))
    calls = {"n": 0}
    real_replace = os.replace

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(OSError):
        cloudgen("generate", cwd=tmp_path)
    after = snapshot(tmp_path)
    changed = [name for name in before if after.get(name) != before[name] and name != "thing.yaml"]
    assert len(changed) <= 1  # the first file was replaced whole; nothing is half-written
    assert not [p for p in sketch.iterdir() if p.name.endswith(".tmp")]

    monkeypatch.setattr(writer.os, "replace", real_replace)
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert cloudgen("generate", "--check", cwd=tmp_path).exit_code == 0
    final = snapshot(tmp_path)
    assert all(after[name] == final[name] for name in changed)  # fully new, never partial
