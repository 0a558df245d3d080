"""Thing templates written the way `arduino-cloud-cli thing extract` writes them."""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.thing.model import Thing, plain_number

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def variable_entries(thing: Thing) -> list[dict[str, Any]]:
    """A Thing's variables as template entries."""
    return [
        {
            "name": v.name,
            "permission": v.permission,
            "type": v.type.name,
            "update_parameter": plain_number(v.update_parameter),
            "update_strategy": v.update_strategy,
            "variable_name": v.variable_name,
        }
        for v in thing.variables
    ]


def template_yaml(data: dict[str, Any]) -> str:
    """CLI layout: sorted keys, 4-space indent, list items indented under their key."""
    lines = []
    for key in sorted(data):
        value = data[key]
        if isinstance(value, list):
            lines.append(f"{key}:" if value else f"{key}: []")
            for item in value:
                for index, item_key in enumerate(sorted(item)):
                    prefix = "    - " if index == 0 else "      "
                    lines.append(f"{prefix}{item_key}: {scalar(item[item_key])}")
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def scalar(value: object) -> str:
    """One YAML scalar on one line, as a flow value."""
    text: str = yaml.dump(
        value, Dumper=_Dumper, default_flow_style=True, allow_unicode=True, width=1 << 30
    )
    return re.sub(r"\n(\.\.\.\n)?$", "", text)
