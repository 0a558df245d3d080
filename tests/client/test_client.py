"""Typed Python client: spec pinning, the normalising pass, generation, checked by the tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, cloudgen, pinned_spec, snapshot

from generator.client.normalise import normalise
from generator.client.operations import RETRIES_FILE, classify, load_retries
from generator.core.diagnostics import UserError
from generator.openapi.load import load_spec

BIN = Path(sys.executable).parent


def test_spec_pull_checks_the_pinned_hash(tmp_path: Path) -> None:
    (tmp_path / "specs" / "iot-api").mkdir(parents=True)
    shutil.copy(REPO / "specs" / "iot-api" / "spec.lock.yaml", tmp_path / "specs" / "iot-api")
    result = cloudgen("spec", "pull", "--from", pinned_spec(), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / ".cloudgen/spec/openapi.yaml").read_bytes() == pinned_spec().read_bytes()

    (tmp_path / "other.yaml").write_text(pinned_spec().read_text() + "\n# changed\n")
    before = snapshot(tmp_path)
    bad = cloudgen("spec", "pull", "--from", "other.yaml", cwd=tmp_path)
    assert bad.exit_code == 2 and "does not match the pinned" in bad.stderr
    assert snapshot(tmp_path) == before
    assert "spec" not in {
        p.name for p in REPO.glob("**/openapi.yaml") if ".cloudgen" not in p.parts
    }


def _tiny(title: str, key: str = "Thing") -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/iot/v2/things": {
                "get": {
                    "operationId": "things_v2#GetAll",
                    "tags": ["wrong"],
                    "parameters": [
                        {"name": "X-Organization", "in": "header", "schema": {"type": "string"}}
                    ],
                    "responses": {
                        404: {"description": "goa's error", "content": {"text/plain": {}}},
                        200: {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": f"#/components/schemas/{key}"}
                                }
                            },
                        },
                    },
                }
            }
        },
        "components": {
            "schemas": {
                key: {"title": title, "type": "object", "properties": {"id": {"type": "string"}}}
            }
        },
    }


def test_normalise_reports_each_fix_with_its_pointer() -> None:
    spec, fixes = normalise(_tiny("Mediatype identifier: application/vnd.thing"))
    operation = spec["paths"]["/iot/v2/things"]["get"]
    assert operation["operationId"] == "get_all" and operation["tags"] == ["things_v2"]
    assert (
        list(operation["responses"]) == ["2XX"]
        and "title" not in spec["components"]["schemas"]["Thing"]
    )
    assert operation["parameters"] == []
    at = "#/paths/~1iot~1v2~1things/get"
    assert [(f.pointer, f.message) for f in fixes] == [
        (f"{at}/responses", "integer response codes written as strings"),
        (f"{at}/tags", "tag ['wrong'] -> 'things_v2'"),
        (f"{at}/operationId", "operationId things_v2#GetAll -> get_all in things_v2"),
        (f"{at}/responses/404", "error response read by status code, whatever its body"),
        (f"{at}/responses", "any 2xx read as the documented 200"),
        (f"{at}/parameters/0", "X-Organization set by the client (organization=)"),
        (
            "#/components/schemas/Thing/title",
            "title 'Mediatype identifier: application/vnd.thing' dropped",
        ),
        ("#/components/schemas/Thing", "every field may be absent or null in responses"),
    ]


def test_class_names_stay_when_titles_flip(tmp_path: Path) -> None:
    names = []
    flips = (("Mediatype identifier: a", "Thing"), ("VndArduinoThingjson", "thing"))
    for index, (title, key) in enumerate(flips):  # titles and key casing flip
        (tmp_path / f"s{index}.yaml").write_text(yaml.safe_dump(_tiny(title, key)))
        result = cloudgen(
            "client", "--spec", tmp_path / f"s{index}.yaml", "-o", tmp_path / f"c{index}"
        )
        assert result.exit_code == 0, result.output
        names.append(
            sorted(p.name for p in (tmp_path / f"c{index}/arduino_iot_api/models").glob("*.py"))
        )
    assert names[0] == names[1] == ["__init__.py", "thing.py"]
    verbose = cloudgen("client", "--spec", tmp_path / "s0.yaml", "-o", tmp_path / "c2", "--verbose")
    assert "info: #/paths/~1iot~1v2~1things/get/tags: tag ['wrong'] -> 'things_v2'" in (
        verbose.stderr
    )
    assert "warning:" not in verbose.stderr  # nothing of the spec was dropped
    for index in range(2):
        assert (
            "class Thing:" in (tmp_path / f"c{index}/arduino_iot_api/models/thing.py").read_text()
        )
    assert (tmp_path / "c0/arduino_iot_api/api/things_v2/get_all.py").exists()


def test_the_real_spec_gives_a_clean_typed_package(client_project: Path) -> None:
    output = client_project
    package = output / "arduino_iot_api"
    assert (package / "py.typed").exists()
    assert {p.name for p in (package / "api").iterdir()} >= {
        "things_v2",
        "properties_v2",
        "devices_ota_v2",
    }
    assert (package / "api" / "actions_v1").is_dir()  # tagged triggers_v1 in the spec
    assert "class ArduinoThing:" in (package / "models" / "arduino_thing.py").read_text()
    for command in (
        [BIN / "ruff", "check", "."],
        [BIN / "mypy", "--strict", "--no-incremental", "arduino_iot_api"],
    ):
        done = subprocess.run(command, cwd=output, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    probe = "from arduino_iot_api.api.things_v2 import list_, show; from arduino_iot_api.models import ArduinoThing"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=output, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert load_spec(str(pinned_spec()))[1]["paths"]  # the input is untouched


def test_every_operation_of_the_pinned_spec_has_a_retry_class() -> None:
    """The HTTP method is no guide in this API: most PUTs create, several updates are POSTs
    and the series queries POST only to read (the counts of specs/catalog/client_retries.yaml's
    research: read 38, update 20, action 13, delete 12, create 11)."""
    operations = {o.operation_id: o for o in classify(load_spec(str(pinned_spec()))[1])}
    assert len(operations) == 94
    assert Counter(o.retry.name for o in operations.values()) == {
        "read": 38,
        "update": 20,
        "action": 13,
        "delete": 12,
        "create": 11,
    }
    expected = {
        "things_v2#create": ("PUT", "create", False),
        "things_v2#update": ("POST", "update", True),
        "things_v2#clone": ("PUT", "action", False),
        "properties_v2#publish": ("PUT", "action", False),
        "devices_v2_ota#send": ("PUT", "action", False),
        "templates#apply": ("PUT", "action", False),
        "series_v2#batch_query_raw": ("POST", "read", True),
        "dashboards_v2#create": ("POST", "create", False),
        "dashboards_v2#link": ("PUT", "update", True),
        "things_v2#list": ("GET", "read", True),
    }
    for operation_id, (method, kind, replayed) in expected.items():
        found = operations[operation_id]
        assert (found.method, found.retry.name, found.retry.replayed) == (method, kind, replayed)
    # An older revision's ids (without the version) get the same decisions.
    old = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/iot/v1/things/{id}": {"post": {"operationId": "things_v1#update", "responses": {200: {}}}},
        "/iot/v1/things": {"put": {"operationId": "things_v1#create", "responses": {201: {}}}},
    }}  # fmt: skip
    assert [(o.group, o.function, o.retry.name) for o in classify(old)] == [
        ("things_v1", "update", "update"),
        ("things_v1", "create", "create"),
    ]


def test_a_bad_retry_table_is_reported_where_it_is_wrong(tmp_path: Path) -> None:
    table = (REPO / "specs" / "catalog" / RETRIES_FILE).read_text()
    (tmp_path / RETRIES_FILE).write_text(
        table.replace("things#update: {class: update", "things#update: {class: updat")
    )
    with pytest.raises(UserError) as caught:
        load_retries(tmp_path)
    (diagnostic,) = caught.value.diagnostics
    assert "overrides.things#update.class: unknown class 'updat'" in str(diagnostic)
    assert 'did you mean "update"' in str(diagnostic)
    assert f"{RETRIES_FILE}:" in str(diagnostic)
