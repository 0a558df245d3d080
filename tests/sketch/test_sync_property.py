"""Property: sync never changes a user byte outside the refreshed list and the appended stubs."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.catalog import load_catalog
from generator.core.user_code import sync_user_code
from generator.sketch.emit import callback_stub, declaration, sketch_ino
from generator.sketch.target import SketchTarget
from generator.thing.model import Thing, Variable

CATALOG = load_catalog()
DECLARATION = re.compile(r"[ \t]+[A-Za-z_]\w* [A-Za-z_]\w*;[ \t]*")


def _variable(name: str, type_name: str, read_write: bool) -> Variable:
    permission = "READ_WRITE" if read_write else "READ_ONLY"
    return Variable(name, name, CATALOG.types[type_name], permission, "ON_CHANGE", 0.0)


V1 = [
    _variable("pump", "STATUS", True),
    _variable("level", "FLOAT", False),
    _variable("note", "CHARSTRING", True),
]
V2 = [
    _variable("pump", "STATUS", False),
    _variable("fan", "HOME_SWITCH", True),
    _variable("level", "TEMPERATURE", False),
    _variable("mode", "INT", True),
]


def _target(variables: list[Variable]) -> SketchTarget:
    from pathlib import Path

    board = CATALOG.board("arduino:samd:mkr1000")
    assert board is not None
    thing = Thing("Demo", "", (), tuple(variables), "demo.yaml")
    return SketchTarget(
        thing,
        board.fqbn,
        board,
        CATALOG.families["wifi"],
        CATALOG.auths["se"],
        "legacy",
        Path("Demo"),
    )


ORIGINAL = sketch_ino(_target(V1))
LINES = st.sampled_from(
    [
        "  digitalWrite(2, HIGH);",
        "// void onFanChange() {}",
        '  Serial.println("void onModeChange() {");',
        "void onModeChange() {",
        "}",
        "/* a note */",
        "    int spare;",
        "*/",
        "/*",
        "  float extra;",
        "",
        "  Grüße \u2028 from a user",
        "void onNoteChange()  {",
    ]
)
EDIT = st.tuples(
    st.integers(min_value=0, max_value=len(ORIGINAL)), st.one_of(LINES, st.text(max_size=12))
)


def _apply(edits: list[tuple[int, str]]) -> str:
    text = ORIGINAL
    for position, inserted in sorted(edits, reverse=True):
        text = text[:position] + inserted + "\n" + text[position:]
    return text


def _declaration_run(text: str, position: int) -> list[str]:
    lines = text.split("\n")
    index = text[:position].count("\n")
    if index >= len(lines) or not DECLARATION.fullmatch(lines[index]):
        return []
    start = index
    while start > 0 and DECLARATION.fullmatch(lines[start - 1]):
        start -= 1
    end = index
    while end < len(lines) and DECLARATION.fullmatch(lines[end]):
        end += 1
    return lines[start:end]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(EDIT, max_size=6))
def test_sync_only_refreshes_the_list_and_appends_stubs(edits: list[tuple[int, str]]) -> None:
    edited = _apply(edits)
    declarations = [declaration(v) for v in V2]
    stubs = {v.callback: callback_stub(v) for v in V2 if v.read_write}
    result = sync_user_code(edited, declarations, stubs)

    # 1. What was appended is a sequence of whole stubs, in variable order.
    rest = result
    for stub in reversed(list(stubs.values())):
        if rest.endswith("\n" + stub):
            rest = rest[: -len(stub) - 1]
    if rest != edited and rest == edited + "\n":
        rest = edited  # a missing final newline is added before appending
    # 2. Apart from that, at most one run of declaration lines changed.
    if rest == edited:
        return
    prefix = 0
    while prefix < min(len(rest), len(edited)) and rest[prefix] == edited[prefix]:
        prefix += 1
    prefix = edited.rfind("\n", 0, prefix) + 1
    suffix = 0
    while (
        suffix < min(len(rest), len(edited)) - prefix and rest[-1 - suffix] == edited[-1 - suffix]
    ):
        suffix += 1
    end = len(edited) - suffix
    line_end = edited.find("\n", end)
    if end > 0 and edited[end - 1] != "\n" and line_end != -1:
        suffix = len(edited) - line_end  # whole lines: the common tail starts at a newline
    old_block = edited[prefix : len(edited) - suffix].strip("\n")
    new_block = rest[prefix : len(rest) - suffix].strip("\n")
    assert all(DECLARATION.fullmatch(line) for line in old_block.split("\n") if line), old_block
    assert all(DECLARATION.fullmatch(line) for line in new_block.split("\n") if line), new_block
    assert "/*" in edited[:prefix]
    run = _declaration_run(rest, prefix)
    assert [line.strip() for line in run] == declarations


def test_each_missing_callback_gets_a_stub_and_defined_ones_do_not() -> None:
    edited = ORIGINAL + "\nvoid onModeChange() {\n}\n// void onFanChange() {}\n"
    stubs = {v.callback: callback_stub(v) for v in V2 if v.read_write}
    result = sync_user_code(edited, [declaration(v) for v in V2], stubs)
    assert result.count("void onModeChange()") == 1
    assert result.endswith("\n" + stubs["onFanChange"])
