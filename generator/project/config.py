"""The project config, `cloudgen.yaml`: which Things to generate, for which boards, and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from generator.core.checks import Checker, describe
from generator.core.diagnostics import Diagnostics, KeyPath, UserError
from generator.core.source import Document, load_document
from generator.project.kinds import OutputKind, Setting

TOP_KEYS = {"things"}
ENTRY_KEYS = ("template", "board", "outputs")  # every entry's; the kinds add their settings


@dataclass
class ThingEntry:
    """One `things:` entry: the template to read, its settings and where its outputs go."""

    index: int
    template: Path  # resolved against the project folder
    template_display: str  # as written, relative to the project folder
    board: str | None
    settings: dict[str, Any]  # checked values of the kinds' settings, by key
    outputs: dict[str, Path]  # kind key -> output folder, resolved, in registry order


@dataclass
class Project:
    root: Path
    config: Document
    entries: list[ThingEntry]

    def path_of(self, entry: ThingEntry, key: str) -> KeyPath:
        """Where a setting of an entry sits in cloudgen.yaml, for error messages."""
        return ("things", entry.index, *key.split("."))


def kind_settings(kinds: Sequence[OutputKind]) -> dict[str, Setting]:
    """Every setting a kind reads, by key, in registry order (kinds may share a key)."""
    settings: dict[str, Setting] = {}
    for kind in kinds:
        for setting in kind.settings:
            settings.setdefault(setting.key, setting)
    return settings


def load_project(
    config_path: Path, kinds: Sequence[OutputKind], diagnostics: Diagnostics
) -> Project:
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
        entry = _entry(check, index, raw, root, kinds)
        if entry is not None:
            project.entries.append(entry)
    _check_unique_outputs(check, project)
    return project


def _entry(
    check: Checker, index: int, raw: Any, root: Path, kinds: Sequence[OutputKind]
) -> ThingEntry | None:
    path: KeyPath = ("things", index)
    data = check.mapping(path, raw, "a Thing entry")
    if data is None:
        return None
    settings = kind_settings(kinds)
    check.keys(
        path,
        data,
        required=("template", "outputs"),
        known={*ENTRY_KEYS, *settings},
        unknown_is_error=True,
    )
    template = _relative_path(check, path + ("template",), data.get("template"))
    if template is not None and not (root / template).is_file():
        check.error(path + ("template",), f"template file {describe(template)} not found")
        template = None
    board = check.string(path + ("board",), data["board"]) if "board" in data else None
    outputs = _outputs(check, path + ("outputs",), data.get("outputs"), kinds)
    for kind in kinds:
        if outputs is not None and kind.key in outputs and kind.needs_board and "board" not in data:
            check.error(path, f'missing required key "board" (the {kind.key} is built for it)')
    values: dict[str, Any] = {}
    for key, setting in settings.items():
        if key in data:
            value = setting.read(check, path + (key,), data[key])
            if value is not None:
                values[key] = value
    if template is None or outputs is None:
        return None
    if "board" in data and board is None:
        return None
    folders = {kind: root / folder for kind, folder in outputs.items()}
    return ThingEntry(index, root / template, template, board, values, folders)


def _relative_path(check: Checker, path: KeyPath, value: Any) -> str | None:
    """A path inside the project folder, written with forward slashes."""
    if value is None:
        return None
    text = check.string(path, value)
    if text is None:
        return None
    if "\\" in text:
        posix = text.replace("\\", "/")
        typed = describe(text).replace("\\\\", "\\")  # as typed, not doubled
        check.error(
            path,
            f'{typed} is written with "\\": write paths in cloudgen.yaml with "/" '
            f"(like {describe(posix)}), which works on Windows too",
        )
        return None
    pure = PurePosixPath(text)
    if "\x00" in text or pure.is_absolute() or ".." in pure.parts:
        check.error(
            path, f"expected a relative path inside the project folder, found {describe(text)}"
        )
        return None
    return str(pure)


def _outputs(
    check: Checker, path: KeyPath, value: Any, kinds: Sequence[OutputKind]
) -> dict[str, str] | None:
    """Output kind -> folder, e.g. `sketch: generated/sketches/Greenhouse`."""
    if value is None:
        return None
    data = check.mapping(path, value, "the outputs, like `sketch: generated/sketches/Greenhouse`")
    if data is None:
        return None
    keys = [kind.key for kind in kinds]
    check.keys(path, data, known=keys, unknown_is_error=True)
    if not set(data) & set(keys):
        names = " or ".join(f'"{key}"' for key in keys)
        check.error(path, f"missing {names}: the folder to write into")
        return None
    folders = {key: _relative_path(check, path + (key,), data[key]) for key in keys if key in data}
    if None in folders.values():
        return None
    return {key: folder for key, folder in folders.items() if folder is not None}


def _check_unique_outputs(check: Checker, project: Project) -> None:
    seen: dict[Path, int] = {}
    for entry in project.entries:
        for kind, folder in entry.outputs.items():
            if folder in seen:
                check.error(
                    project.path_of(entry, f"outputs.{kind}"),
                    f"things[{seen[folder]}] already writes into this folder",
                )
            seen.setdefault(folder, entry.index)
