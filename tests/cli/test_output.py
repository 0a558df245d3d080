"""Scriptable, conventional output: --json, colour, -q/-v, --help, completion, progress."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from helpers import REPO, cloudgen, copy_example_project, pinned_spec, write_tree

from generator.cli.main import main
from generator.core.catalog import load_catalog

CLOUDGEN = Path(sys.executable).with_name("cloudgen")
COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # an ANSI colour or style
BOARD = "arduino:samd:mkr1000"
THING = """\
name: Porch
variables:
  - {variable_name: lamp, name: Lamp, type: HOME_LIGHT, permission: READ_WRITE, update_strategy: ON_CHANGE}
  - {variable_name: temp, name: Température, type: TEMPERATURE, permission: READ_ONLY, update_strategy: TIMED, update_parameter: 60}
"""


def _project(root: Path) -> Path:
    return write_tree(
        root,
        {
            "cloudgen.yaml": f"things:\n  - {{template: t.yaml, board: '{BOARD}', outputs: {{sketch: S}}}}\n",
            "t.yaml": THING,
        },
    )


def _json(*args: str | Path, cwd: Path, code: int = 0) -> dict[str, object]:
    result = cloudgen(*args, "--json", cwd=cwd)
    assert result.exit_code == code, result.output
    document: dict[str, object] = json.loads(result.stdout)
    assert document["format"] == 1
    return document


def test_json_of_boards_types_and_variables(tmp_path: Path) -> None:
    catalog = load_catalog()
    boards = _json("boards", cwd=tmp_path)
    assert boards["ok"] is True and boards["diagnostics"] == []
    assert boards["boards"][0] == {  # type: ignore[index]
        "fqbn": "arduino:samd:mkr1000",
        "name": "MKR1000 WiFi",
        "connections": ["wifi"],
        "auth": "se",
        "auths": ["se"],
        "support": "official",
        "examples": [],
    }
    assert [b["fqbn"] for b in boards["boards"]] == catalog.board_fqbns  # type: ignore[attr-defined]
    esp32 = next(b for b in boards["boards"] if b["fqbn"] == "esp32:esp32:*")  # type: ignore[attr-defined]
    assert "esp32:esp32:esp32s3" in esp32["examples"]
    r4 = next(b for b in boards["boards"] if b["fqbn"] == "arduino:renesas_uno:unor4wifi")  # type: ignore[attr-defined]
    assert (r4["auth"], r4["auths"]) == ("se", ["se", "key"])

    types = _json("types", "--group", "compound", cwd=tmp_path)["types"]
    location = next(t for t in types if t["type"] == "LOCATION")  # type: ignore[attr-defined]
    assert location == {
        "type": "LOCATION",
        "cpp": "CloudLocation",
        "micropython": catalog.types["LOCATION"].python,
        "senml": catalog.types["LOCATION"].senml,
        "group": "compound",
        "same_as": None,
        "basis": catalog.types["LOCATION"].basis,
    }
    assert {t["group"] for t in types} == {"compound"}  # type: ignore[attr-defined]

    _project(tmp_path)
    listed = _json("var", "list", "t.yaml", cwd=tmp_path)
    assert listed["thing"] == "t.yaml"
    assert listed["variables"] == [
        {
            "variable_name": "lamp",
            "name": "Lamp",
            "type": "HOME_LIGHT",
            "cpp": "CloudLight",
            "permission": "READ_WRITE",
            "update_strategy": "ON_CHANGE",
            "update_parameter": 0,
        },
        {
            "variable_name": "temp",
            "name": "Température",
            "type": "TEMPERATURE",
            "cpp": "CloudTemperature",
            "permission": "READ_ONLY",
            "update_strategy": "TIMED",
            "update_parameter": 60,
        },
    ]


def test_json_of_validate(tmp_path: Path) -> None:
    _project(tmp_path)
    valid = _json("validate", "t.yaml", "cloudgen.yaml", cwd=tmp_path)
    assert valid == {
        "format": 1,
        "ok": True,
        "files": ["t.yaml", "cloudgen.yaml"],
        "diagnostics": [],
    }
    (tmp_path / "t.yaml").write_text(THING.replace("HOME_LIGHT", "HOME_LIHGT"))
    failed = _json("validate", "t.yaml", cwd=tmp_path, code=2)
    assert failed["ok"] is False and set(failed) == {"format", "ok", "diagnostics"}
    assert failed["diagnostics"] == [
        {
            "file": "t.yaml",
            "line": 3,
            "column": 45,
            "key": "variables[0].type",
            "level": "error",
            "message": 'unknown type "HOME_LIHGT"; expected a cloud variable type (`cloudgen types` lists them); did you mean "HOME_LIGHT"?',
        }
    ]


def test_json_of_generate_check(tmp_path: Path) -> None:
    _project(tmp_path)
    missing = _json("generate", "--check", cwd=tmp_path, code=1)
    assert missing["check"] is True and missing["up_to_date"] is False
    assert {f["path"] for f in missing["files"]} >= {"S/thingProperties.h", "S/S.ino"}  # type: ignore[attr-defined]
    assert all(f["action"] == "create" and f["diff"] is None for f in missing["files"])  # type: ignore[attr-defined]

    written = _json("generate", cwd=tmp_path)
    assert written["check"] is False and written["edited"] == [] and written["messages"] == []
    assert _json("generate", "--check", cwd=tmp_path) == {
        "format": 1,
        "ok": True,
        "check": True,
        "up_to_date": True,
        "files": [],
        "edited": [],
        "messages": [],
        "diagnostics": [],
    }
    header = tmp_path / "S/thingProperties.h"
    header.write_text(header.read_text().replace("CloudLight lamp;", "CloudLight lamp; // mine"))
    edited = _json("generate", "--check", cwd=tmp_path, code=1)
    (stale,) = edited["files"]  # type: ignore[misc]
    assert stale["path"] == "S/thingProperties.h" and stale["action"] == "update"
    assert "-CloudLight lamp; // mine" in stale["diff"]
    assert edited["edited"] == ["S/thingProperties.h"]


def _pty(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """What a terminal shows for a cloudgen run (stdout and stderr together)."""
    pexpect = pytest.importorskip("pexpect")
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    child = pexpect.spawn(
        str(CLOUDGEN),
        args,
        cwd=str(cwd),
        env={**environment, "TERM": "xterm", **(env or {})},
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 200),
    )
    child.expect(pexpect.EOF)
    child.close()
    return str(child.before)


def test_colour_on_a_terminal_only_and_never_with_no_color(tmp_path: Path) -> None:
    _project(tmp_path)
    (tmp_path / "t.yaml").write_text(THING.replace("HOME_LIGHT", "HOME_LIHGT"))
    on_terminal = _pty(["generate"], tmp_path)
    assert "\x1b[31m" in on_terminal and "did you mean" in on_terminal  # red
    plain = _pty(["generate"], tmp_path, {"NO_COLOR": "1"})
    assert not COLOUR.search(plain) and "did you mean" in plain
    piped = subprocess.run(
        [str(CLOUDGEN), "generate"], cwd=tmp_path, capture_output=True, text=True
    )
    assert piped.returncode == 2 and "\x1b[" not in piped.stderr and "did you mean" in piped.stderr
    assert "reading Things" not in on_terminal  # a short run shows no progress
    # A warning is yellow.
    (tmp_path / "t.yaml").write_text(THING + "colour: blue\n")
    assert "\x1b[33m" in _pty(["generate"], tmp_path)


def test_every_command_takes_q_and_v() -> None:
    leaves = [(path, cmd) for path, cmd in _walk(main) if not isinstance(cmd, click.Group)]
    assert len(leaves) >= 20
    for path, command in leaves:
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert {"-q", "--quiet", "-v", "--verbose"} <= options, path


def test_q_and_v_do_the_same_everywhere(tmp_path: Path) -> None:
    _project(tmp_path)
    assert cloudgen("generate", "-q", cwd=tmp_path).output == ""
    assert cloudgen("-q", "generate", cwd=tmp_path).output == ""  # before the command, too
    verbose = cloudgen("generate", "-v", "--force", cwd=tmp_path).output
    # (arduino_secrets.h is merged since issue 13, so it is "unchanged" rather than "kept")
    assert "unchanged S/thingProperties.h" in verbose and "unchanged S/arduino_secrets.h" in verbose
    assert "unchanged S/" not in cloudgen("generate", "--force", cwd=tmp_path).output
    assert cloudgen("validate", "-q", "t.yaml", cwd=tmp_path).output == ""
    assert "  valid t.yaml" in cloudgen("validate", "-v", "t.yaml", cwd=tmp_path).output
    assert (
        cloudgen("var", "add", "-q", "t.yaml", "fan:HOME_SWITCH:readwrite", cwd=tmp_path).output
        == ""
    )
    listing = cloudgen("-q", "var", "list", "t.yaml", cwd=tmp_path).output
    assert "fan" in listing  # what was asked for is printed all the same
    assert "esp32:esp32:esp32s3" in cloudgen("boards", "-v", cwd=tmp_path).output
    assert "esp32:esp32:esp32s3" not in cloudgen("boards", cwd=tmp_path).output
    # Errors and warnings are never silenced.
    (tmp_path / "t.yaml").write_text(THING + "colour: blue\n")
    assert 'unknown key "colour"' in cloudgen("generate", "-q", cwd=tmp_path).stderr


def test_every_help_reads_complete() -> None:
    groups = [(path, cmd) for path, cmd in _walk(main) if isinstance(cmd, click.Group)]
    for path, group in groups:
        text = cloudgen(*path, "--help").output
        listed = text.split("Commands:\n")[1].splitlines()
        assert len(listed) == len(group.commands), path  # one line each at 80 columns
        for line in listed:
            assert not line.endswith("...") and line.endswith("."), (path, line)
    for path, command in _walk(main):
        result = cloudgen(*path, "--help")
        assert result.exit_code == 0, path
        headline = " ".join((command.help or "").split("\n")[0].split())
        assert headline and headline in " ".join(result.output.split()), path


def _walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            found += _walk(sub, (*path, name))
    return found


def _complete(words: str, tmp_path: Path) -> list[str]:
    """What bash's Tab offers after `words` (the last word is being completed)."""
    parts = words.split(" ")
    environment = {
        **os.environ,
        "_CLOUDGEN_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
    }
    run = subprocess.run(
        [str(CLOUDGEN)], cwd=tmp_path, env=environment, capture_output=True, text=True, check=True
    )
    return [line.partition(",")[2] for line in run.stdout.splitlines()]


def test_shell_completion(tmp_path: Path) -> None:
    script = cloudgen("completion", "bash").output
    assert "_CLOUDGEN_COMPLETE=bash_complete" in script
    for shell in ("zsh", "fish"):
        assert "_CLOUDGEN_COMPLETE" in cloudgen("completion", shell).output
    assert _complete("cloudgen gen", tmp_path) == ["generate"]
    assert "--check" in _complete("cloudgen generate --ch", tmp_path)
    boards = _complete("cloudgen new p --board esp32:esp32:", tmp_path)
    assert "esp32:esp32:esp32s3" in boards and "esp32:esp32:*" in boards
    assert _complete("cloudgen sketch t.yaml -b arduino:renesas_uno:", tmp_path) == [
        "arduino:renesas_uno:unor4wifi"
    ]
    assert _complete("cloudgen var set t.yaml x --type TEMPERATURE_", tmp_path) == [
        "TEMPERATURE_C",
        "TEMPERATURE_F",
    ]
    assert "pump:STATUS" in _complete("cloudgen new p --var pump:STA", tmp_path)
    assert "pump:STATUS:readwrite" in _complete(
        "cloudgen var add t.yaml pump:STATUS:read", tmp_path
    )


def _many_things(root: Path, count: int) -> Path:
    entries = "".join(
        f"  - {{template: t.yaml, board: '{BOARD}', outputs: {{sketch: s/T{n}}}}}\n"
        for n in range(count)
    )
    return write_tree(root, {"cloudgen.yaml": "things:\n" + entries, "t.yaml": THING})


def test_progress_on_a_terminal_and_never_in_a_pipe(tmp_path: Path) -> None:
    # Enough Things that reading them outlasts the counter's 0.3 s grace on a fast machine.
    _many_things(tmp_path, 2000)
    shown = _pty(["generate", "--check"], tmp_path)
    assert "\r\x1b[Kcloudgen: reading Things " in shown and "/2000" in shown
    assert "\r\x1b[K" in shown  # the line is erased once the work is done
    piped = subprocess.run(
        [str(CLOUDGEN), "generate", "--check"], cwd=tmp_path, capture_output=True, text=True
    )
    assert piped.returncode == 1
    assert "\r" not in piped.stderr and "reading Things" not in piped.stderr
    quiet = _pty(["generate", "--check", "-q"], tmp_path)
    assert "reading Things" not in quiet


def test_the_example_project_answers_json_too(tmp_path: Path) -> None:
    root = copy_example_project(tmp_path)
    assert cloudgen("generate", "-q", cwd=root).exit_code == 0
    document = _json("generate", "--check", cwd=root)
    assert document["up_to_date"] is True
    assert (REPO / "README.md").read_text().count('"format": 1') >= 1


def test_client_generation_shows_what_it_is_doing_on_a_terminal(tmp_path: Path) -> None:
    spec = pinned_spec()
    shown = _pty(["client", "--spec", str(spec), "-o", "out"], tmp_path)
    assert "\r\x1b[Kcloudgen: generating out (this takes a few seconds)\r\x1b[K" in shown
    assert "cloudgen: generated out (" in shown
