"""Thing -> MicroPython property bindings for Arduino's `arduino-iot-cloud` library, and a
typed SenML-CBOR codec of the Thing's values (shared/reference/micropython.md,
senml-cbor.md).

Files: `thing_properties.py` and `thing_codec.py` (generated), `main.py` (yours; the sync
engine adds missing handlers), `secrets.py` (created once, git-ignored).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.core.escape import py_string
from generator.core.outputs import OutputFile, ensure_lines
from generator.core.render import render
from generator.core.user_code import PYTHON, sync_user_code
from generator.thing.model import Thing, Variable

SECRETS_FILE = "secrets.py"
# SenML kind -> (SenML key, Python type, typed initial value)
KINDS = {
    "vb": (4, "bool", "False"),
    "v": (2, "float", "0.0"),
    "v:int": (2, "int", "0"),
    "v:uint": (2, "int", "0"),
    "vs": (3, "str", '""'),
}


@dataclass(frozen=True)
class MicroPythonTarget:
    thing: Thing
    output_dir: Path
    device_id: str | None = None


@dataclass(frozen=True)
class Attribute:
    name: str
    key: int
    python: str
    initial: str


@dataclass(frozen=True)
class Binding:
    """How one variable is registered, encoded and decoded."""

    variable: Variable
    python: str  # plain Python type or the library's class
    initial: str  # Python source of the initial value
    attributes: tuple[Attribute, ...]  # compound types only
    key: int  # SenML value key of a plain type

    @property
    def name(self) -> str:
        return self.variable.variable_name

    @property
    def handler(self) -> str:
        return f"on_{self.name}"

    @property
    def reader(self) -> str:
        return f"read_{self.name}"

    @property
    def timed(self) -> bool:
        return self.variable.update_strategy == "TIMED"


def binding(variable: Variable) -> Binding:
    """Typed initial values, chosen so the library's pitfalls cannot bite.

    A record that starts as None is filled from the cloud's last value, but then takes
    the type of whatever arrives first, so a float record that first receives `2`
    rejects `2.5`. Floats and compound attributes therefore start typed (0.0); other
    READ_WRITE values start as None and so are restored from the cloud; READ_ONLY values
    start typed, since the device is their source.
    """
    kind = variable.type
    if isinstance(kind.senml, dict):
        attributes = tuple(Attribute(a, *KINDS[k]) for a, k in kind.senml.items())
        return Binding(variable, kind.python, "", attributes, 0)
    key, python, typed = KINDS[kind.senml]
    restored = variable.read_write and python != "float"
    return Binding(variable, python, "None" if restored else typed, (), key)


def emit_micropython(target: MicroPythonTarget) -> list[OutputFile]:
    folder = target.output_dir
    bindings = [binding(v) for v in target.thing.variables]
    classes = sorted({b.python for b in bindings if b.attributes})
    context = {
        "library_import": python_import("arduino_iot_cloud", ["ArduinoCloudClient", *classes]),
        "thing_name": py_string(target.thing.name),
        "source": py_string(target.thing.source),
        "bindings": bindings,
        "classes": classes,
        "handlers": [b for b in bindings if b.variable.read_write],
        "readers": [b for b in bindings if b.timed and not b.variable.read_write],
        "device_id": py_string(target.device_id or ""),
    }
    return [
        OutputFile(
            folder / "thing_properties.py", render("micropython/thing_properties.py.j2", **context)
        ),
        OutputFile(folder / "thing_codec.py", render("micropython/thing_codec.py.j2", **context)),
        OutputFile(
            folder / "main.py",
            render("micropython/main.py.j2", **context),
            "merge",
            _sync_main(bindings),
        ),
        OutputFile(folder / SECRETS_FILE, render("micropython/secrets.py.j2", **context), "once"),
        OutputFile(folder / ".gitignore", f"{SECRETS_FILE}\n", "merge", ensure_lines(SECRETS_FILE)),
    ]


def python_import(module: str, names: list[str]) -> str:
    """`from module import a, b` the way ruff's isort writes it (wrapped past 88 columns)."""
    ignore = "  # type: ignore[import-untyped]"  # the library ships no type information
    line = f"from {module} import {', '.join(sorted(names))}"
    if len(line + ignore) <= 88:
        return line + ignore
    listed = "".join(f"    {n},\n" for n in sorted(names))
    return f"from {module} import ({ignore}\n{listed})"


def declaration(b: Binding) -> str:
    return f"{b.name}: {b.python}"


def handler_stub(b: Binding) -> str:
    return render("micropython/handler.j2", b=b)


def _sync_main(bindings: list[Binding]) -> Callable[[str], str]:
    declarations = [declaration(b) for b in bindings]
    stubs = {b.handler: handler_stub(b) for b in bindings if b.variable.read_write}
    return lambda current: sync_user_code(current, declarations, stubs, PYTHON)
