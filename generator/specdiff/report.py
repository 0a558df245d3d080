"""Formats a spec diff as text, Markdown (for a pull-request comment) or stable JSON."""

from __future__ import annotations

import json
from pathlib import Path

from generator.core.diagnostics import Diagnostic, UserError
from generator.specdiff.findings import LEVELS, Finding, checks

JSON_FORMAT = 1


def summary(findings: list[Finding]) -> dict[str, int]:
    return {level: sum(1 for f in findings if f.level == level) for level in reversed(LEVELS)}


def as_text(findings: list[Finding]) -> str:
    if not findings:
        return "No changes.\n"
    lines = [
        f"{f.level:<4} {f.check:<36} {f.message}\n     {f.old or '-'} -> {f.new or '-'}"
        for f in findings
    ]
    counts = summary(findings)
    lines.append(f"{counts['ERR']} breaking, {counts['WARN']} warnings, {counts['INFO']} additions")
    return "\n".join(lines) + "\n"


def as_markdown(findings: list[Finding], old: str, new: str) -> str:
    counts = summary(findings)
    head = (
        f"### API changes from `{_md(old)}` to `{_md(new)}`\n\n"
        f"**{counts['ERR']} breaking**, {counts['WARN']} warnings, {counts['INFO']} additions\n"
    )
    if not findings:
        return head
    rows = ["| level | check | change | where |", "|---|---|---|---|"]
    for f in findings:
        where = f.new or f.old or ""
        rows.append(f"| {f.level} | `{f.check}` | {_md(f.message)} | `{_md(where)}` |")
    notes = sorted({f.check for f in findings})
    explained = "\n".join(f"- `{c}`: {checks()[c].explains}" for c in notes)
    return head + "\n" + "\n".join(rows) + "\n\n" + explained + "\n"


def as_json(findings: list[Finding], old: str, new: str) -> str:
    document = {
        "format": JSON_FORMAT,
        "old": old,
        "new": new,
        "summary": summary(findings),
        "findings": [f.as_json() for f in findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("`", "'").replace("\n", " ")


def load_ignores(path: Path) -> set[tuple[str, str]]:
    """`check-id pointer` pairs, one per line.

    A line starting with `#` is a comment, and so is the rest of a line after ` # `
    (pointers themselves start with `#/`).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise UserError.single(path, f"cannot read the ignore file: {error.strerror}") from None
    ignores, problems = set(), []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = "" if raw.lstrip().startswith("#") else raw.split(" # ", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) != 2 or parts[0] not in checks():
            problems.append(
                Diagnostic(
                    str(path), number, 1, "", f"expected `check-id #/json/pointer`, found {line!r}"
                )
            )
            continue
        ignores.add((parts[0], parts[1]))
    if problems:
        raise UserError(problems)
    return ignores


def without_ignored(findings: list[Finding], ignores: set[tuple[str, str]]) -> list[Finding]:
    return [
        f
        for f in findings
        if (f.check, f.old or "") not in ignores and (f.check, f.new or "") not in ignores
    ]


def changelog_entry(findings: list[Finding], version: str, date: str) -> str:
    """A CHANGELOG section for a generated client: breaking changes first."""
    titles = {"ERR": "Breaking changes", "WARN": "May break", "INFO": "Added"}
    lines = [f"## {version} ({date})", ""]
    for level in reversed(LEVELS):
        chosen = [f for f in findings if f.level == level]
        if chosen:
            lines += [f"### {titles[level]}", "", *(f"- {f.message}" for f in chosen), ""]
    if not findings:
        lines += ["No API changes.", ""]
    return "\n".join(lines)
