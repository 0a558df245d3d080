"""The data catalogs agree with the pinned API spec and with themselves."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from helpers import REPO, cloudgen, pinned_spec

from generator.core.catalog import load_catalog
from generator.core.diagnostics import UserError


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


def _catalog_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the catalogs with one edit in `name`."""
    folder = Path(shutil.copytree(REPO / "specs" / "catalog", tmp_path / "catalog"))
    text = (folder / name).read_text()
    assert old in text, old
    (folder / name).write_text(text.replace(old, new, 1))
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "boards.yaml",
            "families: [gsm], auth: se",
            "famiies: [gsm], auth: se",
            'boards.yaml:{line}:5: boards[10]: missing required key "families"\n'
            'boards.yaml:{line}:68: boards[10].famiies: unknown key "famiies"; '
            'did you mean "families"?',
        ),
        (
            "boards.yaml",
            "families: [gsm], auth: se",
            "families: [gms], auth: se",
            "boards.yaml:{line}:70: boards[10].families[0]: unknown connection family 'gms'; "
            "expected one of catm1, cellular, ethernet, gsm, lora, nb, wifi; "
            'did you mean "gsm"?',
        ),
        (
            "types.yaml",
            "STATUS: {cpp: bool, python: bool, senml: vb,",
            "STATUS: {cpp: bool, python: bool, senml: bv,",
            'types.yaml:{line}:44: types.STATUS.senml: unknown value "bv"; '
            'expected vb, v, v:int, v:uint, vs; did you mean "v"?',
        ),
        (
            "types.yaml",
            "COLOR_RGB: {cpp: CloudColor,",
            "COLOR_RGB: {same_as: COLOR_HBS, cpp: CloudColor,",
            "types.yaml:{line}:24: types.COLOR_RGB.same_as: unknown type 'COLOR_HBS'",
        ),
        (
            "reserved.yaml",
            '"NULL"',
            "NULL",
            "reserved.yaml:{line}:84: arduino_core.names[51]: expected text, found nothing",
        ),
    ],
    ids=["key-typo", "unknown-family", "unknown-senml-kind", "unknown-variant", "yaml-null"],
)
def test_a_catalog_typo_is_reported_at_its_line(
    tmp_path: Path, name: str, old: str, new: str, expected: str
) -> None:
    folder = _catalog_copy(tmp_path, name, old, new)
    line = next(
        i for i, text in enumerate((folder / name).read_text().splitlines(), 1) if new in text
    )
    with pytest.raises(UserError) as raised:
        load_catalog.__wrapped__(folder)
    shown = str(raised.value).replace(f"{folder.as_posix()}/", "")
    assert shown.startswith(expected.format(line=line)), shown


ESP8266_EXAMPLES = (
    ',\n     examples: ["esp8266:esp8266:nodemcuv2", "esp8266:esp8266:d1_mini", '
    '"esp8266:esp8266:d1", "esp8266:esp8266:generic"]}'
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  arduino:samd: 1.8.14\n",
            "  arduino:sand: 1.8.14\n",
            "boards[0].fqbn: no version of arduino:samd in platforms",
        ),
        (ESP8266_EXAMPLES, "}", "boards[16]: a board with * needs examples of it"),
        (
            '"esp8266:esp8266:nodemcuv2", "esp8266:esp8266:d1_mini"',
            '"esp32:esp32:esp32", "esp8266:esp8266:d1_mini"',
            "boards[16].examples[0]: 'esp32:esp32:esp32' is not a concrete esp8266:esp8266:* board",
        ),
        (
            "instead: [arduino:renesas_uno:unor4wifi]}",
            "instead: [arduino:renesas_uno:minima]}",
            "unsupported[2].instead[0]: 'arduino:renesas_uno:minima' is not a supported board",
        ),
    ],
    ids=[
        "platform-version-missing",
        "pattern-without-examples",
        "foreign-example",
        "bad-alternative",
    ],
)
def test_board_facts_are_checked(tmp_path: Path, old: str, new: str, expected: str) -> None:
    folder = _catalog_copy(tmp_path, "boards.yaml", old, new)
    with pytest.raises(UserError) as raised:
        load_catalog.__wrapped__(folder)
    assert expected in str(raised.value)
