"""The only module that touches the disk for outputs: plans every write, then makes them.

Planning reads the current files and decides per file; nothing is written until the
whole plan is known, so an error found while planning leaves the disk untouched. Each
write goes to a temporary file in the same folder and is renamed over the target, so a
file is always either fully old or fully new.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.core.diagnostics import UserError
from generator.core.outputs import OutputFile

Action = Literal["create", "update", "unchanged", "kept"]


@dataclass(frozen=True)
class Write:
    path: Path
    action: Action
    content: str  # the file's full content after the write
    previous: str | None = None  # its content before, None when it does not exist


def plan_writes(outputs: list[OutputFile]) -> list[Write]:
    return [_plan(output) for output in outputs]


def _plan(output: OutputFile) -> Write:
    path = output.path
    if path.is_symlink():
        raise UserError.single(
            path, "output is a symbolic link; cloudgen only writes regular files"
        )
    if path.exists() and not path.is_file():
        raise UserError.single(path, "output path exists and is not a file")
    current = _read(path)
    if current is None:
        return Write(path, "create", output.content)
    if output.policy == "once":
        return Write(path, "kept", current, current)
    new = output.merge(current) if output.merge else output.content
    return Write(path, "unchanged" if new == current else "update", new, current)


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        return ""  # not ours any more: treat as different content
    except OSError as error:
        raise UserError.single(path, f"cannot read existing output: {error.strerror}") from None


def apply_writes(writes: list[Write]) -> None:
    changing = [w for w in writes if w.action in ("create", "update")]
    _remove_leftovers({w.path.parent for w in changing})
    for write in changing:
        atomic_write(write.path, write.content)


def _remove_leftovers(folders: set[Path]) -> None:
    """Temporary files of a run that was killed before it could clean up.

    Another run may be writing into the same folder right now, so only the files of a
    process that is gone are removed (or, without a process id, files over an hour old).
    """
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # not created yet
        for entry in entries:
            match = _TEMPORARY.match(entry.name)
            if match and _abandoned(match["pid"], entry):
                Path(entry.path).unlink(missing_ok=True)


# What `atomic_write` names its temporary files: `.NAME.PID-RANDOM.tmp` (older versions
# wrote `.NAME.RANDOM.tmp`).
_TEMPORARY = re.compile(r"^\..+\.(?:(?P<pid>[0-9]+)-)?[A-Za-z0-9_]+\.tmp$")
_ABANDONED_AFTER = 3600.0  # seconds, for a temporary file that names no process


def _abandoned(pid: str | None, entry: os.DirEntry[str]) -> bool:
    if pid is not None and os.name == "posix":
        if int(pid) == os.getpid():
            return False
        try:
            os.kill(int(pid), 0)  # signal 0: only asks whether the process exists
        except ProcessLookupError:
            return True
        except OSError:
            pass  # it exists, and belongs to someone else
        return False
    try:
        return time.time() - entry.stat().st_mtime > _ABANDONED_AFTER
    except OSError:
        return False


def atomic_write(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{path.name}.{os.getpid()}-"
    fd, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            # No fsync: the rename already keeps a killed run from leaving a half-written
            # file, and every output can be regenerated, so power-loss durability is not
            # worth a disk flush per file (it tripled the time of a 1000-Thing run).
            handle.write(content.encode("utf-8"))
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
