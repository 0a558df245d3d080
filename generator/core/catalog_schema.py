"""The schemas of the catalog files in specs/catalog/, and reading a file checked against
its schema (`core.catalog` and the dashboard's widget catalog load theirs this way)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from generator.core.diagnostics import KeyPath, UserError, did_you_mean
from generator.core.schema import Either, ListOf, MapOf, Problem, Record, Scalar, Text, problems
from generator.core.source import load_document

BASES = ("O", "D", "I")
GROUPS = ("basic", "unit", "compound", "smart-home", "legacy")
SENML_KINDS = ("vb", "v", "v:int", "v:uint", "vs")
SUPPORT = ("official", "code")

_SENML = Either(((str, Text(SENML_KINDS)), (dict, MapOf(Text(SENML_KINDS)))))
TYPE = Record(
    {"cpp": Text(), "python": Text(), "senml": _SENML, "group": Text(GROUPS), "basis": Text(BASES)}
)
# A variant (same_as) may leave out what it shares; the whole is checked once resolved.
TYPES_SCHEMA = Record(
    {"types": MapOf(Record({}, {**TYPE.required, "same_as": Text()}))},
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
        "transport": Text(("HAS_TCP", "HAS_LORA")),
        "basis": Text(BASES),
    },
    {
        "bands": ListOf(Text()),
        "default_band": Text(),
        "frequency_plans": MapOf(Text()),
        "property_tags": Record({"first": Scalar((int,))}),
        "carries_poorly": Record(
            {"reason": Text()}, {"groups": ListOf(Text(GROUPS)), "types": ListOf(Text())}
        ),
    },
)
_IDENTITY = Record(
    {"name": Text(), "from": Text(("device_id", "thing_id"))}, {"old_names": ListOf(Text())}
)
_AUTH = Record(
    {"label": Text(), "constants": ListOf(_CONSTANT), "init": ListOf(Text())},
    {"identity": _IDENTITY, "host_define": Text()},
)
_BOARD = Record(
    {
        "fqbn": Text(),
        "name": Text(),
        "families": ListOf(Text()),
        "auth": Either(((str, Text()), (list, ListOf(Text())))),
        "support": Text(SUPPORT),
        "macro": Text(),
    },
    {"p2": Scalar((bool,)), "note": Text(), "secure_element": Text(), "examples": ListOf(Text())},
)
_UNSUPPORTED = Record({"fqbn": Text(), "reason": Text(), "instead": ListOf(Text())})
BOARDS_SCHEMA = Record(
    {
        "families": MapOf(_FAMILY),
        "auth": MapOf(_AUTH),
        "provisioning2": Record({"families": ListOf(Text()), "auth": ListOf(Text())}),
        "boards": ListOf(_BOARD),
        "libraries": ListOf(Record({"name": Text(), "version": Scalar()})),
        "platform_index_urls": MapOf(Text()),
        "platforms": MapOf(Scalar((str,))),
        "unsupported": ListOf(_UNSUPPORTED),
    }
)
RESERVED_SCHEMA = MapOf(Record({"reason": Text(), "source": Text(), "names": ListOf(Text())}))


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
