"""What `cloudgen spec diff` does: compare two specs, less the breaks accepted already."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.openapi.load import load_spec
from generator.specdiff.diff import diff_specs
from generator.specdiff.findings import LEVELS, Finding
from generator.specdiff.report import load_ignores, without_ignored


@dataclass(frozen=True)
class Comparison:
    old: str  # as the user named each spec
    new: str
    findings: list[Finding]

    def fails(self, level: str | None) -> bool:
        """Whether a finding at or above `level` remains (never, for no level)."""
        if level is None:
            return False
        return any(LEVELS.index(f.level) >= LEVELS.index(level) for f in self.findings)


def compare(old: str, new: str, ignore_file: Path | None = None) -> Comparison:
    ignores = load_ignores(ignore_file) if ignore_file else set()
    old_name, old_spec = load_spec(old)
    new_name, new_spec = load_spec(new)
    return Comparison(old_name, new_name, without_ignored(diff_specs(old_spec, new_spec), ignores))
