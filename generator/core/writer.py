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
    """Temporary files of a run that was killed before it could clean up."""
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # not created yet
        for entry in entries:
            if _LEFTOVER.match(entry.name):
                Path(entry.path).unlink(missing_ok=True)


# What `atomic_write` names its temporary files: `.NAME.RANDOM.tmp`.
_LEFTOVER = re.compile(r"^\..+\.[A-Za-z0-9_]+\.tmp$")


def atomic_write(path: Path, content: str) -> None:
    """Write via a temporary file in the same folder and an atomic rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
