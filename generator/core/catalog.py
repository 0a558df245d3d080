"""The data catalogs: cloud variable types, boards and connection families, reserved names."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.core.paths import CATALOG_DIR


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


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _constants(items: list[dict[str, str]]) -> tuple[Constant, ...]:
    return tuple(Constant(item["name"], item["secret"], item.get("comment", "")) for item in items)


@cache
def load_catalog(directory: Path = CATALOG_DIR) -> Catalog:
    types_data = _read(directory / "types.yaml")
    types: dict[str, CloudType] = {}
    for name, entry in types_data["types"].items():
        base = dict(types_data["types"][entry["same_as"]]) if "same_as" in entry else {}
        base.update(entry)
        types[name] = CloudType(
            name=name,
            cpp=base["cpp"],
            python=base["python"],
            senml=base["senml"],
            group=base["group"],
            basis=base["basis"],
            same_as=entry.get("same_as"),
        )

    boards_data = _read(directory / "boards.yaml")
    families = {}
    for key, entry in boards_data["families"].items():
        rejects = entry.get("rejects", {})
        families[key] = Family(
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
    auths = {}
    for key, entry in boards_data["auth"].items():
        identity = entry.get("identity", {})
        auths[key] = Auth(
            key=key,
            label=entry["label"],
            identity_name=identity.get("name"),
            identity_from=identity.get("from"),
            constants=_constants(entry["constants"]),
            init=tuple(entry["init"]),
            host_define=entry.get("host_define"),
        )
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
        for entry in boards_data["boards"]
    )

    reserved: dict[str, str] = {}
    for group in _read(directory / "reserved.yaml").values():
        for name in group["names"]:
            reserved.setdefault(name, group["reason"])
    generated_reason = "is a constant of the generated thingProperties.h"
    owners: list[Family | Auth] = [*families.values(), *auths.values()]
    for constant in (constant for owner in owners for constant in owner.constants):
        reserved.setdefault(constant.name, generated_reason)
    for auth in auths.values():
        if auth.identity_name:
            reserved.setdefault(auth.identity_name, generated_reason)

    return Catalog(
        types=types,
        rejected_types=dict(types_data.get("rejected", {})),
        families=families,
        auths=auths,
        boards=boards,
        reserved_names=reserved,
        libraries=tuple((lib["name"], str(lib["version"])) for lib in boards_data["libraries"]),
        platform_index_urls=dict(boards_data["platform_index_urls"]),
    )
