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
from typing import TYPE_CHECKING, Any

import click

from generator.cloud.errors import CloudError
from generator.core.diagnostics import Diagnostic, UserError, plural
from generator.project.run import Outcome, unified_diff

if TYPE_CHECKING:
    from generator.cloud.plan import CloudPlan, ThingPlan
    from generator.cloud.service import Pulled, Pushed

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


def print_json(document: dict[str, Any], *, sort_keys: bool = False) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=sort_keys))


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
    except CloudError as failed:
        # The cloud could not be reached or refused: one message, never a secret.
        if settings.json:
            print_json(shapes.failure([Diagnostic("cloudgen", 0, 0, "", str(failed))]))
        else:
            error(f"cloudgen: {failed}")
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
    for note in result.notes:
        info(f"note: {note}")
    info(f"cloudgen: {summary or 'nothing to do'}")


def table(rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _thing_heading(plan: ThingPlan) -> str:
    where = plan.local.template + (f", {plan.cloud.id}" if plan.cloud else "")
    return f'"{plan.local.thing.name}" ({where})'


def cloud_plan(plan: CloudPlan, *, allow_delete: bool, calls: int | None = None) -> int:
    """The plan, one line per change, grouped per Thing; 0 in step, 1 with changes."""
    from generator.cloud.plan import describe

    changing = [p for p in plan.things if p.changes]
    for thing in changing:  # what was asked for: printed with -q too
        click.echo(f"{_thing_heading(thing)}:")
        for change in thing.changes:
            click.echo(f"  {describe(change, allow_delete)}")
    in_step = len(plan.things) - len(changing)
    count = sum(len(p.changes) for p in changing)
    made = f" ({plural(calls, 'API call')})" if calls is not None else ""
    if not changing:
        info(f"cloudgen: {plural(in_step, 'Thing')} in step with the Arduino Cloud{made}")
        return EXIT_OK
    info(
        f"cloudgen: {plural(count, 'change')} to {plural(len(changing), 'Thing')}, "
        f"{in_step} in step{made}"
    )
    return EXIT_STALE


def pushed(result: Pushed, *, allow_delete: bool) -> int:
    """What a push applied, kept, failed at and did not try; 2 when it stopped half way."""
    from generator.cloud.plan import describe

    if result.result is None:
        error("cloudgen: nothing was pushed")
        return EXIT_STALE
    done = result.result
    if not done.applied and not done.failed:
        for plan, change in done.kept:
            info(f"{_thing_heading(plan)}: {describe(change)}")
        info("cloudgen: nothing to push")
        return EXIT_OK
    for plan, change in done.applied:
        info(f'applied: "{plan.local.thing.name}": {describe(change, True)}')
    for text in result.unrecorded:
        warn(f"add to cloudgen.yaml by hand: {text}")
    if result.outcome is not None:
        with _quieter():  # the push is the news; the files only with -v
            outcome(result.outcome)
    if done.failed is not None:
        plan, change, message = done.failed
        error(f'failed: "{plan.local.thing.name}": {describe(change, True)}')
        error(f"cloudgen: {message}")
        for plan, change in done.not_tried:
            error(f'not tried: "{plan.local.thing.name}": {describe(change, True)}')
        error(
            f"cloudgen: push stopped after {plural(len(done.applied), 'change')}; "
            "`cloudgen cloud plan` shows what is left"
        )
        return EXIT_INPUT_ERROR
    kept = f", {len(done.kept)} kept (see --allow-delete)" if done.kept else ""
    info(
        f"cloudgen: pushed {plural(len(done.applied), 'change')}{kept} "
        f"({plural(result.calls, 'API call')})"
    )
    return EXIT_OK


@contextmanager
def _quieter() -> Iterator[None]:
    """Report one level below what was asked: -v shows what plain output would."""
    level = settings.level
    settings.level = max(QUIET, level - 1)
    try:
        yield
    finally:
        settings.level = level


def pulled(result: Pulled) -> int:
    for text in result.warnings:
        warn(text)
    for text in result.unplaced:
        warn(f"cloudgen.yaml could not take this; add it by hand:\n{text}")
    for write in result.writes:
        (info if write.action in ("create", "update") else detail)(
            f"{write.action:>7} {write.path}"
        )
    changed = sum(w.action in ("create", "update") for w in result.writes)
    info(
        f"cloudgen: pulled {plural(result.things, 'Thing')}, "
        f"{plural(changed, 'file')} changed ({plural(result.calls, 'API call')})"
    )
    return EXIT_OK if result.outcome is None else outcome(result.outcome)
