"""A small declarative schema for cloudgen's own data files (the catalogs).

`problems(schema, data)` checks plain data and returns (key path, message) pairs; the
caller turns them into `file:line:col` diagnostics only when there are any, so a valid
catalog costs one walk over plain dicts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.core.checks import describe
from generator.core.diagnostics import KeyPath, did_you_mean

Problem = tuple[KeyPath, str]


class Schema:
    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Schema):
    choices: Collection[str] | None = None

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        if not isinstance(value, str) or not value:
            yield path, f"expected text, found {describe(value)}"
        elif self.choices is not None and value not in self.choices:
            message = f"unknown value {describe(value)}; expected {', '.join(self.choices)}"
            yield path, did_you_mean(message, value, self.choices)


@dataclass(frozen=True)
class Scalar(Schema):
    """Text, a number or a boolean (a version, a flag)."""

    kinds: tuple[type, ...] = (str, int, float, bool)

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        if not isinstance(value, self.kinds):
            names = " or ".join(kind.__name__ for kind in self.kinds)
            yield path, f"expected {names}, found {describe(value)}"


@dataclass(frozen=True)
class ListOf(Schema):
    item: Schema

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        if not isinstance(value, list):
            yield path, f"expected a list, found {describe(value)}"
            return
        for index, item in enumerate(value):
            yield from self.item.check(item, path + (index,))


@dataclass(frozen=True)
class MapOf(Schema):
    """A mapping of any text keys to values of one schema."""

    value: Schema

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield path, f"expected a mapping, found {describe(value)}"
            return
        for key, item in value.items():
            yield from self.value.check(item, path + (str(key),))


@dataclass(frozen=True)
class Record(Schema):
    """A mapping with known keys: the required ones must be there, no others may."""

    required: Mapping[str, Schema]
    optional: Mapping[str, Schema] = field(default_factory=dict)

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        if not isinstance(value, dict):
            yield path, f"expected a mapping, found {describe(value)}"
            return
        known = {**self.required, **self.optional}
        for key in self.required:
            if key not in value:
                yield path, f'missing required key "{key}"'
        for key, item in value.items():
            if key not in known:
                message = did_you_mean(f"unknown key {describe(key)}", key, known)
                yield path + (str(key),), message
            else:
                yield from known[key].check(item, path + (key,))


@dataclass(frozen=True)
class Either(Schema):
    """The first of several schemas the value is shaped like (by its Python type)."""

    options: tuple[tuple[type, Schema], ...]

    def check(self, value: Any, path: KeyPath) -> Iterator[Problem]:
        for kind, schema in self.options:
            if isinstance(value, kind):
                yield from schema.check(value, path)
                return
        kinds: dict[type, str] = {str: "text", list: "a list", dict: "a mapping"}
        names = " or ".join(kinds[kind] for kind, _ in self.options)
        yield path, f"expected {names}, found {describe(value)}"


def problems(schema: Schema, data: Any) -> list[Problem]:
    return list(schema.check(data, ()))
