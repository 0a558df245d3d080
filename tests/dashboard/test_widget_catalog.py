"""specs/catalog/widgets.yaml: a widget for every type, only options the CLI keeps, and
typos reported at their line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from cli_rules import CLI_OPTIONS
from helpers import REPO

from generator.core.catalog import load_catalog
from generator.core.diagnostics import UserError
from generator.dashboard.catalog import PERMISSIONS, load_widget_catalog

CATALOG = REPO / "specs" / "catalog"
# The widget `type` strings seen in arduino-cloud-cli's test data and issue #96.
OBSERVED = {"Switch", "Slider", "Messenger", "LED"}


def test_every_type_gets_widgets_for_either_permission() -> None:
    catalog = load_widget_catalog()
    for cloud_type in load_catalog().types.values():
        for permission in PERMISSIONS:
            assert catalog.choose(cloud_type, permission), (cloud_type.name, permission)


@pytest.mark.parametrize(
    ("type_name", "permission", "widgets"),
    [
        ("STATUS", "READ_WRITE", ["Switch"]),
        ("HOME_MOTION_SENSOR", "READ_ONLY", ["LED"]),
        ("COUNT", "READ_WRITE", ["Stepper"]),
        ("FLOAT", "READ_WRITE", ["Slider"]),
        ("TEMPERATURE", "READ_ONLY", ["Value", "Chart"]),
        ("PERCENTAGE_RELATIVE_HUMIDITY", "READ_ONLY", ["Percentage", "Chart"]),
        ("CHARSTRING", "READ_ONLY", ["Messenger"]),
        ("LOCATION", "READ_ONLY", ["Map"]),
        ("GOOGLE_HOME_COLORED_LIGHT", "READ_WRITE", ["ColoredLight"]),
        ("SCHEDULE", "READ_WRITE", ["Scheduler"]),
        ("TIME", "READ_WRITE", ["TimePicker"]),
    ],
)
def test_the_rules_pick_by_type_variant_and_permission(
    type_name: str, permission: str, widgets: list[str]
) -> None:
    chosen = load_widget_catalog().choose(load_catalog().types[type_name], permission)
    assert [kind.type for kind in chosen] == widgets


def test_only_observed_widget_types_are_not_marked_inferred() -> None:
    data = yaml.safe_load((CATALOG / "widgets.yaml").read_text())
    assert {name for name, w in data["widgets"].items() if w["basis"] != "I"} == OBSERVED
    assert data["grid"]["desktop"]["basis"] == data["grid"]["mobile"]["basis"] == "I"


def test_the_catalogs_option_list_is_the_clis() -> None:
    catalog = load_widget_catalog()
    assert catalog.cli_options == CLI_OPTIONS
    for kind in catalog.kinds.values():
        assert set(kind.options) <= CLI_OPTIONS, kind.type


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("Switch: {size:", "Switch: {sizes:", 'widgets.Switch.sizes: unknown key "sizes"'),
        ("widgets: [Switch]}", "widgets: [Swich]}", "unknown widget 'Swich'"),
        ("{showLabels: true}", "{icon: switch}", "arduino-cloud-cli drops the option 'icon'"),
        ("  - {value: text, widgets: [Messenger]}\n", "", "no rule gives a widget to a READ_ONLY"),
        ("Chart: {size: [8, 5]", "Chart: {size: [30, 5]", "more than the 24 columns"),
        ("types: [LOCATION]", "types: [LOCATOIN]", 'did you mean "LOCATION"?'),
    ],
    ids=[
        "misspelt-key",
        "unknown-widget",
        "dropped-option",
        "uncovered-type",
        "too-wide",
        "type-typo",
    ],
)
def test_a_broken_catalog_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    shutil.copytree(CATALOG, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "widgets.yaml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(UserError) as raised:
        load_widget_catalog(tmp_path)
    shown = "\n".join(str(d) for d in raised.value.diagnostics)
    assert "widgets.yaml:" in shown and message in shown, shown
