"""The type of values the spec leaves untyped: property values, timeseries points
(hand-written part of the generated client)."""

from typing import TypeAlias

JsonValue: TypeAlias = bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"] | None
