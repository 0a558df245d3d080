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

from generator.core.diagnostics import KeyPath, UserError, did_you_mean
from generator.core.paths import CATALOG_DIR
from generator.core.schema import Either, ListOf, MapOf, Problem, Record, Scalar, Text, problems
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
    frequency_plans: tuple[tuple[str, str], ...] = ()  # the API's plan id -> band
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

    def matches(self, fqbn: str) -> bool:
        return fnmatch.fnmatchcase(fqbn, self.fqbn)


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

    def board(self, fqbn: str) -> Board | None:
        """The board entry for an FQBN; board options after a third colon are ignored."""
        base = ":".join(fqbn.split(":")[:3])
        return next((board for board in self.boards if board.matches(base)), None)

    @property
    def board_fqbns(self) -> list[str]:
        return [board.fqbn for board in self.boards]


BASES = ("O", "D", "I")
GROUPS = ("basic", "unit", "compound", "smart-home", "legacy")
SENML_KINDS = ("vb", "v", "v:int", "v:uint", "vs")
SUPPORT = ("official", "code")

_SENML = Either(((str, Text(SENML_KINDS)), (dict, MapOf(Text(SENML_KINDS)))))
_TYPE = Record(
    {"cpp": Text(), "python": Text(), "senml": _SENML, "group": Text(GROUPS), "basis": Text(BASES)}
)
# A variant (same_as) may leave out what it shares; the whole is checked once resolved.
TYPES_SCHEMA = Record(
    {"types": MapOf(Record({}, {**_TYPE.required, "same_as": Text()}))},
    {"rejected": MapOf(Text())},
)
_CONSTANT = Record({"name": Text(), "secret": Text()}, {"comment": Text()})
_FAMILY = Record(
    {
        "label": Text(),
        "handler": Text(),
        "args": ListOf(Text()),
        "constants": ListOf(_CONSTANT),
        "host_define": Text(),
        "basis": Text(BASES),
    },
    {
        "bands": ListOf(Text()),
        "frequency_plans": MapOf(Text()),
        "property_tags": Record({"first": Scalar((int,))}),
        "rejects": Record(
            {"reason": Text()}, {"groups": ListOf(Text(GROUPS)), "types": ListOf(Text())}
        ),
    },
)
_AUTH = Record(
    {"label": Text(), "constants": ListOf(_CONSTANT), "init": ListOf(Text())},
    {
        "identity": Record({"name": Text(), "from": Text(("device_id", "thing_id"))}),
        "host_define": Text(),
    },
)
_BOARD = Record(
    {
        "fqbn": Text(),
        "name": Text(),
        "families": ListOf(Text()),
        "auth": Text(),
        "support": Text(SUPPORT),
    },
    {"p2": Scalar((bool,)), "note": Text()},
)
BOARDS_SCHEMA = Record(
    {
        "families": MapOf(_FAMILY),
        "auth": MapOf(_AUTH),
        "boards": ListOf(_BOARD),
        "libraries": ListOf(Record({"name": Text(), "version": Scalar()})),
        "platform_index_urls": MapOf(Text()),
    }
)
RESERVED_SCHEMA = MapOf(Record({"reason": Text(), "names": ListOf(Text())}))


def read_checked(directory: Path, name: str, schema: Record | MapOf) -> Any:
    """A catalog file's data, checked against its schema."""
    path = directory / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    raise_problems(path, problems(schema, data))
    return data


def raise_problems(path: Path, found: list[Problem]) -> None:
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


def check_references(path: Path, checks: Sequence[tuple[KeyPath, str, Any, Any]]) -> None:
    """Names that must exist elsewhere in the catalogs: (where, what, name, known names)."""
    found: list[Problem] = []
    for where, what, name, known in checks:
        if name not in known:
            message = f"unknown {what} {name!r}; expected one of {', '.join(sorted(known))}"
            found.append((where, did_you_mean(message, name, known)))
    raise_problems(path, found)


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
        for key in _TYPE.required:
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
    checks: list[tuple[KeyPath, str, Any, Any]] = []
    for index, board in enumerate(data["boards"]):
        checks.append((("boards", index, "auth"), "authentication", board["auth"], data["auth"]))
        for position, family in enumerate(board["families"]):
            where = ("boards", index, "families", position)
            checks.append((where, "connection family", family, data["families"]))
    for key, family in data["families"].items():
        for position, name in enumerate(family.get("rejects", {}).get("types", [])):
            checks.append((("families", key, "rejects", "types", position), "type", name, types))
        for plan, band in family.get("frequency_plans", {}).items():
            where = ("families", key, "frequency_plans", plan)
            checks.append((where, "band", band, family.get("bands", [])))
    check_references(directory / "boards.yaml", checks)
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
        )
        for entry in data["boards"]
    )
    return families, auths, boards, data


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
        frequency_plans=tuple(entry.get("frequency_plans", {}).items()),
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
