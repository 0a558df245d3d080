"""The `dashboard` output kind: an Arduino Cloud dashboard template per Thing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.checks import optional_uuid
from generator.core.outputs import OutputFile
from generator.core.writer import Write
from generator.dashboard.catalog import load_widget_catalog
from generator.dashboard.emit import DashboardTarget, emit_dashboard, removal_messages
from generator.project.kinds import Context, Entry, Setting
from generator.thing.model import Thing


@dataclass(frozen=True)
class DashboardOutput:
    target: DashboardTarget

    @property
    def output_dir(self) -> Path:
        return self.target.output_dir

    def emit(self) -> list[OutputFile]:
        return emit_dashboard(self.target)

    def kept_user_code(self, writes: Mapping[Path, Write]) -> list[str]:
        write = writes.get(self.target.path)
        if write is None or write.previous is None or write.action != "update":
            return []
        return removal_messages(self.target, write.previous)


class DashboardKind:
    key = "dashboard"
    needs_board = False
    settings = (Setting("thing_id"),)

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> DashboardOutput:
        thing_id = optional_uuid(entry.text("thing_id"), "thing_id", "Thing id", entry.error)
        catalog = load_widget_catalog()
        return DashboardOutput(DashboardTarget(thing, entry.folder, catalog, thing_id))


DASHBOARD = DashboardKind()
