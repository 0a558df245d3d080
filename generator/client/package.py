"""The generated package's own layer, on top of what openapi-python-client writes: the
hand-written runtime (templates/client/runtime), and the modules rendered from the spec's
operations (templates/client/package): the retry table, `ArduinoCloud` with the versions
and groups the spec has, the exports and the README."""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.client.operations import Operation, group_class, load_retries
from generator.core.paths import TEMPLATES_DIR
from generator.core.render import render
from generator.core.writer import atomic_write

PACKAGE = "arduino_iot_api"
RUNTIME = TEMPLATES_DIR / "client" / "runtime"
ERRORS = (
    "ApiError",
    "AuthUnavailable",
    "AuthenticationError",
    "ClientError",
    "Conflict",
    "ConnectionFailed",
    "Forbidden",
    "InvalidCredentials",
    "NoResponse",
    "NotFound",
    "RateLimited",
    "ServerError",
    "TimedOut",
    "Unauthorized",
    "UnexpectedResponse",
)
CORE_EXPORTS = (
    *ERRORS,
    "ArduinoCloud",
    "AsyncArduinoCloud",
    "AuthenticatedClient",
    "Client",
    "JsonValue",
    "ModelList",
    "PartialListWarning",
    "Unparsed",
    "unparsed",
)


@dataclass(frozen=True)
class OptionalModule:
    """A runtime module that only specs with what it needs get (the OTA helper needs the
    OTA upload): `needs` are files of the generated package."""

    name: str
    needs: tuple[str, ...]
    exports: tuple[str, ...]
    readme: str


OPTIONAL = (
    OptionalModule(
        "ota",
        ("models/devices_v2_ota_upload_request.py", "api/devices_ota_v2/upload.py"),
        ("ota_upload",),
        "`ota_upload(path)` builds the body of `cloud.v2.devices_ota.upload(id=..., body=...)`.",
    ),
    OptionalModule(
        "pages",
        (
            "api/devices_v2/get_events.py",
            "api/devices_v2/get_status_events.py",
            "api/devices_v2/timeseries.py",
        ),
        (),
        "`arduino_iot_api.pages`: `device_events`, `device_status_events` and `device_values` "
        "(and `adevice_...` for asyncio) follow the pages of a device's history.",
    ),
    OptionalModule(
        "series",
        (
            "api/series_v2/batch_query_raw.py",
            "models/arduino_series_raw_response.py",
            "models/arduino_series_response.py",
            "models/arduino_timeseriesmedia.py",
        ),
        (),
        "`arduino_iot_api.series`: `raw_series(cloud.v2.series, property_id=..., start=..., "
        "end=...)` and `points(answer)` give plain typed points, `frame(points)` a pandas "
        "DataFrame (`pip install 'arduino-iot-api[pandas]'`).",
    ),
)


@dataclass(frozen=True)
class Group:
    module: str  # `things_v2`
    attribute: str  # `things`
    cls: str  # `ThingsV2`


@dataclass(frozen=True)
class Version:
    name: str  # `v2`
    cls: str  # `V2`
    groups: tuple[Group, ...]


def versions(package: Path) -> list[Version]:
    """The API versions and their groups, as the package has them."""
    found: dict[str, list[Group]] = {}
    for folder in sorted(p for p in (package / "api").iterdir() if (p / "__init__.py").exists()):
        attribute, _, version = folder.name.rpartition("_")
        if attribute and version.startswith("v"):
            found.setdefault(version, []).append(
                Group(folder.name, attribute, group_class(folder.name))
            )
    return [Version(name, name.upper(), tuple(groups)) for name, groups in sorted(found.items())]


def add_runtime(
    output: Path, operations: list[Operation], version: str, spec_sha256: str, ruff: str
) -> None:
    """The runtime layer and the modules rendered from the operations, into the project at
    `output` (its package already generated)."""
    package = output / PACKAGE
    optional = [m for m in OPTIONAL if all((package / need).exists() for need in m.needs)]
    left_out = {f"{m.name}.py" for m in OPTIONAL if m not in optional}
    for source in sorted(RUNTIME.glob("*.py")):
        if source.name not in left_out:
            atomic_write(package / source.name, source.read_text(encoding="utf-8"))
    found = versions(package)
    retries = load_retries()
    context = {
        "versions": found,
        "example": next(  # the README's example call
            (
                f"{v.name}.{g.attribute}"
                for v in reversed(found)
                for g in v.groups
                if g.attribute == "things"
            ),
            f"{found[0].name}.{found[0].groups[0].attribute}" if found else "v1.things",
        ),
        "operations": sorted(operations, key=lambda o: (o.group, o.function)),
        "classes": list(retries.classes.values()),
        "replayed": sorted(name for name, c in retries.classes.items() if c.replayed),
        "optional": optional,
        "errors": ERRORS,
        "exports": [*CORE_EXPORTS, *(name for m in optional for name in m.exports)],
        "version": version,
        "sha256": f"{int(spec_sha256, 16):064x}",
    }
    for template, target in (
        ("routes.py.jinja", package / "routes.py"),
        ("cloud.py.jinja", package / "cloud.py"),
        ("init.py.jinja", package / "__init__.py"),
        ("README.md.jinja", output / "README.md"),
    ):
        atomic_write(target, render(f"client/package/{template}", **context))
    _tidy(output, ruff)


def _tidy(output: Path, ruff: str) -> None:
    """The whole project in its own style (its ruff configuration): imports sorted, unused ones
    removed, formatted. The facade template imports every type its group's raw modules import,
    and ruff never removes unused imports of an `__init__.py`: it is given copies of those."""
    groups = sorted((output / PACKAGE / "api").glob("*/__init__.py"))
    with tempfile.TemporaryDirectory(prefix="cloudgen-facade-") as folder:
        copies = [Path(folder) / f"{init.parent.name}.py" for init in groups]
        for init, copy in zip(groups, copies, strict=True):
            copy.write_text(init.read_text(encoding="utf-8"), encoding="utf-8")
        check = [ruff, "check", "--no-cache", "--fix-only", "--extend-select=I", "-q"]
        subprocess.run([*check, str(output), folder], check=True, timeout=120)
        for init, copy in zip(groups, copies, strict=True):
            atomic_write(init, copy.read_text(encoding="utf-8"))
    subprocess.run([ruff, "format", "--no-cache", "-q", str(output)], check=True, timeout=120)
