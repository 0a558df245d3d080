"""Strings from inputs cannot break out of the comments and literals they land in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import cloudgen, compile_sketch, host_defines, write_tree

from generator.core.escape import cpp_string

HOSTILE = [
    "Evil */ int injected = 1; /*",
    'Quote " and backslash \\',
    "Ends with a backslash \\",
    "New\nline #define HIGH 0",
    "Trigraph ??/",
    "Line\u2028separator and \u202eoverride",
    "Tab\tand NUL-free control \x07",
    "{{ jinja }} {% raw %}",
    "Ünïcødé Gärten 温室",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_thing_names_compile_and_stay_inside_comments(tmp_path: Path, name: str) -> None:
    variable = {
        "name": "x",
        "variable_name": "x",
        "type": "INT",
        "permission": "READ_WRITE",
        "update_strategy": "ON_CHANGE",
    }
    write_tree(
        tmp_path,
        {
            "cloudgen.yaml": "things:\n  - {template: t.json, board: 'arduino:samd:mkr1000', outputs: {sketch: S}}\n",
            "t.json": json.dumps({"name": name, "variables": [variable]}),
        },
    )
    result = cloudgen("generate", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "S"
    compiled = compile_sketch(folder, host_defines("arduino:samd:mkr1000"))
    assert compiled.returncode == 0, compiled.output
    escaped = cpp_string(name)
    for file in ("thingProperties.h", "S.ino"):
        assert escaped in (folder / file).read_text()
    inner = escaped[1:-1]
    assert escaped.isprintable()
    for sequence in ("*/", "/*", "??", "\u2028"):
        assert sequence not in inner
    assert inner.replace("\\\\", "").replace('\\"', "").count('"') == 0


def test_cpp_string_escapes() -> None:
    assert cpp_string('a"b\\c') == '"a\\"b\\\\c"'
    assert cpp_string("*/ /*") == '"*\\057 /\\052"'
    assert cpp_string("??/") == '"?\\?/"'
    assert cpp_string("\n\u2028") == '"\\012\\342\\200\\250"'
    assert cpp_string("Gärten") == '"Gärten"'
