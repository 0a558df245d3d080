"""Warns when a secrets file that holds values is tracked by git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

SECRETS_FILES = ("arduino_secrets.h", "secrets.py")
# `#define SECRET_X "value"` or `SECRET_KEY = "value"` with a non-empty value
_VALUE = re.compile(r"""(?:#define\s+\w+\s+|\w+\s*=\s*)(["'])(?:(?!\1).)+\1""")


# A credential in a C++ line: `#define SECRET_X "…"` or `const char NAME[] = "…";`. Ids
# (UUIDs) and empty values are not secrets.
_CREDENTIAL = re.compile(
    r'^([+\- ]?\s*(?:#\s*define\s+\w+\s+|const\s+char\s+\w+\s*\[\s*\]\s*=\s*))"((?:\\.|[^"\\])+)"'
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")
# Calls that take credentials as literals: every string literal in them is hidden.
_CREDENTIAL_CALL = re.compile(
    r"ConnectionHandler\s+ArduinoIoTPreferredConnection\s*\(|setSecretDeviceKey\s*\("
)
_LITERAL = re.compile(r'"(?:\\.|[^"\\])+"')


def redact(line: str) -> str:
    """A line to show the user (a diff line), with any credential value blanked out."""
    if _CREDENTIAL_CALL.search(line):
        return _LITERAL.sub('"(hidden)"', line)
    match = _CREDENTIAL.match(line)
    if match is None or _UUID.match(match.group(2)):
        return line
    return f'{match.group(1)}"(hidden)"{line[match.end() :]}'


def tracked_secrets(root: Path) -> list[str]:
    """Warnings for tracked secrets files with values; never prints the values."""
    patterns = [f":(glob)**/{name}" for name in SECRETS_FILES]
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--", *patterns],
            cwd=root,
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []  # no git, or not a repository: nothing is tracked
    warnings = []
    for name in filter(None, listed.decode("utf-8", "replace").split("\0")):
        try:
            text = (root / name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if _VALUE.search(text):
            warnings.append(
                f"{name} is tracked by git and holds secret values: run "
                f"`git rm --cached {name}`, then change those secrets"
            )
    return warnings
