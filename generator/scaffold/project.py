"""`cloudgen new`: the files of a new, complete, version-controlled Thing project."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.core.catalog import Catalog
from generator.core.outputs import OutputFile
from generator.core.paths import CONFIG_NAME
from generator.core.render import render
from generator.project.config_file import entry_yaml
from generator.thing.names import file_slug, sketch_name
from generator.thing.template_file import template_yaml


@dataclass
class NewProject:
    folder: Path
    name: str
    board: str
    style: str = "legacy"
    connection: str | None = None
    auth: str | None = None  # where the board allows a choice (se or key)
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
        return file_slug(self.name)

    @property
    def sketch_name(self) -> str:
        """`smart home` -> `SmartHome`: a valid arduino-cli sketch name."""
        return sketch_name(self.name)

    @property
    def template_path(self) -> str:
        return f"things/{self.slug}.yaml"

    @property
    def sketch_path(self) -> str:
        return f"sketches/{self.sketch_name}"

    @property
    def micropython_path(self) -> str:
        return f"micropython/{self.sketch_name}"


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
        "auth": project.auth,
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
