"""The `dashboard` output kind: an Arduino Cloud dashboard template per Thing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.core.checks import Checker, describe, optional_uuid
from generator.core.diagnostics import KeyPath
from generator.core.outputs import OutputFile
from generator.core.writer import Write
from generator.dashboard.bundle import Toolchain, find_toolchain
from generator.dashboard.catalog import load_widget_catalog
from generator.dashboard.cloud import cloud_dashboard
from generator.dashboard.emit import DashboardTarget, emit_dashboard, removal_messages
from generator.dashboard.page import PageTarget, emit_page
from generator.project.kinds import Context, DashboardSpec, Emitting, Entry, Setting
from generator.thing.model import Thing


def flag_setting(check: Checker, path: KeyPath, value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    check.error(path, f"expected true or false, found {describe(value)}")
    return None


def _emitting(target: DashboardTarget, page: PageTarget | None = None) -> Emitting:
    """The dashboard template, and the live web page with `web_page: true`."""

    def files() -> list[OutputFile]:
        return emit_dashboard(target) + (emit_page(page) if page else [])

    def kept(writes: Mapping[Path, Write]) -> list[str]:
        write = writes.get(target.path)
        if write is None or write.previous is None or write.action != "update":
            return []
        return removal_messages(target, write.previous)

    return Emitting(target.output_dir, files, kept)


class DashboardKind:
    key = "dashboard"
    needs_board = False
    # dashboard_id: the Arduino Cloud dashboard `cloudgen cloud push` keeps in step
    settings = (Setting("thing_id"), Setting("web_page", flag_setting), Setting("dashboard_id"))

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> Emitting | None:
        thing_id = optional_uuid(entry.text("thing_id"), "thing_id", "Thing id", entry.error)
        optional_uuid(entry.text("dashboard_id"), "dashboard_id", "dashboard id", entry.error)
        catalog = load_widget_catalog()
        target = DashboardTarget(thing, entry.folder, catalog, thing_id)
        if entry.values.get("web_page") is not True:
            return _emitting(target)
        toolchain = find_toolchain(context.lock.path.parent, Path.cwd())  # the lock's folder
        if not isinstance(toolchain, Toolchain):
            entry.error("web_page", toolchain)
            return None
        return _emitting(target, PageTarget(thing, entry.folder, catalog, toolchain, thing_id))

    def cloud_dashboard(self, thing: Thing, folder: Path, thing_id: str | None) -> DashboardSpec:
        return cloud_dashboard(DashboardTarget(thing, folder, load_widget_catalog(), thing_id))


DASHBOARD = DashboardKind()
