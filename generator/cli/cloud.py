"""`cloudgen cloud login|pull|plan|push|status`: the project's Things and the Arduino Cloud
kept in step, with a plan before every change."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.cli import report
from generator.cli.options import JSON, config_option, verbosity

if TYPE_CHECKING:
    from generator.cloud.plan import CloudPlan
    from generator.cloud.service import Connection

TAG_FILTER = re.compile(r"^([a-zA-Z0-9_.@-]+)=([a-zA-Z0-9_.@-]+)$")


def _rate(text: str) -> float | str | None:
    if text in ("free", "paid"):
        return text
    try:
        rate = float(text)
    except ValueError:
        raise click.BadParameter("expected free, paid or requests per second") from None
    return rate if rate > 0 else None


def connection_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--api-url and --rate-limit, which every command that calls the API takes."""
    command = click.option(
        "--rate-limit",
        default="free",
        show_default=True,
        envvar="CLOUDGEN_RATE_LIMIT",
        help="Requests per second: free (1/s), paid (10/s), a number, or 0 for none.",
    )(command)
    return click.option(
        "--api-url",
        metavar="URL",
        help="The API's base URL (default: ARDUINO_IOT_API_URL, else https://api2.arduino.cc).",
    )(command)


def _connection(api_url: str | None, rate_limit: str) -> Connection:
    from generator.cloud.service import Connection

    return Connection(api_url, _rate(rate_limit))


@click.group(short_help="Pull, plan and push the Things to the Arduino Cloud.")
@verbosity
def cloud() -> None:
    """Pull, plan and push the project's Things to and from the Arduino Cloud.

    \b
    Credentials as arduino-cloud-cli takes them: ARDUINO_CLOUD_CLIENT, ARDUINO_CLOUD_SECRET
    and optional ARDUINO_CLOUD_ORGANIZATION, or the file `cloudgen cloud login` writes.
    Every command exits 2 with one message when the cloud cannot be reached or refuses.
    """


@cloud.command(short_help="Keep API credentials in your config folder.")
@click.option(
    "--client-id", help="The API key's client id (default: asked, or ARDUINO_CLOUD_CLIENT)."
)
@click.option("--organization", help="The space's id, for an organization's Things.")
@click.option("--no-verify", is_flag=True, help="Keep the credentials without trying them.")
@connection_options
@verbosity
def login(
    client_id: str | None,
    organization: str | None,
    no_verify: bool,
    api_url: str | None,
    rate_limit: str,
) -> None:
    """Keep API credentials in your config folder (mode 0600), never in a project.

    The secret is read from ARDUINO_CLOUD_SECRET or asked for without echo; it is never
    an option, so it stays out of shell history. Create keys at
    https://cloud.arduino.cc/home/api-keys.
    """
    from generator.cloud.service import cloud_login

    def body() -> None:
        terminal = sys.stdin.isatty()
        client = client_id or os.environ.get("ARDUINO_CLOUD_CLIENT") or ""
        secret = os.environ.get("ARDUINO_CLOUD_SECRET") or ""
        if not (client and secret) and not terminal:
            raise click.UsageError(
                "no terminal to ask on: give --client-id (or ARDUINO_CLOUD_CLIENT) and "
                "ARDUINO_CLOUD_SECRET"
            )
        client = client or click.prompt("Client id")
        secret = secret or click.prompt("Client secret", hide_input=True)
        org = organization or os.environ.get("ARDUINO_CLOUD_ORGANIZATION") or None
        done = cloud_login(
            client, secret, org, Path.cwd(), _connection(api_url, rate_limit), not no_verify
        )
        seen = "" if done.things is None else f" (they see {done.things} Things)"
        report.info(f"cloudgen: credentials kept in {done.path}{seen}")

    report.run(body)


@cloud.command(short_help="Write cloud Things into the project, then regenerate.")
@click.option("--thing", "thing_ids", multiple=True, metavar="ID", help="A Thing to pull; repeat.")
@click.option("--tag", "tags", multiple=True, metavar="KEY=VALUE", help="Pull Things tagged so.")
@click.option("--all", "everything", is_flag=True, help="Pull every Thing of the account.")
@click.option("--no-generate", is_flag=True, help="Write templates and cloudgen.yaml only.")
@config_option("Project config the Things go into.")
@connection_options
@verbosity
def pull(
    thing_ids: tuple[str, ...],
    tags: tuple[str, ...],
    everything: bool,
    no_generate: bool,
    config_path: Path,
    api_url: str | None,
    rate_limit: str,
) -> None:
    """Write cloud Things into the project, then regenerate its outputs.

    \b
    Without --thing, --tag or --all: the Things cloudgen.yaml lists. Each is written as
    `arduino-cloud-cli thing extract` writes it (into things/ when new), its cloudgen.yaml
    entry gets the thing id, the device id and board of its device and the LoRaWAN band,
    the lock gets LoRaWAN property tags, and the outputs are regenerated (your code is
    kept). Pulling again with nothing changed writes nothing.
    """
    from generator.cloud.service import Selection, cloud_pull
    from generator.kinds import KINDS

    filters = []
    for tag in tags:
        match = TAG_FILTER.match(tag)
        if match is None:
            raise click.BadParameter(f"expected KEY=VALUE, found {tag!r}", param_hint="--tag")
        filters.append(f"{match[1]}:{match[2]}")
    selection = Selection(thing_ids, tuple(filters), everything)

    def body() -> int:
        connection = _connection(api_url, rate_limit)
        result = cloud_pull(config_path, KINDS, connection, selection, not no_generate)
        return report.pulled(result)

    report.run(body, lock=config_path.parent)


@cloud.command(short_help="Show how the Things differ from the Arduino Cloud's.")
@config_option("Project config listing the Things.")
@connection_options
@JSON
@verbosity
def plan(config_path: Path, api_url: str | None, rate_limit: str) -> None:
    """Show how the project's Things differ from the Arduino Cloud's.

    \b
    Per Thing: to create, name/time zone/tags changed, variables added, removed (kept
    unless push --allow-delete), renamed, retyped, or with another permission or update
    policy. Exit status: 0 in step, 1 changes, 2 error.
    """
    from generator.cloud.service import cloud_plan
    from generator.kinds import KINDS

    def body() -> int:
        planned = cloud_plan(config_path, KINDS, _connection(api_url, rate_limit))
        if report.settings.json:
            from generator.cli import shapes

            report.print_json(shapes.cloud_plan(planned.plan), sort_keys=True)
            return report.EXIT_OK if planned.plan.in_step else report.EXIT_STALE
        return report.cloud_plan(planned.plan, allow_delete=False, calls=planned.calls)

    report.run(body)


@cloud.command(short_help="Apply the plan to the Arduino Cloud, after asking.")
@click.option("--yes", "-y", is_flag=True, help="Apply without asking.")
@click.option(
    "--allow-delete",
    is_flag=True,
    help="Also delete what the project removed: variables (with their history), tags, renames.",
)
@config_option("Project config listing the Things.")
@connection_options
@verbosity
def push(
    yes: bool, allow_delete: bool, config_path: Path, api_url: str | None, rate_limit: str
) -> None:
    """Apply the plan to the Arduino Cloud, after showing it and asking.

    \b
    Creates missing Things (their ids go into cloudgen.yaml), updates names, time zones
    and tags, creates and updates variables. A variable removed from the project is only
    deleted with --allow-delete (deleting a cloud variable deletes its history); so is a
    rename. Without a terminal it never asks: it refuses, unless --yes.
    """
    from generator.cloud.service import cloud_push
    from generator.kinds import KINDS

    def confirm(cloud_plan: CloudPlan) -> bool:
        if not yes or report.settings.level >= report.NORMAL:  # -q --yes: nothing to ask
            report.cloud_plan(cloud_plan, allow_delete=allow_delete)
        return yes or click.confirm("Apply this plan to the Arduino Cloud?", default=False)

    def body() -> int:
        if not yes and not sys.stdin.isatty():
            raise click.UsageError(
                "no terminal to confirm on: review `cloudgen cloud plan`, then run "
                "`cloudgen cloud push --yes`"
            )
        connection = _connection(api_url, rate_limit)
        pushed = cloud_push(config_path, KINDS, connection, allow_delete, confirm)
        return report.pushed(pushed, allow_delete=allow_delete)

    report.run(body, lock=config_path.parent)


@cloud.command(short_help="Each Thing's device, connection and outputs.")
@config_option("Project config listing the Things.")
@connection_options
@verbosity
def status(config_path: Path, api_url: str | None, rate_limit: str) -> None:
    """Each Thing's device, whether it is connected, its last activity, and whether its
    generated outputs are current."""
    from generator.cloud.service import cloud_status
    from generator.kinds import KINDS

    def body() -> None:
        rows = [("THING", "TEMPLATE", "DEVICE", "CONNECTION", "LAST ACTIVITY", "OUTPUTS")]
        for row in cloud_status(config_path, KINDS, _connection(api_url, rate_limit)):
            rows.append(
                (
                    row.name,
                    row.template,
                    row.device or ("-" if row.thing_id else "(not in the cloud)"),
                    row.connection or "-",
                    row.last_activity or "-",
                    "current" if row.outputs_current else "stale: run cloudgen generate",
                )
            )
        report.table(rows)

    report.run(body)
