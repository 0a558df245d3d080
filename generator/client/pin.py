"""The pinned Integrations API spec: `specs/iot-api/spec.lock.yaml`, `cloudgen spec pull` and
`cloudgen spec update`, which versions the generated client from what changed."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.core.diagnostics import UserError
from generator.core.paths import SPEC_CACHE, SPEC_LOCK
from generator.core.writer import atomic_write

CHANGELOG_NAME = "CHANGELOG.md"  # beside the spec lock: the generated client's history
MAX_SPEC_BYTES = 16 * 1024 * 1024
SEMVER = re.compile(r"(\d+)\.(\d+)\.(\d+)")
LOCK_HEADER = """\
# The Integrations API spec cloudgen generates clients from, pinned by content.
# `cloudgen spec pull` fetches it (or copies it, with --from) into .cloudgen/spec/ and
# checks the hash; `cloudgen spec update` moves the pin and bumps client_version from
# what changed. The spec itself is never committed.
"""


@dataclass(frozen=True)
class SpecPin:
    url: str
    sha256: str
    date: str
    client_version: str  # of the generated client: follows the spec's content
    source: dict[str, str] | None = None  # where the URL points, for people


def read_pin(path: Path = SPEC_LOCK) -> SpecPin:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        version = str(data["client_version"])
        if not SEMVER.fullmatch(version):
            raise ValueError(f"client_version {version!r} is not MAJOR.MINOR.PATCH")
        return SpecPin(
            str(data["url"]), str(data["sha256"]), str(data["date"]), version, data.get("source")
        )
    except FileNotFoundError:
        raise UserError.single(path, "spec lock not found") from None
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as error:
        raise UserError.single(
            path, f"expected url, sha256, date and client_version ({error})"
        ) from None


def pin_text(pin: SpecPin) -> str:
    data = {k: v for k, v in dataclasses.asdict(pin).items() if v is not None}
    order = ("source", "url", "sha256", "date", "client_version")
    return LOCK_HEADER + yaml.safe_dump({k: data[k] for k in order if k in data}, sort_keys=False)


def bumped(version: str, part: str) -> str:
    """`version` with its `part` (major, minor or patch) raised and the lower parts reset."""
    match = SEMVER.fullmatch(version)
    assert match is not None  # read_pin checked it
    major, minor, patch = (int(n) for n in match.groups())
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def pull(pin: SpecPin, source: str | None, destination: Path = SPEC_CACHE) -> Path:
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


def cached_spec(pin: SpecPin, cache: Path) -> bytes | None:
    """The pinned spec from the cache, or None when the cache does not hold it."""
    try:
        data = cache.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == pin.sha256 else None


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


@dataclass(frozen=True)
class Update:
    pin: SpecPin
    spec: str  # the new spec's text, for the cache
    changelog: str  # the whole new CHANGELOG.md
    findings: int
    bump: str


def update(lock_path: Path, source: str, url: str | None, today: str, cache: Path) -> Update | None:
    """The pin moved to the spec at `source`, with client_version bumped by what changed
    since the pinned spec (read from the cache) and a CHANGELOG entry. None if unchanged."""
    from generator.openapi.load import parse_spec
    from generator.specdiff.diff import diff_specs
    from generator.specdiff.findings import semver_bump
    from generator.specdiff.report import changelog_entry

    pin = read_pin(lock_path)
    if not source.startswith(("https://", "http://")) and url is None:
        raise UserError.single(source, "a local copy needs --url: the address the lock pins")
    data = _read(source)
    digest = hashlib.sha256(data).hexdigest()
    if digest == pin.sha256:
        return None
    old = cached_spec(pin, cache)
    if old is None:
        raise UserError.single(cache, "the pinned spec is not here: run `cloudgen spec pull` first")
    findings = diff_specs(parse_spec(old, str(cache)), parse_spec(data, source))
    bump = semver_bump(findings)
    version = bumped(pin.client_version, bump)
    new = SpecPin(url or source, digest, today, version)
    changelog_path = lock_path.parent / CHANGELOG_NAME
    history = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else ""
    changelog = _with_entry(history, changelog_entry(findings, version, today))
    return Update(new, data.decode("utf-8"), changelog, len(findings), bump)


def _with_entry(history: str, entry: str) -> str:
    """The changelog with `entry` above the newest version's section."""
    head, marker, rest = history.partition("\n## ")
    if not marker:
        return (history.rstrip("\n") + "\n\n" if history else "") + entry
    return f"{head}\n{entry}\n## {rest}"
