"""`cloudgen spec pull|update|diff` and `cloudgen client`: the Integrations API spec."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from generator.cli import report
from generator.cli.options import JSON, spec_lock_option, verbosity
from generator.core.diagnostics import plural
from generator.core.paths import OWN_SPEC_LOCK, SPEC_CACHE, SPEC_LOCK


@click.group()
@verbosity
def spec() -> None:
    """Work with the Integrations API's OpenAPI spec."""


@spec.command("pull", short_help="Fetch the pinned spec and check its sha256.")
@click.option(
    "--from", "source", metavar="PATH_OR_URL", help="Copy from here instead of the pinned URL."
)
@spec_lock_option("The spec pin.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=SPEC_CACHE.as_posix(),
    show_default=True,
    help="Where to keep it (git-ignored).",
)
@verbosity
def spec_pull(source: str | None, lock_path: Path, output: Path) -> None:
    """Fetch the pinned Integrations API spec and check its sha256 against the pin.

    A project without a pin of its own (as `cloudgen new` makes them) uses cloudgen's:
    the spec cloudgen's own client, and so `cloudgen cloud`, is built from.
    """
    from generator.client.service import spec_pull as pull

    if lock_path == SPEC_LOCK and not lock_path.exists():
        lock_path = OWN_SPEC_LOCK

    def body() -> None:
        path = pull(source, lock_path, output)
        report.info(f"cloudgen: {path} matches the pinned sha256")

    report.run(body, lock=Path())


@spec.command("update")
@click.option("--from", "source", metavar="PATH_OR_URL", required=True, help="The new spec.")
@click.option("--url", help="The address to pin, when --from is a local copy of it.")
@spec_lock_option("The spec pin; CHANGELOG.md beside it gets the new entry.")
@verbosity
def spec_update(source: str, url: str | None, lock_path: Path) -> None:
    """Pin a new spec, and version the client from what changed.

    \b
    The new spec is diffed against the pinned one (which `cloudgen spec pull` keeps in
    .cloudgen/spec/): client_version gets a major bump for breaking changes, minor for
    additions, patch otherwise, and CHANGELOG.md beside the lock lists the changes.
    The next `cloudgen generate` regenerates the client.
    """
    from generator.client.service import spec_update as update

    def body() -> None:
        done = update(source, url, lock_path)
        if done is None:
            report.info(f"cloudgen: {source} is the pinned spec already")
            return
        report.info(
            f"cloudgen: pinned {done.pin.sha256[:12]}; client {done.pin.client_version} "
            f"({done.bump}: {plural(done.findings, 'change')})"
        )

    report.run(body, lock=Path())


@spec.command("diff", short_help="Report what changed between two specs, what it breaks.")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown suits a pull-request comment; json is the same as --json.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["ERR", "WARN", "INFO"]),
    help="Exit 1 when a finding at or above this level remains.",
)
@click.option(
    "--ignore",
    "ignore_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Accepted breaks: one `check-id #/json/pointer` per line, # comments.",
)
@JSON
@verbosity
def spec_diff(
    old: str, new: str, output_format: str, fail_on: str | None, ignore_file: Path | None
) -> None:
    """Report what changed between two specs, and what it breaks for generated clients.

    \b
    OLD and NEW are YAML or JSON files, or git revisions of a path (REV:path):
      cloudgen spec diff HEAD~1:specs/iot-api/openapi.yaml specs/iot-api/openapi.yaml
    Each finding has a check id (`specs/catalog/spec_checks.yaml`), a level (ERR breaks
    callers, WARN may, INFO is additive) and the JSON pointer on both sides.
    Exit status: 1 with --fail-on when a finding at or above that level remains,
    2 when a spec cannot be read, 0 otherwise.
    """
    from generator.specdiff import report as formats
    from generator.specdiff.service import compare

    def body() -> int:
        result = compare(old, new, ignore_file)
        if output_format == "json" or report.settings.json:
            text = formats.as_json(result.findings, result.old, result.new)
        elif output_format == "markdown":
            text = formats.as_markdown(result.findings, result.old, result.new)
        else:
            text = formats.as_text(result.findings)
        click.echo(text, nl=False)
        return report.EXIT_STALE if result.fails(fail_on) else report.EXIT_OK

    report.run(body)


@click.command()
@click.option("--spec", "spec_path", required=True, help="The OpenAPI spec (a file, or REV:path).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the generated project (import package arduino_iot_api).",
)
@verbosity
def client(spec_path: str, output: Path) -> None:
    """Generate the typed Python client of the Integrations API.

    \b
    A normalising pass first makes the spec readable and acceptable to
    openapi-python-client: function names from operationIds (`things_v2#list` ->
    `cloud.v2.things.list()`, `api.things_v2.list_`), class names from schema keys (not
    from titles, which flip between releases), integer response codes as strings. Each
    fix is reported with its JSON pointer (-v lists them, as `info:`); a part of the spec
    that had to be left out of the client is always reported, as `warning:`.
    """
    from generator.cli.progress import counter
    from generator.client.service import generate

    def body() -> None:
        with counter() as progress:
            progress.status(f"generating {output} (this takes a few seconds)")
            result = generate(spec_path, output)
        dropped = [fix for fix in result.fixes if fix.level == "warning"]
        for fix in result.fixes:
            if fix.level == "warning":
                report.warn(f"{fix.pointer}: {fix.message}")
            elif report.settings.level >= report.VERBOSE:
                click.echo(f"info: {fix.pointer}: {fix.message}", err=True)
        kinds = Counter(fix.kind for fix in result.fixes if fix.level != "warning")
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        left_out = f"; {plural(len(dropped), 'part')} of the spec left out" if dropped else ""
        fixes = len(result.fixes) - len(dropped)
        report.info(f"cloudgen: generated {output} ({fixes} fixes: {summary or 'none'}{left_out})")

    report.run(body)
