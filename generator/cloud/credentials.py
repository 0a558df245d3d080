"""Arduino Cloud API credentials, taken as arduino-cloud-cli takes them.

The environment (`ARDUINO_CLOUD_CLIENT`, `ARDUINO_CLOUD_SECRET`, optional
`ARDUINO_CLOUD_ORGANIZATION`) wins when it gives the client id or the secret; otherwise the
file `cloudgen cloud login` writes under the user's config folder (never a project's), in
arduino-cloud-cli's own format (`client`, `secret`, `organization`). The secret is never
printed, logged or put in an exception: not even its length is shown.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.cloud.errors import CloudError

CLIENT_VARIABLE = "ARDUINO_CLOUD_CLIENT"
SECRET_VARIABLE = "ARDUINO_CLOUD_SECRET"
ORGANIZATION_VARIABLE = "ARDUINO_CLOUD_ORGANIZATION"
CONFIG_DIR_VARIABLE = "CLOUDGEN_CONFIG_DIR"  # overrides the folder, e.g. for tests
FILE_NAME = "arduino-cloud-credentials.yaml"  # arduino-cloud-cli's name and format
# arduino-cloud-cli's checks (config/credentials.go): exact lengths, an optional UUID.
CLIENT_LENGTH, SECRET_LENGTH = 32, 64
UUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Credentials:
    client_id: str
    secret: str = field(repr=False)
    organization: str | None
    source: str  # where they came from, for messages: the variables or the file


def credentials_file(environ: Mapping[str, str] = os.environ) -> Path:
    """`$XDG_CONFIG_HOME/cloudgen/…`, by default `~/.config/cloudgen/…`."""
    if environ.get(CONFIG_DIR_VARIABLE):
        return Path(environ[CONFIG_DIR_VARIABLE]) / FILE_NAME
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "cloudgen" / FILE_NAME


def load_credentials(environ: Mapping[str, str] = os.environ) -> Credentials:
    client, secret = environ.get(CLIENT_VARIABLE, ""), environ.get(SECRET_VARIABLE, "")
    if client or secret:
        where = f"{CLIENT_VARIABLE}/{SECRET_VARIABLE}"
        return checked(client, secret, environ.get(ORGANIZATION_VARIABLE) or None, where)
    path = credentials_file(environ)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CloudError(
            f"no Arduino Cloud credentials: set {CLIENT_VARIABLE} and {SECRET_VARIABLE}, or run "
            "`cloudgen cloud login` (API keys: https://cloud.arduino.cc/home/api-keys)"
        ) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise CloudError(f"{path}: cannot be read; run `cloudgen cloud login` again") from None
    if not isinstance(data, dict):
        raise CloudError(f"{path}: expected client, secret and organization keys")
    organization = data.get("organization")
    return checked(
        str(data.get("client") or ""),
        str(data.get("secret") or ""),
        str(organization) if organization else None,
        str(path),
    )


def checked(client: str, secret: str, organization: str | None, source: str) -> Credentials:
    """Credentials in the shape the Arduino Cloud issues them, or a CloudError saying which
    part is wrong (never what the secret is)."""
    problems = []
    if len(client) != CLIENT_LENGTH:
        problems.append(f"the client id has {len(client)} characters, expected {CLIENT_LENGTH}")
    if len(secret) != SECRET_LENGTH:
        problems.append(f"the client secret is not {SECRET_LENGTH} characters long")
    if organization is not None and not UUID.match(organization):
        problems.append("the organization is not a UUID (the space's id)")
    if problems:
        raise CloudError(f"{source}: {'; '.join(problems)}")
    return Credentials(client, secret, organization, source)


def check_outside(path: Path, project_root: Path) -> None:
    if path.resolve().is_relative_to(project_root.resolve()):
        raise CloudError(
            f"{path} is inside the project folder: credentials never go into a project "
            f"(set {CONFIG_DIR_VARIABLE} or XDG_CONFIG_HOME elsewhere)"
        )


def save_credentials(credentials: Credentials, path: Path, project_root: Path) -> None:
    """Write the credentials file with mode 0600 (its folder 0700), atomically."""
    check_outside(path, project_root)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    text = yaml.safe_dump(
        {
            "client": credentials.client_id,
            "secret": credentials.secret,
            "organization": credentials.organization or "",
        },
        sort_keys=False,
    )
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
