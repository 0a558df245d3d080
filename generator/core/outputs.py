"""What an emitter hands to the writer: a file's path, its content and how to treat it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# generated: owned by cloudgen, rewritten whenever its content changes
# once:      a starting point for the user (secrets), written only if missing
# merge:     owned by the user; `merge` turns the current text into the new text,
#            touching only what cloudgen maintains in it (written whole if missing)
Policy = Literal["generated", "once", "merge"]


@dataclass(frozen=True)
class OutputFile:
    path: Path
    content: str
    policy: Policy = "generated"
    merge: Callable[[str], str] | None = None


def ensure_lines(*lines: str) -> Callable[[str], str]:
    """A merge that appends whichever of `lines` the file lacks."""

    def merge(current: str) -> str:
        present = set(current.splitlines())
        missing = [line for line in lines if line not in present]
        if not missing:
            return current
        prefix = current if current.endswith("\n") or not current else current + "\n"
        return prefix + "".join(f"{line}\n" for line in missing)

    return merge
