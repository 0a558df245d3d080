"""The project's side of the comparison: every Thing of cloudgen.yaml, its template read
and validated, with the cloud ids and LoRaWAN tags the project records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from generator.cloud.model import PropertySpec
from generator.core.catalog import Catalog, load_catalog
from generator.core.diagnostics import Diagnostics, UserError
from generator.core.paths import lock_path_for
from generator.project.config import Project, ThingEntry, load_project
from generator.project.kinds import DashboardSource, DashboardSpec, OutputKind
from generator.project.lock import Lock, load_lock
from generator.thing.load import load_thing
from generator.thing.model import Thing


@dataclass(frozen=True)
class LocalThing:
    entry: ThingEntry
    thing: Thing
    lora_tags: dict[str, int] = field(default_factory=dict)  # LoRaWAN Things only
    dashboard: DashboardSpec | None = None  # when it has a dashboard output

    @property
    def index(self) -> int:
        return self.entry.index

    @property
    def template(self) -> str:
        """As cloudgen.yaml names it (the lock's key too)."""
        return self.entry.template_display

    @property
    def thing_id(self) -> str | None:
        value = self.entry.settings.get("thing_id")
        return value if isinstance(value, str) else None

    @property
    def dashboard_id(self) -> str | None:
        value = self.entry.settings.get("dashboard_id")
        return value if isinstance(value, str) else None

    def specs(self) -> list[PropertySpec]:
        return [
            PropertySpec(
                name=v.name,
                variable_name=v.variable_name,
                type=v.type.name,
                permission=v.permission,
                update_strategy=v.update_strategy,
                update_parameter=v.update_parameter,
                tag=self.lora_tags.get(v.variable_name),
            )
            for v in self.thing.variables
        ]


@dataclass
class LocalProject:
    config_path: Path
    project: Project
    things: list[LocalThing]
    lock: Lock
    catalog: Catalog

    @property
    def root(self) -> Path:
        return self.project.root


def load_local(config_path: Path, kinds: Sequence[OutputKind]) -> LocalProject:
    """Every Thing of the project, validated; a UserError with every problem otherwise."""
    catalog = load_catalog()
    diagnostics = Diagnostics()
    project = load_project(config_path, kinds, diagnostics)
    lock_path = lock_path_for(config_path)  # each config has its own (other.yaml: other.lock)
    lock = load_lock(lock_path, lock_path.name)
    lock.config = config_path.name
    things = []
    for entry in project.entries:
        thing = load_thing(entry.template, entry.template_display, catalog, diagnostics)
        if thing is None:
            continue
        tags = {}
        if uses_property_tags(entry, catalog):
            state = lock.things.get(entry.template_display)
            tags = dict(state.lora_tags) if state else {}
        try:
            dashboard = _dashboard(entry, thing, kinds)
        except UserError as error:
            for diagnostic in error.diagnostics:
                diagnostics.add(diagnostic)
            continue
        things.append(LocalThing(entry, thing, tags, dashboard))
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    return LocalProject(config_path, project, things, lock, catalog)


def _dashboard(
    entry: ThingEntry, thing: Thing, kinds: Sequence[OutputKind]
) -> DashboardSpec | None:
    """The Thing's dashboard, from the first kind among its outputs that describes one."""
    for kind in kinds:
        if isinstance(kind, DashboardSource) and kind.key in entry.outputs:
            thing_id = entry.settings.get("thing_id")
            folder = entry.outputs[kind.key]
            return kind.cloud_dashboard(
                thing, folder, thing_id if isinstance(thing_id, str) else None
            )
    return None


def uses_property_tags(entry: ThingEntry, catalog: Catalog) -> bool:
    """Whether the entry's board talks LoRaWAN, whose properties carry integer tags."""
    board = catalog.board(entry.board) if entry.board else None
    if board is None:
        return False
    connection = entry.settings.get("connection")
    family = catalog.families.get(connection if isinstance(connection, str) else board.families[0])
    return family is not None and family.uses_property_tags
