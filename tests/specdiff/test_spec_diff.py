"""`cloudgen spec diff`: one small spec pair per check, the real spec, the CLI."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import cloudgen, pinned_spec

from generator.openapi.load import load_spec
from generator.openapi.pointers import pointer
from generator.specdiff.diff import diff_specs
from generator.specdiff.findings import checks, semver_bump

THINGS = ("paths", "/v1/things")
GET, POST = (*THINGS, "get"), (*THINGS, "post")
THING, CREATE = ("components", "schemas", "Thing"), ("components", "schemas", "ThingCreate")


def base() -> dict[str, Any]:
    def body(ref: str) -> dict[str, Any]:
        return {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}

    return {
        "openapi": "3.0.3",
        "servers": [{"url": "https://api.example"}],
        "paths": {
            "/v1/things": {
                "get": {
                    "operationId": "things#list",
                    "tags": ["things"],
                    "security": [{"oauth2": ["iot:things"]}],
                    "parameters": [
                        {
                            "in": "query",
                            "name": "limit",
                            "schema": {"type": "integer", "maximum": 100},
                        },
                        {
                            "in": "query",
                            "name": "kind",
                            "schema": {"type": "string", "enum": ["a", "b"]},
                        },
                    ],
                    "responses": {"200": {"description": "OK", "content": body("Thing")}},
                },
                "post": {
                    "operationId": "things#create",
                    "tags": ["things"],
                    "requestBody": {"content": body("ThingCreate")},
                    "responses": {"201": {"description": "Created", "content": body("Thing")}},
                },
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "string"},
                        "name": {"type": "string"},
                        "status": {"type": "string", "enum": ["on", "off"]},
                        "count": {"type": "integer"},
                    },
                },
                "ThingCreate": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string", "maxLength": 64},
                        "mode": {"type": "string", "enum": ["x", "y"]},
                        "note": {"type": "string"},
                    },
                },
                "Spare": {"type": "object", "properties": {"a": {"type": "string"}}},
            },
            "securitySchemes": {
                "oauth2": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "https://token.example",
                            "scopes": {"iot:things": "things"},
                        }
                    },
                }
            },
        },
    }


def at(spec: dict[str, Any], *path: str | int) -> Any:
    for part in path:
        spec = spec[part]
    return spec


Mutation = Callable[[dict[str, Any]], None]
P = pointer
# check id -> (change to the new spec (or to the old one, for additions), expected old, new pointers)
CASES: dict[str, tuple[Mutation, Mutation | None, str | None, str | None]] = {
    "path-removed": (lambda s: s["paths"].pop("/v1/things"), None, P(*THINGS), None),
    "path-moved": (
        lambda s: s["paths"].__setitem__("/v2/things", s["paths"].pop("/v1/things")),
        None,
        P(*THINGS),
        P("paths", "/v2/things"),
    ),
    "path-added": (
        lambda s: s["paths"].__setitem__("/v1/other", {"get": {"operationId": "other#get"}}),
        None,
        None,
        P("paths", "/v1/other"),
    ),
    "operation-removed": (lambda s: at(s, *THINGS).pop("post"), None, P(*POST), None),
    "operation-added": (
        lambda s: at(s, *THINGS).__setitem__("delete", {"operationId": "things#delete"}),
        None,
        None,
        P(*THINGS, "delete"),
    ),
    "operation-id-changed": (
        lambda s: at(s, *GET).__setitem__("operationId", "things#all"),
        None,
        P(*GET, "operationId"),
        P(*GET, "operationId"),
    ),
    "tag-changed": (
        lambda s: at(s, *GET).__setitem__("tags", ["items"]),
        None,
        P(*GET, "tags"),
        P(*GET, "tags"),
    ),
    "server-url-changed": (
        lambda s: s.__setitem__("servers", [{"url": "https://api2.example"}]),
        None,
        P("servers"),
        P("servers"),
    ),
    "request-parameter-removed": (
        lambda s: at(s, *GET, "parameters").pop(1),
        None,
        P(*GET, "parameters", 1),
        None,
    ),
    "request-parameter-added-required": (
        lambda s: at(s, *GET, "parameters").append(
            {"in": "query", "name": "region", "required": True, "schema": {"type": "string"}}
        ),
        None,
        None,
        P(*GET, "parameters", 2),
    ),
    "request-parameter-added-optional": (
        lambda s: at(s, *GET, "parameters").append(
            {"in": "header", "name": "X-Org", "schema": {"type": "string"}}
        ),
        None,
        None,
        P(*GET, "parameters", 2),
    ),
    "request-parameter-became-required": (
        lambda s: at(s, *GET, "parameters", 0).__setitem__("required", True),
        None,
        P(*GET, "parameters", 0),
        P(*GET, "parameters", 0),
    ),
    "request-parameter-type-changed": (
        lambda s: at(s, *GET, "parameters", 0, "schema").__setitem__("type", "string"),
        None,
        P(*GET, "parameters", 0, "schema"),
        P(*GET, "parameters", 0, "schema"),
    ),
    "request-parameter-enum-value-removed": (
        lambda s: at(s, *GET, "parameters", 1, "schema", "enum").remove("b"),
        None,
        P(*GET, "parameters", 1, "schema"),
        P(*GET, "parameters", 1, "schema"),
    ),
    "request-parameter-limit-tightened": (
        lambda s: at(s, *GET, "parameters", 0, "schema").__setitem__("maximum", 50),
        None,
        P(*GET, "parameters", 0, "schema"),
        P(*GET, "parameters", 0, "schema"),
    ),
    "request-body-field-removed": (
        lambda s: at(s, *CREATE, "properties").pop("note"),
        None,
        P(*CREATE, "properties", "note"),
        None,
    ),
    "request-body-field-added-required": (
        lambda s: (
            at(s, *CREATE, "properties").__setitem__("owner", {"type": "string"}),
            at(s, *CREATE, "required").append("owner"),
        ),
        None,
        None,
        P(*CREATE, "properties", "owner"),
    ),
    "request-body-field-added-optional": (
        lambda s: at(s, *CREATE, "properties").__setitem__("color", {"type": "string"}),
        None,
        None,
        P(*CREATE, "properties", "color"),
    ),
    "request-body-field-became-required": (
        lambda s: at(s, *CREATE, "required").append("note"),
        None,
        P(*CREATE, "properties", "note"),
        P(*CREATE, "properties", "note"),
    ),
    "request-body-field-type-changed": (
        lambda s: at(s, *CREATE, "properties", "note").__setitem__("type", "integer"),
        None,
        P(*CREATE, "properties", "note"),
        P(*CREATE, "properties", "note"),
    ),
    "request-body-enum-value-removed": (
        lambda s: at(s, *CREATE, "properties", "mode", "enum").remove("y"),
        None,
        P(*CREATE, "properties", "mode"),
        P(*CREATE, "properties", "mode"),
    ),
    "request-body-limit-tightened": (
        lambda s: at(s, *CREATE, "properties", "name").__setitem__("maxLength", 32),
        None,
        P(*CREATE, "properties", "name"),
        P(*CREATE, "properties", "name"),
    ),
    "request-body-media-type-changed": (
        lambda s: at(s, *POST, "requestBody").__setitem__(
            "content", {"application/vnd.thing+json": {"schema": {}}}
        ),
        None,
        P(*POST, "requestBody"),
        P(*POST, "requestBody"),
    ),
    "response-field-removed": (
        lambda s: at(s, *THING, "properties").pop("count"),
        None,
        P(*THING, "properties", "count"),
        None,
    ),
    "response-field-became-optional": (
        lambda s: at(s, *THING, "required").remove("name"),
        None,
        P(*THING, "properties", "name"),
        P(*THING, "properties", "name"),
    ),
    "response-field-type-changed": (
        lambda s: at(s, *THING, "properties", "count").__setitem__("type", "string"),
        None,
        P(*THING, "properties", "count"),
        P(*THING, "properties", "count"),
    ),
    "response-field-added": (
        lambda s: at(s, *THING, "properties").__setitem__("color", {"type": "string"}),
        None,
        None,
        P(*THING, "properties", "color"),
    ),
    "response-enum-value-added": (
        lambda s: at(s, *THING, "properties", "status", "enum").append("idle"),
        None,
        P(*THING, "properties", "status"),
        P(*THING, "properties", "status"),
    ),
    "response-enum-value-removed": (
        lambda s: at(s, *THING, "properties", "status", "enum").remove("off"),
        None,
        P(*THING, "properties", "status"),
        P(*THING, "properties", "status"),
    ),
    "response-success-status-removed": (
        lambda s: None,
        lambda s: at(s, *GET, "responses").__setitem__("202", {"description": "Accepted"}),
        P(*GET, "responses", "202"),
        None,
    ),
    "response-success-status-added": (
        lambda s: at(s, *GET, "responses").__setitem__("202", {"description": "A"}),
        None,
        None,
        P(*GET, "responses", "202"),
    ),
    "response-media-type-changed": (
        lambda s: at(s, *GET, "responses", "200", "content").__setitem__(
            "text/plain", {"schema": {"type": "string"}}
        ),
        None,
        P(*GET, "responses", "200"),
        P(*GET, "responses", "200"),
    ),
    "schema-removed": (
        lambda s: at(s, "components", "schemas").pop("Spare"),
        None,
        P("components", "schemas", "Spare"),
        None,
    ),
    "schema-renamed": (
        lambda s: at(s, "components", "schemas").__setitem__(
            "Extra", at(s, "components", "schemas").pop("Spare")
        ),
        None,
        P("components", "schemas", "Spare"),
        P("components", "schemas", "Extra"),
    ),
    "schema-renamed-case": (
        lambda s: at(s, "components", "schemas").__setitem__(
            "spare",
            {"type": "object"}
            | {"properties": at(s, "components", "schemas").pop("Spare")["properties"]},
        ),
        None,
        P("components", "schemas", "Spare"),
        P("components", "schemas", "spare"),
    ),
    "schema-added": (
        lambda s: at(s, "components", "schemas").__setitem__("NewOne", {"type": "object"}),
        None,
        None,
        P("components", "schemas", "NewOne"),
    ),
    "security-scheme-removed": (
        lambda s: at(s, "components", "securitySchemes").pop("oauth2"),
        None,
        P("components", "securitySchemes", "oauth2"),
        None,
    ),
    "security-scheme-changed": (
        lambda s: at(
            s, "components", "securitySchemes", "oauth2", "flows", "clientCredentials"
        ).__setitem__("tokenUrl", "https://other"),
        None,
        P("components", "securitySchemes", "oauth2"),
        P("components", "securitySchemes", "oauth2"),
    ),
    "security-scopes-changed": (
        lambda s: at(s, *GET).__setitem__("security", [{"oauth2": ["iot:devices"]}]),
        None,
        P(*GET, "security"),
        P(*GET, "security"),
    ),
}


def test_every_check_has_a_case() -> None:
    assert set(CASES) == set(checks())


@pytest.mark.parametrize("check", sorted(CASES))
def test_each_check_reports_exactly_its_finding(check: str) -> None:
    change_new, change_old, old_pointer, new_pointer = CASES[check]
    old, new = base(), base()
    change_new(new)
    if change_old:
        change_old(old)
    findings = diff_specs(old, new)
    assert [(f.check, f.level, f.old, f.new) for f in findings] == [
        (check, checks()[check].level, old_pointer, new_pointer)
    ]
    assert findings[0].message


def _real() -> dict[str, Any]:
    return load_spec(str(pinned_spec()))[1]


def test_a_spec_against_itself_has_no_findings() -> None:
    assert diff_specs(base(), base()) == []
    assert diff_specs(_real(), _real()) == []


def _mutated_real() -> tuple[dict[str, Any], dict[str, Any]]:
    old = _real()
    new = copy.deepcopy(old)
    paths, schemas = new["paths"], new["components"]["schemas"]
    del paths["/iot/v1/templates"]
    paths["/iot/v2/things"]["get"]["operationId"] = "things_v2#listAll"
    paths["/iot/v2/things"]["get"]["parameters"].append(
        {"in": "query", "name": "region", "required": True, "schema": {"type": "string"}}
    )
    schemas["property"]["properties"]["type"]["enum"].remove("LENGHT_C")
    del schemas["ArduinoThing"]["properties"]["webhook_uri"]
    schemas["ArduinoThing"]["required"].remove("timezone")
    paths["/iot/v2/dashboards/{id}/duplicate"] = paths.pop("/iot/v2/dashboards/{id}/clone")
    return old, new


def test_the_real_spec_with_scripted_mutations_gives_exactly_those_findings() -> None:
    old, new = _mutated_real()
    thing = "#/components/schemas/ArduinoThing/properties"
    expected = {
        ("path-removed", "#/paths/~1iot~1v1~1templates", None),
        (
            "operation-id-changed",
            "#/paths/~1iot~1v2~1things/get/operationId",
            "#/paths/~1iot~1v2~1things/get/operationId",
        ),
        ("request-parameter-added-required", None, "#/paths/~1iot~1v2~1things/get/parameters/7"),
        (
            "request-body-enum-value-removed",
            "#/components/schemas/property/properties/type",
            "#/components/schemas/property/properties/type",
        ),
        ("response-field-removed", f"{thing}/webhook_uri", None),
        ("response-field-became-optional", f"{thing}/timezone", f"{thing}/timezone"),
        (
            "path-moved",
            "#/paths/~1iot~1v2~1dashboards~1{id}~1clone",
            "#/paths/~1iot~1v2~1dashboards~1{id}~1duplicate",
        ),
    }
    assert {(f.check, f.old, f.new) for f in diff_specs(old, new)} == expected
    assert semver_bump(diff_specs(old, new)) == "major"


def test_semver_bump() -> None:
    added = base()
    CASES["path-added"][0](added)
    assert semver_bump(diff_specs(base(), added)) == "minor"
    assert semver_bump([]) == "patch"


def _write(path: Path, spec: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(spec))
    return path


def test_cli_formats_exit_codes_and_ignores(tmp_path: Path) -> None:
    old = _write(tmp_path / "old.yaml", base())
    new_spec = base()
    CASES["operation-id-changed"][0](new_spec)
    CASES["response-field-added"][0](new_spec)
    new = tmp_path / "new.json"
    new.write_text(json.dumps(new_spec))

    text = cloudgen("spec", "diff", old, new, cwd=tmp_path)
    assert text.exit_code == 0
    assert text.output.splitlines()[0].startswith("ERR  operation-id-changed")
    assert "1 breaking, 0 warnings, 1 additions" in text.output

    report = json.loads(cloudgen("spec", "diff", old, new, "--format", "json", cwd=tmp_path).output)
    assert report["format"] == 1 and report["summary"] == {"ERR": 1, "WARN": 0, "INFO": 1}
    assert report["findings"][0] == {
        "check": "operation-id-changed",
        "level": "ERR",
        "old": "#/paths/~1v1~1things/get/operationId",
        "new": "#/paths/~1v1~1things/get/operationId",
        "message": "GET /v1/things: operationId things#list -> things#all",
    }
    markdown = cloudgen("spec", "diff", old, new, "--format", "markdown", cwd=tmp_path).output
    assert "**1 breaking**" in markdown and "| ERR | `operation-id-changed` |" in markdown

    assert cloudgen("spec", "diff", old, new, "--fail-on", "ERR", cwd=tmp_path).exit_code == 1
    assert cloudgen("spec", "diff", old, new, "--fail-on", "WARN", cwd=tmp_path).exit_code == 1
    ignore = tmp_path / "accepted.txt"
    ignore.write_text(
        "# renamed on purpose\noperation-id-changed #/paths/~1v1~1things/get/operationId\n"
    )
    accepted = cloudgen(
        "spec", "diff", old, new, "--fail-on", "ERR", "--ignore", ignore, cwd=tmp_path
    )
    assert accepted.exit_code == 0 and "operation-id-changed" not in accepted.output
    assert (
        cloudgen(
            "spec", "diff", old, new, "--fail-on", "INFO", "--ignore", ignore, cwd=tmp_path
        ).exit_code
        == 1
    )

    ignore.write_text("no-such-check #/x\n")
    bad_ignore = cloudgen("spec", "diff", old, new, "--ignore", ignore, cwd=tmp_path)
    assert bad_ignore.exit_code == 2 and "accepted.txt:1:1:" in bad_ignore.stderr
    (tmp_path / "broken.yaml").write_text("paths: [\n")
    broken = cloudgen("spec", "diff", old, "broken.yaml", cwd=tmp_path)
    assert broken.exit_code == 2 and "broken.yaml:" in broken.stderr
    missing = cloudgen("spec", "diff", old, "nope.yaml", cwd=tmp_path)
    assert missing.exit_code == 2


def test_git_revisions_of_a_path(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    _write(tmp_path / "api.yaml", base())
    git("add", "api.yaml")
    git("commit", "-qm", "v1")
    changed = base()
    CASES["path-removed"][0](changed)
    _write(tmp_path / "api.yaml", changed)
    result = cloudgen("spec", "diff", "HEAD:api.yaml", "api.yaml", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert [f["check"] for f in json.loads(result.output)["findings"]] == ["path-removed"]
    unknown = cloudgen("spec", "diff", "HEAD~5:api.yaml", "api.yaml", cwd=tmp_path)
    assert unknown.exit_code == 2 and "git cannot show it" in unknown.stderr


def test_changelog_entry_lists_breaking_changes_first() -> None:
    from generator.specdiff.report import changelog_entry

    new = base()
    CASES["operation-id-changed"][0](new)
    CASES["response-field-added"][0](new)
    entry = changelog_entry(diff_specs(base(), new), "2.0.0", "2026-11-30")
    assert entry == (
        "## 2.0.0 (2026-11-30)\n\n### Breaking changes\n\n"
        "- GET /v1/things: operationId things#list -> things#all\n\n"
        "### Added\n\n- Thing: new field color\n"
    )
