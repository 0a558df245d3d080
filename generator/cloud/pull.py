"""`cloudgen cloud pull`: cloud Things -> templates, cloudgen.yaml entries and LoRaWAN tags.

Everything is decided before anything is written; a Thing whose template already says
what the cloud has is not rewritten, so pulling twice writes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.cloud.local import LocalProject, LocalThing, uses_property_tags
from generator.cloud.model import CloudDevice, CloudThing
from generator.cloud.template_out import in_step, template_data, template_text
from generator.core.catalog import Catalog
from generator.core.diagnostics import Diagnostics, UserError
from generator.core.outputs import OutputFile
from generator.core.source import parse_yaml
from generator.project.config import ThingEntry
from generator.project.config_file import append_entry, entry_yaml, set_entry_values
from generator.project.lock import ThingState
from generator.thing.load import load_thing, thing_from_document
from generator.thing.model import Thing
from generator.thing.names import file_slug, sketch_name


@dataclass
class PullPlan:
    outputs: list[OutputFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)  # entries for the user to add by hand


def plan_pull(
    project: LocalProject,
    pulled: Sequence[CloudThing],
    local_of: Mapping[str, LocalThing],  # cloud Thing id -> the project's Thing
    devices: Mapping[str, CloudDevice],
) -> PullPlan:
    """The files a pull writes: each Thing's template, cloudgen.yaml and the lock."""
    result = PullPlan()
    config_text = project.config_path.read_text(encoding="utf-8")
    config_before, lock_before = config_text, project.lock.output().content
    diagnostics = Diagnostics()
    taken = {thing.template for thing in project.things}
    for cloud in pulled:
        local = local_of.get(cloud.id)
        previous: Thing | None
        if local is not None:
            template, previous = local.template, local.thing
        else:
            template, previous = _unlisted_template(project, cloud, taken)
        taken.add(template)
        text = _template(project, cloud, previous, template, diagnostics)
        if text is not None:
            result.outputs.append(OutputFile(project.root / template, text))
        device = devices.get(cloud.device_id or "")
        entry = local.entry if local else None
        values, board = entry_values(entry, cloud, device, project.catalog, result.warnings)
        config_text = _with_entry(config_text, entry, template, cloud, values, board, result)
        _record_tags(project, template, entry, board, cloud)
    if diagnostics.errors:
        raise UserError(diagnostics.items)
    if config_text != config_before:
        result.outputs.append(OutputFile(project.config_path, config_text))
    lock = project.lock.output()
    if lock.content != lock_before:
        result.outputs.append(lock)
    return result


def _template(
    project: LocalProject,
    cloud: CloudThing,
    previous: Thing | None,
    template: str,
    diagnostics: Diagnostics,
) -> str | None:
    """The new template text, checked like any template; None when it stays as it is."""
    if previous is not None and in_step(previous, cloud):
        return None
    path = project.root / template
    previous_text = path.read_text(encoding="utf-8") if path.exists() else None
    data = template_data(cloud, previous)
    text = template_text(data, path.suffix.lower() == ".json", previous_text)
    thing_from_document(parse_yaml(text, template), project.catalog, diagnostics)
    return text


def entry_values(
    entry: ThingEntry | None,
    cloud: CloudThing,
    device: CloudDevice | None,
    catalog: Catalog,
    warnings: list[str],
) -> tuple[dict[str, str], str | None]:
    """The settings of a Thing's entry the cloud knows: its id, and from its device the
    board (FQBN), the device id where the board logs in with one, and the LoRaWAN band."""
    settings: Mapping[str, Any] = entry.settings if entry else {}
    board = entry.board if entry else None
    values = {"thing_id": cloud.id}
    fqbn = (device.fqbn if device else None) or cloud.device_fqbn
    if fqbn and catalog.board(fqbn) is None:
        warnings.append(
            f'"{cloud.name}": the device\'s board {fqbn} is not one cloudgen supports '
            "(`cloudgen boards`); the entry's board is kept"
        )
    elif fqbn and (board is None or board.split(":")[:3] != fqbn.split(":")[:3]):
        if board is not None:
            warnings.append(f'"{cloud.name}": board {board} -> {fqbn}, the device\'s FQBN')
        values["board"] = board = fqbn
    known = catalog.board(board) if board else None
    logs_in = known is not None and catalog.auths[known.auth].identity_from == "device_id"
    if cloud.device_id and (logs_in or known is None or "device_id" in settings):
        values["device_id"] = cloud.device_id
    plans = {plan: band for f in catalog.families.values() for plan, band in f.frequency_plans}
    if device is not None and device.frequency_plan in plans:
        values["lora_band"] = plans[device.frequency_plan]
    return {key: value for key, value in values.items() if settings.get(key) != value}, board


def _with_entry(
    config_text: str,
    entry: ThingEntry | None,
    template: str,
    cloud: CloudThing,
    values: dict[str, str],
    board: str | None,
    result: PullPlan,
) -> str:
    """cloudgen.yaml with the Thing's entry updated, or added for a Thing new to it."""
    if entry is not None:
        if not values:
            return config_text
        try:
            return set_entry_values(config_text, entry.index, values)
        except ValueError:
            settings = ", ".join(f"{key}: {value}" for key, value in values.items())
            result.unplaced.append(f"things[{entry.index}]: set {settings}")
            return config_text
    if board is None:
        result.warnings.append(
            f'"{cloud.name}": {template} is not in cloudgen.yaml, as no device is attached to it '
            "and so its board is unknown (attach one and pull again, or add its entry by hand)"
        )
        return config_text
    new: dict[str, Any] = {"template": template, "board": board}
    new.update(
        (key, values[key]) for key in ("device_id", "thing_id", "lora_band") if key in values
    )
    new["outputs"] = {"sketch": f"sketches/{sketch_name(cloud.name)}"}
    try:
        return append_entry(config_text, entry_yaml(new))
    except ValueError:
        result.unplaced.append(entry_yaml(new))
        return config_text


def _record_tags(
    project: LocalProject,
    template: str,
    entry: ThingEntry | None,
    board: str | None,
    cloud: CloudThing,
) -> None:
    """LoRaWAN property tags, as the cloud assigned them, into the lock."""
    lora = entry is not None and uses_property_tags(entry, project.catalog)
    if entry is None and board is not None:
        known = project.catalog.board(board)
        lora = known is not None and project.catalog.families[known.families[0]].uses_property_tags
    tags = {p.spec.variable_name: p.spec.tag for p in cloud.properties if p.spec.tag is not None}
    if not lora or not tags:
        return
    state = project.lock.things.get(template, ThingState())
    next_tag = max(state.next_lora_tag, max(tags.values()) + 1)
    project.lock.things[template] = ThingState(tags, next_tag)


def _unlisted_template(
    project: LocalProject, cloud: CloudThing, taken: set[str]
) -> tuple[str, Thing | None]:
    """Where a Thing that cloudgen.yaml does not list goes: `things/<its name>.yaml`, or the
    template of that name an earlier pull wrote there (so pulling twice writes it once)."""
    slug = file_slug(cloud.name)
    candidate, number = f"things/{slug}.yaml", 1
    while candidate in taken or (project.root / candidate).exists():
        if candidate not in taken:
            quiet = Diagnostics()
            found = load_thing(project.root / candidate, candidate, project.catalog, quiet)
            if found is not None and found.name == cloud.name:
                return candidate, found
        number += 1
        candidate = f"things/{slug}_{number}.yaml"
    return candidate, None
