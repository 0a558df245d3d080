"""The pinned Integrations API spec: `specs/iot-api/spec.lock.yaml` and `cloudgen spec pull`."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.diagnostics import UserError
from generator.writer import atomic_write

SPEC_LOCK = Path("specs/iot-api/spec.lock.yaml")
CACHE = Path(".cloudgen/spec/openapi.yaml")
MAX_SPEC_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class SpecPin:
    url: str
    sha256: str
    date: str


def read_pin(path: Path = SPEC_LOCK) -> SpecPin:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return SpecPin(str(data["url"]), str(data["sha256"]), str(data["date"]))
    except FileNotFoundError:
        raise UserError.single(path, "spec lock not found") from None
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise UserError.single(path, f"expected url, sha256 and date ({error})") from None


def pull(pin: SpecPin, source: str | None, destination: Path = CACHE) -> Path:
    """Fetch (or copy) the spec, check its hash against the pin, and keep it in the cache."""
    origin = source or pin.url
    data = _read(origin)
    digest = hashlib.sha256(data).hexdigest()
    if digest != pin.sha256:
        raise UserError.single(
            origin,
            f"sha256 {digest} does not match the pinned {pin.sha256}: this is not the pinned "
            "spec (update specs/iot-api/spec.lock.yaml on purpose, after `cloudgen spec diff`)",
        )
    atomic_write(destination, data.decode("utf-8"))
    return destination


def _read(origin: str) -> bytes:
    if origin.startswith(("https://", "http://")):
        try:
            with urllib.request.urlopen(
                origin, timeout=30
            ) as response:  # http(s) only, checked above
                return bytes(response.read(MAX_SPEC_BYTES + 1))[:MAX_SPEC_BYTES]
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise UserError.single(
                origin, f"cannot fetch the spec ({error}); copy it with --from PATH instead"
            ) from None
    try:
        return Path(origin).read_bytes()
    except OSError as error:
        raise UserError.single(origin, f"cannot read the spec: {error.strerror}") from None
