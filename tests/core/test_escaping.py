"""Strings from inputs cannot break out of the comments and literals they land in."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import cloudgen, compile_sketch, host_defines, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from tsc import node

from generator.core.escape import cpp_string, ts_string, yaml_scalar, yaml_value
from generator.core.source import parse_yaml

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


@given(st.text())
def test_yaml_scalars_read_back_as_the_text_in_yaml_1_1_and_1_2(text: str) -> None:
    """PyYAML (YAML 1.1), ruamel.yaml (1.2) and cloudgen's own reader all see the text,
    and the scalar is one printable line, so a comment holding it stays a comment."""
    scalar = yaml_scalar(text)
    assert scalar.isprintable()
    document = f"# {scalar}\nk: {scalar}\n"
    assert yaml.safe_load(document) == {"k": text}
    assert YAML(typ="safe", pure=True).load(io.StringIO(document)) == {"k": text}
    assert parse_yaml(document, "t.yaml").data == {"k": text}


def test_yaml_scalars_stay_plain_only_where_nothing_can_misread_them() -> None:
    assert [yaml_scalar(t) for t in ("Pump", "air_temperature", "Media Room", "a/b.yaml")] == [
        "Pump",
        "air_temperature",
        "Media Room",
        "a/b.yaml",
    ]
    for text in ("y", "N", "yes", "Off", "null", "12", "1e3", "-a", "a: b", "a #b", " a", ""):
        assert yaml_scalar(text).startswith('"'), text


@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text()))
def test_yaml_values_read_back_with_their_type(value: object) -> None:
    assert yaml.safe_load(f"k: {yaml_value(value)}") == {"k": value}


def test_ts_string_escapes() -> None:
    assert ts_string('a"b\\c') == '"a\\"b\\\\c"'
    assert ts_string("*/ /* */*") == '"*\\/ /\\* *\\/\\*"'
    assert ts_string("\n\r\t\u2028\u202e\x00") == '"\\n\\r\\t\\u2028\\u202e\\u0000"'
    assert ts_string("\ud800 \U000e0001") == '"\\ud800 \\udb40\\udc01"'
    assert ts_string("Gärten 温室 🌱 ${x} `") == '"Gärten 温室 🌱 ${x} `"'


TS_NASTY = ["*/", "/*", "*", "/", "//", "\\", '"', "'", "`", "${", "\n", "\r", "\u2028", "\u2029"]
TS_NASTY += ["\u202e", "\ufeff", "\x00", "\ud800", "\udfff", "\U0001f331", "-->", "<!--", "@x"]
TS_TEXT = st.lists(
    st.one_of(st.sampled_from(TS_NASTY), st.text(max_size=6)), min_size=0, max_size=8
).map("".join)


@settings(max_examples=25, deadline=None)
@given(texts=st.lists(TS_TEXT, min_size=1, max_size=12))
def test_ts_strings_survive_javascript_literals_and_comments(texts: list[str]) -> None:
    """Node.js reads every literal back exactly, and no comment around one ends early:
    a broken comment would swallow a `found.push` or fail to parse."""
    lines = ["'use strict';", "const found = [];"]
    for text in texts:
        literal = ts_string(text)
        assert literal.isprintable() and "*/" not in literal and "/*" not in literal
        lines += [f"// {literal}", f"/* {literal} */", f"/** {literal} */ found.push({literal});"]
    lines.append("process.stdout.write(JSON.stringify(found));")
    ran = subprocess.run(
        [node(), "-e", "\n".join(lines)], capture_output=True, text=True, check=True, timeout=60
    )
    # JavaScript strings are UTF-16: a lone high surrogate then a lone low one read as one
    # character, as Python's JSON reader (and so any input file) reads them too.
    assert json.loads(ran.stdout) == [json.loads(json.dumps(text)) for text in texts]
