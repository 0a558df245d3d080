"""The data catalogs: cloud variable types, boards and connection families, reserved names.

Each file is checked against its schema (and its cross-references) when it is loaded; a
typo there is reported as `file:line:col: key: message`, like any input of the user's.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.core.catalog_schema import BOARDS_SCHEMA, RESERVED_SCHEMA, TYPE, TYPES_SCHEMA
from generator.core.checks import describe
from generator.core.diagnostics import KeyPath, UserError, did_you_mean
from generator.core.paths import CATALOG_DIR
from generator.core.schema import MapOf, Problem, Record, problems
from generator.core.source import load_document


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
    basis: str
    bands: tuple[str, ...] = ()
    first_property_tag: int | None = None
    rejected_groups: tuple[str, ...] = ()
    rejected_types: tuple[str, ...] = ()
    reject_reason: str = ""

    @property
    def uses_property_tags(self) -> bool:
        return self.first_property_tag is not None

    def rejects(self, cloud_type: CloudType) -> bool:
        group = "compound" if cloud_type.is_compound else cloud_type.group
        return group in self.rejected_groups or cloud_type.name in self.rejected_types


@dataclass(frozen=True)
class Auth:
    key: str
    label: str
    identity_name: str | None
    identity_from: str | None
    constants: tuple[Constant, ...]
    init: tuple[str, ...]
    host_define: str | None


@dataclass(frozen=True)
class Board:
    fqbn: str
    name: str
    families: tuple[str, ...]
    auth: str
    support: str
    p2: bool = False
    note: str = ""
    examples: tuple[str, ...] = ()  # concrete boards of an `esp32:esp32:*` entry

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

    @property
    def board_fqbns(self) -> list[str]:
        return [board.fqbn for board in self.boards]

    @property
    def completions(self) -> list[str]:
        """Every FQBN a user can type: the catalog's, with the concrete examples of each
        `core:*` entry (and the pattern itself, which stands for the rest)."""
        return [fqbn for board in self.boards for fqbn in (*board.examples, board.fqbn)]


def _read(directory: Path, name: str, schema: Record | MapOf) -> Any:
    """A catalog file's data, checked against its schema."""
    path = directory / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    _raise_for(path, problems(schema, data))
    return data


def _raise_for(path: Path, found: list[Problem]) -> None:
    """Problems of a catalog file, pointed at their lines (the file is read again only then)."""
    if not found:
        return
    document = load_document(path, _display(path))
    raise UserError([document.diagnostic(where, message) for where, message in found])


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _references(path: Path, checks: Sequence[tuple[KeyPath, str, Any, Any]]) -> None:
    """Names that must exist elsewhere in the catalogs: (where, what, name, known names)."""
    found: list[Problem] = []
    for where, what, name, known in checks:
        if name not in known:
            message = f"unknown {what} {name!r}; expected one of {', '.join(sorted(known))}"
            found.append((where, did_you_mean(message, name, known)))
    _raise_for(path, found)


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
    )


def _types(directory: Path) -> tuple[dict[str, CloudType], dict[str, str]]:
    data = _read(directory, "types.yaml", TYPES_SCHEMA)
    entries: dict[str, Any] = data["types"]
    variants = [
        (("types", name, "same_as"), "type", entry["same_as"], entries)
        for name, entry in entries.items()
        if "same_as" in entry
    ]
    _references(directory / "types.yaml", variants)
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
    _raise_for(directory / "types.yaml", missing)
    return types, dict(data.get("rejected", {}))


def _boards(
    directory: Path, types: dict[str, CloudType]
) -> tuple[dict[str, Family], dict[str, Auth], tuple[Board, ...], Any]:
    data = _read(directory, "boards.yaml", BOARDS_SCHEMA)
    checks: list[tuple[KeyPath, str, Any, Any]] = []
    for index, board in enumerate(data["boards"]):
        checks.append((("boards", index, "auth"), "authentication", board["auth"], data["auth"]))
        for position, family in enumerate(board["families"]):
            where = ("boards", index, "families", position)
            checks.append((where, "connection family", family, data["families"]))
    for key, family in data["families"].items():
        for position, name in enumerate(family.get("rejects", {}).get("types", [])):
            checks.append((("families", key, "rejects", "types", position), "type", name, types))
    _references(directory / "boards.yaml", checks)
    families = {key: _family(key, entry) for key, entry in data["families"].items()}
    auths = {key: _auth(key, entry) for key, entry in data["auth"].items()}
    boards = tuple(
        Board(
            fqbn=entry["fqbn"],
            name=entry["name"],
            families=tuple(entry["families"]),
            auth=entry["auth"],
            support=entry["support"],
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
    _raise_for(path, found)


def _family(key: str, entry: dict[str, Any]) -> Family:
    rejects = entry.get("rejects", {})
    return Family(
        key=key,
        label=entry["label"],
        handler=entry["handler"],
        args=tuple(entry["args"]),
        constants=_constants(entry["constants"]),
        host_define=entry["host_define"],
        basis=entry["basis"],
        bands=tuple(entry.get("bands", ())),
        first_property_tag=entry.get("property_tags", {}).get("first"),
        rejected_groups=tuple(rejects.get("groups", ())),
        rejected_types=tuple(rejects.get("types", ())),
        reject_reason=rejects.get("reason", ""),
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
    )


def _reserved(
    directory: Path, families: dict[str, Family], auths: dict[str, Auth]
) -> dict[str, str]:
    reserved: dict[str, str] = {}
    for group in _read(directory, "reserved.yaml", RESERVED_SCHEMA).values():
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
