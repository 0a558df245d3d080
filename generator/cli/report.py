"""The one place where results become text and exit codes.

Exit status: 0 done (or up to date), 1 stale outputs with --check, a generated file edited
by hand, or a check that failed; 2 invalid input (nothing written).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence

import click

from generator.core.diagnostics import Diagnostic, UserError, plural
from generator.project.run import Outcome, unified_diff

EXIT_OK = 0
EXIT_STALE = 1
EXIT_INPUT_ERROR = 2


def run(action: Callable[[], int | None]) -> None:
    """Run a command body and exit with its status; bad input prints its diagnostics and
    exits 2, never a traceback."""
    try:
        code = action() or EXIT_OK
    except UserError as error:
        print_diagnostics(error.diagnostics)
        count = len([d for d in error.diagnostics if d.level == "error"])
        click.echo(f"cloudgen: {plural(count, 'error')}; nothing was written", err=True)
        code = EXIT_INPUT_ERROR
    if code != EXIT_OK:
        sys.exit(code)


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def warn(text: str) -> None:
    click.echo(f"warning: {text}", err=True)


def outcome(
    result: Outcome, *, quiet: bool, check: bool = False, force: bool = False, diff: bool = False
) -> int:
    """Report a run (or, with `check`, what it would write); its exit status."""
    print_diagnostics(result.warnings)
    for message in result.messages:
        warn(message)
    if check:
        for write in result.stale:
            click.echo(
                unified_diff(write) if write.previous is not None else f"missing: {write.path}"
            )
        if result.stale:
            stale = plural(len(result.stale), "file")
            click.echo(f"cloudgen: {stale} out of date; run `cloudgen generate`", err=True)
            return EXIT_STALE
        if not quiet:
            click.echo("cloudgen: up to date")
        return EXIT_OK
    if result.conflicts and not force:
        for write in result.conflicts:
            click.echo(
                f"{write.path}: edited by hand since cloudgen generated it. Move the change into "
                "the Thing or your own code, or run again with --force to replace the file "
                "(the edited copy is kept as .orig).",
                err=True,
            )
        click.echo("cloudgen: nothing was written", err=True)
        return EXIT_STALE
    if diff:
        for write in result.stale:
            click.echo(unified_diff(write))
    if quiet:
        return EXIT_OK
    counts: dict[str, int] = {}
    for write in result.writes:
        counts[write.action] = counts.get(write.action, 0) + 1
        if write.action in ("create", "update"):
            click.echo(f"{write.action:>7} {write.path}")
    labels = {
        "create": "created",
        "update": "updated",
        "unchanged": "unchanged",
        "kept": "kept (yours)",
    }
    summary = ", ".join(f"{counts[a]} {label}" for a, label in labels.items() if a in counts)
    for note in result.notes:
        click.echo(f"note: {note}")
    click.echo(f"cloudgen: {summary or 'nothing to do'}")
    return EXIT_OK


def table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
