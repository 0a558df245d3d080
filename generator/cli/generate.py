"""`cloudgen generate`: every output of the project, answered from the lock when current.

A plain no-op run never gets here: `cli/entry.py` answers it before click is imported.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import JSON, config_option, verbosity


@click.command(short_help="Generate every output of the project in cloudgen.yaml.")
@config_option("Project config listing the Things, boards and output folders.")
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if any output is stale."
)
@click.option("--force", is_flag=True, help="Replace generated files edited by hand (keeps .orig).")
@click.option(
    "--fail-on-change",
    is_flag=True,
    help="Exit 1 when anything was written (for hooks: the commit must include it).",
)
@JSON
@verbosity
def generate(config_path: Path, check: bool, force: bool, fail_on_change: bool) -> None:
    """Generate every output of the project in cloudgen.yaml.

    \b
    thingProperties.h is rewritten when the Thing changes. The .ino is yours: cloudgen
    only appends a callback stub for each new READ_WRITE variable and refreshes the
    variable list in its header comment. arduino_secrets.h is created once.
    Files whose content did not change are not touched; when no input changed since
    the config's lock (cloudgen.lock beside cloudgen.yaml) was written, nothing is even
    regenerated. Another cloudgen writing the project is waited for.

    \b
    Exit status: 0 done (or up to date with --check), 1 stale outputs with --check or a
    generated file edited by hand, 2 invalid input (nothing written).
    """
    root = config_path.parent
    report.run(lambda: _generate(config_path, check, force, fail_on_change), lock=root)


def _generate(config_path: Path, check: bool, force: bool, fail_on_change: bool) -> int:
    from generator.cli.progress import counter
    from generator.project.fastpath import client_is_current, is_current

    root = config_path.parent
    if check:
        from generator.project.secrets_check import tracked_secrets

        for warning in tracked_secrets(root):
            report.warn(warning)
    current = not force and is_current(config_path, need_user_files=not check)
    if current and (check or client_is_current(root)):
        if report.settings.json:
            from generator.cli import shapes
            from generator.project.run import Outcome

            report.print_json(shapes.outcome(Outcome([]), check=check))
        report.info("cloudgen: up to date")
        return report.EXIT_OK
    if not current:
        from generator.kinds import KINDS
        from generator.project.service import generate as generate_project

        with counter() as progress:
            result = generate_project(
                config_path, KINDS, check=check, force=force, progress=progress
            )
        code = report.outcome(result, check=check, force=force)
        if code != report.EXIT_OK:
            return code
        if fail_on_change and result.stale:
            report.error("cloudgen: files were regenerated; review and stage them")
            return report.EXIT_STALE
    if not check:  # the client is never committed, so --check has nothing to say of it
        _update_client(root)
    return report.EXIT_OK


def _update_client(root: Path) -> None:
    from generator.cli.progress import counter
    from generator.client.project import update_client
    from generator.project.fastpath import CLIENT_DIR, note_client_skipped

    with counter() as progress:
        progress.status(f"generating {CLIENT_DIR} (this takes a few seconds)")
        build = update_client(root)
    if build is not None and build.skipped:
        report.warn(build.skipped)
        note_client_skipped(root)  # said once: the next no-op stays a no-op
    elif build is not None:
        report.info(f"cloudgen: generated {CLIENT_DIR} {build.version}")
