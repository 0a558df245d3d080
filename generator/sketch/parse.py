"""Reads an existing `thingProperties.h` back: the Cloud editor's (classic or Provisioning
2.0, from 2019 to today), cloudgen's (legacy or modern style), or one a user edited.

Every line is either something cloudgen writes itself (recorded here, and written anew
on sync) or the user's: a hand-added declaration, an include guard, a comment. The
user's lines are kept, with where they stood (`KeptLine.section`), so that sync puts
them back in the same place. Used by `cloudgen import`, by sync and by generate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.catalog import Board, Catalog, load_catalog
from generator.core.diagnostics import Diagnostic, UserError
from generator.core.user_code import code_only
from generator.sketch import lines as L
from generator.sketch.conditionals import BoardUnknown, Conditionals, Unreadable


@dataclass(frozen=True)
class Vocabulary:
    """What the reader needs to know: the constant names cloudgen writes, and the macros
    of the board (None when the board is not known yet)."""

    constants: frozenset[str]
    defines: frozenset[str] | None = None


@dataclass(frozen=True)
class KeptLine:
    # Where it goes: after the part of cloudgen's file of that name (head, includes,
    # constants, prototypes, declarations, objects, init_start, init, after_init, handler).
    section: str
    text: str  # as written, indentation and all
    line: int
    code: bool  # False for comments and blank lines
    # A prototype or declaration: the user's line unless a cloud variable turns out to
    # use it (the name of the callback or variable).
    unless: str | None = None
    after: int = 0  # how many of cloudgen's lines (and candidates) came before it


@dataclass
class Constant:
    value: str  # the literal's text, or the macro it names
    literal: bool
    line: int
    raw: str  # as written: the C++ literal, or the macro


@dataclass
class ParsedProperty:
    variable_name: str
    declaration: str
    line: int
    label: str | None = None
    type_name: str | None = None
    permission: str | None = None  # READ_ONLY | READ_WRITE
    strategy: str = "ON_CHANGE"
    parameter: float = 0.0
    callback: str | None = None
    tag: int | None = None
    initialiser: str | None = None  # `false` of `bool feedNow = false;`


@dataclass
class ParsedSketch:
    path: str
    thing_name: str | None = None
    fqbn: str | None = None
    style: str = "legacy"
    timezone: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)
    constants: dict[str, Constant] = field(default_factory=dict)
    prototypes: list[str] = field(default_factory=list)
    properties: dict[str, ParsedProperty] = field(default_factory=dict)
    handler: str | None = None
    handler_args: list[str] | None = None  # None: declared without arguments
    handler_line: int = 0
    lora_band: str | None = None
    calls: dict[str, tuple[str, int]] = field(default_factory=dict)  # setBoardId -> (arg, line)
    configurator: bool = False  # Provisioning 2.0
    kept: list[KeptLine] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # lines for other boards
    by_cloudgen: bool = False

    @property
    def kept_code(self) -> list[KeptLine]:
        return [line for line in self.kept if line.code]


def vocabulary(catalog: Catalog, board: Board | None = None) -> Vocabulary:
    """The constant names of every family and authentication, and the board's macros."""
    names = {c.name for f in catalog.families.values() for c in f.constants}
    for auth in catalog.auths.values():
        names |= {c.name for c in auth.constants} | set(auth.old_identity_names)
        names |= {auth.identity_name} if auth.identity_name else set()
    return Vocabulary(frozenset(names), catalog.board_defines(board) if board else None)


def parse_thing_properties(
    path: Path, words: Vocabulary | None = None, display: str | None = None
) -> ParsedSketch:
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError.single(shown, "file not found", line=0) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError.single(shown, f"cannot read: {error}", line=0) from None
    return parse_text(text, shown, words)


def parse_text(text: str, display: str, words: Vocabulary | None = None) -> ParsedSketch:
    reader = _Reader(ParsedSketch(display), words or vocabulary(load_catalog()))
    reader.read(text)
    problems = reader.finish()
    if problems:
        raise UserError([_diagnostic(display, problem) for problem in problems])
    return reader.sketch


def _diagnostic(display: str, problem: str) -> Diagnostic:
    number, _, message = problem.partition(":")
    return Diagnostic(display, int(number), 1 if int(number) else 0, "", message)


class _Reader:
    def __init__(self, sketch: ParsedSketch, vocabulary: Vocabulary) -> None:
        self.sketch, self.vocabulary = sketch, vocabulary
        self.conditionals = Conditionals(vocabulary.defines)
        self.section = "head"
        self.problems: list[str] = []
        self.generated_lines: list[int] = []
        self.candidates: list[KeptLine] = []
        self.inactive: list[tuple[str, int]] = []  # declarations and prototypes for other boards
        self.blanks: list[tuple[str, int]] = []
        self.events: list[tuple[str, str | None]] = []  # (section, candidate name or None)
        self.in_comment = False
        self.depth = 0  # brace depth outside initProperties
        self.in_init = False
        self.init_depth = 0  # brace depth of the user's blocks inside initProperties
        self.pending = ""  # a statement continued on the next line

    def read(self, text: str) -> None:
        lines = text.splitlines()
        self.sketch.by_cloudgen = bool(lines) and lines[0].startswith("// Generated by cloudgen")
        for number, raw in enumerate(lines, start=1):
            try:
                role = self.conditionals.feed(raw.strip(), number)
            except BoardUnknown:
                self.problems = [
                    f"{number}:the file has #if blocks for several boards; cloudgen reads it "
                    "for one board: pass --board FQBN"
                ]
                return
            except Unreadable as error:
                self.problems.append(f"{number}:cannot evaluate the #if condition {error}")
                continue
            if role == "inactive":
                self._inactive(raw, number)
            elif role == "board-directive":
                self.sketch.dropped.append(number)
            elif role == "user-directive":
                self._keep(raw, number, code=True)
            else:
                self._line(raw, number)

    def finish(self) -> list[str]:
        """Settle what is cloudgen's, then the problems only the whole file shows."""
        ours = _settle(self.sketch, self.events)
        for name, number in self.inactive:
            if name not in ours:
                self._refuse_inactive(number)
        generated = sorted(
            self.generated_lines + [k.line for k in self.candidates if k.unless in ours]
        )
        for first, last in self.conditionals.user_blocks:
            inside = [n for n in generated if first < n < last]
            if inside and (generated[0] < first or generated[-1] > last):
                self.problems.append(
                    f"{first}:this #if block wraps line {inside[0]}, which cloudgen writes anew "
                    "on every run, so it cannot keep the block around it: move the condition "
                    "into the .ino, or remove it"
                )
        if self.sketch.handler is None and not self.problems:
            self.problems.append("0:no ArduinoIoTPreferredConnection handler found")
        return self.problems

    def _inactive(self, raw: str, number: int) -> None:
        """A line for other boards: left out, unless it is the user's (then refused)."""
        line = raw.strip()
        self.sketch.dropped.append(number)
        if match := L.PROTOTYPE.match(line) or L.DECLARATION.match(line):
            self.inactive.append((match.group(2 if match.re is L.DECLARATION else 1), number))
        elif line and not self.in_comment and not L.droppable(line):
            self._refuse_inactive(number)

    def _refuse_inactive(self, number: int) -> None:
        self.problems.append(
            f"{number}:this line is inside an #if block for other boards, and cloudgen "
            "writes the file for one board: move it out of the block (or into the .ino), "
            "or pass --board for the board it belongs to"
        )

    def _keep(self, raw: str, number: int, code: bool, unless: str | None = None) -> None:
        """A line of the user's. Blank lines between two of them are kept, and one blank
        line before a block of them (but at the top, where cloudgen writes one itself)."""
        kept, at = self.sketch.kept, len(self.events)
        if self.blanks:
            follows = kept and kept[-1].line == self.blanks[0][1] - 1
            if follows:
                cond = kept[-1].unless or unless
                kept.extend(KeptLine("", text, n, False, cond, at) for text, n in self.blanks)
            elif self.section != "head":
                kept.append(KeptLine("", self.blanks[-1][0], self.blanks[-1][1], False, unless, at))
        self.blanks = []
        kept.append(KeptLine("", raw, number, code, unless, at))

    def _generated(self, section: str, number: int) -> None:
        self.blanks, self.section = [], section
        self.generated_lines.append(number)
        self.events.append((section, None))

    def _line(self, raw: str, number: int) -> None:
        line = raw.strip()
        if self.in_comment:
            self.in_comment = "*/" not in line
            self._keep(raw, number, code=False)
        elif not line:
            self.blanks.append((raw, number))
        elif line.startswith("/*"):
            self.in_comment = "*/" not in line
            self._keep(raw, number, code=False)
        elif line.startswith("//"):
            self._comment(raw, line, number)
        elif self.pending or (
            line.startswith("ArduinoCloud.addProperty(") and not line.endswith(";")
        ):
            self._continued(raw, line, number)
        elif self.in_init:
            self._init_line(raw, line, number)
        elif self.depth or line.startswith("#"):
            self._top_directive(raw, line, number)
        else:
            self._top_line(raw, line, number)

    def _continued(self, raw: str, line: str, number: int) -> None:
        self.pending += (" " if self.pending else "") + line
        if line.endswith(";"):
            statement, self.pending = self.pending, ""
            self._init_line(statement, statement, number)

    def _comment(self, raw: str, line: str, number: int) -> None:
        if L.header_comment(self.sketch, line, self.section == "head"):
            return
        self._keep(raw, number, code=False)

    def _top_directive(self, raw: str, line: str, number: int) -> None:
        if not self.depth and L.generated_include(line):
            self._generated("includes", number)
        elif not self.depth and (identity := L.DEFINE.match(line)):
            self._constant(identity.group(1), identity.group(2), number, raw)
        else:
            self._keep(raw, number, code=True)
            self._track_braces(line)

    def _track_braces(self, line: str) -> None:
        code = code_only(line)
        self.depth = max(0, self.depth + code.count("{") - code.count("}"))

    def _top_line(self, raw: str, line: str, number: int) -> None:
        sketch = self.sketch
        if L.INIT_OPEN.match(line):
            self.in_init = True
            self._generated("init_start", number)
        elif match := L.CONSTANT.match(line):
            self._constant(match.group(1), match.group(2), number, raw)
        elif match := L.HANDLER.match(line):
            sketch.handler = match.group(1)
            sketch.handler_args = (
                L.arguments(match.group(2)) if match.group(2) is not None else None
            )
            if sketch.handler == "LoRaConnectionHandler":
                sketch.lora_band = L.lora_band(sketch.handler_args)
            sketch.handler_line = number
            self._generated("handler" if not sketch.configurator else "objects", number)
        elif L.P2_OBJECT.match(line):
            sketch.configurator = True
            self._generated("objects", number)
        elif L.OLD_MANAGER.match(line):
            self.problems.append(
                f"{number}:this is the ConnectionManager of ArduinoIoTCloud before 0.8 (2019), "
                "which today's library no longer has: export the Thing again from the Cloud "
                "editor, or write its template and run `cloudgen sketch`"
            )
        elif match := L.PROTOTYPE.match(line):
            sketch.prototypes.append(match.group(1))
            self._candidate(raw, number, match.group(1), "prototypes")
        elif match := L.DECLARATION.match(line):
            self._declaration(raw, number, match)
        else:
            self._keep(raw, number, code=True)
            self._track_braces(line)

    def _constant(self, name: str, value: str, number: int, raw: str) -> None:
        if name not in self.vocabulary.constants:
            self._keep(raw, number, code=True)
            return
        literal = value.startswith('"')
        text = L.unescape_cpp_string(value) if literal else value
        self.sketch.constants[name] = Constant(text, literal, number, value)
        self._generated("constants", number)

    def _candidate(self, raw: str, number: int, name: str, section: str) -> None:
        """A prototype or declaration: cloudgen's if a property uses it, else the user's."""
        self._keep(raw, number, code=True, unless=name)
        self.candidates.append(self.sketch.kept[-1])
        self.events.append((section, name))
        self.section = section

    def _declaration(self, raw: str, number: int, match: re.Match[str]) -> None:
        cpp, name, initialiser, label, type_name, _ = match.groups()
        if name in self.sketch.properties:
            self.problems.append(f'{number}:"{name}" is declared twice')
            return
        prop = ParsedProperty(
            name,
            cpp,
            number,
            L.unescape_cpp_string(label) if label else None,
            type_name,
            initialiser=initialiser.strip() if initialiser else None,
        )
        self.sketch.properties[name] = prop
        self._candidate(raw, number, name, "declarations")

    def _init_line(self, raw: str, line: str, number: int) -> None:
        if line == "}" and not self.init_depth:
            self.in_init = False
            self._generated("after_init", number)
            return
        problem = L.init_statement(self.sketch, line, number)
        if problem is None:
            self._generated(self.section, number)
        elif problem == L.PROPERTY:
            self._generated("init", number)
        elif problem == L.NOT_OURS:
            self._keep(raw, number, code=True)
            code = code_only(line)
            self.init_depth = max(0, self.init_depth + code.count("{") - code.count("}"))
        else:
            self.problems.append(f"{number}:{problem}")


def _settle(sketch: ParsedSketch, events: list[tuple[str, str | None]]) -> set[str]:
    """Decide the prototypes and declarations: a cloud variable's, or the user's lines;
    then where each kept line goes. Returns the names that are cloudgen's."""
    callbacks = {p.callback for p in sketch.properties.values() if p.callback}
    for name in [n for n, p in sketch.properties.items() if p.permission is None]:
        del sketch.properties[name]  # declared, never passed to addProperty: the user's
    ours = callbacks | set(sketch.properties)
    anchors = ["head"]
    for section, candidate in events:
        anchors.append(section if candidate is None or candidate in ours else anchors[-1])
    sketch.kept = [
        KeptLine(anchors[k.after], k.text, k.line, k.code)
        for k in sketch.kept
        if k.unless is None or k.unless not in ours
    ]
    sketch.prototypes = [name for name in sketch.prototypes if name in callbacks]
    return ours
