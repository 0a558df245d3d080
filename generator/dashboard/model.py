"""A dashboard as arduino-cloud-cli's template describes it, independent of YAML.

The same records serve the template file and, later, the Integrations API's dashboard
payloads (`widget`: id, type, name, options, x, y, width, height and the mobile four,
variables as property ids). Keys a record does not know are kept in `extra`, so a
dashboard read from a file is written back with everything it had.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Rect:
    """A widget's cells on one layout: columns x .. x+width-1, rows y .. y+height-1."""

    x: int
    y: int
    width: int
    height: int

    def overlaps(self, other: Rect) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


@dataclass(frozen=True)
class Link:
    """A widget's variable: a Thing (a placeholder that `--override` resolves, or its
    id) and the variable's `variable_name`."""

    thing_id: str
    variable_id: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Widget:
    """Any field may be missing from a file (arduino-cloud-cli then sends 0 or nothing)."""

    type: str | None
    name: str | None = None
    desktop: Rect | None = None
    mobile: Rect | None = None
    options: Mapping[str, Any] | None = None
    links: tuple[Link, ...] = ()
    id: str | None = None  # arduino-cloud-cli replaces it; cloudgen keeps it as a stable key
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    name: str | None
    widgets: tuple[Widget, ...]
    extra: Mapping[str, Any] = field(default_factory=dict)
