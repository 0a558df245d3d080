"""Options that several commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.core.paths import CONFIG_NAME, SPEC_LOCK

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

QUIET = click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")


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
