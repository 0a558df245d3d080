"""Hardening: hostile strings, failures at every write, leftovers, odd inputs, secrets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from helpers import cloudgen, compile_sketch, host_defines, snapshot, write_tree
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core import writer
from generator.sketch.parse import parse_thing_properties

BOARD = "arduino:samd:mkr1000"
NASTY = [
    "*/",
    "/*",
    '"""',
    "\\",
    "\n",
    "\r\n",
    "{{ x }}",
    "{% if %}",
    "#define HIGH 0",
    "??/",
    "\u2028",
    "\u2029",
    "\u202e",
    "\x00"[:0],
    "\t",
    "'",
    "`rm -rf ~`",
    "$(id)",
    "<!--",
    "é温",
]
HOSTILE_TEXT = st.lists(
    st.one_of(st.sampled_from(NASTY), st.text(max_size=8)), min_size=1, max_size=6
).map("".join)
FILE_NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\\\x00"),
    min_size=1,
    max_size=20,
).filter(lambda n: n not in (".", "..") and len(n.encode()) < 200)


def _project(root: Path, name: str, label: str, timezone: str, file_name: str) -> Path:
    variable = {
        "name": label,
        "variable_name": "x",
        "type": "INT",
        "permission": "READ_WRITE",
        "update_strategy": "ON_CHANGE",
    }
    (root / "things").mkdir(parents=True, exist_ok=True)
    template = root / "things" / f"{file_name}.json"
    template.write_text(json.dumps({"name": name, "timezone": timezone, "variables": [variable]}))
    config = {
        "things": [
            {"template": f"things/{file_name}.json", "board": BOARD, "outputs": {"sketch": "S"}}
        ]
    }
    (root / "cloudgen.yaml").write_text(json.dumps(config))
    return root / "S"


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=HOSTILE_TEXT.filter(str.strip),
    label=HOSTILE_TEXT.filter(str.strip),
    timezone=HOSTILE_TEXT,
    file_name=FILE_NAME,
)
def test_hostile_strings_stay_inside_literals(
    tmp_path_factory: pytest.TempPathFactory, name: str, label: str, timezone: str, file_name: str
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    sketch = _project(root, name, label, timezone, file_name)
    result = cloudgen("generate", cwd=root)
    assert result.exit_code == 0, result.output
    compiled = compile_sketch(sketch, host_defines(BOARD))
    assert compiled.returncode == 0, compiled.output
    # Reading the file back gives every string exactly: each one sat inside its literal.
    parsed = parse_thing_properties(sketch / "thingProperties.h")
    assert parsed.thing_name == name.strip()
    assert parsed.timezone == timezone
    assert parsed.properties["x"].label == label
    for text in (sketch / "thingProperties.h").read_text(), (sketch / "S.ino").read_text():
        assert "\u2028" not in text and "\u202e" not in text and "\r" not in text


NASTIEST = [
    ("*/ int injected = 1; /*", "\\", "Europe/Rome\n#define X"),
    ('"""\n"', "??/\n", "\u2028"),
    ("{{ 7*7 }} {% raw %}", "Label */", "\\\\\\"),
    ("a" * 5000, "b" * 3000, "c" * 1000),
]


@pytest.mark.parametrize(("name", "label", "timezone"), NASTIEST)
def test_nastiest_cases(tmp_path: Path, name: str, label: str, timezone: str) -> None:
    sketch = _project(tmp_path, name, label, timezone, 'we"ird */ name\n'.replace("/", "%"))
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert compile_sketch(sketch, host_defines(BOARD)).returncode == 0
    assert parse_thing_properties(sketch / "thingProperties.h").thing_name == name


def test_hostile_names_in_a_new_project(tmp_path: Path) -> None:
    name = 'Evil `touch pwned` $(id) "; rm -rf ~\n# heading'
    result = cloudgen("new", "p", "--name", name, "--board", BOARD, "--var", "x:INT", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    readme = (tmp_path / "p" / "README.md").read_text()
    assert readme.startswith('# Evil \\`touch pwned\\` $\\(id\\) "; rm \\-rf \\~ \\# heading\n')
    # The next steps run `cloudgen cloud push`, which reads the name from the template: no
    # shell command carries it, and the heading is its only (escaped) appearance.
    assert "cloudgen cloud push" in readme
    assert name.splitlines()[0] not in readme and "thing create" not in readme
    assert (
        compile_sketch(
            tmp_path / "p/sketches/EvilTouchPwnedIdRmRfHeading", host_defines(BOARD)
        ).returncode
        == 0
    )


def _two_versions(root: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The project after generating v1, and what generating v2 over it produces."""
    thing = "name: T\nvariables:\n" + "".join(
        f"  - {{name: {n}, variable_name: {n}, type: INT, permission: READ_WRITE, update_strategy: ON_CHANGE}}\n"
        for n in ("a", "b")
    )
    write_tree(
        root,
        {
            "cloudgen.yaml": f"things:\n  - {{template: t.yaml, board: '{BOARD}', outputs: {{sketch: S}}}}\n",
            "t.yaml": thing,
        },
    )
    assert cloudgen("generate", cwd=root).exit_code == 0
    (root / "t.yaml").write_text(thing.replace("variable_name: b", "variable_name: c"))
    old = snapshot(root)
    probe = root.with_name(root.name + "-v2")
    shutil.copytree(root, probe)
    assert cloudgen("generate", cwd=probe).exit_code == 0
    return old, snapshot(probe)


class _Killer:
    """Fails the n-th write operation of the writer, as a killed process would stop."""

    def __init__(self, at: int) -> None:
        self.at, self.calls = at, 0
        self.real_replace, self.real_fdopen = os.replace, os.fdopen

    def tick(self) -> bool:
        self.calls += 1
        return self.calls == self.at

    def replace(self, src: str, dst: str) -> None:
        if self.tick():
            raise OSError("killed before the rename")
        self.real_replace(src, dst)

    def fdopen(self, fd: int, mode: str) -> _Killer:
        self.handle = self.real_fdopen(fd, mode)
        return self

    def __enter__(self) -> _Killer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        if self.tick():
            self.handle.write(data[: len(data) // 2])
            raise OSError("killed mid-write")
        return int(self.handle.write(data))


@pytest.mark.parametrize("fail", ["replace", "fdopen"])
def test_a_failure_at_every_write_leaves_each_file_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail: str
) -> None:
    old, new = _two_versions(tmp_path / "probe")
    changed = sum(1 for name in new if old.get(name) != new[name])
    assert changed >= 3  # thingProperties.h, the .ino and the lock
    for index in range(1, changed + 1):
        root = tmp_path / f"run{index}"
        old, new = _two_versions(root)
        killer = _Killer(index)
        monkeypatch.setattr(writer.os, fail, getattr(killer, fail))
        with pytest.raises(OSError):
            cloudgen("generate", cwd=root)
        monkeypatch.undo()
        for name, data in snapshot(root).items():
            assert data in (old.get(name), new.get(name)), (
                f"{name} is neither old nor new after failure {index}"
            )
        assert not list(root.rglob("*.tmp"))
        result = cloudgen("generate", cwd=root)
        assert result.exit_code == 0, result.output  # no false "edited by hand"
        assert snapshot(root) == new


def test_leftovers_of_a_killed_run_are_removed_and_no_one_elses(tmp_path: Path) -> None:
    _two_versions(tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has exited: its temporary files are leftovers
    folder = tmp_path / "S"
    dead = folder / f".thingProperties.h.{gone.pid}-abc123.tmp"
    alive = folder / f".thingProperties.h.{os.getppid()}-def456.tmp"  # a running process's
    old = folder / ".thingProperties.h.abc123.tmp"  # named by an older cloudgen, no pid
    recent = folder / ".S.ino.xyz789.tmp"
    for leftover in (dead, alive, old, recent):
        leftover.write_text("half")
    an_hour_ago = time.time() - 3601
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    assert not dead.exists() and not old.exists()
    assert alive.exists() and recent.exists()  # another run may be writing them right now


def test_odd_inputs_are_clear_errors(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": f"things:\n  - {{template: t.yaml, board: '{BOARD}', outputs: {{sketch: S}}}}\n",
            "t.yaml": "name: T\nvariables: []\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    header = tmp_path / "S" / "thingProperties.h"
    header.unlink()
    header.symlink_to(tmp_path / "elsewhere.h")
    (tmp_path / "t.yaml").write_text("name: T2\nvariables: []\n")
    before = snapshot(tmp_path)
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 2
    assert "S/thingProperties.h:1:1: output is a symbolic link" in result.stderr
    assert snapshot(tmp_path) == before and not (tmp_path / "elsewhere.h").exists()

    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"name: T\n" + b"# padding\n" * 500_000)
    result = cloudgen("validate", huge, cwd=tmp_path)
    assert result.exit_code == 2 and "inputs are limited to" in result.stderr

    result = cloudgen("validate", "/dev/zero", cwd=tmp_path)
    assert result.exit_code == 2 and "expected a regular file" in result.stderr
    assert "Traceback" not in result.output


def test_ids_left_empty_reach_every_output_kind(tmp_path: Path) -> None:
    """`thing_id: ""` / `device_id: ""` (not in the cloud yet) is "no id yet" for every
    kind of output, not only for sketches."""
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": (
                "things:\n"
                "  - {template: t.yaml, board: 'arduino:samd:mkrwan1310', thing_id: '',"
                " lora_band: EU868, outputs: {sketch: S, dashboard: D, typescript: T, python: P}}\n"
                "  - {template: t.yaml, board: 'esp32:esp32:esp32', device_id: '',"
                " outputs: {sketch: S2, micropython: M}}\n"
            ),
            "t.yaml": "name: T\nvariables:\n  - {variable_name: x, name: x, type: INT,"
            " permission: READ_ONLY, update_strategy: ON_CHANGE}\n",
        },
    )
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "things[0].thing_id: empty" in result.stderr
    assert "things[1].device_id: empty" in result.stderr
    for output in ("D/dashboard.yaml", "T/T.ts", "P/__init__.py", "M/secrets.py"):
        assert (tmp_path / output).is_file(), output


def test_check_warns_about_tracked_secrets_without_printing_them(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": f"things:\n  - {{template: t.yaml, board: '{BOARD}', outputs: {{sketch: S}}}}\n",
            "t.yaml": "name: T\nvariables: []\n",
        },
    )
    assert cloudgen("generate", cwd=tmp_path).exit_code == 0
    secrets = tmp_path / "S" / "arduino_secrets.h"
    secrets.write_text('#define SECRET_SSID "home-net"\n#define SECRET_OPTIONAL_PASS "hunter2"\n')
    for args in (["init", "-q"], ["add", "-f", "S/arduino_secrets.h"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    result = cloudgen("generate", "--check", cwd=tmp_path)
    assert result.exit_code == 0
    assert "warning: S/arduino_secrets.h is tracked by git and holds secret values" in result.stderr
    assert "hunter2" not in result.output and "home-net" not in result.output
    assert "hunter2" not in (tmp_path / "cloudgen.lock").read_text()
