"""The dashboard as `cloudgen cloud push` sends it: the project's dashboard.yaml (with the
user's changes) or, before the first `generate`, what cloudgen would write there.

The Arduino Cloud needs a type and a desktop position for every widget; a widget of the
file without them is an error at the file, before anything is sent.
"""

from __future__ import annotations

from generator.core.diagnostics import UserError
from generator.dashboard.build import build_dashboard
from generator.dashboard.emit import DashboardTarget
from generator.dashboard.existing import read_dashboard
from generator.dashboard.model import Rect, Widget
from generator.project.kinds import DashboardSpec, WidgetSpec
from generator.project.plan import display_path


def cloud_dashboard(target: DashboardTarget) -> DashboardSpec:
    path = target.path
    shown = display_path(path)
    existing = read_dashboard(path.read_text(encoding="utf-8"), shown) if path.is_file() else None
    dashboard = build_dashboard(target.thing, target.catalog, target.links, existing)
    widgets: list[WidgetSpec] = []
    for index, widget in enumerate(dashboard.widgets):
        # The key names the widget in the cloud: its id in the file, unless a copied
        # widget has one already taken (then, like a widget without one, its place).
        taken = {w.key for w in widgets}
        key = widget.id if widget.id and widget.id not in taken else f"#{index}"
        widgets.append(_widget(target, widget, key, index, shown))
    return DashboardSpec(dashboard.name or target.thing.name, tuple(widgets))


def _widget(
    target: DashboardTarget, widget: Widget, key: str, index: int, shown: str
) -> WidgetSpec:
    if widget.type is None or widget.desktop is None:
        missing = "type" if widget.type is None else "x, y, width and height"
        raise UserError.single(shown, f"widgets[{index}]: the Arduino Cloud needs its {missing}")
    links = target.links
    return WidgetSpec(
        key=key,
        type=widget.type,
        name=widget.name if widget.name is not None else widget.type,
        layout=_four(widget.desktop),
        mobile=_four(widget.mobile) if widget.mobile else None,
        options={str(key): value for key, value in (widget.options or {}).items()},
        variables=tuple(link.variable_id for link in widget.links if links.owns(link)),
        others=tuple(
            (link.thing_id, link.variable_id) for link in widget.links if not links.owns(link)
        ),
    )


def _four(rect: Rect) -> tuple[int, int, int, int]:
    return (rect.x, rect.y, rect.width, rect.height)
