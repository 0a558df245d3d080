"""The one place where results become text and exit codes.

Exit status: 0 done (or up to date), 1 stale outputs with --check, a generated file edited
by hand, or a check that failed; 2 invalid input (nothing written).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

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
    except CloudError as error:
        click.echo(f"cloudgen: {error}", err=True)
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


def _thing_heading(plan: ThingPlan) -> str:
    where = plan.local.template + (f", {plan.cloud.id}" if plan.cloud else "")
    return f'"{plan.local.thing.name}" ({where})'


def cloud_plan(plan: CloudPlan, *, allow_delete: bool, calls: int | None = None) -> int:
    """The plan, one line per change, grouped per Thing; 0 in step, 1 with changes."""
    from generator.cloud.plan import describe

    changing = [p for p in plan.things if p.changes]
    for thing in changing:
        click.echo(f"{_thing_heading(thing)}:")
        for change in thing.changes:
            click.echo(f"  {describe(change, allow_delete)}")
    in_step = len(plan.things) - len(changing)
    count = sum(len(p.changes) for p in changing)
    made = f" ({plural(calls, 'API call')})" if calls is not None else ""
    if not changing:
        click.echo(f"cloudgen: {plural(in_step, 'Thing')} in step with the Arduino Cloud{made}")
        return EXIT_OK
    click.echo(
        f"cloudgen: {plural(count, 'change')} to {plural(len(changing), 'Thing')}, "
        f"{in_step} in step{made}"
    )
    return EXIT_STALE


def pushed(result: Pushed, *, allow_delete: bool) -> int:
    """What a push applied, kept, failed at and did not try; 2 when it stopped half way."""
    from generator.cloud.plan import describe

    if result.result is None:
        click.echo("cloudgen: nothing was pushed")
        return EXIT_STALE
    done = result.result
    if not done.applied and not done.failed:
        for plan, change in done.kept:
            click.echo(f"{_thing_heading(plan)}: {describe(change)}")
        click.echo("cloudgen: nothing to push")
        return EXIT_OK
    for plan, change in done.applied:
        click.echo(f'applied: "{plan.local.thing.name}": {describe(change, True)}')
    for text in result.unrecorded:
        warn(f"add to cloudgen.yaml by hand: {text}")
    if result.outcome is not None:
        outcome(result.outcome, quiet=True)
    if done.failed is not None:
        plan, change, message = done.failed
        click.echo(f'failed: "{plan.local.thing.name}": {describe(change, True)}', err=True)
        click.echo(f"cloudgen: {message}", err=True)
        for plan, change in done.not_tried:
            click.echo(f'not tried: "{plan.local.thing.name}": {describe(change, True)}', err=True)
        click.echo(
            f"cloudgen: push stopped after {plural(len(done.applied), 'change')}; "
            "`cloudgen cloud plan` shows what is left",
            err=True,
        )
        return EXIT_INPUT_ERROR
    kept = f", {len(done.kept)} kept (see --allow-delete)" if done.kept else ""
    click.echo(
        f"cloudgen: pushed {plural(len(done.applied), 'change')}{kept} "
        f"({plural(result.calls, 'API call')})"
    )
    return EXIT_OK


def pulled(result: Pulled, *, quiet: bool) -> int:
    for text in result.warnings:
        warn(text)
    for text in result.unplaced:
        warn(f"cloudgen.yaml could not take this; add it by hand:\n{text}")
    for write in result.writes:
        if write.action in ("create", "update") and not quiet:
            click.echo(f"{write.action:>7} {write.path}")
    if not quiet:
        changed = sum(w.action in ("create", "update") for w in result.writes)
        click.echo(
            f"cloudgen: pulled {plural(result.things, 'Thing')}, "
            f"{plural(changed, 'file')} changed ({plural(result.calls, 'API call')})"
        )
    return EXIT_OK if result.outcome is None else outcome(result.outcome, quiet=quiet)
