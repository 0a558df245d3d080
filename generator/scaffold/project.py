"""`cloudgen new`: the files of a new, complete, version-controlled Thing project."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.catalog import Catalog
from generator.core.checks import DEVICE_NAME
from generator.core.outputs import OutputFile
from generator.core.paths import CONFIG_NAME
from generator.core.render import render
from generator.project.config_file import entry_yaml
from generator.thing.template_file import template_yaml


@dataclass
class NewProject:
    folder: Path
    name: str
    board: str
    style: str = "legacy"
    connection: str | None = None
    device_id: str | None = None
    thing_id: str | None = None
    lora_band: str | None = None
    timezone: str = ""
    tags: list[tuple[str, str]] = field(default_factory=list)
    variables: list[dict[str, Any]] = field(default_factory=list)
    # Where each variable came from, for errors: ("--var", SPEC), ("answer", SPEC) or
    # (TEMPLATE, "") for one of --from-template.
    variable_sources: list[tuple[str, str]] = field(default_factory=list)
    micropython: bool = False

    @property
    def slug(self) -> str:
        """`Smart Home` -> `smart_home`: the template's file name."""
        slug = re.sub(r"[^a-z0-9]+", "_", _ascii(self.name).lower()).strip("_")[:60] or "thing"
        return f"{slug}_thing" if DEVICE_NAME.match(slug) else slug

    @property
    def sketch_name(self) -> str:
        """`smart home` -> `SmartHome`: a valid arduino-cli sketch name."""
        words = re.findall(r"[A-Za-z0-9]+", _ascii(self.name))
        name = "".join(word[:1].upper() + word[1:] for word in words)[:58]
        return name if name and not DEVICE_NAME.match(name) else f"Thing{name}"

    @property
    def template_path(self) -> str:
        return f"things/{self.slug}.yaml"

    @property
    def sketch_path(self) -> str:
        return f"sketches/{self.sketch_name}"

    @property
    def micropython_path(self) -> str:
        return f"micropython/{self.sketch_name}"


def _ascii(name: str) -> str:
    """`Température` -> `Temperature`: accents dropped, for file and sketch names."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def template_text(project: NewProject) -> str:
    data: dict[str, Any] = {"name": project.name}
    if project.tags:
        data["tags"] = [{key: value} for key, value in project.tags]
    data["timezone"] = project.timezone
    data["variables"] = project.variables
    return template_yaml(data)


def config_entry(project: NewProject) -> dict[str, Any]:
    """The project's one `things:` entry."""
    entry: dict[str, Any] = {"template": project.template_path, "board": project.board}
    optional = {
        "connection": project.connection,
        "style": None if project.style == "legacy" else project.style,
        "device_id": project.device_id,
        "thing_id": project.thing_id,
        "lora_band": project.lora_band,
    }
    entry.update({key: value for key, value in optional.items() if value})
    # An empty id is kept: the device (or Thing) is not in the cloud yet.
    for key in ("device_id", "thing_id"):
        if optional[key] == "":
            entry[key] = ""
    entry["outputs"] = {"sketch": project.sketch_path}
    if project.micropython:
        entry["outputs"]["micropython"] = project.micropython_path
    return entry


def config_text(project: NewProject) -> str:
    return (
        "# cloudgen project: the Thing, its board and where the sketch goes.\n"
        "# `cloudgen generate --help` explains each key.\nthings:\n"
        + entry_yaml(config_entry(project))
    )


def project_files(project: NewProject, catalog: Catalog) -> list[OutputFile]:
    root = project.folder
    core = ":".join(project.board.split(":")[:2])
    context = {
        "name": project.name,
        "fqbn": project.board,
        "template_name": f"{project.slug}.yaml",
        "sketch_path": project.sketch_path,
        "sketch_name": project.sketch_name,
        "missing_id": next(
            (key for key in ("device_id", "thing_id") if getattr(project, key) == ""), None
        ),
    }
    once = [
        (".gitignore", render("project/gitignore.j2")),
        (".pre-commit-config.yaml", render("project/pre-commit-config.yaml.j2")),
        ("Makefile", render("project/Makefile.j2")),
        ("README.md", render("project/README.md.j2", **context)),
        (
            f"{project.sketch_path}/sketch.yaml",
            render(
                "project/sketch.yaml.j2",
                fqbn=project.board,
                platform=core,
                platform_version=catalog.platform_versions[core],
                index_url=catalog.platform_index_urls.get(core),
                libraries=catalog.libraries,
            ),
        ),
    ]
    return [
        OutputFile(root / CONFIG_NAME, config_text(project), "once"),
        OutputFile(root / project.template_path, template_text(project), "once"),
        *(OutputFile(root / name, text, "once") for name, text in once),
    ]
