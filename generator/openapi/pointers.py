"""JSON pointers (RFC 6901) into an OpenAPI document, and following its local `$ref`s."""

from __future__ import annotations

from typing import Any

SCHEMAS = "#/components/schemas/"


def escape(part: str | int) -> str:
    """One reference token: `~` -> `~0`, `/` -> `~1`."""
    return str(part).replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*parts: str | int) -> str:
    """A JSON pointer as a URI fragment: `#/paths/~1iot~1v2~1things/get`."""
    return "#/" + "/".join(escape(p) for p in parts)


def ref_name(ref: str) -> str:
    """The last token of a `$ref`: the schema's name for `#/components/schemas/X`."""
    return unescape(ref.rsplit("/", 1)[-1])


def resolve(spec: dict[str, Any], node: Any) -> dict[str, Any]:
    """Follow local `$ref`s (several hops, cycles stop) to the node they name."""
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node and node["$ref"] not in seen:
        seen.add(node["$ref"])
        target: Any = spec
        for token in node["$ref"].split("#", 1)[-1].strip("/").split("/"):
            target = target.get(unescape(token), {}) if isinstance(target, dict) else {}
        node = target
    return node if isinstance(node, dict) else {}
