"""What an emitter hands to the writer: a file's path, its content and how to treat it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# generated: owned by cloudgen, rewritten whenever its content changes
# once:      a starting point for the user (scaffold, secrets), written only if missing
# lines:     each line of content must be present; missing lines are appended
Policy = Literal["generated", "once", "lines"]


@dataclass(frozen=True)
class OutputFile:
    path: Path
    content: str
    policy: Policy = "generated"
