"""The project config, `cloudgen.yaml`: which Things to generate, for which boards, and where."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.core.checks import Checker, describe
from generator.core.diagnostics import Diagnostics, KeyPath, UserError
from generator.core.source import Document, load_document
from generator.sketch.target import TargetSettings

TOP_KEYS = {"things"}
ENTRY_KEYS = {
    "template",
    "board",
    "connection",
    "style",
    "device_id",
    "thing_id",
    "lora_band",
    "lora_tags",
    "outputs",
}
OUTPUT_KINDS = {"sketch", "micropython"}


@dataclass
class ThingEntry:
    """One `things:` entry: the template to read and where its outputs go."""

    index: int
    template: Path  # resolved against the project folder
    template_display: str  # as written, relative to the project folder
    settings: TargetSettings | None  # the sketch's, when it has one
    micropython_dir: Path | None = None
    device_id: str | None = None


@dataclass
class Project:
    root: Path
    config: Document
    entries: list[ThingEntry]

    def path_of(self, entry: ThingEntry, key: str) -> KeyPath:
        """Where a setting of an entry sits in cloudgen.yaml, for error messages."""
        return ("things", entry.index, *key.split("."))


def load_project(config_path: Path, diagnostics: Diagnostics) -> Project:
    display = config_path.name if config_path.parent == Path() else str(config_path)
    if not config_path.exists():
        raise UserError.single(
            display,
            "project config not found: run cloudgen in the folder of your cloudgen.yaml, pass "
            "--config, or generate a single Thing with `cloudgen sketch`",
        )
    document = load_document(config_path, display)
    check = Checker(document, diagnostics)
    root = config_path.parent
    project = Project(root, document, [])
    data = check.mapping((), document.data, "the project config")
    if data is None:
        raise UserError(diagnostics.items)
    check.keys((), data, required=("things",), known=TOP_KEYS, unknown_is_error=True)
    things = data.get("things")
    if "things" in data and not isinstance(things, list):
        check.error(("things",), f"expected a list of Things, found {describe(things)}")
    for index, raw in enumerate(things if isinstance(things, list) else []):
        entry = _entry(check, index, raw, root)
        if entry is not None:
            project.entries.append(entry)
    _check_unique_outputs(check, project)
    return project


def _entry(check: Checker, index: int, raw: Any, root: Path) -> ThingEntry | None:
    path: KeyPath = ("things", index)
    data = check.mapping(path, raw, "a Thing entry")
    if data is None:
        return None
    check.keys(
        path,
        data,
        required=("template", "outputs"),
        known=ENTRY_KEYS,
        unknown_is_error=True,
    )
    template = _relative_path(check, path + ("template",), data.get("template"))
    if template is not None and not (root / template).is_file():
        check.error(path + ("template",), f"template file {describe(template)} not found")
        template = None
    board = check.string(path + ("board",), data["board"]) if "board" in data else None
    outputs = _outputs(check, path + ("outputs",), data.get("outputs"))
    if outputs is not None and "sketch" in outputs and "board" not in data:
        check.error(path, 'missing required key "board" (the sketch is built for it)')
    optional: dict[str, str | None] = {}
    for key in ("connection", "device_id", "thing_id", "lora_band", "style"):
        optional[key] = check.string(path + (key,), data[key]) if key in data else None
    tags = _lora_tags(check, path + ("lora_tags",), data.get("lora_tags"))
    if template is None or outputs is None or tags is None:
        return None
    if "sketch" not in outputs:
        micropython = root / outputs["micropython"]
        return ThingEntry(
            index, root / template, template, None, micropython, optional["device_id"]
        )
    if board is None:
        return None
    settings = TargetSettings(
        board=board,
        output_dir=root / outputs["sketch"],
        connection=optional["connection"],
        style=optional["style"] or "legacy",
        device_id=optional["device_id"],
        thing_id=optional["thing_id"],
        lora_band=optional["lora_band"],
        property_tags=tags,
    )
    board_folder = root / outputs["micropython"] if "micropython" in outputs else None
    return ThingEntry(
        index, root / template, template, settings, board_folder, optional["device_id"]
    )


def _relative_path(check: Checker, path: KeyPath, value: Any) -> str | None:
    """A path inside the project folder, written with forward slashes."""
    if value is None:
        return None
    text = check.string(path, value)
    if text is None:
        return None
    pure = PurePosixPath(text)
    if "\\" in text or "\x00" in text or pure.is_absolute() or ".." in pure.parts:
        check.error(
            path, f"expected a relative path inside the project folder, found {describe(text)}"
        )
        return None
    return str(pure)


def _outputs(check: Checker, path: KeyPath, value: Any) -> dict[str, str] | None:
    """Output kind -> folder, e.g. `sketch: generated/sketches/Greenhouse`."""
    if value is None:
        return None
    data = check.mapping(path, value, "the outputs, like `sketch: generated/sketches/Greenhouse`")
    if data is None:
        return None
    check.keys(path, data, known=OUTPUT_KINDS, unknown_is_error=True)
    if not set(data) & OUTPUT_KINDS:
        check.error(path, 'missing "sketch" or "micropython": the folder to write into')
        return None
    folders = {
        kind: _relative_path(check, path + (kind,), data[kind])
        for kind in OUTPUT_KINDS
        if kind in data
    }
    if None in folders.values():
        return None
    return {kind: folder for kind, folder in folders.items() if folder is not None}


def _lora_tags(check: Checker, path: KeyPath, value: Any) -> dict[str, int] | None:
    if value is None:
        return {}
    data = check.mapping(path, value, "property tags, like `pump: 1`")
    if data is None:
        return None
    tags: dict[str, int] = {}
    for name, tag in data.items():
        if isinstance(tag, bool) or not isinstance(tag, int) or tag < 0:
            check.error(
                path + (name,),
                f"expected a property tag (a whole number of at least 0), found {describe(tag)}",
            )
        elif tag in tags.values():
            check.error(path + (name,), f"tag {tag} is given to two variables")
        else:
            tags[name] = tag
    return tags


def _check_unique_outputs(check: Checker, project: Project) -> None:
    seen: dict[Path, int] = {}
    for entry in project.entries:
        folders = {
            "sketch": entry.settings.output_dir if entry.settings else None,
            "micropython": entry.micropython_dir,
        }
        for kind, folder in folders.items():
            if folder is None:
                continue
            if folder in seen:
                check.error(
                    project.path_of(entry, f"outputs.{kind}"),
                    f"things[{seen[folder]}] already writes into this folder",
                )
            seen.setdefault(folder, entry.index)
