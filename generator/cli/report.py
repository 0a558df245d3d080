"""The one place where results become text and exit codes.

Exit status: 0 done (or up to date), 1 stale outputs with --check, a generated file edited
by hand, or a check that failed; 2 invalid input (nothing written).

Every command takes -q (only warnings, errors and what was asked for) and -v (also what
did not change). Errors and warnings go to stderr, coloured on a terminal only (never in
a pipe, nor with NO_COLOR set). With --json a command prints one JSON document on stdout
instead (`cli/shapes.py`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from generator.core.diagnostics import Diagnostic, UserError, plural
from generator.project.run import Outcome, unified_diff

EXIT_OK = 0
EXIT_STALE = 1
EXIT_INPUT_ERROR = 2

QUIET, NORMAL, VERBOSE = 0, 1, 2


@dataclass
class Settings:
    """How much to say, and in which form; set by the shared options of every command."""

    level: int = NORMAL
    json: bool = False


settings = Settings()


def colour() -> bool | None:
    """click's `color`: None lets it colour a terminal and strip colour in a pipe."""
    return False if os.environ.get("NO_COLOR") else None


def info(text: str) -> None:
    """A status line (`cloudgen: up to date`); -q and --json silence it."""
    if settings.level >= NORMAL and not settings.json:
        click.echo(text)


def detail(text: str) -> None:
    """What only -v shows: files that did not change, each file checked."""
    if settings.level >= VERBOSE and not settings.json:
        click.echo(text)


def warn(text: str) -> None:
    click.echo(
        click.style("warning:", fg="yellow", bold=True) + f" {text}", err=True, color=colour()
    )


def error(text: str) -> None:
    """A line that says why a command failed (its exit status is not 0)."""
    click.echo(click.style(text, fg="red", bold=True), err=True, color=colour())


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        text = str(diagnostic)
        where = text[: len(text) - len(diagnostic.message)]
        tint = "yellow" if diagnostic.level == "warning" else "red"
        styled = click.style(where, fg=tint, bold=True) + diagnostic.message
        click.echo(styled, err=True, color=colour())


def print_json(document: dict[str, Any]) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def run(action: Callable[[], int | None], *, lock: Path | None = None) -> None:
    """Run a command body and exit with its status; bad input prints its diagnostics and
    exits 2, never a traceback. With `lock`, the body holds that project's run lock."""
    from generator.cli import shapes

    try:
        if lock is None:
            code = action() or EXIT_OK
        else:
            with locked(lock):
                code = action() or EXIT_OK
    except UserError as failure:
        if settings.json:
            print_json(shapes.failure(failure.diagnostics))
        else:
            print_diagnostics(failure.diagnostics)
            count = len([d for d in failure.diagnostics if d.level == "error"])
            error(f"cloudgen: {plural(count, 'error')}; nothing was written")
        code = EXIT_INPUT_ERROR
    if code != EXIT_OK:
        sys.exit(code)


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the project lock of `root`, saying so when another run has it first."""
    from generator.project.exclusive import project_lock

    with project_lock(root, _command_path(), _waiting):
        yield


def _command_path() -> str:
    context = click.get_current_context(silent=True)
    words = context.command_path.split()[1:] if context else []
    return " ".join(["cloudgen", *words])


def _waiting(holder: object) -> None:
    click.echo(f"cloudgen: waiting for {holder}, which is working on this project", err=True)


def outcome(
    result: Outcome, *, check: bool = False, force: bool = False, diff: bool = False
) -> int:
    """Report a run (or, with `check`, what it would write); its exit status."""
    if settings.json:
        from generator.cli import shapes

        print_json(shapes.outcome(result, check=check))
        if check:
            return EXIT_STALE if result.stale else EXIT_OK
        return EXIT_STALE if result.conflicts and not force else EXIT_OK
    print_diagnostics(result.warnings)
    for message in result.messages:
        warn(message)
    if check:
        return _report_check(result)
    if result.conflicts and not force:
        for write in result.conflicts:
            error(
                f"{write.path}: edited by hand since cloudgen generated it. Move the change into "
                "the Thing or your own code, or run again with --force to replace the file "
                "(the edited copy is kept as .orig)."
            )
        error("cloudgen: nothing was written")
        return EXIT_STALE
    if diff:
        for write in result.stale:
            click.echo(unified_diff(write))
    _report_writes(result)
    return EXIT_OK


def _report_check(result: Outcome) -> int:
    for write in result.stale:
        click.echo(unified_diff(write) if write.previous is not None else f"missing: {write.path}")
    if result.stale:
        stale = plural(len(result.stale), "file")
        error(f"cloudgen: {stale} out of date; run `cloudgen generate`")
        return EXIT_STALE
    info("cloudgen: up to date")
    return EXIT_OK


_LABELS = {
    "create": "created",
    "update": "updated",
    "unchanged": "unchanged",
    "kept": "kept (yours)",
}


def _report_writes(result: Outcome) -> None:
    counts: dict[str, int] = {}
    for write in result.writes:
        counts[write.action] = counts.get(write.action, 0) + 1
        line = f"{write.action:>7} {write.path}"
        if write.action in ("create", "update"):
            info(line)
        else:
            detail(line)
    summary = ", ".join(f"{counts[a]} {label}" for a, label in _LABELS.items() if a in counts)
    info(f"cloudgen: {summary or 'nothing to do'}")


def table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
