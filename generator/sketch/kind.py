"""The `sketch` output kind: an arduino-cli sketch folder per Thing and board."""

from __future__ import annotations

from functools import partial
from typing import Any

from generator.core.checks import Checker
from generator.core.diagnostics import KeyPath
from generator.project.kinds import Context, Emitting, Entry, Setting, id_setting, property_tags
from generator.project.lock import Lock, ThingState
from generator.sketch.adopt import adopt
from generator.sketch.emit import emit_sketch
from generator.sketch.kept import kept_callbacks
from generator.sketch.target import SketchTarget, TargetSettings, build_target, with_property_tags
from generator.thing.model import Thing


def secret_names(check: Checker, path: KeyPath, value: Any) -> dict[str, str] | None:
    """The sketch's own secret macro names, like `{PASS: SECRET_PASS}`."""
    if value is None:
        return {}
    data = check.mapping(path, value, "secret macro names, like `PASS: SECRET_PASS`")
    if data is None:
        return None
    names = {str(name): check.string(path + (name,), macro) for name, macro in data.items()}
    return {name: macro for name, macro in names.items() if macro is not None}


SETTINGS = (
    Setting("connection"),
    Setting("auth"),
    Setting("provisioning"),
    Setting("device_id", id_setting),
    Setting("thing_id", id_setting),
    Setting("lora_band"),
    Setting("style"),
    Setting("lora_tags", property_tags),
    Setting("secret_names", secret_names),
)


class SketchKind:
    key = "sketch"
    needs_board = True
    settings = SETTINGS

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> Emitting | None:
        if board is None:
            return None  # the project said so already
        settings = target_settings(board, entry)
        target = build_target(thing, settings, context.catalog, entry.report)
        if target is None:
            return None
        target = adopt(target, context.catalog)
        tagged = _tagged(target, settings, context.lock, entry.state_key)
        return Emitting(entry.folder, partial(emit_sketch, tagged), partial(kept_callbacks, tagged))


def target_settings(board: str, entry: Entry) -> TargetSettings:
    """The sketch's settings, from a project entry or a command's options alike."""
    tags = entry.values.get("lora_tags")
    names = entry.values.get("secret_names")
    return TargetSettings(
        board=board,
        output_dir=entry.folder,
        connection=entry.text("connection"),
        style=entry.text("style") or "legacy",
        device_id=entry.text("device_id"),
        thing_id=entry.text("thing_id"),
        lora_band=entry.text("lora_band"),
        property_tags=dict(tags) if isinstance(tags, dict) else {},
        auth=entry.text("auth"),
        provisioning=entry.text("provisioning"),
        secret_names=dict(names) if isinstance(names, dict) else {},
    )


def _tagged(target: SketchTarget, settings: TargetSettings, lock: Lock, key: str) -> SketchTarget:
    """LoRaWAN properties get stable tags, remembered in the lock."""
    if not target.family.uses_property_tags:
        return target
    state = lock.things.get(key, ThingState())
    target, next_tag = with_property_tags(
        target, settings.property_tags, state.lora_tags, state.next_lora_tag
    )
    lock.things[key] = ThingState(dict(target.property_tags), next_tag)
    return target


SKETCH = SketchKind()
