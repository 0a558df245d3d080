"""Writing `things:` entries into cloudgen.yaml, in its own layout."""

from __future__ import annotations

import re
from typing import Any

from generator.thing.template_file import scalar


def entry_yaml(entry: dict[str, Any], indent: str = "  ") -> str:
    """One `things:` list item, in the layout of cloudgen.yaml."""
    lines = []
    for index, (key, value) in enumerate(entry.items()):
        prefix = f"{indent}- " if index == 0 else f"{indent}  "
        if isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            lines += [f"{indent}    {k}: {scalar(v)}" for k, v in value.items()]
        else:
            lines.append(f"{prefix}{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"


def append_entry(config_text: str | None, entry_text: str) -> str:
    """cloudgen.yaml with the entry added at the end of its `things:` list.

    Appending is safe only when `things:` is the last top-level key; otherwise the
    caller prints the entry for the user to place.
    """
    if config_text is None:
        return "# cloudgen project: see `cloudgen generate --help`.\nthings:\n" + entry_text
    lines = config_text.rstrip("\n").split("\n")
    top_level = [i for i, line in enumerate(lines) if re.match(r"[A-Za-z_]", line)]
    if not top_level or not re.fullmatch(r"things:\s*", lines[top_level[-1]]):
        raise ValueError("things: is not the last key")
    return "\n".join(lines) + "\n\n" + entry_text
