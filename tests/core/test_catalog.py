"""The data catalogs agree with the pinned API spec and with themselves."""

from __future__ import annotations

import yaml
from helpers import REPO, cloudgen, pinned_spec

from generator.core.catalog import load_catalog


def _spec_property_types() -> set[str]:
    spec = yaml.load(pinned_spec().read_text(), Loader=yaml.CSafeLoader)
    enum = spec["components"]["schemas"]["property"]["properties"]["type"]["enum"]
    return set(enum)


def test_every_type_of_the_api_is_catalogued_or_rejected() -> None:
    catalog = load_catalog()
    known = set(catalog.types) | set(catalog.rejected_types)
    assert _spec_property_types() == known


def test_variants_point_at_existing_types_and_boards_at_existing_families() -> None:
    catalog = load_catalog()
    for cloud_type in catalog.types.values():
        assert cloud_type.same_as is None or cloud_type.same_as in catalog.types
        assert cloud_type.cpp and cloud_type.python
    for board in catalog.boards:
        assert set(board.families) <= set(catalog.families), board.fqbn
        assert board.auth in catalog.auths, board.fqbn
    for family in catalog.families.values():
        constant_names = {c.name for c in family.constants}
        assert {arg for arg in family.args if not arg.startswith("_")} <= constant_names


def test_types_and_boards_commands_print_the_catalogs() -> None:
    types = cloudgen("types").output.splitlines()
    assert types[0].split() == ["TYPE", "C++", "MICROPYTHON", "SENML", "GROUP", "BASIS"]
    assert len(types) == 1 + len(load_catalog().types)
    assert any(
        line.split()[:3] == ["HOME_COLORED_LIGHT", "CloudColoredLight", "ColoredLight"]
        for line in types
    )
    compound = cloudgen("types", "--group", "compound").output.splitlines()[1:]
    assert {line.split()[0] for line in compound} == {"LOCATION", "COLOR_HSB", "SCHEDULE"}
    boards = cloudgen("boards").output
    assert "esp32:esp32:*" in boards and "arduino:samd:mkrwan1310" in boards


def test_package_version_matches_pyproject() -> None:
    import tomllib

    from generator import __version__

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert pyproject["project"]["version"] == __version__
