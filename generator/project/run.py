"""Carries out a plan: decides what is stale, refuses to overwrite hand edits, records the
lock, and writes (or, in check mode, only reports).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.diagnostics import Diagnostic
from generator.core.hashing import sha256
from generator.core.outputs import OutputFile
from generator.core.writer import Write, apply_writes, plan_writes
from generator.project.fastpath import USER_OWNED, generator_version, own_input_hashes
from generator.project.lock import Lock
from generator.project.plan import Plan
from generator.project.secrets_check import redact


@dataclass
class Outcome:
    """What a run wrote, or (in check mode) would write, and what it has to say."""

    writes: list[Write]
    warnings: list[Diagnostic] = field(default_factory=list)  # about the inputs
    messages: list[str] = field(default_factory=list)  # warnings about user code
    conflicts: list[Write] = field(default_factory=list)  # hand-edited generated files
    stale: list[Write] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what a run added, said for the user


def execute(plan: Plan, *, check: bool = False, force: bool = False) -> Outcome:
    """Plan every write; in check mode report what is stale, else write it."""
    policies = {output.path: output for output in plan.outputs}
    writes = plan_writes(plan.outputs)
    lock = _next_lock(plan, writes, policies)
    writes += plan_writes([lock.output()])
    outcome = Outcome(writes, plan.warnings, user_code_messages(plan, writes))
    for write in writes:
        output = policies.get(write.path)
        if output is not None and output.policy == "once":
            continue  # the user's from the moment it exists (secrets are never checked)
        if write.action in ("create", "update"):
            outcome.stale.append(write)
        recorded = plan.lock.outputs.get(plan.lock.key(write.path))
        if (
            output is not None
            and output.policy == "generated"
            and write.previous is not None
            and write.action == "update"
            and recorded not in (None, USER_OWNED, sha256(write.previous))
        ):
            outcome.conflicts.append(write)
    if check:
        return outcome
    if outcome.conflicts and not force:
        return outcome
    backups = [
        OutputFile(w.path.with_name(w.path.name + ".orig"), w.previous or "")
        for w in outcome.conflicts
    ]
    outcome.writes += plan_writes(backups)
    apply_writes(outcome.writes)
    return outcome


def _next_lock(plan: Plan, writes: list[Write], policies: dict[Path, OutputFile]) -> Lock:
    old = plan.lock
    lock = Lock(old.path, generator_version(), old.config, things=old.things)
    if plan.partial:
        # Only this part was regenerated: the rest keeps its old hashes, so that a later
        # full run still sees whatever else changed.
        lock.generator = old.generator or lock.generator
        lock.inputs, lock.outputs = dict(old.inputs), dict(old.outputs)
    else:
        lock.inputs.update(own_input_hashes())
    for path in plan.inputs:
        lock.inputs[lock.key(path)] = sha256(path.read_bytes())
    for write in writes:
        generated = policies[write.path].policy == "generated"
        lock.outputs[lock.key(write.path)] = sha256(write.content) if generated else USER_OWNED
    return lock


def user_code_messages(plan: Plan, writes: list[Write]) -> list[str]:
    """Warnings about the user's code, which a run never changes on its own."""
    by_path = {write.path: write for write in writes}
    return [message for target in plan.targets for message in target.kept_user_code(by_path)]


def unified_diff(write: Write) -> str:
    """The change to one file, as a unified diff; credential values are never shown."""
    old = (write.previous or "").splitlines(keepends=True)
    new = write.content.splitlines(keepends=True)
    label = str(write.path)
    diff = difflib.unified_diff(old, new, f"{label} (on disk)", f"{label} (generated)")
    return "".join(redact(line) for line in diff)
