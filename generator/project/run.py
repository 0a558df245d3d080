"""Carries out a plan: decides what is stale, refuses to overwrite hand edits, records the
lock, and writes (or, in check mode, only reports).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from generator.core.diagnostics import UserError
from generator.core.outputs import OutputFile
from generator.core.user_code import defined_callbacks
from generator.core.writer import Write, apply_writes, plan_writes
from generator.project.fastpath import USER_OWNED, generator_version, own_input_hashes, sha256
from generator.project.lock import Lock
from generator.project.plan import Plan
from generator.sketch.emit import PROPERTIES_FILE
from generator.sketch.parse import parse_text

EXIT_STALE = 1


@dataclass
class Outcome:
    writes: list[Write]
    messages: list[str] = field(default_factory=list)  # warnings about user code
    conflicts: list[Write] = field(default_factory=list)  # hand-edited generated files
    stale: list[Write] = field(default_factory=list)


def execute(plan: Plan, *, check: bool = False, force: bool = False) -> Outcome:
    """Plan every write; in check mode report what is stale, else write it."""
    policies = {output.path: output for output in plan.outputs}
    writes = plan_writes(plan.outputs)
    lock = _next_lock(plan, writes, policies)
    writes += plan_writes([lock.output()])
    outcome = Outcome(writes, messages=user_code_messages(plan, writes))
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
    lock = Lock(old.path, generator_version(), things=old.things)
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
    """Warnings for the user's code, which sync never changes on its own.

    Callbacks whose variable was removed or became read-only stay in the .ino (as in the
    Cloud editor), and a variable that looks renamed leaves its old callback behind.
    """
    by_path = {write.path: write for write in writes}
    messages = []
    for target in plan.targets:
        header = by_path.get(target.output_dir / PROPERTIES_FILE)
        ino = by_path.get(target.output_dir / f"{target.sketch_name}.ino")
        if header is None or ino is None or not header.previous:
            continue
        try:
            old = parse_text(header.previous, str(header.path))
        except UserError:
            continue  # not a file we can read back: nothing to compare with
        current = {v.callback for v in target.thing.read_write_variables}
        defined = set(defined_callbacks(ino.content))
        for callback in old.prototypes:
            if callback not in current and callback in defined:
                messages.append(
                    f"{ino.path}: {callback}() is kept, but no READ_WRITE variable uses it any "
                    "more; delete it when you have moved its code"
                )
        new = {v.variable_name: v for v in target.thing.variables}
        removed = [p for name, p in old.properties.items() if name not in new]
        added = [v for name, v in new.items() if name not in old.properties]
        for prop in removed:
            twin = next((v for v in added if v.type.cpp == prop.declaration), None)
            if twin is not None:
                added.remove(twin)
                messages.append(
                    f'{target.thing.source}: variable "{prop.variable_name}" looks renamed to '
                    f'"{twin.variable_name}"; its cloud history does not follow the new name'
                    + (
                        f", and code in {prop.callback}() must move to {twin.callback}()"
                        if prop.callback and twin.read_write
                        else ""
                    )
                )
    return messages


def unified_diff(write: Write) -> str:
    old = (write.previous or "").splitlines(keepends=True)
    new = write.content.splitlines(keepends=True)
    label = str(write.path)
    return "".join(difflib.unified_diff(old, new, f"{label} (on disk)", f"{label} (generated)"))
