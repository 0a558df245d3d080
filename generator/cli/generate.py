"""`cloudgen generate`: every output of the project, answered from the lock when current.

The fast path needs only the lock: a no-op run imports neither YAML nor Jinja2.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import QUIET, config_option
from generator.core.paths import LOCK_NAME
from generator.project.fastpath import CLIENT_DIR, client_is_current, is_current


@click.command()
@config_option("Project config listing the Things, boards and output folders.")
@QUIET
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if any output is stale."
)
@click.option("--force", is_flag=True, help="Replace generated files edited by hand (keeps .orig).")
@click.option(
    "--fail-on-change",
    is_flag=True,
    help="Exit 1 when anything was written (for hooks: the commit must include it).",
)
def generate(
    config_path: Path, quiet: bool, check: bool, force: bool, fail_on_change: bool
) -> None:
    """Generate every output of the project in cloudgen.yaml.

    \b
    thingProperties.h is rewritten when the Thing changes. The .ino is yours: cloudgen
    only appends a callback stub for each new READ_WRITE variable and refreshes the
    variable list in its header comment. arduino_secrets.h is created once.
    Files whose content did not change are not touched; when no input changed since
    cloudgen.lock was written, nothing is even regenerated.

    \b
    Exit status: 0 done (or up to date with --check), 1 stale outputs with --check or a
    generated file edited by hand, 2 invalid input (nothing written).
    """

    def body() -> int:
        root = config_path.parent
        if check:
            from generator.project.secrets_check import tracked_secrets

            for warning in tracked_secrets(root):
                report.warn(warning)
        current = not force and is_current(root / LOCK_NAME, need_user_files=not check)
        if current and (check or client_is_current(root)):
            if not quiet:
                click.echo("cloudgen: up to date")
            return report.EXIT_OK
        if not current:
            from generator.kinds import KINDS
            from generator.project.service import generate as generate_project

            outcome = generate_project(config_path, KINDS, check=check, force=force)
            code = report.outcome(outcome, quiet=quiet, check=check, force=force)
            if code != report.EXIT_OK:
                return code
            if fail_on_change and outcome.stale:
                click.echo("cloudgen: files were regenerated; review and stage them", err=True)
                return report.EXIT_STALE
        if not check:  # the client is never committed, so --check has nothing to say of it
            from generator.client.project import update_client

            build = update_client(root)
            if build is not None and build.skipped:
                report.warn(build.skipped)
            elif build is not None and not quiet:
                click.echo(f"cloudgen: generated {CLIENT_DIR} {build.version}")
        return report.EXIT_OK

    report.run(body)
