"""Content hashes, as the lock and the client stamp record them."""

from __future__ import annotations

from pathlib import Path

# The interpreter's own SHA-256: `import hashlib` loads OpenSSL, which alone takes longer
# than all the rest of a no-op `cloudgen generate` (bench/noop.py). Same digests.
try:
    from _sha2 import sha256 as new_sha256  # type: ignore[import-not-found]  # Python 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as new_sha256  # type: ignore[import-not-found]  # 3.11
    except ImportError:  # an interpreter built without them
        from hashlib import sha256 as new_sha256

__all__ = ["file_sha256", "new_sha256", "sha256"]


def sha256(data: bytes | str) -> str:
    digest: str = new_sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
    return digest


def file_sha256(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes())
    except OSError:
        return None
