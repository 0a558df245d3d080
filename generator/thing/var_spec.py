"""The command-line form of a cloud variable (`--var`, and `cloudgen var add`)."""

from __future__ import annotations

from typing import Any

from generator.core.catalog import Catalog
from generator.core.checks import describe
from generator.core.diagnostics import Diagnostic, UserError, did_you_mean
from generator.thing.model import plain_number

PERMISSIONS = {"read": "READ_ONLY", "readwrite": "READ_WRITE"}
USAGE = "NAME:TYPE[:read|readwrite][:on-change[=DELTA]|:every=SECONDS]"


def parse_var(spec: str, catalog: Catalog, option: str = "--var") -> dict[str, Any]:
    """The template entry for one `--var`, as `arduino-cloud-cli thing extract` writes it."""

    def fail(message: str) -> UserError:
        return UserError([Diagnostic("cloudgen", 0, 0, option, f"{describe(spec)}: {message}")])

    parts = spec.split(":")
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise fail(f"expected {USAGE}")
    name, type_name = parts[0], parts[1].upper()
    if type_name not in catalog.types:
        message = f"unknown type {describe(parts[1])} (`cloudgen types` lists them)"
        raise fail(did_you_mean(message, type_name, catalog.types))
    variable: dict[str, Any] = {
        "name": name,
        "permission": "READ_ONLY",
        "type": type_name,
        "update_parameter": 0,
        "update_strategy": "ON_CHANGE",
        "variable_name": name,
    }
    for part in parts[2:]:
        key, _, value = part.partition("=")
        if key in PERMISSIONS and not value:
            variable["permission"] = PERMISSIONS[key]
        elif key == "on-change":
            variable["update_strategy"] = "ON_CHANGE"
            variable["update_parameter"] = _number(value or "0", fail)
        elif key == "every":
            variable["update_strategy"] = "TIMED"
            variable["update_parameter"] = _number(value, fail)
        else:
            expected = "read, readwrite, on-change[=DELTA] or every=SECONDS"
            message = f"unknown part {describe(part)}; expected {expected}"
            raise fail(did_you_mean(message, key, [*PERMISSIONS, "on-change", "every"]))
    return variable


def _number(text: str, fail: Any) -> int | float:
    try:
        value = float(text)
    except ValueError:
        raise fail(f"expected a number, found {describe(text)}") from None
    return plain_number(value)
