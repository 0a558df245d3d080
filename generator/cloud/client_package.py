"""The generated API client that the cloud commands run on, dogfooded: built from the
pinned spec into `.cloudgen/client/<spec sha256>/` on first use, then imported from there.

It is rebuilt when the pin or cloudgen itself changed (a stamp beside it says from what),
and never fetches anything: the spec comes from the cache `cloudgen spec pull` fills.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from generator.client.generate import PROJECT
from generator.client.package import PACKAGE
from generator.client.pin import SpecPin, cached_spec, read_pin
from generator.cloud.errors import CloudError
from generator.core.diagnostics import UserError
from generator.core.hashing import sha256
from generator.core.paths import SPEC_CACHE, STATE_DIR, spec_lock_for
from generator.core.writer import atomic_write
from generator.project.fastpath import own_input_hashes

STAMP = ".cloudgen-client"


@dataclass(frozen=True)
class ClientBuild:
    pin: SpecPin
    project: Path  # the installable project: .cloudgen/client/<sha256>/arduino-iot-api
    stamp: str  # what it is built from: the pin and cloudgen itself


def client_build(root: Path) -> ClientBuild:
    """Where the client of the project's pinned spec lives, and what it is built from."""
    try:
        pin = read_pin(spec_lock_for(root))
    except UserError as error:
        raise CloudError(str(error)) from None
    own = own_input_hashes()
    stamp = sha256(pin.sha256 + "".join(f"{key}={own[key]}" for key in sorted(own)))
    return ClientBuild(pin, root / STATE_DIR / "client" / pin.sha256 / PROJECT, stamp)


def build_client(root: Path) -> ClientBuild:
    """The client for the pinned spec, built if it is missing or stale."""
    build = client_build(root)
    try:
        if (build.project / STAMP).read_text(encoding="utf-8") == build.stamp:
            return build
    except OSError:
        pass
    data = cached_spec(build.pin, root / SPEC_CACHE)
    if data is None:
        raise CloudError(
            f"the pinned Integrations API spec is not in {SPEC_CACHE}: run `cloudgen spec pull` "
            "(with --from PATH when offline); cloudgen builds its API client from it"
        )
    from generator.client.generate import generate_client
    from generator.openapi.load import parse_spec

    build.project.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=build.project.parent, prefix=".build-") as building:
        fresh = Path(building) / PROJECT
        spec = parse_spec(data, str(SPEC_CACHE), fix_codes=False)
        pin = build.pin
        generate_client(spec, fresh, version=pin.client_version, spec_sha256=pin.sha256)
        atomic_write(fresh / STAMP, build.stamp)
        if build.project.exists():
            build.project.rename(Path(building) / "previous")  # removed with the folder
        fresh.rename(build.project)
    return build


def import_client(root: Path) -> ModuleType:
    """The `arduino_iot_api` package built from the project's pinned spec."""
    build = build_client(root)
    loaded = sys.modules.get(PACKAGE)
    if loaded is not None and build.pin.sha256 in (loaded.__doc__ or ""):
        return loaded  # already imported (from here or an equal build) in this process
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    sys.path.insert(0, str(build.project))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(build.project))
