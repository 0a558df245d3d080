"""The `cloudgen` command line: options, help texts and exit codes.

The work itself is in `commands`, imported on first use, so that a no-op
`cloudgen generate` (answered from cloudgen.lock) starts without loading it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import click

from generator.core.diagnostics import UserError
from generator.core.paths import CONFIG_NAME, LOCK_NAME, SPEC_CACHE, SPEC_LOCK
from generator.project.fastpath import client_is_current, is_current

EXIT_INPUT_ERROR = 2


QUIET = click.option("-q", "--quiet", is_flag=True, help="Print only warnings and errors.")


def config_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "-c",
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=CONFIG_NAME,
        show_default=True,
        help=help,
    )


def spec_lock_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--lock",
        "lock_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=SPEC_LOCK.as_posix(),
        show_default=True,
        help=help,
    )


def _commands() -> ModuleType:
    from generator.cli import commands

    return commands


def _run(action: Callable[[], object]) -> None:
    """Run a command body; bad input prints its diagnostics and exits 2, never a traceback."""
    try:
        action()
    except UserError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        count = len([d for d in error.diagnostics if d.level == "error"])
        click.echo(
            f"cloudgen: {count} error{'s' if count != 1 else ''}; nothing was written", err=True
        )
        sys.exit(EXIT_INPUT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cloudgen")
def main() -> None:
    """Generate Arduino Cloud sketches from Thing templates, offline and reproducibly.

    \b
    Start with `cloudgen generate` in a folder with a cloudgen.yaml, or
    `cloudgen sketch THING.yaml --board FQBN -o DIR` for a single Thing.
    Input errors are printed as FILE:LINE:COL: KEY: MESSAGE and exit with status 2.
    """


@main.command()
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

    def run() -> None:
        if check:
            from generator.project.secrets_check import tracked_secrets

            for warning in tracked_secrets(config_path.parent):
                click.echo(f"warning: {warning}", err=True)
        # The fast path needs only the lock: nothing else is imported for a no-op run.
        root = config_path.parent
        if not force and is_current(root / LOCK_NAME, need_user_files=not check):
            if check or client_is_current(root):
                if not quiet:
                    click.echo("cloudgen: up to date")
                return
        else:
            from generator.cli import commands

            commands.generate(
                config_path, quiet=quiet, check=check, force=force, fail_on_change=fail_on_change
            )
        if not check:  # the client is never committed, so --check has nothing to say of it
            from generator.client.project import update_client

            def warn(text: str) -> None:
                click.echo(f"warning: {text}", err=True)

            update_client(root, (lambda text: None) if quiet else click.echo, warn)

    _run(run)


@main.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--board", "-b", required=True, help="Board FQBN, e.g. arduino:samd:mkrwifi1010.")
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Sketch folder to write; its name is the sketch name.",
)
@click.option(
    "--connection", help="Connection family when the board has several (see `cloudgen boards`)."
)
@click.option(
    "--device-id", help="Device id (UUID), for boards that authenticate with a device key."
)
@click.option("--thing-id", help="Thing id (UUID); required for LoRaWAN boards.")
@click.option("--lora-band", help="LoRaWAN frequency plan, e.g. EU868 or US915.")
@click.option(
    "--style",
    default="legacy",
    show_default=True,
    help="legacy: addProperty as the Cloud editor writes it; modern: the fluent form.",
)
@QUIET
def sketch(template: Path, output_dir: Path, quiet: bool, **options: Any) -> None:
    """Generate one sketch folder from a Thing TEMPLATE, without a project.

    \b
    Example:
      cloudgen sketch greenhouse.yaml --board arduino:samd:mkrwifi1010 -o Greenhouse
    """
    _run(lambda: _commands().sketch(template, output_dir, options, quiet=quiet))


@main.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "output_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder to write.",
)
@click.option("--device-id", help="Device id (UUID), written into the secrets.py placeholder.")
@QUIET
def micropython(template: Path, output_dir: Path, device_id: str | None, quiet: bool) -> None:
    """MicroPython bindings of a Thing for Arduino's arduino-iot-cloud library.

    \b
    Writes thing_properties.py (init_properties registers every variable), main.py (the
    program, with a handler per READ_WRITE variable; later runs only add missing
    handlers), secrets.py (placeholders, git-ignored) and thing_codec.py, a typed
    SenML-CBOR codec of the Thing's values for CPython backends, tests and simulators.
    """
    _run(lambda: _commands().micropython(template, output_dir, device_id, quiet=quiet))


@main.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--broker",
    required=True,
    metavar="HOST:PORT",
    help="MQTT broker over TLS, e.g. iot.arduino.cc:8884 or a local test broker.",
)
@click.option("--device-id", required=True, help="The device's id (its MQTT user name).")
@click.option(
    "--secret-key",
    envvar="CLOUDGEN_SECRET_KEY",
    required=True,
    show_envvar=True,
    help="The device's secret key; prefer the environment variable.",
)
@click.option(
    "--cafile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CA certificate to verify the broker with.",
)
@click.option("--insecure", is_flag=True, help="Do not verify the broker's certificate.")
@click.option(
    "--interval", type=float, default=5.0, show_default=True, help="Seconds between new values."
)
@click.option(
    "--duration", type=float, help="Stop after this many seconds (default: run until Ctrl-C)."
)
def simulate(template: Path, broker: str, **options: Any) -> None:
    """Run a simulated device for a Thing: no hardware needed.

    \b
    The Thing's MicroPython bindings run under Arduino's arduino-iot-cloud library;
    READ_ONLY variables get plausible changing values every --interval seconds, and
    values the cloud writes are printed. Needs `pip install 'cloudgen[simulate]'`.
    """
    _run(lambda: _commands().simulate(template, broker, options))


@main.command()
@click.option("--spec", "spec_path", required=True, help="The OpenAPI spec (a file, or REV:path).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder of the generated project (import package arduino_iot_api).",
)
@click.option("-v", "--verbose", is_flag=True, help="List every fix of the normalising pass.")
def client(spec_path: str, output: Path, verbose: bool) -> None:
    """Generate the typed Python client of the Integrations API.

    \b
    A normalising pass first makes the spec readable and acceptable to
    openapi-python-client: function names from operationIds (`things_v2#list` ->
    `api.things_v2.list_`), class names from schema keys (not from titles, which flip
    between releases), integer response codes as strings. Each fix is reported with its
    JSON pointer (--verbose lists them all).
    """
    _run(lambda: _commands().client(spec_path, output, verbose))


@main.command()
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--thing",
    "template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The Thing template, for a sketch that cloudgen.yaml does not list.",
)
@click.option(
    "--board",
    "-b",
    help="Board FQBN (default: from the sketch's header, sketch.json or sketch.yaml).",
)
@click.option("--connection", help="Connection family (default: the sketch's current handler).")
@click.option("--device-id", help="Device id (default: the sketch's DEVICE_LOGIN_NAME).")
@click.option("--thing-id", help="Thing id (default: the sketch's THING_ID).")
@click.option("--lora-band", help="LoRaWAN frequency plan (default: the sketch's current one).")
@click.option(
    "--style",
    help="addProperty style (default: the sketch's current one).",
)
@config_option("Project config that may list the sketch.")
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 with a diff if the sketch is stale."
)
@click.option("--diff", is_flag=True, help="Also print a diff of every change written.")
@click.option(
    "--force", is_flag=True, help="Replace a thingProperties.h edited by hand (keeps .orig)."
)
@QUIET
def sync(
    sketch_dir: Path,
    template: Path | None,
    config_path: Path,
    check: bool,
    diff: bool,
    force: bool,
    quiet: bool,
    **options: Any,
) -> None:
    """Bring an existing sketch folder in step with its Thing, keeping your code.

    \b
    Works on sketches cloudgen generated and on sketches downloaded from the Arduino
    Cloud editor. thingProperties.h is rewritten; in the .ino, a stub is appended for
    each READ_WRITE variable that has no callback yet and the variable list in the header
    comment is refreshed. Nothing else in the .ino changes. Callbacks of removed
    variables are kept and reported.

    \b
    Examples:
      cloudgen sync generated/sketches/Greenhouse          # listed in cloudgen.yaml
      cloudgen sync ~/Downloads/Greenhouse --thing greenhouse.yaml
    """

    _run(
        lambda: _commands().sync(
            sketch_dir,
            template,
            config_path,
            options,
            check=check,
            diff=diff,
            force=force,
            quiet=quiet,
        )
    )


@main.command("import")
@click.argument("sketch_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    "template_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Template file to write (default: things/<sketch>.yaml).",
)
@config_option("Project config to add the Thing to.")
@click.option("--force", is_flag=True, help="Overwrite an existing template file.")
def import_sketch(
    sketch_dir: Path, template_path: Path | None, config_path: Path, force: bool
) -> None:
    """Turn an existing sketch folder into a Thing template and a cloudgen.yaml entry.

    \b
    Reads thingProperties.h (from the Arduino Cloud editor or cloudgen, either
    addProperty style, any connection) and writes the Thing template, adds the sketch to
    cloudgen.yaml (created if missing) and records LoRaWAN property tags in cloudgen.lock.
    Then `cloudgen generate` keeps the sketch in step with the template.
    """

    _run(lambda: _commands().import_sketch(sketch_dir, template_path, config_path, force))


@main.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option("--name", help="Thing name (default: the folder's name).")
@click.option("--board", "-b", help="Board FQBN (`cloudgen boards` lists them).")
@click.option(
    "--var",
    "variables",
    multiple=True,
    metavar="NAME:TYPE[:read|readwrite][:on-change[=DELTA]|:every=SECONDS]",
    help="A cloud variable; repeat for more. Example: --var pump:STATUS:readwrite",
)
@click.option(
    "--from-template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Start from an exported Thing (arduino-cloud-cli thing extract).",
)
@click.option("--connection", help="Connection family when the board has several.")
@click.option("--device-id", help="Device id (UUID), for boards that use a device key.")
@click.option("--thing-id", help="Thing id (UUID), for LoRaWAN boards.")
@click.option("--lora-band", help="LoRaWAN frequency plan, e.g. EU868.")
@click.option(
    "--style", default="legacy", show_default=True, help="addProperty style: legacy or modern."
)
@click.option("--micropython", is_flag=True, help="Also create the MicroPython folder.")
def new(folder: Path, variables: tuple[str, ...], **options: Any) -> None:
    """Create a complete Arduino Cloud project in FOLDER and generate its sketch.

    \b
    Writes cloudgen.yaml, the Thing template in things/, the sketch folder with an
    arduino-cli profile (sketch.yaml), .gitignore, .pre-commit-config.yaml, a Makefile
    (generate, check) and a README with the next steps. On a terminal it asks for what
    the options leave out; without one it never asks and lists what is missing.
    Running it again on an existing project changes nothing.

    \b
    Example:
      cloudgen new greenhouse --board arduino:samd:mkrwifi1010 \\
        --var pump:STATUS:readwrite --var soil:FLOAT:on-change=0.5
    """
    _run(lambda: _commands().new_project(folder, options, variables))


@main.group()
def var() -> None:
    """Change a Thing's variables from the command line; its sketches follow.

    \b
    Each command edits the template in place (key order, comments and layout are kept),
    validates it, and then syncs every sketch that cloudgen.yaml generates from it.
    """


THING_ARGUMENT = click.argument("thing", type=click.Path(path_type=Path, dir_okay=False))


def _edit(thing: Path, config_path: Path, quiet: bool, edit: Callable[[Any], str]) -> None:
    _run(lambda: _commands().edit_variables(thing, config_path, edit, quiet=quiet))


@var.command("list")
@THING_ARGUMENT
def var_list(thing: Path) -> None:
    """Print THING's variables as a table."""
    _run(lambda: _commands().list_variables(thing))


@var.command("add")
@THING_ARGUMENT
@click.argument("spec", metavar="NAME:TYPE[:read|readwrite][:on-change[=DELTA]|:every=SECONDS]")
@click.option("--label", help="The name shown in the Cloud (default: NAME).")
@config_option("Project config whose sketches follow.")
@QUIET
def var_add(thing: Path, spec: str, label: str | None, config_path: Path, quiet: bool) -> None:
    """Add a variable, e.g. `cloudgen var add things/greenhouse.yaml fan:HOME_SWITCH:readwrite`."""

    def edit(editor: Any) -> str:
        from generator.core.catalog import load_catalog
        from generator.thing.var_spec import parse_var

        entry = parse_var(spec, load_catalog(), option="SPEC")
        if label:
            entry["name"] = label
        editor.add(entry)
        return f'added "{entry["variable_name"]}"'

    _edit(thing, config_path, quiet, edit)


@var.command("remove")
@THING_ARGUMENT
@click.argument("name")
@config_option("Project config whose sketches follow.")
@QUIET
def var_remove(thing: Path, name: str, config_path: Path, quiet: bool) -> None:
    """Remove variable NAME (its callback stays in your .ino, as in the Cloud editor)."""

    def edit(editor: Any) -> str:
        editor.remove(name)
        return f'removed "{name}"'

    _edit(thing, config_path, quiet, edit)


@var.command("rename")
@THING_ARGUMENT
@click.argument("old")
@click.argument("new")
@config_option("Project config whose sketches follow.")
@QUIET
def var_rename(thing: Path, old: str, new: str, config_path: Path, quiet: bool) -> None:
    """Rename variable OLD to NEW (its cloud history does not follow a new name)."""

    def edit(editor: Any) -> str:
        variable = editor.variables[editor.index_of(old)]
        changes = {"variable_name": new}
        if variable.get("name") == old:
            changes["name"] = new
        editor.update(old, changes)
        return f'renamed "{old}" to "{new}"'

    _edit(thing, config_path, quiet, edit)


@var.command("set")
@THING_ARGUMENT
@click.argument("name")
@click.option("--type", "type_name", help="New cloud type, e.g. TEMPERATURE.")
@click.option("--permission", type=click.Choice(["read", "readwrite"]), help="Who may write it.")
@click.option("--on-change", type=float, metavar="DELTA", help="Publish on change (0: any change).")
@click.option("--every", type=int, metavar="SECONDS", help="Publish every SECONDS seconds.")
@click.option("--label", help="The name shown in the Cloud.")
@config_option("Project config whose sketches follow.")
@QUIET
def var_set(thing: Path, name: str, config_path: Path, quiet: bool, **values: Any) -> None:
    """Change the type, permission, update policy or label of variable NAME."""
    changes: dict[str, Any] = {}
    if values["type_name"]:
        changes["type"] = values["type_name"].upper()
    if values["permission"]:
        changes["permission"] = {"read": "READ_ONLY", "readwrite": "READ_WRITE"}[
            values["permission"]
        ]
    if values["on_change"] is not None and values["every"] is not None:
        raise click.UsageError("use either --on-change or --every")
    if values["on_change"] is not None:
        from generator.thing.model import plain_number

        delta = values["on_change"]
        changes["update_strategy"] = "ON_CHANGE"
        changes["update_parameter"] = plain_number(delta)
    if values["every"] is not None:
        changes["update_strategy"], changes["update_parameter"] = "TIMED", values["every"]
    if values["label"]:
        changes["name"] = values["label"]
    if not changes:
        raise click.UsageError(
            "nothing to change: give --type, --permission, --on-change, --every or --label"
        )

    def edit(editor: Any) -> str:
        editor.update(name, changes)
        return f'changed {", ".join(sorted(changes))} of "{name}"'

    _edit(thing, config_path, quiet, edit)


@main.group()
def spec() -> None:
    """Work with the Integrations API's OpenAPI spec."""


@spec.command("pull")
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
def spec_pull(source: str | None, lock_path: Path, output: Path) -> None:
    """Fetch the pinned Integrations API spec and check its sha256 against the pin."""
    _run(lambda: _commands().spec_pull(source, lock_path, output))


@spec.command("update")
@click.option("--from", "source", metavar="PATH_OR_URL", required=True, help="The new spec.")
@click.option("--url", help="The address to pin, when --from is a local copy of it.")
@spec_lock_option("The spec pin; CHANGELOG.md beside it gets the new entry.")
def spec_update(source: str, url: str | None, lock_path: Path) -> None:
    """Pin a new spec, and version the client from what changed.

    \b
    The new spec is diffed against the pinned one (which `cloudgen spec pull` keeps in
    .cloudgen/spec/): client_version gets a major bump for breaking changes, minor for
    additions, patch otherwise, and CHANGELOG.md beside the lock lists the changes.
    The next `cloudgen generate` regenerates the client.
    """
    _run(lambda: _commands().spec_update(source, url, lock_path))


@spec.command("diff")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="markdown suits a pull-request comment.",
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
    _run(lambda: _commands().spec_diff(old, new, output_format, fail_on, ignore_file))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def validate(files: tuple[Path, ...]) -> None:
    """Check Thing templates or project configs without writing anything.

    A file named cloudgen.yaml is checked as a whole project (its templates, boards and
    settings); any other file as a Thing template. Exit status 2 when anything is wrong.
    """

    _run(lambda: _commands().validate(files))


@main.command()
@click.option("--group", help="Only this group: basic, unit, compound, smart-home or legacy.")
def types(group: str | None) -> None:
    """List the cloud variable types and what each becomes in C++, MicroPython and SenML."""
    _commands().types(group)


@main.command()
def boards() -> None:
    """List the supported boards (FQBN patterns), their connections and authentication."""
    _commands().boards()
