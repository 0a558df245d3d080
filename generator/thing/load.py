"""Thing templates (as `arduino-cloud-cli thing extract` writes them) -> validated `Thing`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.core.catalog import Catalog
from generator.core.checks import Checker, describe
from generator.core.diagnostics import Diagnostics, KeyPath
from generator.core.source import Document, load_document
from generator.thing.model import Thing, Variable, callback_name

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TAG_TEXT = re.compile(r"^[a-zA-Z0-9_.@-]{1,64}$")
MAX_VARIABLE_NAME = 64

THING_KEYS = {"name", "timezone", "tags", "variables", "properties"}
# Accepted by the CLI loader or present in custom templates (template.json); not used here.
THING_KEYS_IGNORED = {
    "id",
    "device_id",
    "webhook_uri",
    "webhook_active",
    "assistant",
    "sketch_template",
    "sketch_name",
    "device_metadata",
    "organization_id",
}
VARIABLE_KEYS = {
    "name",
    "variable_name",
    "type",
    "permission",
    "update_strategy",
    "update_parameter",
}
VARIABLE_KEYS_IGNORED = {"id", "min_value", "max_value", "persist", "tag"}
PERMISSIONS = ("READ_ONLY", "READ_WRITE")
STRATEGIES = ("ON_CHANGE", "TIMED")


def load_thing(
    path: Path, display: str, catalog: Catalog, diagnostics: Diagnostics
) -> Thing | None:
    """Parse and validate one template. Problems go to `diagnostics`; None when invalid."""
    return thing_from_document(load_document(path, display), catalog, diagnostics)


def thing_from_document(
    document: Document, catalog: Catalog, diagnostics: Diagnostics
) -> Thing | None:
    check = Checker(document, diagnostics)
    errors_before = len(diagnostics.errors)
    root = check.mapping((), document.data, "a Thing template")
    if root is None:
        return None
    check.keys((), root, known=THING_KEYS | THING_KEYS_IGNORED)

    name = _thing_name(check, root, document.path)
    timezone = root.get("timezone", "")
    if timezone is None:
        timezone = ""
    if not isinstance(timezone, str):
        check.error(("timezone",), f"expected an IANA time zone name, found {describe(timezone)}")
        timezone = ""
    tags = _tags(check, root.get("tags"))

    key = "variables"
    if "properties" in root:
        if "variables" in root:
            check.error(("properties",), 'use either "variables" or "properties", not both')
        else:
            key = "properties"
    raw_variables = root.get(key, [])
    if raw_variables is None:
        raw_variables = []
    variables: list[tuple[int, Variable]] = []
    if not isinstance(raw_variables, list):
        check.error((key,), f"expected a list of variables, found {describe(raw_variables)}")
    else:
        for index, raw in enumerate(raw_variables):
            variable = _variable(check, (key, index), raw, catalog)
            if variable is not None:
                variables.append((index, variable))
        _check_unique(check, key, variables)

    if len(diagnostics.errors) > errors_before:
        return None
    return Thing(name, timezone, tags, tuple(v for _, v in variables), document.path)


def _thing_name(check: Checker, root: dict[str, Any], source: str) -> str:
    if "name" not in root:
        # Hand-written templates often omit it; the file name is the natural default.
        return Path(source).stem
    name = check.string(("name",), root["name"])
    return name.strip() if name else Path(source).stem


def _tags(check: Checker, raw: Any) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        check.error(
            ("tags",), f"expected a list of tags like `- site: north`, found {describe(raw)}"
        )
        return ()
    tags: list[tuple[str, str]] = []
    for index, item in enumerate(raw):
        path: KeyPath = ("tags", index)
        if isinstance(item, dict) and set(item) == {"key", "value"}:
            pairs = [(item["key"], item["value"])]  # custom-template form
        elif isinstance(item, dict) and len(item) == 1:
            pairs = list(item.items())
        else:
            check.error(path, f"expected one `key: value` pair, found {describe(item)}")
            continue
        for key, value in pairs:
            value = str(value).lower() if isinstance(value, bool) else value
            value = str(value) if isinstance(value, int | float) else value
            for part, text in (("key", key), ("value", value)):
                if not isinstance(text, str) or not TAG_TEXT.match(text):
                    check.error(
                        path,
                        f"tag {part} {describe(text)} must be 1 to 64 characters of "
                        "letters, digits and _ . @ -",
                    )
            tags.append((str(key), str(value)))
    return tuple(tags)


def _variable(check: Checker, path: KeyPath, raw: Any, catalog: Catalog) -> Variable | None:
    mapping = check.mapping(path, raw, "a variable")
    if mapping is None:
        return None
    check.keys(
        path,
        mapping,
        required=("name", "type", "permission", "update_strategy"),
        known=VARIABLE_KEYS | VARIABLE_KEYS_IGNORED,
    )
    label = check.string(path + ("name",), mapping["name"]) if "name" in mapping else None
    variable_name = _variable_name(check, path, mapping, label, catalog)
    cloud_type = None
    if "type" in mapping:
        raw_type = mapping["type"]
        if isinstance(raw_type, str) and raw_type in catalog.rejected_types:
            check.error(
                path + ("type",),
                f'type "{raw_type}" cannot be generated: {catalog.rejected_types[raw_type]}',
            )
        else:
            type_name = check.choice(
                path + ("type",),
                raw_type,
                catalog.types,
                "type",
                "a cloud variable type (`cloudgen types` lists them)",
            )
            cloud_type = catalog.types.get(type_name or "")
    permission = None
    if "permission" in mapping:
        permission = check.choice(
            path + ("permission",), mapping["permission"], PERMISSIONS, "permission"
        )
    strategy = None
    if "update_strategy" in mapping:
        strategy = check.choice(
            path + ("update_strategy",), mapping["update_strategy"], STRATEGIES, "update strategy"
        )
    parameter = _update_parameter(check, path, mapping, strategy)
    if None in (label, variable_name, cloud_type, permission, strategy, parameter):
        return None
    assert cloud_type is not None and parameter is not None and label and variable_name
    return Variable(label, variable_name, cloud_type, permission, strategy, parameter)  # type: ignore[arg-type]


def _variable_name(
    check: Checker, path: KeyPath, mapping: dict[str, Any], label: str | None, catalog: Catalog
) -> str | None:
    key_path = path + ("variable_name",)
    if "variable_name" in mapping:
        value = mapping["variable_name"]
    elif label is not None:
        # The Cloud UI's rule: lower-case the first letter of the name.
        value = label[:1].lower() + label[1:]
        key_path = path + ("name",)
        check.warn(
            key_path,
            f'no "variable_name"; using {describe(value)}, derived from the name as the '
            "Cloud UI does",
        )
    else:
        return None
    if not isinstance(value, str) or not IDENTIFIER.match(value):
        check.error(
            key_path,
            f"variable name {describe(value)} must start with a letter or _ and contain only "
            "letters, digits and _",
        )
        return None
    if len(value) > MAX_VARIABLE_NAME:
        check.error(
            key_path, f"variable name is {len(value)} characters; the limit is {MAX_VARIABLE_NAME}"
        )
        return None
    if "__" in value or re.match(r"^_[A-Z]", value):
        check.error(
            key_path,
            f'variable name "{value}" is reserved by C++ (double underscore, or _ + capital)',
        )
        return None
    if value in catalog.reserved_names:
        check.error(
            key_path,
            f'variable name "{value}" {catalog.reserved_names[value]}; choose another name, '
            f'such as "{_alternative(value, catalog.reserved_names)}"',
        )
        return None
    return value


def _alternative(name: str, reserved: dict[str, str]) -> str:
    """A free name close to a reserved one, in its style: clock -> clock_value, PI -> PI_VALUE."""
    suffix = "_VALUE" if name.isupper() else "Value" if name != name.lower() else "_value"
    candidate = name + suffix
    return candidate if candidate not in reserved else f"my_{name}"


def _update_parameter(
    check: Checker, path: KeyPath, mapping: dict[str, Any], strategy: str | None
) -> float | None:
    key_path = path + ("update_parameter",)
    if "update_parameter" not in mapping:
        if strategy == "TIMED":
            check.error(path, 'missing required key "update_parameter" (seconds between publishes)')
            return None
        return 0.0
    value = mapping["update_parameter"]
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        check.error(key_path, f"expected a number, found {describe(value)}")
        return None
    if value < 0 or value == float("inf"):
        check.error(key_path, f"expected a number of at least 0, found {describe(value)}")
        return None
    if strategy == "TIMED" and (value < 1 or value != int(value)):
        check.error(
            key_path,
            f"TIMED needs a whole number of seconds of at least 1, found {describe(value)}",
        )
        return None
    return float(value)


def _check_unique(check: Checker, key: str, variables: list[tuple[int, Variable]]) -> None:
    """Names must be unique, and so must the callbacks they produce."""
    names = {variable.variable_name for _, variable in variables}
    seen: set[str] = set()
    callbacks: dict[str, str] = {}
    for index, variable in variables:
        name = variable.variable_name
        path: KeyPath = (key, index, "variable_name")
        if name in seen:
            check.error(path, f'duplicate variable name "{name}"')
            continue
        seen.add(name)
        if not variable.read_write:
            continue
        callback = callback_name(name)
        if callback in callbacks:
            check.error(
                path,
                f'callback {callback}() of "{name}" is also the callback of '
                f'"{callbacks[callback]}"; rename one of them',
            )
        elif callback in names:
            check.error(path, f'callback {callback}() of "{name}" is also a variable name')
        callbacks[callback] = name
