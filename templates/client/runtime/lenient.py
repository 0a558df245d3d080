"""How the models read what the server really sends (hand-written part of the generated
client): any field may be missing or null, a time that does not parse stays text, an enum
takes values it does not know as text, and a list of models is read item by item.

A list item that is not a model (`null`, a string, ...) does not spoil the list: it is kept
aside as raw JSON in the list's `unparsed`, with a `PartialListWarning`, and the other items
are models. Every list of models the client returns is a `ModelList`:

    things = cloud.v2.things.list()
    for bad in unparsed(things):
        print(bad.index, bad.raw, bad.error)
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from .json_value import JsonValue
from .types import Unset

M = TypeVar("M")
E = TypeVar("E", bound=Enum)


class PartialListWarning(UserWarning):
    """Some items of a list the API sent could not be read; the others were."""


@dataclass(frozen=True)
class Unparsed:
    """A list item that is not what the spec says: its position, the JSON and why."""

    index: int
    raw: JsonValue
    error: str


class ModelList(list[M]):
    """A list of models, with the items that could not be read kept in `unparsed`."""

    def __init__(self) -> None:
        super().__init__()
        self.unparsed: list[Unparsed] = []


def unparsed(items: list[Any]) -> list[Unparsed]:
    """The items of a list the client returned that could not be read (none for a plain list)."""
    return list(getattr(items, "unparsed", ()))


def read_items(kind: Callable[[Mapping[str, Any]], M], data: object) -> ModelList[M]:
    """`data` (a JSON array) as models, item by item."""
    if not isinstance(data, list):
        raise TypeError(f"expected a list, got {type(data).__name__}")
    items: ModelList[M] = ModelList()
    for index, item in enumerate(data):
        try:
            if not isinstance(item, dict):
                raise TypeError(f"expected an object, got {type(item).__name__}")
            items.append(kind(item))
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            items.unparsed.append(Unparsed(index, item, f"{type(error).__name__}: {error}"))
    if items.unparsed:
        first = items.unparsed[0]
        warnings.warn(
            f"{len(items.unparsed)} of {len(data)} items could not be read (item {first.index}: "
            f"{first.error}); they are kept as raw JSON in the list's `unparsed`",
            PartialListWarning,
            stacklevel=2,
        )
    return items


def parse_models(
    kind: Callable[[Mapping[str, Any]], M], data: object
) -> ModelList[M] | Unset | None:
    if data is None or isinstance(data, Unset):
        return data
    return read_items(kind, data)


def parse_model(kind: Callable[[Mapping[str, Any]], M], data: object) -> M | Unset | None:
    if isinstance(data, dict):
        return kind(data)
    if data is None or isinstance(data, Unset):
        return data
    raise TypeError(f"expected an object, got {type(data).__name__}")


def parse_time(data: object) -> datetime.datetime | str | Unset | None:
    if isinstance(data, str):
        try:
            return datetime.datetime.fromisoformat(data)
        except ValueError:
            return data
    if data is None or isinstance(data, Unset):
        return data
    raise TypeError(f"expected a time, got {type(data).__name__}")


def open_enum(kind: type[E], data: object) -> E | str | Unset | None:
    if isinstance(data, str):
        member: E | str = kind._value2member_map_.get(data, data)  # type: ignore[assignment]
        return member
    if data is None or isinstance(data, Unset):
        return data
    raise TypeError(f"expected text, got {type(data).__name__}")


__all__ = ["ModelList", "PartialListWarning", "Unparsed", "unparsed"]
