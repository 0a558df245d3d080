"""The line shapes of a `thingProperties.h` that cloudgen or the Cloud editor writes.

Only the shapes: `parse` decides what a file says with them. Whitespace is free where
users change it (aligned declarations, a space before `(`), as the compiler allows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.sketch.parse import ParsedSketch

STRING = r'"(?:\\.|[^"\\])*"'
IDENT = r"[A-Za-z_]\w*"
HEADER_THING = re.compile(
    rf"^// Thing ({STRING}) on .*? \(([^()\s]+)\), .*, (legacy|modern) style\.$"
)
HEADER_ZONE = re.compile(rf"^// Time zone ({STRING}); tags: (.*)\.$")
_MARKER = re.compile(r"(?i)^//.*\b(generated|do not edit)\b")
_P2_COMMENTS = (
    "// For changing the default reset pin uncomment and set your preferred pin.",
    "//NetworkConfigurator.setReconfigurePin(",
)
_INCLUDES = re.compile(
    r"^#\s*include\s*(<ArduinoIoTCloud\.h>|<Arduino_ConnectionHandler\.h>|"
    r"<Arduino_NetworkConfigurator\.h>|\"configuratorAgents/agents/(BLE|Serial)Agent\.h\")"
)
DEFINE = re.compile(rf"^#\s*define\s+(THING_ID|BOARD_ID|DEVICE_LOGIN_NAME)\s+({STRING})\s*$")
CONSTANT = re.compile(
    rf"^const\s+char\s+({IDENT})\s*\[\s*\]\s*=\s*({STRING}|{IDENT})\s*;\s*(//.*)?$"
)
PROTOTYPE = re.compile(rf"^void\s+({IDENT})\s*\(\s*(?:void)?\s*\)\s*;\s*(//.*)?$")
DECLARATION = re.compile(
    rf"^({IDENT})\s+({IDENT})\s*(?:=\s*([^;]+?)\s*)?;\s*(?://\s*({STRING}) \((\w+)\))?\s*(//.*)?$"
)
HANDLER = re.compile(
    rf"^({IDENT}ConnectionHandler)\s+ArduinoIoTPreferredConnection\s*(?:\((.*)\))?\s*;$"
)
P2_OBJECT = re.compile(
    r"^(KVStore\s+\w+|BLEAgentClass\s+\w+|SerialAgentClass\s+\w+|"
    r"NetworkConfiguratorClass\s+\w+\s*\(.*\))\s*;$"
)
OLD_MANAGER = re.compile(r"^ConnectionManager\s*\*\s*ArduinoIoTPreferredConnection\b")
INIT_OPEN = re.compile(r"^void\s+initProperties\s*\(\s*(?:void)?\s*\)\s*\{$")
_CALL = re.compile(
    r"^ArduinoCloud\.(setBoardId|setSecretDeviceKey|setThingId|setConfigurator)\s*\(\s*(.*?)\s*\)\s*;$"
)
_CONFIGURATOR = re.compile(r"^NetworkConfigurator\.\w+\(.*\)\s*;$")
_POLICY = r"(ON_CHANGE|(\d+)\s*\*\s*(SECONDS|MINUTES|HOURS|DAYS)|(\d+))"
_LEGACY = re.compile(
    r"^ArduinoCloud\.addProperty\s*\(\s*(\w+)\s*,(?:\s*(\d+)\s*,)?\s*(READ|WRITE|READWRITE)\s*"
    rf"(?:,\s*{_POLICY}\s*(?:,\s*(\w+)\s*(?:,\s*([0-9.]+)f?\s*)?)?)?\)\s*;$"
)
_MODERN = re.compile(
    r"^ArduinoCloud\.addProperty\s*\(\s*(\w+)\s*,(?:\s*(\d+)\s*,)?\s*Permission::(\w+)\s*\)(.*);$"
)
_CHAIN = re.compile(r"\.(\w+)\(([^()]*)\)")
UNITS = {"SECONDS": 1, "MINUTES": 60, "HOURS": 3600, "DAYS": 86400}
NOT_OURS = "not ours"  # a statement of the user's inside initProperties()
PROPERTY = "property"


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


def arguments(text: str) -> list[str]:
    """`SSID, PASS, _lora_band::EU868` -> its arguments (no nested calls in handlers)."""
    return [part.strip() for part in text.split(",")] if text.strip() else []


def lora_band(args: list[str] | None) -> str | None:
    if not args or len(args) < 3:
        return None
    band = args[2].removeprefix("_lora_band::")
    return band if re.fullmatch(r"[A-Z0-9_]+", band) else None


def generated_include(line: str) -> bool:
    return bool(_INCLUDES.match(line))


def header_comment(sketch: ParsedSketch, line: str, at_top: bool) -> bool:
    """Whether a comment line is one cloudgen or the editor writes (and records it)."""
    if match := HEADER_THING.match(line):
        sketch.thing_name = unescape_cpp_string(match.group(1))
        sketch.fqbn, sketch.style = match.group(2), match.group(3)
        return True
    if match := HEADER_ZONE.match(line):
        sketch.timezone = unescape_cpp_string(match.group(1))
        for literal in re.findall(STRING, match.group(2)):
            key, _, value = unescape_cpp_string(literal).partition("=")
            sketch.tags.append((key, value))
        return True
    if line.startswith("// To change it, edit the Thing and run `cloudgen generate`"):
        return True
    return (at_top and bool(_MARKER.match(line))) or line.startswith(_P2_COMMENTS)


def droppable(line: str) -> bool:
    """Whether a line in a block for another board may be left out: one cloudgen would
    write for that board, a comment, or the block's own #error."""
    shapes = (CONSTANT, HANDLER, P2_OBJECT, _CALL, _LEGACY, _MODERN, DEFINE, INIT_OPEN)
    return (
        line.startswith(("//", "/*", "*", "#error", "#warning"))
        or generated_include(line)
        or any(shape.match(line) for shape in shapes)
    )


def init_statement(sketch: ParsedSketch, line: str, number: int) -> str | None:
    """Record one statement of initProperties(): None for an init call, PROPERTY for an
    addProperty, NOT_OURS for the user's, or a problem."""
    if match := _CALL.match(line):
        sketch.calls[match.group(1)] = (match.group(2), number)
        sketch.configurator = sketch.configurator or match.group(1) == "setConfigurator"
        return None
    if _CONFIGURATOR.match(line):
        sketch.configurator = True
        return None
    if not line.startswith("ArduinoCloud.addProperty"):
        return NOT_OURS
    if match := _LEGACY.match(line):
        return _legacy_property(sketch, match) or PROPERTY
    if match := _MODERN.match(line):
        sketch.style = "modern"
        return _modern_property(sketch, match) or PROPERTY
    return f"cannot read this addProperty: {line[:100]}"


def _legacy_property(sketch: ParsedSketch, match: re.Match[str]) -> str | None:
    """`ArduinoCloud.addProperty(var[, tag], READ[, ON_CHANGE[, NULL[, delta]]]);`"""
    name, tag, permission, policy, amount, unit, seconds, callback, delta = match.groups()
    prop = sketch.properties.get(name)
    if prop is None:
        return f'addProperty of "{name}", which is not declared above'
    prop.permission = "READ_ONLY" if permission == "READ" else "READ_WRITE"
    prop.callback = callback if callback and callback not in ("NULL", "nullptr") else None
    prop.tag = int(tag) if tag else None
    if policy is None or policy == "ON_CHANGE":
        prop.parameter = float(delta) if delta else 0.0
    else:
        every = int(amount) * UNITS[unit] if amount else int(seconds)
        prop.strategy, prop.parameter = "TIMED", float(every)
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
