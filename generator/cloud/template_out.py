"""A cloud Thing as a template, exactly as `arduino-cloud-cli thing extract` writes it:
sorted keys, 4-space indent, `name`, `tags` (one-key maps, left out when there are none),
`timezone` and `variables` with their six keys each.

Order is the one thing the CLI leaves open (tags come from a Go map); cloudgen keeps the
template's own order for what it already lists, so a pull changes only what changed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.cloud.model import CloudThing, PropertySpec
from generator.thing.model import Thing, plain_number
from generator.thing.template_file import template_yaml


def in_step(thing: Thing, cloud: CloudThing) -> bool:
    """Whether the template already says everything the cloud has (order aside)."""
    ours = {
        v.variable_name: (v.name, v.type.name, v.permission, v.update_strategy, v.update_parameter)
        for v in thing.variables
    }
    theirs = {
        p.spec.variable_name: (
            p.spec.name,
            p.spec.type,
            p.spec.permission,
            p.spec.update_strategy,
            p.spec.update_parameter,
        )
        for p in cloud.properties
    }
    return (thing.name, thing.timezone, dict(thing.tags), ours) == (
        cloud.name,
        cloud.timezone,
        dict(cloud.tags),
        theirs,
    )


def template_data(cloud: CloudThing, previous: Thing | None) -> dict[str, Any]:
    known_tags = [key for key, _ in previous.tags] if previous else []
    known_variables = [v.variable_name for v in previous.variables] if previous else []
    tags = _ordered(dict(cloud.tags), known_tags)
    specs = _ordered({p.spec.variable_name: p.spec for p in cloud.properties}, known_variables)
    data: dict[str, Any] = {"name": cloud.name}
    if tags:
        data["tags"] = [{key: value} for key, value in tags.items()]
    data["timezone"] = cloud.timezone
    data["variables"] = [_variable(spec) for spec in specs.values()]
    return data


def template_text(data: dict[str, Any], as_json: bool, previous_text: str | None) -> str:
    if not as_json:
        return template_yaml(data)
    indent = re.search(r"\n([ \t]+)\"", previous_text or "")
    text = json.dumps(
        data, indent=indent.group(1) if indent else "    ", sort_keys=True, ensure_ascii=False
    )
    # Go's encoding/json, which the CLI uses, escapes these three for HTML.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


def _variable(spec: PropertySpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "permission": spec.permission,
        "type": spec.type,
        "update_parameter": plain_number(spec.update_parameter),
        "update_strategy": spec.update_strategy,
        "variable_name": spec.variable_name,
    }


def _ordered(items: dict[str, Any], known: list[str]) -> dict[str, Any]:
    """`items` with the keys the template knew first, in its order, then the new ones."""
    first = {key: items[key] for key in known if key in items}
    return first | {key: value for key, value in items.items() if key not in first}
