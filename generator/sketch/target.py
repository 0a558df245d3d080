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

from generator.core.catalog import Auth, Board, Catalog, Constant, Family
from generator.core.checks import DEVICE_NAME, describe, optional_uuid
from generator.core.diagnostics import did_you_mean
from generator.project.kinds import Report
from generator.thing.model import Thing

Style = Literal["legacy", "modern"]
STYLES: tuple[Style, ...] = ("legacy", "modern")
Provisioning = Literal["classic", "p2"]
PROVISIONING: tuple[Provisioning, ...] = ("classic", "p2")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

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
    auth: str | None = None
    provisioning: str | None = None
    secret_names: dict[str, str] = field(default_factory=dict)  # constant -> its macro


@dataclass(frozen=True)
class Adopted:
    """What an existing sketch folder gives the run besides its settings: the user's lines
    in thingProperties.h, initial values, credentials to move, and the main .ino."""

    main_ino: str
    kept: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section -> lines
    initialisers: dict[str, str] = field(default_factory=dict)  # variable -> initial value
    moved: dict[str, str] = field(default_factory=dict)  # secret macro -> its C++ literal
    secrets_exist: bool = False
    messages: tuple[str, ...] = ()
    # What the file cloudgen replaces declared: callbacks, and variable -> C++ type.
    callbacks: tuple[str, ...] = ()
    variables: dict[str, tuple[str, str | None]] = field(default_factory=dict)


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
    provisioning: Provisioning = "classic"
    secret_names: dict[str, str] = field(default_factory=dict)  # constant -> its macro
    adopted: Adopted | None = None

    @property
    def sketch_name(self) -> str:
        return self.output_dir.name

    @property
    def main_ino(self) -> str:
        return self.adopted.main_ino if self.adopted else f"{self.sketch_name}.ino"

    @property
    def constants(self) -> list[Constant]:
        """The connection and authentication constants, with this sketch's macro names."""
        if self.provisioning == "p2":
            return []  # the configurator gets the network settings, not the sketch
        return [
            Constant(c.name, self.secret_names.get(c.name, c.secret), c.comment)
            for c in (*self.family.constants, *self.auth.constants)
        ]

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
    auth = _auth(settings.auth, board, catalog, error)
    if auth is None:
        return None
    provisioning = _provisioning(settings.provisioning, board, family, auth, catalog, error)
    device_id, thing_id = _identity(settings, board, family, auth, report, error)
    band = _lora_band(settings.lora_band, family, report, error)
    secret_names = _secret_names(settings.secret_names, family, auth, error)
    for variable in thing.variables:
        if family.carries_poorly(variable.type):
            report(
                "board",
                f'variable "{variable.variable_name}" has type {variable.type.name}, which '
                f"{family.label} carries poorly: {family.poor_reason}",
                "warning",
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
        provisioning=provisioning,  # type: ignore[arg-type]
        secret_names=secret_names,
    )


def _auth(value: str | None, board: Board, catalog: Catalog, error: _Failures) -> Auth | None:
    """How the board authenticates: the setting, where the board allows a choice."""
    key = value or board.auth
    if key in board.auths:
        return catalog.auths[key]
    ways = " or ".join(f"{a} ({catalog.auths[a].label})" for a in board.auths)
    message = f"{board.name} cannot authenticate with {describe(key)}; it uses {ways}"
    error("auth", did_you_mean(message, key, board.auths))
    return None


def _provisioning(
    value: str | None,
    board: Board,
    family: Family,
    auth: Auth,
    catalog: Catalog,
    error: _Failures,
) -> str:
    """classic (constants and secrets) or p2 (Provisioning 2.0: the configurator)."""
    key = value or "classic"
    if key not in PROVISIONING:
        message = f"unknown provisioning {describe(key)}; expected classic or p2"
        error("provisioning", did_you_mean(message, key, PROVISIONING))
    elif key == "p2" and not board.p2:
        error("provisioning", f"{board.name} has no Provisioning 2.0 (p2); use classic")
    elif key == "p2" and family.key not in catalog.provisioning2.families:
        seen = ", ".join(catalog.provisioning2.families)
        error(
            "provisioning",
            f"Provisioning 2.0 sketches are known for {seen} only, not {family.label}",
        )
    elif key == "p2" and auth.key not in catalog.provisioning2.auths:
        error(
            "provisioning", f"Provisioning 2.0 sketches use the secure element, not a {auth.label}"
        )
    return key


def _secret_names(
    names: dict[str, str], family: Family, auth: Auth, error: _Failures
) -> dict[str, str]:
    """The sketch's own macro names for its constants (an old sketch's SECRET_PASS)."""
    known = [c.name for c in (*family.constants, *auth.constants)]
    for constant, macro in names.items():
        if constant not in known:
            message = f"{family.label} sketches have no constant {describe(constant)}"
            error(f"secret_names.{constant}", did_you_mean(message, constant, known))
        elif not IDENTIFIER.match(macro):
            error(f"secret_names.{constant}", f"expected a macro name, found {describe(macro)}")
    return {k: v for k, v in names.items() if k in known}


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
    device_id = optional_uuid(settings.device_id, "device_id", "device id", error)
    thing_id = optional_uuid(settings.thing_id, "thing_id", "Thing id", error)
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


def _lora_band(
    value: str | None, family: Family, report: Report, error: Callable[[str, str], None]
) -> str | None:
    if not family.bands:
        return None
    if value is None and family.default_band:
        report(
            "lora_band",
            f"no frequency plan given; using {family.default_band}, the library's default and "
            f"the Cloud editor's (set lora_band, or pass --lora-band, for another: "
            f"{', '.join(family.bands)})",
            "warning",
        )
        return family.default_band
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
