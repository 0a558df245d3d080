"""`cloudgen cloud pull`: templates in the CLI's format, entries with the device's board and
ids, LoRaWAN tags and bands, and outputs regenerated from them."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import yaml
from cloud_setup import new_project
from fake_api import FakeCloud
from helpers import cloudgen, snapshot


def prop(
    name: str, type_: str, permission: str = "READ_ONLY", every: int = 0, **extra: object
) -> dict[str, object]:
    strategy = (
        {"update_strategy": "TIMED", "update_parameter": every}
        if every
        else {"update_strategy": "ON_CHANGE", "update_parameter": 0}
    )
    return {"name": name[:1].upper() + name[1:], "variable_name": name, "type": type_, "permission": permission, **strategy, **extra}  # fmt: skip


def seed_account(fake: FakeCloud) -> dict[str, str]:
    """Three Things made in the web UI: one on an ESP32, one on LoRaWAN, one on no device."""
    station = fake.seed(
        "Weather Station",
        "Europe/Rome",
        {"site": "roof"},
        prop("temperature", "TEMPERATURE", every=60),
        prop("heater", "STATUS", "READ_WRITE"),
    )
    esp = fake.add_device("roof esp", "esp32:esp32:esp32", "login_and_secretkey_wifi")
    fake.attach(station, esp)
    field = fake.seed(
        "Field Sensor",
        "UTC",
        {},
        prop("moisture", "FLOAT", tag=5),
        prop("battery", "PERCENTAGE", every=600, tag=7),
    )
    lora = fake.add_device(
        "field node",
        "arduino:samd:mkrwan1310",
        "mkrwan1310",
        metadata={"frequency_plan": "EU_863_870_TTN"},
    )
    fake.attach(field, lora)
    spare = fake.seed("Spare", "UTC", {}, prop("count", "INT"))
    return {"station": station, "esp": esp, "field": field, "spare": spare}


STATION_TEMPLATE = """\
name: Weather Station
tags:
    - site: roof
timezone: Europe/Rome
variables:
    - name: Temperature
      permission: READ_ONLY
      type: TEMPERATURE
      update_parameter: 60
      update_strategy: TIMED
      variable_name: temperature
    - name: Heater
      permission: READ_WRITE
      type: STATUS
      update_parameter: 0
      update_strategy: ON_CHANGE
      variable_name: heater
"""


def test_pull_all_into_a_project(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> None:
    root = new_project(tmp_path, client_cache)
    ids = seed_account(fake)
    result = cloudgen("cloud", "pull", "--all", cwd=root)
    assert result.exit_code == 0, result.output
    assert (root / "things" / "weather_station.yaml").read_text() == STATION_TEMPLATE
    assert '"Spare": things/spare.yaml is not in cloudgen.yaml, as no device' in result.output
    assert (root / "things" / "spare.yaml").exists()
    entries = yaml.safe_load((root / "cloudgen.yaml").read_text())["things"]
    assert entries[1:] == [
        {
            "template": "things/weather_station.yaml",
            "board": "esp32:esp32:esp32",
            "device_id": ids["esp"],
            "thing_id": ids["station"],
            "outputs": {"sketch": "sketches/WeatherStation"},
        },
        {
            "template": "things/field_sensor.yaml",
            "board": "arduino:samd:mkrwan1310",
            "thing_id": ids["field"],
            "lora_band": "EU868",
            "outputs": {"sketch": "sketches/FieldSensor"},
        },
    ]
    lock = yaml.safe_load((root / "cloudgen.lock").read_text())
    assert lock["things"]["things/field_sensor.yaml"] == {
        "lora_tags": {"moisture": 5, "battery": 7},
        "next_lora_tag": 8,
    }
    station = (root / "sketches" / "WeatherStation" / "thingProperties.h").read_text()
    assert f'const char DEVICE_LOGIN_NAME[] = "{ids["esp"]}";' in station
    field = (root / "sketches" / "FieldSensor" / "thingProperties.h").read_text()
    assert "addProperty(moisture, 5, READ" in field and "addProperty(battery, 7, READ" in field
    assert "_lora_band::EU868" in field

    before = snapshot(root)
    again = cloudgen("cloud", "pull", "--all", cwd=root)
    assert again.exit_code == 0, again.output
    assert snapshot(root) == before
    assert "0 files changed" in again.output


def test_pull_by_tag_and_by_id(tmp_path: Path, client_cache: Path, fake: FakeCloud) -> None:
    root = new_project(tmp_path, client_cache)
    ids = seed_account(fake)
    result = cloudgen("cloud", "pull", "--tag", "site=roof", "--no-generate", cwd=root)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "things").iterdir()) == [
        "greenhouse.yaml",
        "weather_station.yaml",
    ]
    assert not (root / "sketches" / "WeatherStation").exists()
    [listing] = [r for r in fake.api_requests() if r.path == "/iot/v2/things"]
    assert urllib.parse.parse_qs(listing.query)["tags"] == ["site:roof"]  # the API filters
    result = cloudgen("cloud", "pull", "--thing", ids["field"], cwd=root)
    assert result.exit_code == 0, result.output
    assert (root / "sketches" / "FieldSensor" / "thingProperties.h").exists()
    bad = cloudgen("cloud", "pull", "--tag", "site roof", cwd=root)
    assert bad.exit_code == 2 and "expected KEY=VALUE" in bad.output


def test_a_changed_device_and_a_json_template(
    tmp_path: Path, client_cache: Path, fake: FakeCloud
) -> None:
    root = new_project(tmp_path, client_cache)
    template = root / "things" / "greenhouse.yaml"
    data = yaml.safe_load(template.read_text())
    template.unlink()
    (root / "things" / "greenhouse.json").write_text(json.dumps(data, indent=2) + "\n")
    config = root / "cloudgen.yaml"
    config.write_text(config.read_text().replace("greenhouse.yaml", "greenhouse.json"))
    assert cloudgen("generate", cwd=root).exit_code == 0
    assert cloudgen("cloud", "push", "--yes", cwd=root).exit_code == 0
    [thing_id] = fake.things
    fake.attach(thing_id, fake.add_device("nano", "arduino:samd:nano_33_iot", "nano_33_iot"))
    fake.things[thing_id]["name"] = "Green & House"
    result = cloudgen("cloud", "pull", cwd=root)
    assert result.exit_code == 0, result.output
    assert (
        "board arduino:samd:mkrwifi1010 -> arduino:samd:nano_33_iot, the device's FQBN"
        in result.output
    )
    assert yaml.safe_load(config.read_text())["things"][0]["board"] == "arduino:samd:nano_33_iot"
    text = (root / "things" / "greenhouse.json").read_text()
    assert text.startswith(
        '{\n  "name": "Green \\u0026 House",\n  "timezone": "America/New_York",\n'
    )
    assert json.loads(text)["variables"][0] == {
        "name": "pump",
        "permission": "READ_WRITE",
        "type": "STATUS",
        "update_parameter": 0,
        "update_strategy": "ON_CHANGE",
        "variable_name": "pump",
    }
