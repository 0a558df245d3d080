"""Warns when a secrets file that holds values is tracked by git."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

SECRETS_FILES = ("arduino_secrets.h", "secrets.py")
# `#define SECRET_X "value"` or `SECRET_KEY = "value"` with a non-empty value
_VALUE = re.compile(r"""(?:#define\s+\w+\s+|\w+\s*=\s*)(["'])(?:(?!\1).)+\1""")


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
