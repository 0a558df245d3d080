"""The validated model that emitters consume. Everything here has already been checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from generator.core.catalog import CloudType

Permission = Literal["READ_ONLY", "READ_WRITE"]
Strategy = Literal["ON_CHANGE", "TIMED"]


@dataclass(frozen=True)
class Variable:
    name: str
    variable_name: str
    type: CloudType
    permission: Permission
    update_strategy: Strategy
    update_parameter: float

    @property
    def read_write(self) -> bool:
        return self.permission == "READ_WRITE"

    @property
    def callback(self) -> str:
        return callback_name(self.variable_name)


@dataclass(frozen=True)
class Thing:
    name: str
    timezone: str
    tags: tuple[tuple[str, str], ...]
    variables: tuple[Variable, ...]
    source: str  # the template path as shown to the user

    @property
    def read_write_variables(self) -> tuple[Variable, ...]:
        return tuple(v for v in self.variables if v.read_write)


def callback_name(variable_name: str) -> str:
    """`on` + PascalCase + `Change`, the way the Cloud editor names callbacks.

    Split on `_`, upper-case each part's first character, keep the rest:
    `send_message` -> `onSendMessageChange`, `rGBLightColor` -> `onRGBLightColorChange`.
    """
    parts = variable_name.split("_")
    return "on" + "".join(part[:1].upper() + part[1:] for part in parts) + "Change"


def plain_number(value: float) -> int | float:
    """`30.0` -> `30`, `0.5` -> `0.5`: update parameters as the Cloud prints them."""
    return int(value) if value == int(value) else value
