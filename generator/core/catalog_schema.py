"""The schemas of cloudgen's catalogs (`specs/catalog/*.yaml`), which `catalog` loads."""

from __future__ import annotations

from generator.core.schema import Either, ListOf, MapOf, Record, Scalar, Text

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
        "basis": Text(BASES),
    },
    {
        "bands": ListOf(Text()),
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
    {"p2": Scalar((bool,)), "note": Text(), "examples": ListOf(Text())},
)
_UNSUPPORTED = Record({"fqbn": Text(), "reason": Text(), "instead": ListOf(Text())})
BOARDS_SCHEMA = Record(
    {
        "families": MapOf(_FAMILY),
        "auth": MapOf(_AUTH),
        "boards": ListOf(_BOARD),
        "libraries": ListOf(Record({"name": Text(), "version": Scalar()})),
        "platform_index_urls": MapOf(Text()),
        "platforms": MapOf(Scalar((str,))),
        "unsupported": ListOf(_UNSUPPORTED),
    }
)
RESERVED_SCHEMA = MapOf(Record({"reason": Text(), "names": ListOf(Text())}))
