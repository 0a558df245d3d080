"""How many API calls each command makes for a project of 10 Things: the numbers the
README gives (at 1 request/s, a command takes about one second per call after the first)."""

from __future__ import annotations

from pathlib import Path

from cloud_setup import with_client
from fake_api import FakeCloud
from helpers import cloudgen, write_tree

THINGS = 10


def ten_thing_project(root: Path) -> Path:
    files = {"cloudgen.yaml": "things:\n"}
    for number in range(THINGS):
        files[f"things/t{number}.yaml"] = f"""\
            name: Thing {number}
            timezone: UTC
            variables:
                - {{name: pump, permission: READ_WRITE, type: STATUS, update_parameter: 0, update_strategy: ON_CHANGE, variable_name: pump}}
                - {{name: soil, permission: READ_ONLY, type: FLOAT, update_parameter: 60, update_strategy: TIMED, variable_name: soil}}
            """
        files["cloudgen.yaml"] += (
            f"  - template: things/t{number}.yaml\n    board: arduino:samd:mkrwifi1010\n"
            f"    outputs:\n      sketch: sketches/T{number}\n"
        )
    return write_tree(root, files)


def calls(fake: FakeCloud, root: Path, *args: str) -> tuple[int, int]:
    """(API calls, token requests) of one command."""
    fake.requests.clear()
    result = cloudgen("cloud", *args, cwd=root)
    assert result.exit_code in (0, 1), result.output
    tokens = len(fake.requests) - len(fake.api_requests())
    return len(fake.api_requests()), tokens


def test_calls_per_command_for_ten_things(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = with_client(ten_thing_project(tmp_path / "project"), client_cache)
    assert cloudgen("generate", cwd=root).exit_code == 0
    assert calls(fake, root, "plan") == (1, 1)
    assert calls(fake, root, "push", "--yes") == (1 + THINGS, 1)  # one create per Thing
    assert len(fake.things) == THINGS
    for thing_id in fake.things:
        fake.attach(thing_id, fake.add_device("b", "arduino:samd:mkrwifi1010", "mkrwifi1010"))
    assert calls(fake, root, "pull") == (2, 1)  # Things with their properties, devices
    assert calls(fake, root, "status") == (2, 1)
    for number in range(THINGS):
        cloudgen("var", "add", f"things/t{number}.yaml", "fan:HOME_SWITCH:readwrite", cwd=root)
    assert calls(fake, root, "push", "--yes") == (1 + THINGS, 1)  # one new variable each
    assert calls(fake, root, "plan") == (1, 1)


def test_calls_with_a_dashboard_per_thing(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    """Each Thing with a dashboard output: one more call to plan (every dashboard at once),
    one call per dashboard to create, and to update one (plus one link per new widget,
    where the answer does not show the widget's property)."""
    root = ten_thing_project(tmp_path / "project")
    config = root / "cloudgen.yaml"
    config.write_text(
        config.read_text().replace("      sketch: sketches/T", "      dashboard: dashboards/T")
    )
    root = with_client(root, client_cache)
    assert cloudgen("generate", cwd=root).exit_code == 0
    assert calls(fake, root, "plan") == (2, 1)
    assert calls(fake, root, "push", "--yes") == (2 + THINGS + THINGS, 1)  # a Thing, a dashboard
    assert len(fake.dashboards) == THINGS
    assert calls(fake, root, "plan") == (2, 1)
    for number in range(THINGS):
        cloudgen("var", "add", f"things/t{number}.yaml", "fan:HOME_SWITCH:readwrite", cwd=root)
    # the variable, the dashboard, and the link of its new widget
    assert calls(fake, root, "push", "--yes") == (2 + 3 * THINGS, 1)
    assert calls(fake, root, "plan") == (2, 1)
