"""The widget catalog (specs/catalog/widgets.yaml): which widgets show a variable.

Checked on load like the other catalogs: its schema, its references to widgets and cloud
types, option keys that arduino-cloud-cli keeps, sizes that fit the grid, and that every
cloud type gets a widget for either permission.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.core.catalog import Catalog, CloudType, load_catalog
from generator.core.catalog_schema import BASES, check_references, raise_problems, read_checked
from generator.core.diagnostics import KeyPath
from generator.core.paths import CATALOG_DIR
from generator.core.schema import ListOf, MapOf, Problem, Record, Scalar, Text
from generator.thing.model import Permission, Variable

FILE = "widgets.yaml"
PERMISSIONS: tuple[Permission, ...] = ("READ_ONLY", "READ_WRITE")
VALUES = ("bool", "integer", "number", "text")
# SenML kind of a plain type -> the kinds of value it is
_VALUE_OF = {
    "vb": {"bool"},
    "v": {"number"},
    "v:int": {"integer", "number"},
    "v:uint": {"integer", "number"},
    "vs": {"text"},
}

_SIZE = ListOf(Scalar((int,)))
_WIDGET = Record(
    {"size": _SIZE, "mobile": _SIZE, "basis": Text(BASES), "size_basis": Text(BASES)},
    {"options": MapOf(Scalar())},
)
_RULE = Record(
    {"widgets": ListOf(Text())},
    {"types": ListOf(Text()), "value": Text(VALUES), "permission": Text(PERMISSIONS)},
)
_COLUMNS = Record({"columns": Scalar((int,)), "basis": Text(BASES)})
SCHEMA = Record(
    {
        "cli_options": ListOf(Text()),
        "grid": Record({"desktop": _COLUMNS, "mobile": _COLUMNS}),
        "widgets": MapOf(_WIDGET),
        "choose": ListOf(_RULE),
    }
)

OptionValue = str | int | float | bool


@dataclass(frozen=True)
class WidgetKind:
    """One widget type of the Cloud, as a new widget of it starts out."""

    type: str  # the API's `type` string
    size: tuple[int, int]  # desktop (width, height)
    mobile: tuple[int, int]
    options: Mapping[str, OptionValue]


@dataclass(frozen=True)
class Rule:
    widgets: tuple[WidgetKind, ...]
    types: frozenset[str] = frozenset()
    value: str | None = None
    permission: str | None = None

    def matches(self, cloud_type: CloudType, permission: str) -> bool:
        if self.permission is not None and permission != self.permission:
            return False
        if self.types:
            return cloud_type.name in self.types or cloud_type.same_as in self.types
        return self.value in value_kinds(cloud_type)


@dataclass(frozen=True)
class WidgetCatalog:
    desktop_columns: int
    mobile_columns: int
    cli_options: frozenset[str]
    kinds: Mapping[str, WidgetKind]
    rules: tuple[Rule, ...]

    def widgets_for(self, variable: Variable) -> tuple[WidgetKind, ...]:
        """The widgets a new variable gets (the load checked that a rule matches)."""
        return self.choose(variable.type, variable.permission)

    def choose(self, cloud_type: CloudType, permission: str) -> tuple[WidgetKind, ...]:
        rule = next((r for r in self.rules if r.matches(cloud_type, permission)), None)
        return rule.widgets if rule else ()


def value_kinds(cloud_type: CloudType) -> set[str]:
    """What a plain type's value is (`bool`, `integer`, ...); nothing for compound types."""
    return set() if isinstance(cloud_type.senml, dict) else _VALUE_OF[cloud_type.senml]


@cache
def load_widget_catalog(directory: Path = CATALOG_DIR) -> WidgetCatalog:
    path = directory / FILE
    data = read_checked(directory, FILE, SCHEMA)
    types = load_catalog(directory)
    check_references(path, _references(data, types))
    raise_problems(path, _size_problems(data) + _option_problems(data))
    kinds = {name: _kind(name, entry) for name, entry in data["widgets"].items()}
    rules = tuple(
        Rule(
            widgets=tuple(kinds[name] for name in rule["widgets"]),
            types=frozenset(rule.get("types", ())),
            value=rule.get("value"),
            permission=rule.get("permission"),
        )
        for rule in data["choose"]
    )
    catalog = WidgetCatalog(
        desktop_columns=data["grid"]["desktop"]["columns"],
        mobile_columns=data["grid"]["mobile"]["columns"],
        cli_options=frozenset(data["cli_options"]),
        kinds=kinds,
        rules=rules,
    )
    raise_problems(path, _rule_problems(data, catalog, types))
    return catalog


def _kind(name: str, entry: dict[str, Any]) -> WidgetKind:
    width, height = entry["size"]
    mobile_width, mobile_height = entry["mobile"]
    return WidgetKind(
        name, (width, height), (mobile_width, mobile_height), dict(entry.get("options", {}))
    )


def _references(data: dict[str, Any], types: Catalog) -> list[tuple[KeyPath, str, Any, Any]]:
    checks: list[tuple[KeyPath, str, Any, Any]] = []
    for index, rule in enumerate(data["choose"]):
        for position, name in enumerate(rule["widgets"]):
            checks.append((("choose", index, "widgets", position), "widget", name, data["widgets"]))
        for position, name in enumerate(rule.get("types", ())):
            checks.append((("choose", index, "types", position), "type", name, types.types))
    return checks


def _size_problems(data: dict[str, Any]) -> list[Problem]:
    found: list[Problem] = []
    for layout in ("desktop", "mobile"):
        if data["grid"][layout]["columns"] < 1:
            found.append((("grid", layout, "columns"), "expected at least 1 column"))
    for name, entry in data["widgets"].items():
        for key, layout in (("size", "desktop"), ("mobile", "mobile")):
            size = entry[key]
            columns = data["grid"][layout]["columns"]
            if len(size) != 2 or any(isinstance(n, bool) or n < 1 for n in size):
                found.append((("widgets", name, key), "expected [width, height], both at least 1"))
            elif size[0] > columns:
                message = f"width {size[0]} is more than the {columns} columns of the {layout} grid"
                found.append((("widgets", name, key), message))
    return found


def _option_problems(data: dict[str, Any]) -> list[Problem]:
    kept = set(data["cli_options"])
    return [
        ((("widgets", name, "options", key)), f"arduino-cloud-cli drops the option {key!r}")
        for name, entry in data["widgets"].items()
        for key in entry.get("options", {})
        if key not in kept
    ]


def _rule_problems(data: dict[str, Any], catalog: WidgetCatalog, types: Catalog) -> list[Problem]:
    found: list[Problem] = []
    for index, rule in enumerate(data["choose"]):
        if "types" not in rule and "value" not in rule:
            found.append((("choose", index), 'a rule needs "types" or "value"'))
        if not rule["widgets"]:
            found.append((("choose", index, "widgets"), "expected at least one widget"))
    for cloud_type in types.types.values():
        for permission in PERMISSIONS:
            if not catalog.choose(cloud_type, permission):
                message = f"no rule gives a widget to a {permission} {cloud_type.name}"
                found.append((("choose",), message))
    return found
