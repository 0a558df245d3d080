"""Thing -> a typed Python module for programs that read and write the Thing's variables
through the Integrations API: one attribute per variable, typed after its cloud type, with
`.get()` (the last value) and, for READ_WRITE variables, `.publish(value)`; an async twin.

It runs on the client cloudgen generates (`arduino_iot_api`) and passes `mypy --strict`
and ruff, formatted as `ruff format` writes it.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass
from pathlib import Path

from generator.core.escape import py_string
from generator.core.outputs import OutputFile
from generator.core.render import render
from generator.thing.model import Thing, Variable
from generator.thing.names import class_name

MODULE = "__init__.py"  # the output folder is the package: `from greenhouse import Greenhouse`
WIDTH = 88  # ruff format's default line length
# SenML value kind -> the Python type of a value of that kind.
PYTHON_TYPES = {"vb": "bool", "v": "float", "v:int": "int", "v:uint": "int", "vs": "str"}
# Names the generated class uses itself, which no variable may take.
CLASS_MEMBERS = ("thing_id", "values", "_cloudgen")


@dataclass(frozen=True)
class PythonApiTarget:
    thing: Thing
    output_dir: Path
    thing_id: str | None = None


@dataclass(frozen=True)
class Compound:
    """A multi-value type as a dataclass: its attributes in wire order."""

    name: str
    attributes: tuple[tuple[str, str], ...]  # (attribute, Python type)

    @property
    def names(self) -> str:
        """The attribute names as a Python tuple."""
        quoted = [py_string(attribute) for attribute, _ in self.attributes]
        return f"({quoted[0]},)" if len(quoted) == 1 else f"({', '.join(quoted)})"

    @property
    def decoder(self) -> str:
        return "_" + "".join("_" + c.lower() if c.isupper() else c for c in self.name).lstrip("_")


@dataclass(frozen=True)
class Access:
    variable: Variable
    python: str  # the value's type
    decoder: str
    encoder: str
    wrapper: str  # ReadOnly or ReadWrite

    @property
    def name(self) -> str:
        return self.variable.variable_name


def problems(target: PythonApiTarget) -> list[str]:
    """Why the module could not be generated: names Python cannot use."""
    found = []
    package = target.output_dir.name
    if not package.isidentifier() or keyword.iskeyword(package):
        found.append(
            f"folder name {package!r} is not a Python package name (letters, digits and _, "
            "not starting with a digit, not a keyword)"
        )
    for variable in target.thing.variables:
        name = variable.variable_name
        if keyword.iskeyword(name):
            found.append(f'variable "{name}" is a Python keyword, so it cannot be an attribute')
        elif name in CLASS_MEMBERS:
            found.append(
                f'variable "{name}" would hide the generated class\'s own '
                f"{', '.join(CLASS_MEMBERS[:2])}"
            )
    return found


def emit_python_api(target: PythonApiTarget) -> list[OutputFile]:
    compounds = _compounds(target.thing)
    accesses = [_access(v, compounds) for v in target.thing.variables]
    name = class_name(target.thing.name)
    if name in compounds or name in ("ReadOnly", "ReadWrite", "UnexpectedValue"):
        name += "Thing"
    context = {
        "thing_name": py_string(target.thing.name),
        "source": py_string(target.thing.source),
        "class_name": name,
        "package": target.output_dir.name,
        "thing_id": py_string(target.thing_id) if target.thing_id else None,
        "compounds": [compounds[key] for key in sorted(compounds)],
        "accesses": accesses,
        "attributes": [_attribute(access, "") for access in accesses],
        "async_attributes": [_attribute(access, "Async") for access in accesses],
    }
    folder = target.output_dir
    return [
        OutputFile(folder / MODULE, render("python/thing.py.j2", **context)),
        OutputFile(folder / "py.typed", ""),
    ]


def _compounds(thing: Thing) -> dict[str, Compound]:
    found = {}
    for variable in thing.variables:
        senml = variable.type.senml
        if isinstance(senml, dict):
            attributes = tuple((key, PYTHON_TYPES[kind]) for key, kind in senml.items())
            found[variable.type.python] = Compound(variable.type.python, attributes)
    return found


def _access(variable: Variable, compounds: dict[str, Compound]) -> Access:
    wrapper = "ReadWrite" if variable.read_write else "ReadOnly"
    compound = compounds.get(variable.type.python)
    if compound is not None:
        return Access(variable, compound.name, compound.decoder, "_fields_of", wrapper)
    python = PYTHON_TYPES[str(variable.type.senml)]
    return Access(variable, python, f"_{python}", "_plain", wrapper)


def _attribute(access: Access, prefix: str) -> str:
    """`self.x = ReadWrite[bool](...)` on one line when it fits, else one argument a line
    (with the trailing comma that keeps ruff format from joining them)."""
    head = f"self.{access.name} = {prefix}{access.wrapper}[{access.python}]("
    arguments = ["p", py_string(access.name), access.decoder]
    if access.wrapper == "ReadWrite":
        arguments.append(access.encoder)
    line = head + ", ".join(arguments) + ")"
    if len(line) + 8 <= WIDTH:
        return line
    return head + "".join(f"\n{' ' * 12}{argument}," for argument in arguments) + f"\n{' ' * 8})"
