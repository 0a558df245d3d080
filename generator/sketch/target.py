"""Combines a Thing with its board settings into a `SketchTarget`, checking that they fit.

The settings come from `cloudgen.yaml` or from command-line options; `Report` lets both
point their errors at what the user wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from generator.core.catalog import Auth, Board, Catalog, Family
from generator.core.checks import DEVICE_NAME, describe, optional_uuid
from generator.core.diagnostics import did_you_mean
from generator.project.kinds import Report
from generator.thing.model import Thing

Style = Literal["legacy", "modern"]
STYLES: tuple[Style, ...] = ("legacy", "modern")

FQBN = re.compile(r"^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+(:[A-Za-z0-9_.=,-]*)?$")
# arduino-cli's rule for sketch names, which are also the folder names.
SKETCH_NAME = re.compile(r"^[0-9A-Za-z_][0-9A-Za-z_.-]{0,62}$")


@dataclass
class TargetSettings:
    """What the user said about one sketch: board, connection, ids and where it goes."""

    board: str
    output_dir: Path
    connection: str | None = None
    style: str = "legacy"
    device_id: str | None = None
    thing_id: str | None = None
    lora_band: str | None = None
    property_tags: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class SketchTarget:
    """One Thing on one board, written as one sketch folder."""

    thing: Thing
    board_fqbn: str
    board: Board
    family: Family
    auth: Auth
    style: Style
    output_dir: Path
    device_id: str | None = None
    thing_id: str | None = None
    lora_band: str | None = None
    property_tags: dict[str, int] = field(default_factory=dict)

    @property
    def sketch_name(self) -> str:
        return self.output_dir.name

    @property
    def identity(self) -> str | None:
        """The literal behind the auth's identity constant (device id or Thing id)."""
        source = self.auth.identity_from
        return self.device_id if source == "device_id" else self.thing_id if source else None


class _Failures:
    """Reports errors and remembers whether there were any."""

    def __init__(self, report: Report) -> None:
        self.report, self.failed = report, False

    def __call__(self, key: str, message: str) -> None:
        self.failed = True
        self.report(key, message, "error")


def build_target(
    thing: Thing, settings: TargetSettings, catalog: Catalog, report: Report
) -> SketchTarget | None:
    error = _Failures(report)
    board = _board(settings.board, catalog, report, error)
    if settings.style not in STYLES:
        message = f"unknown style {describe(settings.style)}; expected legacy or modern"
        error("style", did_you_mean(message, settings.style, STYLES))
    name = settings.output_dir.name
    if not SKETCH_NAME.match(name) or DEVICE_NAME.match(name):
        error(
            "outputs.sketch",
            f"sketch folder name {describe(name)} is not a valid sketch name: "
            "up to 63 letters, digits, _ . - not starting with . or -, and not a name Windows "
            "reserves (CON, NUL, COM1, …)",
        )
    if board is None:
        return None
    family_key = settings.connection or board.families[0]
    if family_key not in board.families:
        message = (
            f"{board.name} cannot connect over {describe(family_key)}; "
            f"it supports {', '.join(board.families)}"
        )
        error("connection", did_you_mean(message, family_key, board.families))
        return None
    family = catalog.families[family_key]
    auth = catalog.auths[board.auth]
    device_id, thing_id = _identity(settings, board, family, auth, report, error)
    band = _lora_band(settings.lora_band, family, error)
    for variable in thing.variables:
        if family.rejects(variable.type):
            error(
                "board",
                f'variable "{variable.variable_name}" has type {variable.type.name}, which '
                f"{family.label} cannot carry: {family.reject_reason}",
            )
    if error.failed:
        return None
    return SketchTarget(
        thing=thing,
        board_fqbn=settings.board,
        board=board,
        family=family,
        auth=auth,
        style=settings.style,  # type: ignore[arg-type]
        output_dir=settings.output_dir,
        device_id=device_id,
        thing_id=thing_id,
        lora_band=band,
    )


def _board(fqbn: str, catalog: Catalog, report: Report, error: _Failures) -> Board | None:
    if not FQBN.match(fqbn):
        error("board", f"expected an FQBN like arduino:samd:mkrwifi1010, found {describe(fqbn)}")
        return None
    board = catalog.board(fqbn)
    if board is None:
        error("board", catalog.unknown_board(fqbn))
    elif board.support == "code":
        report(
            "board",
            f"{board.name} is supported in the library's code only, not officially"
            + (f" ({board.note})" if board.note else ""),
            "warning",
        )
    return board


def _identity(
    settings: TargetSettings,
    board: Board,
    family: Family,
    auth: Auth,
    report: Report,
    error: _Failures,
) -> tuple[str | None, str | None]:
    """The device id and Thing id, checked against what the board's authentication needs.
    An empty one ("") is allowed, with a warning: the device or Thing is not in the
    cloud yet, and the sketch says where its id goes."""
    device_id = optional_uuid(settings.device_id or None, "device_id", "device id", error)
    thing_id = optional_uuid(settings.thing_id or None, "thing_id", "Thing id", error)
    if auth.identity_from == "device_id" and settings.device_id is None:
        error(
            "device_id",
            f"{board.name} authenticates with a device key: give its device id (a UUID)",
        )
    if auth.identity_from == "thing_id" and settings.thing_id is None:
        error("thing_id", f"{family.label} sketches name their Thing: give the Thing id (a UUID)")
    given = {"device_id": settings.device_id, "thing_id": settings.thing_id}
    if auth.identity_from and given[auth.identity_from] == "":
        what = "device" if auth.identity_from == "device_id" else "Thing"
        report(
            auth.identity_from,
            f"empty: the sketch cannot connect until the {what} is in the Arduino Cloud and "
            f"its id (a UUID) is given here; thingProperties.h marks the place",
            "warning",
        )
    if settings.device_id and auth.identity_from != "device_id":
        report(
            "device_id", f"{board.name} uses a {auth.label}; the device id is not used", "warning"
        )
    return device_id, thing_id


def _lora_band(value: str | None, family: Family, error: Callable[[str, str], None]) -> str | None:
    if not family.bands:
        return None
    if value is None:
        error(
            "lora_band",
            f"{family.label} needs the frequency plan: one of {', '.join(family.bands)}",
        )
        return None
    if value not in family.bands:
        plans = ", ".join(family.bands)
        message = f"unknown frequency plan {describe(value)}; expected one of {plans}"
        error("lora_band", did_you_mean(message, value, family.bands))
        return None
    return value


def with_property_tags(
    target: SketchTarget, explicit: dict[str, int], previous: dict[str, int], next_tag: int
) -> tuple[SketchTarget, int]:
    """Give every variable a stable LoRa property tag.

    Explicit tags (from config) win, then tags recorded on earlier runs; a new variable gets
    the next free tag, and a removed variable's tag is never handed out again.
    """
    first = target.family.first_property_tag or 1
    next_tag = max(
        [next_tag, first, *(tag + 1 for tag in [*explicit.values(), *previous.values()])]
    )
    tags: dict[str, int] = {}
    for variable in target.thing.variables:
        name = variable.variable_name
        if name in explicit:
            tags[name] = explicit[name]
        elif name in previous and previous[name] not in explicit.values():
            tags[name] = previous[name]
        else:
            tags[name] = next_tag
            next_tag += 1
    return replace(target, property_tags=tags), next_tag
