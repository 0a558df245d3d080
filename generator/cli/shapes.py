"""The JSON documents of `--json`: one per command, stable, documented in the README.

Every document has `"format": 1` (raised only by a change that breaks readers), `"ok"`
(false exactly when the command exits 2 for bad input; the document then holds only the
diagnostics) and `"diagnostics"`: the errors and warnings, each
`{"file", "line", "column", "key", "level", "message"}`; line and column are 0 for a
problem with a command-line option, which `file` then names as "cloudgen" and `key` as
the option.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.core.catalog import Catalog
from generator.core.diagnostics import Diagnostic
from generator.project.run import Outcome, unified_diff
from generator.thing.model import Variable

if TYPE_CHECKING:
    from generator.cloud.plan import CloudPlan

FORMAT = 1


def document(diagnostics: Iterable[Diagnostic] = (), **fields: Any) -> dict[str, Any]:
    return {"format": FORMAT, "ok": True, **fields, "diagnostics": diagnostics_of(diagnostics)}


def failure(diagnostics: Iterable[Diagnostic]) -> dict[str, Any]:
    return {"format": FORMAT, "ok": False, "diagnostics": diagnostics_of(diagnostics)}


def diagnostics_of(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    return [
        {
            "file": d.file,
            "line": d.line,
            "column": d.column,
            "key": d.key,
            "level": d.level,
            "message": d.message,
        }
        for d in diagnostics
    ]


def boards(catalog: Catalog) -> dict[str, Any]:
    """`{"boards": [{"fqbn", "name", "connections", "auth", "auths", "support",
    "examples"}]}`: an FQBN with `*` matches any board of its core; `examples` are such
    boards; `auth` is the default authentication, `auths` every one the board allows."""
    return document(
        boards=[
            {
                "fqbn": board.fqbn,
                "name": board.name,
                "connections": list(board.families),
                "auth": board.auth,
                "auths": list(board.auths),
                "support": board.support,
                "examples": list(board.examples),
            }
            for board in catalog.boards
        ]
    )


def types(catalog: Catalog, group: str | None) -> dict[str, Any]:
    """`{"types": [{"type", "cpp", "micropython", "senml", "group", "same_as", "basis"}]}`;
    `senml` is a field kind, or for a multi-value type a mapping of field to kind."""
    return document(
        types=[
            {
                "type": t.name,
                "cpp": t.cpp,
                "micropython": t.python,
                "senml": t.senml,
                "group": t.group,
                "same_as": t.same_as,
                "basis": t.basis,
            }
            for t in catalog.types.values()
            if not group or t.group == group
        ]
    )


def variables(thing: Path, found: Sequence[Variable]) -> dict[str, Any]:
    """`{"thing", "variables": [{"variable_name", "name", "type", "cpp", "permission",
    "update_strategy", "update_parameter"}]}`, in the template's order."""
    return document(
        thing=thing.as_posix(),
        variables=[
            {
                "variable_name": v.variable_name,
                "name": v.name,
                "type": v.type.name,
                "cpp": v.type.cpp,
                "permission": v.permission,
                "update_strategy": v.update_strategy,
                "update_parameter": v.update_parameter,
            }
            for v in found
        ],
    )


def validated(files: Sequence[Path], warnings: Sequence[Diagnostic]) -> dict[str, Any]:
    """`{"files": [...]}`: the files checked, all valid (warnings may remain)."""
    return document(warnings, files=[file.as_posix() for file in files])


def outcome(result: Outcome, *, check: bool) -> dict[str, Any]:
    """`{"check", "up_to_date", "files": [{"path", "action", "diff"}], "edited", "messages"}`.

    With check, `files` are the stale outputs (`diff` is a unified diff, null for a file
    that does not exist yet); otherwise every file written (`action` create or update).
    `edited` lists generated files edited by hand; `messages` warn about the user's code.
    """
    files = [
        {
            "path": write.path.as_posix(),
            "action": write.action,
            "diff": unified_diff(write) if check and write.previous is not None else None,
        }
        for write in result.stale
    ]
    return document(
        result.warnings,
        check=check,
        up_to_date=not result.stale,
        files=files,
        edited=[write.path.as_posix() for write in result.conflicts],
        messages=list(result.messages),
    )


def cloud_plan(plan: CloudPlan) -> dict[str, Any]:
    """`cloud plan --json`: the plan's own stable form (`cloud.plan.plan_json`, README
    "cloud plan --json"), with `ok` and `diagnostics` like every document."""
    from generator.cloud.plan import plan_json

    fields = {key: value for key, value in plan_json(plan).items() if key != "format"}
    return document(**fields)
