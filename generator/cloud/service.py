"""What the `cloudgen cloud` commands do. Each returns what happened; printing and exit
codes are the command line's. The output kinds come in as a parameter (from the command
line's registry), for loading cloudgen.yaml and regenerating after a pull or push.

API calls per command, whatever the number of Things (the free plan allows 1 request/s;
each command also fetches one OAuth2 token, valid 300 s): plan 1 (things, with their
properties; 2 with dashboards), pull 2 (things, devices), status 2, push as plan + one
per change applied (a dashboard's changes together: one, plus one per widget whose
properties the answer does not show).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.cloud.api import CloudApi
from generator.cloud.client_package import import_client
from generator.cloud.credentials import (
    check_outside,
    checked,
    credentials_file,
    load_credentials,
    save_credentials,
)
from generator.cloud.errors import CloudError
from generator.cloud.local import LocalProject, LocalThing, load_local
from generator.cloud.model import CloudThing
from generator.cloud.plan import CloudPlan, match_things, plan
from generator.cloud.pull import plan_pull
from generator.cloud.push import PushResult, push
from generator.core.diagnostics import UserError
from generator.core.outputs import OutputFile
from generator.core.writer import Write, apply_writes, atomic_write, plan_writes
from generator.project.config_file import set_entry_values
from generator.project.kinds import OutputKind
from generator.project.run import Outcome
from generator.project.service import generate

Kinds = Sequence[OutputKind]


@dataclass(frozen=True)
class Connection:
    """How to reach the API: `--api-url` (else ARDUINO_IOT_API_URL) and the rate limit."""

    api_url: str | None = None
    rate_limit: float | str | None = "free"


def connect(root: Path, connection: Connection) -> CloudApi:
    credentials = load_credentials()
    return CloudApi(import_client(root), credentials, connection.api_url, connection.rate_limit)


@dataclass(frozen=True)
class Planned:
    plan: CloudPlan
    calls: int


def cloud_plan(config: Path, kinds: Kinds, connection: Connection) -> Planned:
    local = load_local(config, kinds)
    with connect(local.root, connection) as api:
        return Planned(_plan(local, api), api.calls)


def _plan(local: LocalProject, api: CloudApi) -> CloudPlan:
    """Things with their properties, and dashboards when a Thing has a dashboard output."""
    things = api.things()
    wanted = any(thing.dashboard is not None for thing in local.things)
    return plan(local.things, things, api.dashboards() if wanted else ())


@dataclass
class Pushed:
    plan: CloudPlan
    result: PushResult | None = None  # None: declined
    outcome: Outcome | None = None  # the regeneration, when ids were recorded
    unrecorded: list[str] = field(default_factory=list)  # ids cloudgen.yaml could not take
    calls: int = 0


def cloud_push(
    config: Path,
    kinds: Kinds,
    connection: Connection,
    allow_delete: bool,
    confirm: Callable[[CloudPlan], bool],
) -> Pushed:
    """Plan, ask `confirm` (when there is something to apply), apply, then regenerate."""
    local = load_local(config, kinds)
    with connect(local.root, connection) as api:
        pushed = Pushed(_plan(local, api))
        applicable = any(p.applied(allow_delete) for p in pushed.plan.things)
        if applicable and not confirm(pushed.plan):
            pushed.calls = api.calls
            return pushed
        recorded: list[str] = []  # the keys written into cloudgen.yaml

        def record(thing: LocalThing, values: dict[str, str]) -> None:
            text = config.read_text(encoding="utf-8")
            try:
                atomic_write(config, set_entry_values(text, thing.index, values))
                recorded.extend(values)
            except ValueError:
                pushed.unrecorded += [f"things[{thing.index}]: {k}: {v}" for k, v in values.items()]

        pushed.result = push(pushed.plan, api, allow_delete, record)
        pushed.calls = api.calls
        if "thing_id" in recorded:  # a dashboard's id changes no output
            pushed.outcome = generate(config, kinds, check=False, force=False)
        return pushed


@dataclass(frozen=True)
class Selection:
    thing_ids: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()  # `key:value`, as the API filters them
    everything: bool = False


@dataclass
class Pulled:
    writes: list[Write]
    warnings: list[str]
    unplaced: list[str]
    things: int
    calls: int
    outcome: Outcome | None = None


def cloud_pull(
    config: Path, kinds: Kinds, connection: Connection, selection: Selection, regenerate: bool
) -> Pulled:
    local = load_local(config, kinds)
    with connect(local.root, connection) as api:
        found = api.things(ids=selection.thing_ids, tags=selection.tags)
        chosen, local_of = _chosen(local, found, selection)
        devices = {}
        if any(thing.device_id for thing in chosen):
            devices = {device.id: device for device in api.devices()}
        pull = plan_pull(local, chosen, local_of, devices)
        writes = plan_writes(pull.outputs)
        apply_writes(writes)
        pulled = Pulled(writes, pull.warnings, pull.unplaced, len(chosen), api.calls)
        if regenerate:
            try:
                pulled.outcome = generate(config, kinds, check=False, force=False)
            except UserError:
                _restore(writes)  # the project as it was: nothing is left half-pulled
                raise
        return pulled


def _chosen(
    local: LocalProject, found: list[CloudThing], selection: Selection
) -> tuple[list[CloudThing], dict[str, LocalThing]]:
    """The cloud Things to pull, and the project's Thing of each (when it has one)."""
    matches = match_things(local.things, found)
    by_index = {thing.index: thing for thing in local.things}
    local_of = {c.id: by_index[i] for i, c in matches.found.items() if c is not None}
    if selection.thing_ids:
        missing = sorted(set(selection.thing_ids) - {thing.id for thing in found})
        if missing:
            raise CloudError(f"not in the Arduino Cloud: Thing {', '.join(missing)}")
        return found, local_of
    if selection.tags or selection.everything:
        return found, local_of
    if matches.problems:
        raise CloudError("\n".join(matches.problems))
    chosen = [thing for thing in found if thing.id in local_of]
    if not chosen:
        raise CloudError(
            "nothing to pull: no Thing of cloudgen.yaml is in the Arduino Cloud yet (`cloudgen "
            "cloud push` creates them); pull others with --thing ID, --tag KEY=VALUE or --all"
        )
    return chosen, local_of


def _restore(writes: list[Write]) -> None:
    for write in writes:
        if write.action == "create":
            write.path.unlink(missing_ok=True)
    apply_writes(
        plan_writes(
            [OutputFile(w.path, w.previous) for w in writes if w.action == "update" and w.previous]
        )
    )


@dataclass(frozen=True)
class ThingStatus:
    template: str
    name: str
    thing_id: str | None
    device: str | None  # its name
    connection: str | None  # ONLINE, OFFLINE, UNKNOWN
    last_activity: str | None
    outputs_current: bool


def cloud_status(config: Path, kinds: Kinds, connection: Connection) -> list[ThingStatus]:
    local = load_local(config, kinds)
    with connect(local.root, connection) as api:
        found = match_things(local.things, api.things(properties=False)).found
        devices = {device.id: device for device in api.devices()}
        stale = {write.path for write in generate(config, kinds, check=True, force=False).stale}
        rows = []
        for thing in local.things:
            cloud = found.get(thing.index)
            device = devices.get(cloud.device_id or "") if cloud else None
            folders = thing.entry.outputs.values()
            rows.append(
                ThingStatus(
                    template=thing.template,
                    name=thing.thing.name,
                    thing_id=cloud.id if cloud else None,
                    device=(device.name or device.id) if device else None,
                    connection=device.status if device else None,
                    last_activity=device.last_activity if device else None,
                    outputs_current=not any(path.parent in folders for path in stale),
                )
            )
        return rows


@dataclass(frozen=True)
class LoggedIn:
    path: Path
    things: int | None  # how many Things the credentials see (None: not checked)


def cloud_login(
    client_id: str,
    secret: str,
    organization: str | None,
    root: Path,
    connection: Connection,
    verify: bool,
) -> LoggedIn:
    """Check the credentials with one call (unless told not to), then keep them."""
    credentials = checked(client_id, secret, organization, "the credentials given")
    path = credentials_file()
    check_outside(path, root)
    things = None
    if verify:
        with CloudApi(
            import_client(root), credentials, connection.api_url, connection.rate_limit
        ) as api:
            things = len(api.things(properties=False))
    save_credentials(credentials, path, root)
    return LoggedIn(path, things)
