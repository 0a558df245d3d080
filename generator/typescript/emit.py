"""Thing -> one TypeScript module of typed bindings over Arduino's arduino-iot-js 0.13 (the
Device Communication API): an interface of the Thing's variables, their names, which are
writable, and a thin wrapper whose `onValue` and `send` take only those names and types.

The module is named after its folder, like a sketch: `MediaRoom/MediaRoom.ts` exports the
class `MediaRoom`. The types come from the catalog's SenML column, never from the type name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator.core.catalog import CloudType
from generator.core.outputs import OutputFile
from generator.core.render import render
from generator.thing.model import Thing, Variable

# SenML kind (the catalog's senml column) -> the TypeScript type of such a value, and
# what the type leaves unsaid (the wrapper checks it at run time)
TYPESCRIPT = {"vb": "boolean", "vs": "string", "v": "number", "v:int": "number", "v:uint": "number"}
NOTES = {"v:int": "an integer", "v:uint": "an integer, at least 0"}

IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
# Reserved words of ECMAScript (strict mode included) and TypeScript's predefined types:
# none of them can name a class.
RESERVED = frozenset(
    "break case catch class const continue debugger default delete do else enum export "  # noqa: SIM905
    "extends false finally for function if import in instanceof new null return super "
    "switch this throw true try typeof var void while with implements interface let "
    "package private protected public static yield await arguments eval any bigint "
    "boolean never number object string symbol undefined unknown".split()
)
# Top-level names the module template declares or imports besides the Thing's own.
MODULE_NAMES = frozenset(
    "ArduinoIoTCloud SenML APIOptions BrowserOptions CloudMessageValue "  # noqa: SIM905
    "IMultiPropertiesCloudClient THING_ID THING_NAME VARIABLES WRITABLE LABELS "
    "ConnectOptions Kind Shape AnyShape Value Part SenMLRecord SHAPES SENML_LABEL FITS "
    "KIND_TEXT CBOR console within shapeOf parts describe warnInvalid".split()
)


@dataclass(frozen=True)
class TypeScriptTarget:
    thing: Thing
    output_dir: Path
    thing_id: str | None = None

    @property
    def module_name(self) -> str:
        return self.output_dir.absolute().name  # `-o .` names the module after the cwd


@dataclass(frozen=True)
class Attribute:
    name: str
    typescript: str
    kind: str

    @property
    def note(self) -> str:
        return NOTES.get(self.kind, "")


@dataclass(frozen=True)
class ObjectType:
    """The TypeScript interface of a multi-value cloud type (the library's class name)."""

    name: str
    cloud_types: tuple[str, ...]
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True)
class Member:
    """One variable: its TypeScript type and how its value goes on the wire."""

    variable: Variable
    typescript: str
    kind: str  # the SenML kind of a plain value; "" for a multi-value type
    attributes: tuple[Attribute, ...]

    @property
    def name(self) -> str:
        return self.variable.variable_name

    @property
    def note(self) -> str:
        return NOTES.get(self.kind, "")


def attributes(cloud_type: CloudType) -> tuple[Attribute, ...]:
    if not isinstance(cloud_type.senml, dict):
        return ()
    return tuple(Attribute(a, TYPESCRIPT[k], k) for a, k in cloud_type.senml.items())


def member(variable: Variable) -> Member:
    kind = variable.type
    if isinstance(kind.senml, dict):
        return Member(variable, kind.python, "", attributes(kind))
    return Member(variable, TYPESCRIPT[kind.senml], kind.senml, ())


def object_types(thing: Thing) -> list[ObjectType]:
    """One interface per class the Thing uses, in the order of first use."""
    found: dict[str, tuple[list[str], CloudType]] = {}
    for variable in thing.variables:
        kind = variable.type
        if kind.is_compound:
            names, _ = found.setdefault(kind.python, ([], kind))
            if kind.name not in names:
                names.append(kind.name)
    return [ObjectType(name, tuple(types), attributes(t)) for name, (types, t) in found.items()]


def own_names(name: str) -> list[str]:
    """The top-level names the module derives from its folder name."""
    return [name, f"{name}Values", f"{name}Variable", f"{name}Writable"]


def name_problem(target: TypeScriptTarget) -> str | None:
    """Why the folder name cannot name the module's class, or None."""
    name = target.module_name
    if not IDENTIFIER.match(name):
        return "is not an identifier (ASCII letters, digits, _ and $; not a digit first)"
    if name in RESERVED:
        return "is a reserved word of TypeScript"
    taken = MODULE_NAMES | {t.name for t in object_types(target.thing)}
    clash = next((n for n in own_names(name) if n in taken), None)
    if clash:
        return f"clashes with {clash}, a name the module declares already"
    return None


def suggestion(target: TypeScriptTarget) -> str | None:
    """A valid class name close to the folder's: `media-room` -> `MediaRoom`."""
    words = re.findall(r"[A-Za-z0-9]+", target.module_name)
    pascal = "".join(w[:1].upper() + w[1:] for w in words)
    for candidate in (pascal, pascal + "Thing") if pascal else ():
        renamed = TypeScriptTarget(target.thing, target.output_dir.with_name(candidate))
        if candidate != target.module_name and name_problem(renamed) is None:
            return candidate
    return None


def emit_typescript(target: TypeScriptTarget) -> list[OutputFile]:
    thing = target.thing
    members = [member(v) for v in thing.variables]
    module = render(
        "typescript/thing.ts.j2",
        name=target.module_name,
        thing=thing,
        thing_id=target.thing_id,
        members=members,
        writable=[m for m in members if m.variable.read_write],
        object_types=object_types(thing),
    )
    return [OutputFile(target.output_dir / f"{target.module_name}.ts", module)]
