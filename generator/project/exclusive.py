"""One writing cloudgen at a time per project: an OS file lock under `.cloudgen/`.

Two runs on one project at once (an editor plugin and a pre-commit hook, `make -j`, two
terminals) would interleave their writes. Every command that writes holds this lock
while it plans and writes; a second run waits a bounded time, then gives up naming the
holder. The OS drops the lock when its holder exits, however it exits, so a killed run
never leaves a stale lock; a finished run removes the file (and `.cloudgen/` when that
is left empty), so a project shows no trace of it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import UserError
from generator.core.paths import STATE_DIR

try:
    import fcntl
except ImportError:  # Windows: no flock; runs are not serialised there
    fcntl = None  # type: ignore[assignment]

RUN_LOCK = STATE_DIR / "run.lock"
DEFAULT_WAIT = 60.0  # seconds; CLOUDGEN_LOCK_TIMEOUT overrides it
_POLL = 0.05


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as the holder wrote it into the lock file."""

    pid: int | None
    command: str

    def __str__(self) -> str:
        if self.pid is None:
            return "another cloudgen process"
        return f"process {self.pid} ({self.command})" if self.command else f"process {self.pid}"


def wait_limit() -> float:
    try:
        return max(0.0, float(os.environ["CLOUDGEN_LOCK_TIMEOUT"]))
    except (KeyError, ValueError):
        return DEFAULT_WAIT


@contextmanager
def project_lock(
    root: Path, command: str, on_wait: Callable[[Holder], None], wait: float | None = None
) -> Iterator[None]:
    """Hold the project lock of `root` for the block; `on_wait` is told once if another
    run holds it. After `wait` seconds (default `wait_limit()`) a UserError names it."""
    if fcntl is None:
        yield
        return
    path = root / RUN_LOCK
    fd = _acquire(path, on_wait, wait_limit() if wait is None else wait)
    if fd is None:
        yield  # no folder, or one that cannot be written: the run will say so
        return
    try:
        os.ftruncate(fd, 0)  # a killed holder's name may still be in it
        os.write(fd, f"{os.getpid()} {command}\n".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # while still holding it: see _acquire
        with contextlib.suppress(OSError):  # it holds the spec cache, or another run's lock
            path.parent.rmdir()
        os.close(fd)


def _acquire(path: Path, on_wait: Callable[[Holder], None], wait: float) -> int | None:
    """A descriptor of the locked file, or None when the lock file cannot be created.

    A holder removes the file before it lets go, so a waiter may lock a file that is
    no longer there: it then starts again on the path's new file.
    """
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            path.parent.mkdir(exist_ok=True)  # not the project folder: it must exist
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except FileNotFoundError:
            if not path.parent.parent.is_dir():
                return None  # no project here: the run says so
            continue  # .cloudgen/ was removed by a finishing holder just now
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            holder = read_holder(path)
            if time.monotonic() >= deadline:
                raise UserError.single(
                    os.path.relpath(path),
                    f"{holder} has held the project lock for over {wait:g} s; wait for it "
                    "to finish or stop it, then run again (CLOUDGEN_LOCK_TIMEOUT sets the wait)",
                ) from None
            if not told:
                on_wait(holder)
                told = True
            time.sleep(_POLL)
            continue
        if _is_current_file(fd, path):
            return fd
        os.close(fd)


def _is_current_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def read_holder(path: Path) -> Holder:
    try:
        pid, _, command = path.read_text(encoding="utf-8").strip().partition(" ")
        return Holder(int(pid), command)
    except (OSError, UnicodeDecodeError, ValueError):
        return Holder(None, "")  # it has not written its name yet
