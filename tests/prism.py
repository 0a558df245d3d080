"""A real Prism mock server (from npm, installed by `make test`) serving the pinned spec on
127.0.0.1. Prism validates each request against the spec and says what it found wrong in
an `sl-violations` header."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from helpers import REPO, free_port

PRISM = REPO / "node_modules" / ".bin" / "prism"


@contextmanager
def prism(spec: Path, log: Path) -> Iterator[str]:
    """The base URL of Prism mocking `spec`, until the block ends."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: `make test` installs it with npm ci")
    port = free_port()
    command = [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(spec)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while b"Prism is listening" not in log.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prism did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
