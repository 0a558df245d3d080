"""Older revisions of the Integrations API spec give a client too: installable, importable
and `mypy --strict` clean, with only what the spec has. The revisions are made here from the
pinned spec, in the shapes the old ones had: the 2020 spec had only /iot/v1 (things,
devices and properties there), integer response codes, no OTA and no v3; a later one had
v1 and v2 and still no OTA upload or v3."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import cloudgen, pinned_spec

V2_AS_V1 = re.compile(r"^/iot/v2/(things|devices)(/|$)")


def _used_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """The component schemas the paths reach, directly or nested."""
    schemas = spec["components"]["schemas"]
    text = json.dumps(spec["paths"], default=str)
    pending = set(re.findall(r"#/components/schemas/([^\"]+)", text))
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        pending |= set(
            re.findall(r"#/components/schemas/([^\"]+)", json.dumps(schemas[name], default=str))
        )
    return {name: schemas[name] for name in sorted(seen)}


def _integer_codes(spec: dict[str, Any]) -> None:
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"] = {int(k): v for k, v in operation["responses"].items()}


def revision_2020() -> dict[str, Any]:
    """v1 only: things, devices and properties under /iot/v1; integer codes; no OTA, no v3."""
    spec = copy.deepcopy(yaml.safe_load(pinned_spec().read_text()))
    paths: dict[str, Any] = {}
    for path, item in spec["paths"].items():
        if "/ota" in path or "/certs" in path or path.startswith("/iot/v3/"):
            continue
        if path.startswith("/iot/v1/"):
            paths[path] = item
        elif V2_AS_V1.match(path):
            for operation in item.values():
                if isinstance(operation, dict) and "operationId" in operation:
                    operation["operationId"] = operation["operationId"].replace("_v2", "_v1")
                    operation["tags"] = [t.replace("_v2", "_v1") for t in operation.get("tags", [])]
            paths[path.replace("/iot/v2/", "/iot/v1/")] = item
    spec["paths"] = paths
    spec["components"]["schemas"] = _used_schemas(spec)
    _integer_codes(spec)
    return spec


def revision_2023() -> dict[str, Any]:
    """v1 and v2, integer codes, no OTA and no v3."""
    spec = copy.deepcopy(yaml.safe_load(pinned_spec().read_text()))
    spec["paths"] = {
        path: item
        for path, item in spec["paths"].items()
        if "/ota" not in path and not path.startswith("/iot/v3/")
    }
    spec["components"]["schemas"] = _used_schemas(spec)
    _integer_codes(spec)
    return spec


USES = {  # a user's script for each revision, and a line that must fail mypy
    "2020": (
        "from arduino_iot_api import ArduinoCloud\n"
        "from arduino_iot_api.models import ArduinoThing\n"
        "with ArduinoCloud('id', 'secret') as cloud:\n"
        "    things: list[ArduinoThing] = cloud.v1.things.list()\n"
        "    cloud.v1.properties.publish(id='t', pid='p', body=None)  # type: ignore[arg-type]\n",
        "cloud.v2.things.list()",
    ),
    "2023": (
        "from arduino_iot_api import ArduinoCloud\n"
        "from arduino_iot_api.models import ArduinoThing\n"
        "with ArduinoCloud('id', 'secret') as cloud:\n"
        "    things: list[ArduinoThing] = cloud.v2.things.list()\n"
        "    cloud.v1.lora_freq_plan.list()\n",
        "cloud.v3.dashboards.list()",
    ),
}


@pytest.mark.parametrize("name", ["2020", "2023"])
def test_an_old_revision_gives_an_installable_typed_client(name: str, tmp_path: Path) -> None:
    spec = {"2020": revision_2020, "2023": revision_2023}[name]()
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(spec, sort_keys=False))
    project = tmp_path / "arduino-iot-api"
    result = cloudgen("client", "--spec", tmp_path / "spec.yaml", "-o", project)
    assert result.exit_code == 0, result.output
    assert "integer response codes" not in result.stderr and "warning:" not in result.stderr

    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "dist"), str(project)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("arduino_iot_api-*.whl")
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target)]
    assert subprocess.run([*install, str(wheel)], capture_output=True, timeout=300).returncode == 0

    probe = (
        "import arduino_iot_api as api;"
        "c = api.ArduinoCloud('id', 'secret');"
        "print(sorted(v for v in ('v1', 'v2', 'v3') if hasattr(c, v)), hasattr(api, 'ota_upload'))"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    versions = {"2020": "['v1'] False", "2023": "['v1', 'v2'] False"}[name]
    assert done.stdout.strip() == versions

    good, bad = USES[name]
    (tmp_path / "use_ok.py").write_text(good)
    (tmp_path / "use_bad.py").write_text(good + f"    {bad}\n")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         str(target / "arduino_iot_api"), "use_ok.py", "use_bad.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith("use_bad.py:6:"), (
        checked.stdout + checked.stderr
    )
