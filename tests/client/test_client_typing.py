"""The generated client as a user types it: installed editable (`pip install -e`) into a
fresh environment, a script that lists, shows, creates, updates and deletes a Thing,
publishes a property and uploads an OTA file passes `mypy --strict` with concrete types;
the same script with a typo in an attribute or a keyword (of a call or of the client), a
missing `await` or a group the version does not have fails it. One mypy run checks them all, each a module."""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

USER_SCRIPT = """
from __future__ import annotations

import asyncio

from arduino_iot_api import ApiError, ArduinoCloud, AsyncArduinoCloud, NotFound, ota_upload
from arduino_iot_api.models import ArduinoThing, PropertyValue, ThingCreate, ThingUpdate


def sync_script(firmware: bytes) -> list[ArduinoThing]:
    with ArduinoCloud(client_id="id", client_secret="secret", rate_limit="free") as cloud:
        things = cloud.v2.things.list(show_properties=True)
        reveal_type(things)
        thing = cloud.v2.things.show(id="t1")
        reveal_type(thing)
        created = cloud.v2.things.create(body=ThingCreate(name="Greenhouse"))
        cloud.v2.things.update(id="t1", body=ThingUpdate(name="Greenhouse 2"), force=True)
        cloud.v2.properties.publish(id="t1", pid="p1", body=PropertyValue(value=21.5))
        upload = cloud.v2.devices_ota.upload(id="d1", body=ota_upload(firmware))
        reveal_type(cloud.v2.things.delete(id="t1"))
        print(created.name, upload.status, thing.id)
        try:
            cloud.v2.things.show(id="gone")
        except NotFound as error:
            print(error.status, error.detail)
        except ApiError as error:
            print(error.operation, error.retry_after)
        return things


async def async_script() -> None:
    async with AsyncArduinoCloud(client_id="id", client_secret="secret") as cloud:
        things = await cloud.v2.things.list()
        reveal_type(things)
        await cloud.v2.things.delete(id=things[0].id or "")


asyncio.run(async_script())
"""
# (name, the line changed, the mypy error it must give)
BROKEN = [
    (
        "constructor",
        ('rate_limit="free"', 'rate_limt="free"'),
        r'Unexpected keyword argument "rate_limt" for "ArduinoCloud"',
    ),
    ("attribute", ("thing.id)", "thing.nmae)"), r'"ArduinoThing" has no attribute "nmae"'),
    (
        "keyword",
        (
            'create(body=ThingCreate(name="Greenhouse"))',
            'create(bdy=ThingCreate(name="Greenhouse"))',
        ),
        r'Unexpected keyword argument "bdy" for "create" of "ThingsV2"',
    ),
    (
        "await",
        ("things = await cloud.v2.things.list()", "things = cloud.v2.things.list()"),
        r'Value of type "Coroutine\[Any, Any, list\[ArduinoThing\]\]" is not indexable',
    ),
    (
        "unused-coroutine",
        ('await cloud.v2.things.delete(id=things[0].id or "")', 'cloud.v2.things.delete(id="x")'),
        r"Value of type \"Coroutine\[Any, Any, None\]\" must be used",
    ),
    (
        "group",
        ("cloud.v2.properties.publish", "cloud.v1.properties.publish"),
        r'"V1" has no attribute "properties"',
    ),
]


@pytest.fixture(scope="module")
def environment(client_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh environment with the client installed editable (its dependencies, and mypy,
    from this one's site-packages through a .pth file); its interpreter."""
    venv = tmp_path_factory.mktemp("user-env") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (site / "dev-tools.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    install = [python, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"]
    done = subprocess.run(
        [*install, "-e", str(client_project)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p.name for p in site.glob("_arduino_iot_api*.pth")], "not a plain .pth install"
    return python


def test_a_typed_script_passes_and_each_mistake_fails(environment: Path, tmp_path: Path) -> None:
    scripts = tmp_path / "scripts"  # outside the project: mypy finds it only as installed
    scripts.mkdir()
    (scripts / "user_ok.py").write_text(textwrap.dedent(USER_SCRIPT))
    for name, (old, new), _ in BROKEN:
        assert old in USER_SCRIPT, name
        (scripts / f"user_{name.replace('-', '_')}.py").write_text(
            textwrap.dedent(USER_SCRIPT).replace(old, new, 1)
        )
    done = subprocess.run(
        [environment, "-m", "mypy", "--strict", "--no-incremental", "--show-error-codes", "."],
        cwd=scripts,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stdout.splitlines()
    ok = [line for line in lines if line.startswith("user_ok.py")]
    assert not [line for line in ok if ": error:" in line], done.stdout
    revealed = [re.sub(r".*Revealed type is ", "", line) for line in ok if "Revealed" in line]
    assert revealed == [
        '"list[arduino_iot_api.models.arduino_thing.ArduinoThing]"',
        '"arduino_iot_api.models.arduino_thing.ArduinoThing"',
        '"None"',
        '"list[arduino_iot_api.models.arduino_thing.ArduinoThing]"',
    ]
    for name, _, expected in BROKEN:
        module = f"user_{name.replace('-', '_')}.py"
        errors = [line for line in lines if line.startswith(module) and ": error:" in line]
        assert any(re.search(expected, error) for error in errors), (name, errors, done.stdout)


def test_the_installed_client_runs(environment: Path, tmp_path: Path) -> None:
    probe = (
        "import arduino_iot_api as api, inspect;"
        "c = api.ArduinoCloud('id', 'secret');"
        "print(sorted(n for n in dir(c.v2) if not n.startswith('_'))[:3]);"
        "print(inspect.signature(c.v2.things.create));"
        "print(c.v2.things.list.__doc__.splitlines()[0]);"
        "c.close()"
    )
    done = subprocess.run(
        [environment, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    groups, signature, doc = done.stdout.splitlines()
    assert groups == "['dashboards', 'devices', 'devices_certs']"  # what completion offers
    assert signature == "(*, body: 'ThingCreate', force: 'bool | Unset' = False) -> 'ArduinoThing'"
    assert doc == "Returns the list of things associated to the user"
