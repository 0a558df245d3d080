"""Findings of the spec diff and the checks they come from (specs/catalog/spec_checks.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from generator.core.paths import CATALOG_DIR

LEVELS = ("INFO", "WARN", "ERR")


@dataclass(frozen=True)
class Check:
    id: str
    level: str
    explains: str


@cache
def checks() -> dict[str, Check]:
    data = yaml.safe_load((CATALOG_DIR / "spec_checks.yaml").read_text(encoding="utf-8"))
    return {key: Check(key, v["level"], v["explains"]) for key, v in data["checks"].items()}


@dataclass(frozen=True)
class Finding:
    check: str
    level: str
    old: str | None  # JSON pointer into the old spec
    new: str | None  # JSON pointer into the new spec
    message: str

    def sort_key(self) -> tuple[int, str, str, str]:
        return (-LEVELS.index(self.level), self.check, self.old or "", self.new or "")

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "level": self.level,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


def semver_bump(findings: list[Finding]) -> str:
    """major for breaking changes, minor for additions, patch otherwise (client versions)."""
    levels = {f.level for f in findings}
    if "ERR" in levels:
        return "major"
    return "minor" if findings else "patch"
