"""`cloudgen cloud login`: credentials checked with one call, kept with mode 0600 under the
user's config folder and never in a project; then used when the environment has none."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml
from cloud_setup import CLIENT_ID, SECRET, new_project
from fake_api import FakeCloud
from helpers import cloudgen


def test_login_keeps_the_credentials_for_later(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path, client_cache)
    monkeypatch.delenv("ARDUINO_CLOUD_CLIENT")
    result = cloudgen("cloud", "login", "--client-id", CLIENT_ID, cwd=root)
    assert result.exit_code == 0, result.output
    path = tmp_path / "user-config" / "arduino-cloud-credentials.yaml"
    assert f"credentials kept in {path} (they see 0 Things)" in result.output
    assert SECRET not in result.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert yaml.safe_load(path.read_text()) == {
        "client": CLIENT_ID,
        "secret": SECRET,
        "organization": "",
    }
    monkeypatch.delenv("ARDUINO_CLOUD_SECRET")
    assert cloudgen("cloud", "plan", cwd=root).exit_code == 1  # a Thing to create
    assert [r.path for r in fake.requests].count("/iot/v1/clients/token") == 2


def test_login_refuses_what_it_cannot_keep_safely(
    tmp_path: Path, client_cache: Path, fake: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = new_project(tmp_path, client_cache)
    monkeypatch.setenv("CLOUDGEN_CONFIG_DIR", str(root / "config"))
    inside = cloudgen("cloud", "login", cwd=root)
    assert inside.exit_code == 2 and "credentials never go into a project" in inside.output
    assert fake.requests == []  # refused before trying them
    monkeypatch.setenv("CLOUDGEN_CONFIG_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("ARDUINO_CLOUD_SECRET", "y" * 64)
    wrong = cloudgen("cloud", "login", cwd=root)
    assert (
        wrong.exit_code == 2
        and "refused the credentials from the credentials given" in wrong.output
    )
    monkeypatch.delenv("ARDUINO_CLOUD_SECRET")
    no_terminal = cloudgen("cloud", "login", cwd=root)
    assert no_terminal.exit_code == 2 and "no terminal to ask on" in no_terminal.output
    assert not (root / "config").exists() and not (tmp_path / "elsewhere").exists()
    monkeypatch.delenv("ARDUINO_CLOUD_CLIENT")
    missing = cloudgen("cloud", "plan", cwd=root)
    assert missing.exit_code == 2 and "no Arduino Cloud credentials" in missing.output
