"""Options that several commands share, defined once, and their shell completion."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from generator.cli import report
from generator.core.paths import CONFIG_NAME, SPEC_LOCK

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _set_level(level: int) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(context: click.Context, parameter: click.Parameter, value: bool) -> None:
        if value:
            report.settings.level = level

    return callback


def _set_json(context: click.Context, parameter: click.Parameter, value: bool) -> None:
    report.settings.json = value


def verbosity(command: Callable[..., Any]) -> Callable[..., Any]:
    """-q and -v, the same on every command (and before the command's name)."""
    quiet = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_level(report.QUIET),
        help="Print only warnings, errors and what was asked for.",
    )
    verbose = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_set_level(report.VERBOSE),
        help="Also print what did not change.",
    )
    return quiet(verbose(command))


JSON = click.option(
    "--json",
    is_flag=True,
    expose_value=False,
    callback=_set_json,
    help="Print one JSON document on stdout (its shape is in the README).",
)


def config_option(help: str) -> Decorator:
    return click.option(
        "-c",
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=CONFIG_NAME,
        show_default=True,
        help=help,
    )


def spec_lock_option(help: str) -> Decorator:
    return click.option(
        "--lock",
        "lock_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=SPEC_LOCK.as_posix(),
        show_default=True,
        help=help,
    )


def output_dir_option(help: str) -> Decorator:
    return click.option(
        "-o",
        "--output",
        "output_dir",
        required=True,
        type=click.Path(path_type=Path, file_okay=False),
        help=help,
    )


def complete_board(context: click.Context, parameter: click.Parameter, text: str) -> list[str]:
    """FQBNs for the shell: the catalog's, with concrete boards for `esp32:esp32:*`."""
    from generator.core.catalog import load_catalog

    return [fqbn for fqbn in load_catalog().completions if fqbn.startswith(text)]


def complete_type(
    context: click.Context, parameter: click.Parameter, text: str
) -> list[CompletionItem]:
    """Cloud types, with their C++ class as the shell's description."""
    from generator.core.catalog import load_catalog

    wanted = text.upper()
    return [
        CompletionItem(t.name, help=t.cpp)
        for t in load_catalog().types.values()
        if t.name.startswith(wanted)
    ]


def complete_var_spec(context: click.Context, parameter: click.Parameter, text: str) -> list[str]:
    """`NAME:` followed by a cloud type, then the permission and update parts."""
    from generator.core.catalog import load_catalog

    head, colon, last = text.rpartition(":")
    if not colon:
        return []  # still typing the name
    if ":" not in head:
        choices, last = list(load_catalog().types), last.upper()
    else:
        choices = ["read", "readwrite", "on-change", "on-change=", "every="]
    return [f"{head}:{choice}" for choice in choices if choice.startswith(last)]


def board_option(help: str, **extra: Any) -> Decorator:
    return click.option("--board", "-b", help=help, shell_complete=complete_board, **extra)
