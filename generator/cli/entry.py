"""The `cloudgen` program: answers a no-op `cloudgen generate` before click is imported.

A pre-commit hook runs `cloudgen generate` (or `--check`) on every commit, and nearly
always nothing changed. Importing click and the command modules takes several times as
long as the interpreter's own start-up, so a plain `generate` is first checked here
against the lock (`project/fastpath.py`, which imports nothing heavy); anything else,
or anything not known to be current, goes to the click group as usual.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.core.paths import CONFIG_NAME

_FLAGS = {"-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose"}


def main() -> None:
    if not _answered(sys.argv[1:]):
        from generator.cli.main import main as cli

        cli()


def _answered(args: list[str]) -> bool:
    """True when `args` ask for a plain generate and the project is current (it has then
    been reported); False sends the run to the click group."""
    parsed = _plain_generate(args)
    if parsed is None:
        return False
    config, flags, check = parsed
    from generator.project.fastpath import client_is_current, is_current

    if not is_current(config, need_user_files=not check):
        return False
    if check:
        from generator.project.secrets_check import tracked_secrets

        if tracked_secrets(config.parent):
            return False  # the click path prints the warnings, coloured
    elif not client_is_current(config.parent):
        return False
    if "quiet" not in flags:
        print("cloudgen: up to date")
    return True


def _plain_generate(args: list[str]) -> tuple[Path, set[str], bool] | None:
    """(config, -q/-v flags, --check) of `[-q|-v] generate [-q|-v] [--check] [-c FILE]`."""
    flags: set[str] = set()
    config, check, seen_command = CONFIG_NAME, False, False
    words = iter(args)
    for word in words:
        if word in _FLAGS:
            flags.add(_FLAGS[word])
        elif word == "generate" and not seen_command:
            seen_command = True
        elif not seen_command:
            return None  # another command, or an option of the group such as --help
        elif word == "--check":
            check = True
        elif word in ("-c", "--config"):
            config = next(words, "")
        elif word.startswith("--config="):
            config = word.partition("=")[2]
        else:
            return None  # --force, --json, --help, a typo: click handles (or rejects) it
    if not seen_command or not config or len(flags) > 1:
        return None
    return Path(config), flags, check
