"""Content hashes, as the lock and the client stamp record them."""

from __future__ import annotations

import hashlib
from pathlib import Path


def sha256(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None
