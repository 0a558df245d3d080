"""A Thing's dashboard: the one already there, kept, plus widgets for what it lacks.

What cloudgen owns in a dashboard is small, like in a sketch's .ino:
- every variable of the Thing is shown: a variable no widget links to gets the widgets
  the catalog chooses for it, placed in free cells of both layouts;
- links to this Thing name it by the Thing's placeholder (an extracted dashboard names it
  by the Thing's name, which is recognised too), and links to variables the Thing no
  longer has are removed, since arduino-cloud-cli refuses a template with them; a widget
  left with no variable is removed with its last link.
Everything else is the user's and kept: positions, sizes, names, types and options of
the widgets already there, widgets of other Things, and keys cloudgen does not know.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace

from generator.dashboard.catalog import WidgetCatalog
from generator.dashboard.layout import Grid
from generator.dashboard.model import Dashboard, Link, Widget
from generator.thing.model import Thing, Variable


@dataclass(frozen=True)
class ThingLinks:
    """How the dashboard's links name this Thing."""

    placeholder: str  # what cloudgen writes: the Thing's id, or a name for `--override`
    aliases: frozenset[str]  # what else may name it in a file (the Thing's name, ...)
    variables: frozenset[str]  # the Thing's variable names

    def owns(self, link: Link) -> bool:
        return link.thing_id == self.placeholder or link.thing_id in self.aliases


def thing_links(thing: Thing, thing_id: str | None) -> ThingLinks:
    slug = placeholder(thing.name)
    return ThingLinks(
        placeholder=thing_id or slug,
        aliases=frozenset({slug, thing.name}),
        variables=frozenset(v.variable_name for v in thing.variables),
    )


def placeholder(name: str) -> str:
    """The Thing's name as an `--override` key: `Media Room` -> `media-room`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "thing"


def build_dashboard(
    thing: Thing, catalog: WidgetCatalog, links: ThingLinks, existing: Dashboard | None
) -> Dashboard:
    current = existing or Dashboard(thing.name, ())
    kept = [w for w in (_relinked(w, links) for w in current.widgets) if w is not None]
    shown = {link.variable_id for w in kept for link in w.links if links.owns(link)}
    desktop = Grid(catalog.desktop_columns, (w.desktop for w in kept if w.desktop))
    mobile = Grid(catalog.mobile_columns, (w.mobile for w in kept if w.mobile))
    ids = {w.id for w in kept if w.id is not None}
    added = []
    for variable in thing.variables:
        if variable.variable_name in shown:
            continue
        for index, kind in enumerate(catalog.widgets_for(variable)):
            widget_id = _unique(_widget_id(variable, kind.type, index), ids)
            ids.add(widget_id)
            widget = Widget(
                type=kind.type,
                name=variable.name if index == 0 else f"{variable.name} {kind.type}",
                desktop=desktop.place(*kind.size),
                mobile=mobile.place(*kind.mobile),
                options=dict(kind.options) or None,
                links=(Link(links.placeholder, variable.variable_name),),
                id=widget_id,
            )
            added.append(widget)
    return replace(current, widgets=(*kept, *added))


def removed_links(existing: Dashboard, links: ThingLinks) -> list[tuple[Widget, Link]]:
    """The links `build_dashboard` removes: to variables the Thing does not have."""
    return [
        (widget, link)
        for widget in existing.widgets
        for link in widget.links
        if links.owns(link) and link.variable_id not in links.variables
    ]


def _relinked(widget: Widget, links: ThingLinks) -> Widget | None:
    """The widget with its links to this Thing named by the placeholder, and those to
    variables the Thing lacks removed; None when no link is left of the ones it had."""
    kept = []
    for link in widget.links:
        if not links.owns(link):
            kept.append(link)
        elif link.variable_id in links.variables:
            kept.append(replace(link, thing_id=links.placeholder))
    if widget.links and not kept:
        return None
    return replace(widget, links=tuple(kept))


def _widget_id(variable: Variable, widget_type: str, index: int) -> str:
    """`air_temperature`, then `air_temperature-chart` for its second widget."""
    name = variable.variable_name
    return name if index == 0 else f"{name}-{widget_type.lower()}"


def _unique(wanted: str, taken: Collection[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate, number = f"{wanted}-{number}", number + 1
    return candidate
