"""Random Things get dashboards without overlap, changing a Thing moves no widget, and any
data a user keeps in the file is written back as it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from cli_rules import load_template
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.catalog import load_catalog
from generator.dashboard.build import build_dashboard, thing_links
from generator.dashboard.catalog import load_widget_catalog
from generator.dashboard.emit import DashboardTarget, dashboard_text, yaml_block
from generator.dashboard.model import Dashboard, Rect
from generator.thing.model import Thing, Variable

TYPES = sorted(load_catalog().types)
THING_ID = "9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b"

variables = st.lists(
    st.tuples(st.sampled_from(TYPES), st.sampled_from(["READ_ONLY", "READ_WRITE"])),
    max_size=30,
)


def _thing(specs: list[tuple[str, str]], names: list[str]) -> Thing:
    types = load_catalog().types
    return Thing(
        "Random",
        "",
        (),
        tuple(
            Variable(name.title(), name, types[t], p, "ON_CHANGE", 0.0)  # type: ignore[arg-type]
            for name, (t, p) in zip(names, specs, strict=True)
        ),
        "random.yaml",
    )


def _assert_packed(dashboard: Dashboard) -> None:
    catalog = load_widget_catalog()
    for layout, columns in (
        ("desktop", catalog.desktop_columns),
        ("mobile", catalog.mobile_columns),
    ):
        rects: list[Rect] = [getattr(w, layout) for w in dashboard.widgets]
        for index, rect in enumerate(rects):
            assert rect.x >= 0 and rect.y >= 0 and rect.x + rect.width <= columns, (layout, rect)
            assert not any(rect.overlaps(other) for other in rects[:index]), (layout, rect)


@settings(max_examples=60, deadline=None)
@given(first=variables, second=variables, removed=st.sets(st.integers(0, 29)))
def test_random_things_pack_without_overlap_and_changes_move_nothing(
    first: list[tuple[str, str]], second: list[tuple[str, str]], removed: set[int]
) -> None:
    catalog = load_widget_catalog()
    before = _thing(first, [f"v{i}" for i in range(len(first))])
    links = thing_links(before, THING_ID)
    old = build_dashboard(before, catalog, links, None)
    _assert_packed(old)
    shown = {link.variable_id for w in old.widgets for link in w.links}
    assert shown == {v.variable_name for v in before.variables}

    # Remove some variables and add others: the widgets that stay do not move.
    kept = [(f"v{i}", spec) for i, spec in enumerate(first) if i not in removed]
    added = [(f"w{i}", spec) for i, spec in enumerate(second)]
    after = _thing([spec for _, spec in kept + added], [name for name, _ in kept + added])
    new = build_dashboard(after, catalog, thing_links(after, THING_ID), old)
    _assert_packed(new)
    staying = {w.id: w for w in old.widgets if w.links[0].variable_id in dict(kept)}
    assert {w.id: w for w in new.widgets if w.id in staying} == staying
    assert {link.variable_id for w in new.widgets for link in w.links} == {
        v.variable_name for v in after.variables
    }
    text = dashboard_text(DashboardTarget(after, Path("out"), catalog, THING_ID), new)
    names = {v.variable_name for v in after.variables}
    columns = (catalog.desktop_columns, catalog.mobile_columns)
    load_template(text, {}, {THING_ID: names}, columns)


scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())
documents = st.dictionaries(
    st.text(),
    st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    ),
    max_size=5,
)


@given(documents)
def test_any_data_kept_from_a_file_is_written_back_as_it_was(data: dict[str, Any]) -> None:
    assert yaml.safe_load(yaml_block(data) or "{}") == data
