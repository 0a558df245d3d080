"""The project's own API client: `cloudgen generate` builds it from the pinned spec into
generated/python/arduino-iot-api (git-ignored), whenever the pin or cloudgen changed.

It never fetches anything: the pinned spec comes from the cache that `cloudgen spec pull`
fills. Without it the client is skipped with a warning, and the rest of the run goes on.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.client.pin import CHANGELOG_NAME, cached_spec, read_pin
from generator.core.paths import SPEC_CACHE, SPEC_LOCK
from generator.core.writer import atomic_write
from generator.project.fastpath import CLIENT_DIR, CLIENT_STAMP, client_stamp


@dataclass(frozen=True)
class ClientBuild:
    """What `update_client` did: generated a version, or skipped it and why."""

    version: str | None = None
    skipped: str | None = None


def update_client(root: Path) -> ClientBuild | None:
    """Regenerate the client if its stamp is stale (None when the project pins no spec).
    The old client stays until the new one is complete, then the two folders swap."""
    stamp = client_stamp(root)
    if stamp is None:
        return None
    pin = read_pin(root / SPEC_LOCK)
    data = cached_spec(pin, root / SPEC_CACHE)
    if data is None:
        return ClientBuild(
            skipped=f"{CLIENT_DIR} not generated: the pinned spec is not in {SPEC_CACHE} (run "
            "`cloudgen spec pull`, with --from PATH when offline)"
        )
    from generator.client.generate import generate_client
    from generator.openapi.load import parse_spec

    changelog_path = root / SPEC_LOCK.parent / CHANGELOG_NAME
    changelog = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else None
    output = root / CLIENT_DIR
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".cloudgen-") as folder:
        fresh = Path(folder) / output.name
        generate_client(
            parse_spec(data, str(SPEC_CACHE), fix_codes=False),
            fresh,
            version=pin.client_version,
            spec_sha256=pin.sha256,
            changelog=changelog,
        )
        atomic_write(fresh / CLIENT_STAMP, stamp)
        if output.exists():
            output.rename(Path(folder) / "previous")
        fresh.rename(output)
    return ClientBuild(version=pin.client_version)
