"""User-facing problems: collected as values, printed together, never as tracebacks."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Level = Literal["error", "warning"]
KeyPath = tuple[str | int, ...]


def format_key_path(path: KeyPath) -> str:
    """`("variables", 2, "type")` -> `variables[2].type`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def option_name(key: str) -> str:
    """The command-line option of a setting: `device_id` -> `--device-id`."""
    return "--" + key.split(".")[-1].replace("_", "-")


def plural(count: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def did_you_mean(message: str, value: object, choices: Iterable[str]) -> str:
    """`message`, followed by `; did you mean "X"?` when a choice is close to `value`."""
    if not isinstance(value, str):
        return message
    options = list(choices)
    by_upper = {choice.upper(): choice for choice in options}
    close = [by_upper[value.upper()]] if value.upper() in by_upper else []
    close = close or difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    if not close:
        close = [by_upper[c] for c in difflib.get_close_matches(value.upper(), list(by_upper), n=1)]
    return f'{message}; did you mean "{close[0]}"?' if close else message


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    column: int
    key: str
    message: str
    level: Level = "error"

    def __str__(self) -> str:
        # Line 0 marks a command-line option rather than a place in a file.
        where = f"{self.file}:{self.line}:{self.column}:" if self.line else f"{self.file}:"
        key = f" {self.key}:" if self.key else ""
        prefix = " warning:" if self.level == "warning" else ""
        return f"{where}{prefix}{key} {self.message}"


@dataclass
class Diagnostics:
    """Collects every problem of one run so that one bad value does not hide the rest."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.items:
            self.items.append(diagnostic)

    def add_option(self, option: str, message: str, level: Level = "error") -> None:
        """A problem with a command-line option (or an interactive answer)."""
        self.add(Diagnostic("cloudgen", 0, 0, option, message, level))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == "warning"]


class UserError(Exception):
    """Bad input: reported as `file:line:col: key: message` lines, exit status 2."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def single(cls, file: str | Path, message: str, line: int = 1, column: int = 1) -> UserError:
        return cls([Diagnostic(str(file), line, column, "", message)])
