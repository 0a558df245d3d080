"""What an output kind is: the one protocol through which the project reaches sketches,
MicroPython bindings and any other kind of output.

A kind is a small package (like an ESPHome component): the settings it reads from a
`things:` entry, and a `target` function that checks them against the Thing and the
catalogs and returns a `Target`, which emits files and reports what it kept of the
user's code. `generator/kinds.py` registers every kind; config, planning and the runner
iterate over that registry and never name a kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from generator.core.catalog import Catalog
from generator.core.checks import Checker, describe
from generator.core.diagnostics import KeyPath
from generator.core.outputs import OutputFile
from generator.core.writer import Write
from generator.project.lock import Lock
from generator.thing.model import Thing

# Reports a problem with a setting: (setting key, message, level). The key is a dotted
# path inside a `things:` entry (`device_id`, `outputs.sketch`); the project points it
# at the line of cloudgen.yaml, a command at the option the user typed.
Report = Callable[[str, str, str], None]


def text_setting(check: Checker, path: KeyPath, value: Any) -> str | None:
    return check.string(path, value)


def id_setting(check: Checker, path: KeyPath, value: Any) -> str | None:
    """An id the cloud assigns, which may be left empty ("") until it exists there."""
    return check.string(path, value, allow_empty=True)


def property_tags(check: Checker, path: KeyPath, value: Any) -> dict[str, int] | None:
    """LoRaWAN property tags the cloud assigned already, like `{valve: 5}`."""
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


@dataclass(frozen=True)
class Setting:
    """One key of a `things:` entry that a kind reads, and how its value is checked."""

    key: str
    read: Callable[[Checker, KeyPath, Any], Any] = text_setting


@dataclass
class Entry:
    """What a kind sees of one Thing's entry: the settings given and where to write."""

    values: Mapping[str, Any]  # checked settings by key; a key not given is absent
    folder: Path  # this kind's output folder
    report: Report
    state_key: str  # the Thing's key in the lock (its template path)

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) else None

    def error(self, key: str, message: str) -> None:
        self.report(key, message, "error")


@dataclass
class Context:
    """What every kind may use while planning: the catalogs and the project's lock."""

    catalog: Catalog
    lock: Lock


class Target(Protocol):
    """One Thing's output of one kind, checked and ready to emit."""

    @property
    def output_dir(self) -> Path: ...

    def emit(self) -> list[OutputFile]: ...

    def kept_user_code(self, writes: Mapping[Path, Write]) -> list[str]:
        """Warnings about the user's code that the run leaves in place (old callbacks)."""
        ...


def _nothing_kept(writes: Mapping[Path, Write]) -> list[str]:
    return []


@dataclass(frozen=True)
class Emitting:
    """The Target most kinds return: where it writes, the emitter that makes its files, and
    what it says of the user's code it kept (nothing, for a folder cloudgen owns)."""

    output_dir: Path
    files: Callable[[], list[OutputFile]]
    kept: Callable[[Mapping[Path, Write]], list[str]] = _nothing_kept

    def emit(self) -> list[OutputFile]:
        return self.files()

    def kept_user_code(self, writes: Mapping[Path, Write]) -> list[str]:
        return self.kept(writes)


class OutputKind(Protocol):
    @property
    def key(self) -> str:
        """Its key under `outputs:` in cloudgen.yaml."""
        ...

    @property
    def needs_board(self) -> bool: ...

    @property
    def settings(self) -> tuple[Setting, ...]:
        """The entry keys it reads, besides `template`, `board` and `outputs`."""
        ...

    def target(
        self, thing: Thing, board: str | None, entry: Entry, context: Context
    ) -> Target | None:
        """The checked target; problems go to `entry.report`, and None when there are errors."""
        ...


@dataclass(frozen=True)
class WidgetSpec:
    """A widget of a Thing's Arduino Cloud dashboard, as the project has it."""

    key: str  # unique in its dashboard and the same from run to run
    type: str  # the API's widget type
    name: str
    layout: tuple[int, int, int, int]  # desktop x, y, width, height
    mobile: tuple[int, int, int, int] | None
    options: Mapping[str, Any]
    variables: tuple[str, ...]  # the variable_names of this Thing it shows
    others: tuple[tuple[str, str], ...] = ()  # (another Thing's id or name, variable_name)


@dataclass(frozen=True)
class DashboardSpec:
    name: str
    widgets: tuple[WidgetSpec, ...]


@runtime_checkable
class DashboardSource(Protocol):
    """A kind that also describes the Thing's dashboard, which `cloudgen cloud push`
    creates and updates in the Arduino Cloud."""

    def cloud_dashboard(self, thing: Thing, folder: Path, thing_id: str | None) -> DashboardSpec:
        """The dashboard of `thing` as its output in `folder` has it (the file the user may
        have edited, or what the kind would write); `thing_id` names the Thing in links."""
        ...
