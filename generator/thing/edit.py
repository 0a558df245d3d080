"""Editing a Thing template in place, keeping its key order, comments and layout.

YAML goes through ruamel.yaml's round-trip mode (comments and quoting kept, indentation
detected from the file); JSON keeps its key order and indentation.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from generator.core.diagnostics import UserError, did_you_mean
from generator.core.source import read_text


class TemplateEditor:
    def __init__(self, path: Path, display: str) -> None:
        self.path, self.display = path, display
        self.text = read_text(path, display)
        self.is_json = path.suffix.lower() == ".json" or self.text.lstrip().startswith("{")
        try:
            if self.is_json:
                self.data = json.loads(self.text)
                indent = re.search(r"\n([ \t]+)\"", self.text)
                self.json_indent = indent.group(1) if indent else "    "
            else:
                _, indent_size, sequence_offset = load_yaml_guess_indent(self.text)
                self.yaml = YAML()
                self.yaml.preserve_quotes = True
                self.yaml.width = 4096
                indent_size = indent_size or 2
                self.yaml.indent(
                    mapping=indent_size, sequence=indent_size, offset=sequence_offset or 0
                )
                self.data = self.yaml.load(self.text)
        except Exception as error:  # any parse problem: `cloudgen validate` gives the details
            raise UserError.single(
                display, f"cannot edit: the file does not parse ({error})"
            ) from None
        if not isinstance(self.data, dict):
            raise UserError.single(display, "cannot edit: not a Thing template (a mapping)")
        self.key = (
            "properties"
            if "properties" in self.data and "variables" not in self.data
            else "variables"
        )
        if self.data.get(self.key) is None:
            self.data[self.key] = []
        self.variables: list[Any] = self.data[self.key]

    def index_of(self, name: str) -> int:
        names = [v.get("variable_name") for v in self.variables if isinstance(v, dict)]
        for index, variable in enumerate(self.variables):
            if isinstance(variable, dict) and variable.get("variable_name") == name:
                return index
        message = f'no variable named "{name}"'
        raise UserError.single(self.display, did_you_mean(message, name, [n for n in names if n]))

    def add(self, entry: dict[str, Any]) -> None:
        if any(
            isinstance(v, dict) and v.get("variable_name") == entry["variable_name"]
            for v in self.variables
        ):
            raise UserError.single(
                self.display, f'a variable named "{entry["variable_name"]}" exists already'
            )
        template = next((v for v in self.variables if isinstance(v, dict)), None)
        order = list(template) if template else sorted(entry)
        keys = [k for k in order if k in entry] + sorted(k for k in entry if k not in order)
        mapping: dict[str, Any] = {} if self.is_json else CommentedMap()
        for key in keys:
            mapping[key] = entry[key]
        self.variables.append(mapping)

    def remove(self, name: str) -> None:
        del self.variables[self.index_of(name)]

    def update(self, name: str, changes: dict[str, Any]) -> None:
        variable = self.variables[self.index_of(name)]
        for key, value in changes.items():
            variable[key] = value

    def dump(self) -> str:
        if self.is_json:
            return json.dumps(self.data, indent=self.json_indent, ensure_ascii=False) + "\n"
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()
