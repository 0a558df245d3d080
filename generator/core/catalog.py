"""The data catalogs: cloud variable types, boards and connection families, reserved names.

Each file is checked against its schema (and its cross-references) when it is loaded; a
typo there is reported as `file:line:col: key: message`, like any input of the user's.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from generator.core.catalog_schema import (
    BOARDS_SCHEMA,
    RESERVED_SCHEMA,
    TYPE,
    TYPES_SCHEMA,
    check_references,
    raise_problems,
    read_checked,
)
from generator.core.checks import describe
from generator.core.diagnostics import KeyPath, did_you_mean
from generator.core.paths import CATALOG_DIR
from generator.core.schema import Problem


@dataclass(frozen=True)
class CloudType:
    name: str
    cpp: str
    python: str
    senml: str | dict[str, str]
    group: str
    basis: str
    same_as: str | None = None

    @property
    def is_compound(self) -> bool:
        return isinstance(self.senml, dict)


@dataclass(frozen=True)
class Constant:
    """One `const char NAME[] = SECRET_…;` line and its arduino_secrets.h macro."""

    name: str
    secret: str
    comment: str = ""


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    handler: str
    args: tuple[str, ...]
    constants: tuple[Constant, ...]
    host_define: str
    transport: str
    basis: str
    bands: tuple[str, ...] = ()
    frequency_plans: tuple[tuple[str, str], ...] = ()  # the API's plan id -> band
    default_band: str | None = None
    first_property_tag: int | None = None
    poor_groups: tuple[str, ...] = ()
    poor_types: tuple[str, ...] = ()
    poor_reason: str = ""

    @property
    def uses_property_tags(self) -> bool:
        return self.first_property_tag is not None

    def carries_poorly(self, cloud_type: CloudType) -> bool:
        group = "compound" if cloud_type.is_compound else cloud_type.group
        return group in self.poor_groups or cloud_type.name in self.poor_types


@dataclass(frozen=True)
class Auth:
    key: str
    label: str
    identity_name: str | None
    identity_from: str | None
    constants: tuple[Constant, ...]
    init: tuple[str, ...]
    host_define: str | None
    old_identity_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Board:
    fqbn: str
    name: str
    families: tuple[str, ...]
    auths: tuple[str, ...]  # the ways it may authenticate, the default first
    support: str
    macro: str  # what its core defines, e.g. ARDUINO_UNOR4_WIFI
    secure_element: str | None = None  # the library's macro for it, e.g. BOARD_HAS_ECCX08
    p2: bool = False
    note: str = ""
    examples: tuple[str, ...] = ()  # concrete boards of an `esp32:esp32:*` entry

    @property
    def auth(self) -> str:
        return self.auths[0]

    def matches(self, fqbn: str) -> bool:
        return fnmatch.fnmatchcase(fqbn, self.fqbn)

    @property
    def core(self) -> str:
        """`arduino:samd`: the board platform, as arduino-cli names it."""
        return ":".join(self.fqbn.split(":")[:2])


@dataclass(frozen=True)
class Unsupported:
    """Boards the library does not support, why, and the closest ones it does."""

    fqbn: str
    reason: str
    instead: tuple[str, ...]


@dataclass(frozen=True)
class Provisioning2:
    """Where the Provisioning 2.0 sketch shape was seen (families, authentications)."""

    families: tuple[str, ...]
    auths: tuple[str, ...]


@dataclass(frozen=True)
class Catalog:
    types: dict[str, CloudType]
    rejected_types: dict[str, str]
    families: dict[str, Family]
    auths: dict[str, Auth]
    boards: tuple[Board, ...]
    reserved_names: dict[str, str]
    libraries: tuple[tuple[str, str], ...] = ()  # (name, version) pinned by `cloudgen new`
    platform_index_urls: dict[str, str] = field(default_factory=dict)  # core -> index URL
    platform_versions: dict[str, str] = field(default_factory=dict)  # core -> version
    unsupported: tuple[Unsupported, ...] = ()
    provisioning2: Provisioning2 = Provisioning2((), ())

    def board(self, fqbn: str) -> Board | None:
        """The board entry for an FQBN; board options after a third colon are ignored."""
        base = ":".join(fqbn.split(":")[:3])
        return next((board for board in self.boards if board.matches(base)), None)

    def why_unsupported(self, fqbn: str) -> Unsupported | None:
        base = ":".join(fqbn.split(":")[:3])
        return next((u for u in self.unsupported if fnmatch.fnmatchcase(base, u.fqbn)), None)

    def unknown_board(self, fqbn: str) -> str:
        """Why an FQBN that matches no board cannot be used, and which boards can."""
        message = f"board {describe(fqbn)} is not supported by the ArduinoIoTCloud library"
        known = self.why_unsupported(fqbn)
        if known is None:
            message += " (`cloudgen boards` lists the supported ones)"
            return did_you_mean(message, fqbn, self.completions)
        closest = ", ".join(f"{board} ({self._name(board)})" for board in known.instead)
        return f"{message}: {known.reason}; the closest supported boards: {closest}"

    def _name(self, fqbn: str) -> str:
        board = self.board(fqbn)
        return board.name if board else fqbn

    def board_defines(self, board: Board) -> frozenset[str]:
        """The macros the libraries define for the board: its core's, every connection
        family's (and its transport's) and authentication's, and its secure element's."""
        families = [self.families[f] for f in board.families]
        defines = {
            board.macro,
            *(f.host_define for f in families),
            *(f.transport for f in families),
        }
        defines |= {d for a in board.auths if (d := self.auths[a].host_define)}
        return frozenset(defines | ({board.secure_element} if board.secure_element else set()))

    @property
    def board_fqbns(self) -> list[str]:
        return [board.fqbn for board in self.boards]

    @property
    def completions(self) -> list[str]:
        """Every FQBN a user can type: the catalog's, with the concrete examples of each
        `core:*` entry (and the pattern itself, which stands for the rest)."""
        return [fqbn for board in self.boards for fqbn in (*board.examples, board.fqbn)]


def _constants(items: list[dict[str, str]]) -> tuple[Constant, ...]:
    return tuple(Constant(item["name"], item["secret"], item.get("comment", "")) for item in items)


@cache
def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    types, rejected = _types(directory)
    families, auths, boards, boards_data = _boards(directory, types)
    reserved = _reserved(directory, families, auths)
    return Catalog(
        types=types,
        rejected_types=rejected,
        families=families,
        auths=auths,
        boards=boards,
        reserved_names=reserved,
        libraries=tuple((lib["name"], str(lib["version"])) for lib in boards_data["libraries"]),
        platform_index_urls=dict(boards_data["platform_index_urls"]),
        platform_versions=dict(boards_data["platforms"]),
        unsupported=tuple(
            Unsupported(entry["fqbn"], entry["reason"], tuple(entry["instead"]))
            for entry in boards_data["unsupported"]
        ),
        provisioning2=Provisioning2(
            tuple(boards_data["provisioning2"]["families"]),
            tuple(boards_data["provisioning2"]["auth"]),
        ),
    )


def _types(directory: Path) -> tuple[dict[str, CloudType], dict[str, str]]:
    data = read_checked(directory, "types.yaml", TYPES_SCHEMA)
    entries: dict[str, Any] = data["types"]
    variants = [
        (("types", name, "same_as"), "type", entry["same_as"], entries)
        for name, entry in entries.items()
        if "same_as" in entry
    ]
    check_references(directory / "types.yaml", variants)
    types: dict[str, CloudType] = {}
    missing: list[Problem] = []
    for name, entry in entries.items():
        base = dict(entries[entry["same_as"]]) if "same_as" in entry else {}
        base.update(entry)
        for key in TYPE.required:
            if key not in base:
                missing.append((("types", name), f'missing required key "{key}"'))
        if not missing:
            types[name] = CloudType(
                name=name,
                cpp=base["cpp"],
                python=base["python"],
                senml=base["senml"],
                group=base["group"],
                basis=base["basis"],
                same_as=entry.get("same_as"),
            )
    raise_problems(directory / "types.yaml", missing)
    return types, dict(data.get("rejected", {}))


def _boards(
    directory: Path, types: dict[str, CloudType]
) -> tuple[dict[str, Family], dict[str, Auth], tuple[Board, ...], Any]:
    data = read_checked(directory, "boards.yaml", BOARDS_SCHEMA)
    for board in data["boards"]:
        board["auth"] = [board["auth"]] if isinstance(board["auth"], str) else board["auth"]
    checks: list[tuple[KeyPath, str, Any, Any]] = []
    lists: list[tuple[KeyPath, str, list[str], Any]] = [
        (
            ("provisioning2", "families"),
            "connection family",
            data["provisioning2"]["families"],
            data["families"],
        ),
        (("provisioning2", "auth"), "authentication", data["provisioning2"]["auth"], data["auth"]),
    ]
    for index, board in enumerate(data["boards"]):
        lists.append((("boards", index, "auth"), "authentication", board["auth"], data["auth"]))
        lists.append(
            (
                ("boards", index, "families"),
                "connection family",
                board["families"],
                data["families"],
            )
        )
    for key, family in data["families"].items():
        poor = family.get("carries_poorly", {}).get("types", [])
        lists.append((("families", key, "carries_poorly", "types"), "type", poor, types))
        for plan, band in family.get("frequency_plans", {}).items():
            at: KeyPath = ("families", key, "frequency_plans", plan)
            checks.append((at, "band", band, family.get("bands", [])))
    for where, what, names, known in lists:
        checks += [((*where, i), what, name, known) for i, name in enumerate(names)]
    check_references(directory / "boards.yaml", checks)
    families = {key: _family(key, entry) for key, entry in data["families"].items()}
    auths = {key: _auth(key, entry) for key, entry in data["auth"].items()}
    boards = tuple(
        Board(
            fqbn=entry["fqbn"],
            name=entry["name"],
            families=tuple(entry["families"]),
            auths=tuple(entry["auth"]),
            support=entry["support"],
            macro=entry["macro"],
            secure_element=entry.get("secure_element"),
            p2=entry.get("p2", False),
            note=entry.get("note", ""),
            examples=tuple(entry.get("examples", ())),
        )
        for entry in data["boards"]
    )
    _check_board_facts(directory / "boards.yaml", boards, data)
    return families, auths, boards, data


def _check_board_facts(path: Path, boards: tuple[Board, ...], data: Any) -> None:
    """Every board's core has a pinned version; a `*` board has examples (`cloudgen new`
    offers them); examples and alternatives are boards."""
    found: list[Problem] = []
    for index, board in enumerate(boards):
        if board.core not in data["platforms"]:
            found.append((("boards", index, "fqbn"), f"no version of {board.core} in platforms"))
        if "*" in board.fqbn and not board.examples:
            found.append((("boards", index), "a board with * needs examples of it"))
        for position, example in enumerate(board.examples):
            if "*" in example or not board.matches(example):
                where = ("boards", index, "examples", position)
                found.append((where, f"{example!r} is not a concrete {board.fqbn} board"))
    for index, entry in enumerate(data["unsupported"]):
        for position, fqbn in enumerate(entry["instead"]):
            if not any(board.matches(fqbn) for board in boards):
                where = ("unsupported", index, "instead", position)
                found.append((where, f"{fqbn!r} is not a supported board"))
    raise_problems(path, found)


def _family(key: str, entry: dict[str, Any]) -> Family:
    poor = entry.get("carries_poorly", {})
    return Family(
        key=key,
        label=entry["label"],
        handler=entry["handler"],
        args=tuple(entry["args"]),
        constants=_constants(entry["constants"]),
        host_define=entry["host_define"],
        transport=entry["transport"],
        basis=entry["basis"],
        bands=tuple(entry.get("bands", ())),
        frequency_plans=tuple(entry.get("frequency_plans", {}).items()),
        default_band=entry.get("default_band"),
        first_property_tag=entry.get("property_tags", {}).get("first"),
        poor_groups=tuple(poor.get("groups", ())),
        poor_types=tuple(poor.get("types", ())),
        poor_reason=poor.get("reason", ""),
    )


def _auth(key: str, entry: dict[str, Any]) -> Auth:
    identity = entry.get("identity", {})
    return Auth(
        key=key,
        label=entry["label"],
        identity_name=identity.get("name"),
        identity_from=identity.get("from"),
        constants=_constants(entry["constants"]),
        init=tuple(entry["init"]),
        host_define=entry.get("host_define"),
        old_identity_names=tuple(identity.get("old_names", ())),
    )


def _reserved(
    directory: Path, families: dict[str, Family], auths: dict[str, Auth]
) -> dict[str, str]:
    reserved: dict[str, str] = {}
    for group in read_checked(directory, "reserved.yaml", RESERVED_SCHEMA).values():
        for name in group["names"]:
            reserved.setdefault(
                str(name).lower() if isinstance(name, bool) else name, group["reason"]
            )
    generated_reason = "is a constant of the generated thingProperties.h"
    owners: list[Family | Auth] = [*families.values(), *auths.values()]
    for constant in (constant for owner in owners for constant in owner.constants):
        reserved.setdefault(constant.name, generated_reason)
    for auth in auths.values():
        if auth.identity_name:
            reserved.setdefault(auth.identity_name, generated_reason)
    return reserved
