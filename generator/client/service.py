"""What `cloudgen client` and `cloudgen spec pull|update` do."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.client.normalise import Fix
from generator.client.pin import CHANGELOG_NAME, Update, pin_text, pull, read_pin, update
from generator.core.diagnostics import UserError
from generator.core.hashing import sha256
from generator.core.paths import SPEC_CACHE
from generator.core.writer import atomic_write


@dataclass(frozen=True)
class Generated:
    output: Path
    fixes: list[Fix]


def generate(spec_path: str, output: Path) -> Generated:
    """The typed client of any spec (a file, or REV:path), versioned by its content."""
    from generator.client.generate import generate_client
    from generator.openapi.load import load_spec

    _, spec = load_spec(spec_path, fix_codes=False)  # the normaliser reports those fixes
    digest = content_sha256(spec_path, spec)
    fixes = generate_client(spec, output, version=client_version(digest), spec_sha256=digest)
    return Generated(output, fixes)


def content_sha256(spec_path: str, spec: dict[str, Any]) -> str:
    """The spec file's sha256 (as pinned), or for a REV:path its canonical JSON's."""
    path = Path(spec_path)
    return sha256(
        path.read_bytes() if path.is_file() else json.dumps(spec, sort_keys=True, default=str)
    )


def client_version(digest: str) -> str:
    """The pinned client_version for the pinned spec; any other gets a content-hash label."""
    try:
        pin = read_pin()
    except UserError:
        pin = None
    if pin is not None and pin.sha256 == digest:
        return pin.client_version
    return f"0.0.0+spec.{digest[:12]}"


def spec_pull(source: str | None, lock_path: Path, output: Path) -> Path:
    """Fetch (or copy) the pinned spec into the cache; its path."""
    return pull(read_pin(lock_path), source, output)


def spec_update(source: str, url: str | None, lock_path: Path) -> Update | None:
    """Move the pin to a new spec; None when `source` is the pinned spec already."""
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    done = update(lock_path, source, url, today, SPEC_CACHE)
    if done is None:
        return None
    # The lock last, as it is what moves the pin: should a write fail before it, the old pin
    # stands, and `cloudgen spec pull` puts its spec back in the cache.
    atomic_write(SPEC_CACHE, done.spec)
    atomic_write(lock_path.parent / CHANGELOG_NAME, done.changelog)
    atomic_write(lock_path, pin_text(done.pin))
    return done
