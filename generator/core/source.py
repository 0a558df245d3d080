"""Reads YAML and JSON input files into plain data plus the source position of every node.

Positions let every later error point at `file:line:col` of the key the user wrote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.core.diagnostics import Diagnostic, KeyPath, UserError, format_key_path

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_INPUT_BYTES = 4 * 1024 * 1024
# YAML aliases can expand a small file into a huge tree ("billion laughs"); real inputs
# have a few thousand nodes at most.
MAX_NODES = 200_000


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader with YAML 1.2 booleans: `NO`, `on` and `yes` stay strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class Document:
    """A parsed input file: its data and where each value and key sits in the text."""

    path: str
    data: Any
    value_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: KeyPath, *, of_key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of the nearest parent."""
        table = self.key_positions if of_key else self.value_positions
        while path:
            if path in table:
                return table[path]
            if path in self.value_positions:
                return self.value_positions[path]
            path = path[:-1]
        return self.value_positions.get((), (1, 1))

    def diagnostic(
        self, path: KeyPath, message: str, *, level: str = "error", of_key: bool = False
    ) -> Diagnostic:
        line, column = self.position(path, of_key=of_key)
        return Diagnostic(self.path, line, column, format_key_path(path), message, level)  # type: ignore[arg-type]


def read_text(path: Path, display: str) -> str:
    """The file's text, or a UserError that says why it cannot be read."""
    try:
        if path.is_dir():
            raise UserError.single(display, "expected a file, found a folder")
        if path.exists() and not path.is_file():
            raise UserError.single(display, "expected a regular file (not a device or pipe)")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise UserError.single(
                display, f"file is {size} bytes; inputs are limited to {MAX_INPUT_BYTES} bytes"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError.single(display, "file not found") from None
    except OSError as error:
        raise UserError.single(display, f"cannot read file: {error.strerror}") from None
    if b"\x00" in raw:
        raise UserError.single(display, "binary data (NUL byte); expected a YAML or JSON text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UserError.single(display, "not valid UTF-8 text", line=line) from None


def load_document(path: Path, display: str | None = None) -> Document:
    """Parse a YAML or JSON file; JSON is tried first, like arduino-cloud-cli does."""
    shown = display or str(path)
    text = read_text(path, shown)
    if path.suffix.lower() == ".json" or text.lstrip().startswith(("{", "[")):
        data = _check_json(text, shown, strict=path.suffix.lower() == ".json")
        if data is not _NOT_JSON:
            try:
                return parse_yaml(text, shown)
            except UserError:
                if data is _DUPLICATE_KEYS:
                    raise  # the YAML error says where
                # Valid JSON that YAML 1.1 refuses (some \u escapes): keep the data,
                # without positions below the top.
                return Document(shown, data, {(): (1, 1)})
    return parse_yaml(text, shown)


_NOT_JSON = object()
_DUPLICATE_KEYS = object()


def _check_json(text: str, display: str, *, strict: bool) -> Any:
    """The JSON data; JSON syntax errors are reported with JSON's own message and position."""
    duplicates = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        if len({key for key, _ in items}) != len(items):
            duplicates.append(True)
        return dict(items)

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        if strict:
            raise UserError.single(
                display, f"invalid JSON: {error.msg}", error.lineno, error.colno
            ) from None
        return _NOT_JSON
    return _DUPLICATE_KEYS if duplicates else data


def parse_yaml(text: str, display: str) -> Document:
    try:
        node = yaml.load(text, Loader=_ComposeOnly)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid syntax"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem += " (YAML is indented with spaces, not tabs)"
        raise UserError.single(display, f"invalid YAML: {problem}", line, column) from None
    except yaml.YAMLError as error:
        raise UserError.single(display, f"invalid YAML: {error}") from None
    document = Document(display, None)
    if node is None:
        return document
    document.data = _build(node, (), document)
    if len(document.value_positions) > MAX_NODES:
        raise UserError.single(display, f"more than {MAX_NODES} values (YAML aliases expanding?)")
    return document


class _ComposeOnly(_Loader):
    """Loader whose single-document result is the node tree, not Python objects."""

    def get_single_data(self) -> Any:
        return self.get_single_node()


def _build(node: yaml.Node, path: KeyPath, document: Document) -> Any:
    if len(document.value_positions) > MAX_NODES:
        return None  # parse_yaml reports it; stop expanding
    document.value_positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, document, path)
            if not isinstance(key, str | int | float | bool) or key is None:
                raise _error(document, key_node, path, "mapping keys must be plain text")
            key = str(key) if not isinstance(key, str) else key
            if key == "<<":
                raise _error(document, key_node, path, "YAML merge keys (<<) are not supported")
            if key in result:
                raise _error(document, key_node, path + (key,), f'duplicate key "{key}"')
            child = path + (key,)
            document.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _build(value_node, child, document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), document) for index, item in enumerate(node.value)]
    return _scalar(node, document, path)


def _scalar(node: yaml.Node, document: Document, path: KeyPath) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise _error(document, node, path, "expected a plain value here")
    try:
        return _Loader.construct_object(_CONSTRUCTOR, node)
    except yaml.YAMLError as error:
        raise _error(document, node, path, f"invalid value: {error}") from None


def _error(document: Document, node: yaml.Node, path: KeyPath, message: str) -> UserError:
    line, column = node.start_mark.line + 1, node.start_mark.column + 1
    return UserError([Diagnostic(document.path, line, column, format_key_path(path), message)])


_CONSTRUCTOR = _Loader("")
