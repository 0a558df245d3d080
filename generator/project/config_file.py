"""Writing `things:` entries into cloudgen.yaml, in its own layout."""

from __future__ import annotations

import re
from typing import Any

from generator.core.diagnostics import KeyPath
from generator.core.paths import CONFIG_NAME
from generator.core.source import parse_yaml
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


def set_entry_values(config_text: str, index: int, values: dict[str, str]) -> str:
    """cloudgen.yaml with `things[index]` given these scalar settings, in place: a key it has
    gets its new value (a comment after it stays), a new key goes in before `outputs:`.
    Nothing else changes. ValueError when the entry is not in block style."""
    document = parse_yaml(config_text, CONFIG_NAME)
    lines = config_text.split("\n")
    entry: KeyPath = ("things", index)
    line, column = document.position(entry)
    if lines[line - 1][column - 1 :].startswith("{"):
        raise ValueError("the entry is a flow mapping")
    inserted = []
    for key, value in values.items():
        path = entry + (key,)
        if path in document.key_positions:
            at = document.value_positions[path][0] - 1
            match = re.fullmatch(r"(\s*(?:- )?[A-Za-z_]+:\s*)(.*?)(\s+#.*)?", lines[at])
            if match is None:
                raise ValueError(f"{key} is not a one-line value")
            lines[at] = match.group(1) + scalar(value) + (match.group(3) or "")
        else:
            inserted.append(" " * (column - 1) + f"{key}: {scalar(value)}")
    outputs = document.key_positions.get(entry + ("outputs",))
    where = outputs[0] - 1 if outputs else line
    text = "\n".join(lines[:where] + inserted + lines[where:])
    check = parse_yaml(text, CONFIG_NAME).data["things"][index]
    if any(check.get(key) != value for key, value in values.items()):
        raise ValueError("the edit did not land where expected")
    return text
