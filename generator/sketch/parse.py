"""Reads an existing `thingProperties.h` back: the Cloud editor's, or cloudgen's, in the
legacy or modern `addProperty` style, for any connection family.

Used by `cloudgen import` and by sync, which compares the old file with the new one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.diagnostics import Diagnostic, UserError

STRING = r'"(?:\\.|[^"\\])*"'
_HEADER_THING = re.compile(
    rf"^// Thing ({STRING}) on .*? \(([^()\s]+)\), .*, (legacy|modern) style\.$"
)
_HEADER_ZONE = re.compile(rf"^// Time zone ({STRING}); tags: (.*)\.$")
_CONSTANT = re.compile(rf"^const char (\w+)\[\]\s*=\s*({STRING}|\w+);\s*(//.*)?$")
_PROTOTYPE = re.compile(r"^void (\w+)\(\);$")
_DECLARATION = re.compile(rf"^([A-Za-z_]\w*) ([A-Za-z_]\w*);\s*(?://\s*({STRING}) \((\w+)\))?\s*$")
_HANDLER = re.compile(r"^(\w+ConnectionHandler) ArduinoIoTPreferredConnection(?:\((.*)\))?;$")
_LEGACY = re.compile(
    r"^ArduinoCloud\.addProperty\((\w+),(?:\s*(\d+),)?\s*(READ|WRITE|READWRITE),\s*"
    r"(ON_CHANGE|(\d+)\s*\*\s*(SECONDS|MINUTES|HOURS|DAYS))\s*(?:,\s*(\w+)(?:,\s*([0-9.]+)f?)?)?\);$"
)
_MODERN = re.compile(
    r"^ArduinoCloud\.addProperty\((\w+),(?:\s*(\d+),)?\s*Permission::(\w+)\)(.*);$"
)
_CHAIN = re.compile(r"\.(\w+)\(([^()]*)\)")
_IGNORED = re.compile(
    r"^(#include .*|//.*|/\*.*|\*.*|.*\*/|void initProperties\(\)\s*\{|\}|"
    r"ArduinoCloud\.(setBoardId|setSecretDeviceKey|setThingId|setConfigurator)\(.*\);|"
    r"NetworkConfigurator\..*;|NetworkConfiguratorClass .*;|"
    r"(KVStore|BLEAgentClass|SerialAgentClass) \w+;)$"
)
UNITS = {"SECONDS": 1, "MINUTES": 60, "HOURS": 3600, "DAYS": 86400}


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


@dataclass
class ParsedSketch:
    path: str
    thing_name: str | None = None
    fqbn: str | None = None
    style: str = "legacy"
    timezone: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)
    constants: dict[str, str] = field(default_factory=dict)  # name -> literal text or macro
    prototypes: list[str] = field(default_factory=list)
    properties: dict[str, ParsedProperty] = field(default_factory=dict)
    handler: str | None = None
    lora_band: str | None = None


def unescape_cpp_string(literal: str) -> str:
    """The text of a C++ string literal written by `escape.cpp_string` (or by hand)."""
    body, out, index = literal[1:-1], bytearray(), 0
    simple = {"n": b"\n", "t": b"\t", "r": b"\r", "\\": b"\\", '"': b'"', "?": b"?", "'": b"'"}
    while index < len(body):
        char = body[index]
        if char != "\\":
            out += char.encode("utf-8")
            index += 1
            continue
        octal = re.match(r"[0-7]{1,3}", body[index + 1 :])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            index += 1 + len(octal.group())
        else:
            out += simple.get(body[index + 1], body[index + 1].encode("utf-8"))
            index += 2
    return out.decode("utf-8", errors="replace")


def parse_thing_properties(path: Path, display: str | None = None) -> ParsedSketch:
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError.single(shown, "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UserError.single(shown, f"cannot read: {error}") from None
    return parse_text(text, shown)


def parse_text(text: str, display: str) -> ParsedSketch:
    sketch = ParsedSketch(display)
    problems: list[Diagnostic] = []
    in_block_comment = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if in_block_comment:
            in_block_comment = "*/" not in line
            continue
        if not line:
            continue
        if line.startswith("/*") and "*/" not in line:
            in_block_comment = True
            continue
        problem = _parse_line(sketch, line, number)
        if problem:
            problems.append(Diagnostic(display, number, 1, "", problem))
    for prop in sketch.properties.values():
        if prop.permission is None:
            problems.append(
                Diagnostic(
                    display,
                    prop.line,
                    1,
                    "",
                    f'"{prop.variable_name}" is declared but never passed to addProperty',
                )
            )
    if sketch.handler is None:
        problems.append(
            Diagnostic(display, 1, 1, "", "no ArduinoIoTPreferredConnection handler found")
        )
    if problems:
        raise UserError(problems)
    return sketch


def _parse_line(sketch: ParsedSketch, line: str, number: int) -> str | None:
    """Record what one line says; return a problem description when it cannot be read."""
    if match := _HEADER_THING.match(line):
        sketch.thing_name = unescape_cpp_string(match.group(1))
        sketch.fqbn, sketch.style = match.group(2), match.group(3)
    elif match := _HEADER_ZONE.match(line):
        sketch.timezone = unescape_cpp_string(match.group(1))
        for literal in re.findall(STRING, match.group(2)):
            key, _, value = unescape_cpp_string(literal).partition("=")
            sketch.tags.append((key, value))
    elif _IGNORED.match(line):
        pass
    elif match := _CONSTANT.match(line):
        value = match.group(2)
        sketch.constants[match.group(1)] = (
            unescape_cpp_string(value) if value.startswith('"') else value
        )
    elif match := _PROTOTYPE.match(line):
        sketch.prototypes.append(match.group(1))
    elif match := _DECLARATION.match(line):
        cpp, name, label, type_name = match.groups()
        if name in sketch.properties:
            return f'"{name}" is declared twice'
        sketch.properties[name] = ParsedProperty(
            name, cpp, number, unescape_cpp_string(label) if label else None, type_name
        )
    elif match := _HANDLER.match(line):
        sketch.handler = match.group(1)
        band = re.search(r"_lora_band::(\w+)", match.group(2) or "")
        sketch.lora_band = band.group(1) if band else None
    elif match := _LEGACY.match(line):
        return _legacy_property(sketch, match)
    elif match := _MODERN.match(line):
        sketch.style = "modern"
        return _modern_property(sketch, match)
    else:
        return f"cannot understand this line: {line[:80]}"
    return None


def _legacy_property(sketch: ParsedSketch, match: re.Match[str]) -> str | None:
    """`ArduinoCloud.addProperty(var[, tag], READ, ON_CHANGE, NULL[, delta]);`"""
    name, tag, permission, policy, amount, unit, callback, delta = match.groups()
    prop = sketch.properties.get(name)
    if prop is None:
        return f'addProperty of "{name}", which is not declared above'
    prop.permission = "READ_ONLY" if permission == "READ" else "READ_WRITE"
    prop.callback = callback if callback and callback != "NULL" else None
    prop.tag = int(tag) if tag else None
    if policy == "ON_CHANGE":
        prop.parameter = float(delta) if delta else 0.0
    else:
        prop.strategy, prop.parameter = "TIMED", float(int(amount) * UNITS[unit])
    return None


def _modern_property(sketch: ParsedSketch, match: re.Match[str]) -> str | None:
    """`ArduinoCloud.addProperty(var[, tag], Permission::Read).publishOnChange(0.5);`"""
    name, tag, permission, chain = match.groups()
    prop = sketch.properties.get(name)
    if prop is None:
        return f'addProperty of "{name}", which is not declared above'
    prop.permission = "READ_ONLY" if permission == "Read" else "READ_WRITE"
    prop.tag = int(tag) if tag else None
    for method, argument in _CHAIN.findall(chain):
        if method == "onUpdate":
            prop.callback = argument.strip()
        elif method == "publishOnChange":
            prop.parameter = float(argument.split(",")[0].strip().rstrip("f"))
        elif method == "publishEvery":
            every = re.fullmatch(r"\s*(\d+)\s*(?:\*\s*(SECONDS|MINUTES|HOURS|DAYS))?\s*", argument)
            if every is None:
                return f"cannot read the interval {argument!r}"
            prop.strategy = "TIMED"
            prop.parameter = float(int(every.group(1)) * UNITS[every.group(2) or "SECONDS"])
    return None
