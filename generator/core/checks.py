"""Small shared validation steps. Each records a diagnostic and returns None on bad input."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from generator.core.diagnostics import Diagnostics, KeyPath, did_you_mean
from generator.core.source import Document

UUID_EXAMPLE = "123e4567-e89b-12d3-a456-426614174000"
# Names Windows reserves for devices, with or without an extension: a folder or file so
# named could not be checked out there.
DEVICE_NAME = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def describe(value: Any) -> str:
    """A short, safe description of a user value for messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float):
        return f"number {value}"
    text = str(value)
    shown = text if len(text) <= 60 else text[:57] + "..."
    # Letters of any script are shown as typed (`"température"`); only what a terminal
    # would not show (controls, a BOM, a lone surrogate) is escaped.
    return '"' + "".join(_visible(char) for char in shown) + '"'


def _visible(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    return char if char.isprintable() else char.encode("unicode_escape").decode("ascii")


class Checker:
    """Validation helpers bound to one document and one diagnostics collector."""

    def __init__(self, document: Document, diagnostics: Diagnostics) -> None:
        self.document = document
        self.diagnostics = diagnostics

    def error(self, path: KeyPath, message: str, *, of_key: bool = False) -> None:
        self.diagnostics.add(self.document.diagnostic(path, message, of_key=of_key))

    def warn(self, path: KeyPath, message: str, *, of_key: bool = False) -> None:
        self.diagnostics.add(
            self.document.diagnostic(path, message, level="warning", of_key=of_key)
        )

    def mapping(self, path: KeyPath, value: Any, what: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(path, f"expected {what} (a mapping of keys to values), found {describe(value)}")
        return None

    def keys(
        self,
        path: KeyPath,
        mapping: dict[str, Any],
        *,
        required: Iterable[str] = (),
        known: Collection[str],
        unknown_is_error: bool = False,
    ) -> None:
        """Missing required keys are errors; unknown keys are reported, never dropped silently."""
        for key in required:
            if key not in mapping:
                self.error(path, f'missing required key "{key}"')
        for key in mapping:
            if key in known:
                continue
            plain = f"unknown key {describe(key)}"
            message = did_you_mean(plain, key, known)
            if unknown_is_error:
                if message == plain:
                    message += f"; expected {', '.join(sorted(known))}"
                self.error(path + (key,), message, of_key=True)
            else:
                self.warn(path + (key,), f"{message} (kept in the file, not used)", of_key=True)

    def string(self, path: KeyPath, value: Any, *, allow_empty: bool = False) -> str | None:
        if isinstance(value, str) and (allow_empty or value.strip()):
            return value
        expected = "a string" if allow_empty else "a non-empty string"
        self.error(path, f"expected {expected}, found {describe(value)}")
        return None

    def choice(
        self,
        path: KeyPath,
        value: Any,
        choices: Collection[str],
        what: str,
        expected: str | None = None,
    ) -> str | None:
        if isinstance(value, str) and value in choices:
            return value
        expected = expected or ", ".join(sorted(choices))
        if not isinstance(value, str):
            self.error(path, f"expected text naming the {what}, found {describe(value)}")
            return None
        message = f"unknown {what} {describe(value)}; expected {expected}"
        self.error(path, did_you_mean(message, value, choices))
        return None


def optional_uuid(
    value: str | None, key: str, what: str, error: Callable[[str, str], None]
) -> str | None:
    """The id as a lower-case UUID; None when it is not given, or given empty ("") for a
    device or Thing the cloud has not assigned one yet."""
    if not value:
        return None
    if UUID.match(value):
        return value.lower()
    error(key, f"expected the {what} as a UUID like {UUID_EXAMPLE}, found {describe(value)}")
    return None
