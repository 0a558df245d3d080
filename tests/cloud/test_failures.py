"""Rate limits, 401s, 404s, a network that is down, a push that fails half way, a lost
answer: one clear message each, exit status 2, nothing applied twice, no secret shown."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
import yaml
from cloud_setup import SECRET, new_project, plan_json
from fake_api import FakeCloud, Fault, Recorded
from helpers import cloudgen, free_port


def pushed_project(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> Path:
    root = new_project(tmp_path, client_cache)
    result = cloudgen("cloud", "push", "--yes", cwd=root)
    assert result.exit_code == 0, result.output
    fake.requests.clear()
    return root


def fails_clearly(root: Path, *args: str) -> str:
    result = cloudgen("cloud", *args, cwd=root)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    return result.output


def test_wrong_credentials(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path, client_cache)
    monkeypatch.setenv("ARDUINO_CLOUD_SECRET", "x" * 64)
    output = fails_clearly(root, "plan")
    assert "refused the credentials from ARDUINO_CLOUD_CLIENT/ARDUINO_CLOUD_SECRET" in output
    monkeypatch.setenv("ARDUINO_CLOUD_SECRET", "short")
    assert "the client secret is not 64 characters long" in fails_clearly(root, "plan")


def test_rate_limited_even_after_the_retries(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = new_project(tmp_path, client_cache)
    fake.faults.append(Fault(lambda m, p: p == "/iot/v2/things", status=429, times=10))
    output = fails_clearly(root, "plan")
    assert "rate limited by the Arduino Cloud (429)" in output
    assert len(fake.api_requests()) == 4  # the client's tries, honouring Retry-After


def test_a_thing_deleted_in_the_cloud(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> None:
    root = pushed_project(tmp_path, client_cache, fake)
    [thing_id] = fake.things
    del fake.things[thing_id]
    output = fails_clearly(root, "plan")
    assert f"Thing {thing_id} is not in the Arduino Cloud (deleted there?)" in output
    assert "remove its thing_id from cloudgen.yaml" in output
    fails_clearly(root, "pull")
    assert "not in the Arduino Cloud: Thing" in fails_clearly(root, "pull", "--thing", thing_id)


def test_a_404_half_way(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> None:
    root = pushed_project(tmp_path, client_cache, fake)
    cloudgen("var", "add", "things/greenhouse.yaml", "fan:HOME_SWITCH:readwrite", cwd=root)
    fake.faults.append(Fault(lambda m, p: m == "PUT" and p.endswith("/properties"), status=404))
    output = fails_clearly(root, "push", "--yes")
    assert 'creating variable "fan": not found in the Arduino Cloud (404)' in output


def test_the_network_is_down(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path, client_cache)
    down = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("ARDUINO_IOT_API_URL", down)
    assert f"cannot reach {down} (ConnectionFailed" in fails_clearly(root, "plan")
    monkeypatch.delenv("ARDUINO_IOT_API_URL")
    assert f"cannot reach {down}" in fails_clearly(root, "status", "--api-url", down)


def test_the_cloud_commands_follow_the_cli_conventions(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = new_project(tmp_path, client_cache)
    code, planned = plan_json(root)
    assert code == 1 and planned["ok"] is True and planned["diagnostics"] == []
    assert planned["format"] == 1 and planned["things"][0]["action"] == "create"
    # -q: only what was asked for (the plan's lines), no status line.
    quiet = cloudgen("cloud", "plan", "-q", cwd=root)
    assert quiet.exit_code == 1 and "+ create the Thing" in quiet.output
    assert "cloudgen:" not in quiet.output
    assert cloudgen("cloud", "-q", "push", "--yes", cwd=root).output == ""
    assert cloudgen("cloud", "pull", "-q", cwd=root).output == ""
    # A cloud that cannot be reached: with --json, one document saying so, and exit 2.
    down = f"http://127.0.0.1:{free_port()}"
    failed = cloudgen("cloud", "plan", "--json", "--api-url", down, cwd=root)
    assert failed.exit_code == 2
    document = json.loads(failed.stdout)
    assert document["ok"] is False and set(document) == {"format", "ok", "diagnostics"}
    assert f"cannot reach {down}" in document["diagnostics"][0]["message"]


def test_a_push_failing_half_way_says_what_was_applied(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = pushed_project(tmp_path, client_cache, fake)
    for spec in ("fan:HOME_SWITCH:readwrite", "light:HOME_LIGHT:readwrite", "lux:ILLUMINANCE"):
        cloudgen("var", "add", "things/greenhouse.yaml", spec, cwd=root)
    creates = [0]

    def second_create(method: str, path: str) -> bool:
        if method == "PUT" and path.endswith("/properties"):
            creates[0] += 1
        return creates[0] == 2

    fake.faults.append(Fault(second_create, status=400))
    output = fails_clearly(root, "push", "--yes")
    assert 'applied: "Greenhouse": + variable fan' in output
    assert 'failed: "Greenhouse": + variable light' in output
    assert 'not tried: "Greenhouse": + variable lux' in output
    assert "push stopped after 1 change" in output
    _, planned = plan_json(root)
    assert [c["target"] for c in planned["things"][0]["changes"]] == ["light", "lux"]
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    assert plan_json(root)[0] == 0


@pytest.mark.parametrize("fault", ["dropped", "502 after applying"])
def test_a_lost_create_is_never_repeated(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, fault: str
) -> None:
    root = new_project(tmp_path, client_cache)
    fake.faults.append(
        Fault(
            lambda m, p: m == "PUT" and p == "/iot/v2/things",
            status=502,
            drop=fault == "dropped",
            after=True,
        )
    )
    output = fails_clearly(root, "push", "--yes")
    assert "the answer was lost" in output and "may or may not have been applied" in output
    creates = [r for r in fake.requests if (r.method, r.path) == ("PUT", "/iot/v2/things")]
    assert len(creates) == 1 and len(fake.things) == 1  # not replayed by the client's retries
    _, planned = plan_json(root)
    assert [c["change"] for c in planned["things"][0]["changes"]] == ["link_thing"]
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    assert len(fake.things) == 1
    entry = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"][0]
    assert entry["thing_id"] in fake.things


def test_nothing_is_deleted_without_allow_delete(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = pushed_project(tmp_path, client_cache, fake)
    [thing] = fake.things.values()
    thing["tags"]["site"] = "north"  # only in the cloud
    cloudgen("var", "remove", "things/greenhouse.yaml", "soil", cwd=root)
    result = cloudgen("cloud", "push", "--yes", cwd=root)
    assert result.exit_code == 0, result.output
    assert (
        "- variable soil: kept in the cloud, because deleting a cloud variable deletes its history"
        in result.output
    )
    assert "- tag site=north: kept in the cloud (pass --allow-delete to remove it)" in result.output
    assert not [r for r in fake.requests if r.method == "DELETE"]
    assert plan_json(root)[0] == 1  # the plan still says so
    result = cloudgen("cloud", "push", "--yes", "--allow-delete", cwd=root)
    assert result.exit_code == 0, result.output
    deleted = sorted(r.path.rsplit("/", 2)[-2] for r in fake.requests if r.method == "DELETE")
    assert deleted == ["properties", "tags"]
    assert [p["variable_name"] for p in thing["properties"]] == ["pump"] and not thing["tags"]
    assert plan_json(root)[0] == 0


def test_push_never_asks_without_a_terminal(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = new_project(tmp_path, client_cache)
    result = cloudgen("cloud", "push", cwd=root)
    assert result.exit_code == 2
    assert "no terminal to confirm on" in result.output
    assert fake.requests == [] and fake.things == {}


def test_an_expired_token_is_renewed_mid_push(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = pushed_project(tmp_path, client_cache, fake)
    for spec in ("fan:HOME_SWITCH:readwrite", "light:HOME_LIGHT:readwrite"):
        cloudgen("var", "add", "things/greenhouse.yaml", spec, cwd=root)

    def age(record: Recorded) -> None:
        if record.method == "PUT" and fake.clock == 0:
            fake.clock += 301  # the token of this push expires just before its first create

    fake.on_request = age
    result = cloudgen("cloud", "push", "--yes", cwd=root)
    assert result.exit_code == 0, result.output
    tokens = [r for r in fake.requests if r.path.endswith("/clients/token")]
    assert len(tokens) == 2 and len(fake.things) == 1
    assert [p["variable_name"] for p in next(iter(fake.things.values()))["properties"]] == [
        "pump",
        "soil",
        "fan",
        "light",
    ]


def test_secrets_stay_out_of_outputs_logs_files_and_errors(
    tmp_path: Path,
    client_cache: Path,
    fake: FakeCloud,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    root = new_project(tmp_path, client_cache)
    outputs = [cloudgen("cloud", *args, cwd=root).output for args in (
        ("plan",), ("push", "--yes"), ("pull",), ("status",), ("plan", "--json"),
    )]  # fmt: skip
    fake.faults.append(Fault(lambda m, p: True, status=500, times=100))
    outputs.append(cloudgen("cloud", "plan", cwd=root).output)
    monkeypatch.setenv("ARDUINO_CLOUD_SECRET", SECRET[::-1])
    outputs.append(cloudgen("cloud", "plan", cwd=root).output)
    for text in [*outputs, caplog.text]:
        assert SECRET not in text and SECRET[::-1] not in text
    for path in root.rglob("*"):
        if path.is_file() and "client" not in path.relative_to(root).parts:
            assert SECRET.encode() not in path.read_bytes(), path
    assert any(
        SECRET.encode() in r.body for r in fake.requests
    )  # it was sent, to the token endpoint only
    assert all(SECRET.encode() not in r.body for r in fake.api_requests())
