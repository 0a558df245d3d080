"""Typed Python clients for the Integrations API: our normalising pass, then
openapi-python-client (pinned) driven from Python with a config we write, then the package's
own layer (generator/client/package.py)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.client.normalise import Fix, normalise
from generator.client.operations import classify
from generator.client.package import PACKAGE, add_runtime
from generator.core.diagnostics import UserError
from generator.core.paths import TEMPLATES_DIR
from generator.core.writer import atomic_write

VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+(\+[0-9A-Za-z.]+)?")  # pinned, or a content label
PROJECT = "arduino-iot-api"
LENIENT_IMPORT = (
    "from {prefix}lenient import open_enum, parse_model, parse_models, parse_time, read_items"
)


def generate_client(
    spec: dict[str, Any],
    output: Path,
    *,
    version: str,
    spec_sha256: str,
    changelog: str | None = None,
) -> list[Fix]:
    """Generate the client package into `output` (an installable project) as `version`,
    saying which spec it came from, with `changelog` as its CHANGELOG.md. Returns every fix
    of the normalising pass, and a warning for each part of the spec that was dropped."""
    if not VERSION.fullmatch(version):
        raise ValueError(f"not a package version: {version!r}")
    from openapi_python_client import generate
    from openapi_python_client.config import Config, ConfigFile, MetaType
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    operations = classify(spec)
    normalised, fixes = normalise(spec)
    config_file = ConfigFile(
        project_name_override=PROJECT,
        package_name_override=PACKAGE,
        package_version_override=version,
        use_path_prefixes_for_title_model_names=False,
        post_hooks=[],  # ruff runs once over the whole package, ours included (package.py)
    )
    with tempfile.TemporaryDirectory(prefix="cloudgen-client-") as folder:
        document = Path(folder) / "openapi.json"
        document.write_text(json.dumps(normalised, default=str))  # YAML dates become text
        # PDM only so that no setup.py is written: our pyproject.toml template uses hatchling.
        config = Config.from_sources(config_file, MetaType.PDM, document, "utf-8", True, output)
        # Its progress line would mix with ours; errors come back as values.
        with _generator_patches(), contextlib.redirect_stdout(io.StringIO()):
            errors = generate(
                config=config, custom_template_path=TEMPLATES_DIR / "client" / "openapi"
            )
    problems = [e for e in errors if getattr(e, "level", None) is not None]
    failed = [e for e in problems if e.level.value == "error"]
    if failed:
        raise UserError.single(output, "; ".join(f"{e.header}: {e.detail}" for e in failed))
    for problem in problems:  # what the generator could not make: left out of the client
        fixes.append(Fix("dropped", "#", f"{problem.header}: {problem.detail}", "warning"))
    add_runtime(output, operations, version, spec_sha256, str(find_ruff_bin()))
    _finish_modules(output / PACKAGE, version, spec_sha256)
    if changelog is not None:
        atomic_write(output / "CHANGELOG.md", changelog)
    return fixes


@contextmanager
def _generator_patches() -> Iterator[None]:
    """Changes no option of the pinned openapi-python-client makes, patched meanwhile:
    untyped values (property values, timeseries points) are `JsonValue`, not `Any`; and
    unions and lists go through our templates (templates/client/openapi), which read lenient
    fields with the package's shared helpers (lenient.py) and lists of models item by item."""
    from openapi_python_client.parser.properties.any import AnyProperty
    from openapi_python_client.parser.properties.list_property import ListProperty
    from openapi_python_client.parser.properties.union import UnionProperty

    saved = (
        AnyProperty._type_string,
        AnyProperty.get_imports,
        UnionProperty.template,
        UnionProperty.get_imports,
        ListProperty.template,
        ListProperty.get_imports,
    )

    def plus(original: Any, line: str) -> Any:
        def get_imports(self: Any, *, prefix: str) -> set[str]:
            imports: set[str] = original(self, prefix=prefix)
            return imports | {line.format(prefix=prefix)}

        return get_imports

    AnyProperty._type_string = AnyProperty._json_type_string = "JsonValue"
    AnyProperty.get_imports = plus(saved[1], "from {prefix}json_value import JsonValue")  # type: ignore[method-assign]
    UnionProperty.template = "plain_union_property.py.jinja"
    UnionProperty.get_imports = plus(saved[3], LENIENT_IMPORT)  # type: ignore[method-assign]
    ListProperty.template = "model_list_property.py.jinja"
    ListProperty.get_imports = plus(saved[5], LENIENT_IMPORT)  # type: ignore[method-assign]
    try:
        yield
    finally:
        AnyProperty._type_string = AnyProperty._json_type_string = saved[0]
        AnyProperty.get_imports = saved[1]  # type: ignore[method-assign]
        UnionProperty.template, UnionProperty.get_imports = saved[2:4]  # type: ignore[method-assign]
        ListProperty.template, ListProperty.get_imports = saved[4:6]  # type: ignore[method-assign]


# Text changes to what the pinned openapi-python-client writes, each checked to apply:
# multipart bodies lose the fixed boundary (httpx then draws one and writes the header), and
# `Unset` gets a short repr (models printed `<...Unset object at 0x...>` for each unset field);
# and the models that a model reads are imported once at the end of its module (where a cycle
# of models importing each other resolves), not again in every from_dict/to_dict call, which
# cost more than the reading itself.
_LOCAL_IMPORT = re.compile(r"^ +(from \.\.models\.\w+ import \w+)  # noqa: PLC0415\n", re.M)
_FIXED_BOUNDARY = '    headers["Content-Type"] = "multipart/form-data; boundary=+++"\n'
_UNSET = "class Unset:\n"
_UNSET_REPR = '    def __repr__(self) -> str:\n        return "UNSET"\n\n'


def _finish_modules(package: Path, version: str, spec_sha256: str) -> None:
    """In one pass over the package: every module says what made it, from which input, and
    not to edit it; and the text changes above."""
    header = (
        f"# Generated by cloudgen (arduino-iot-api {version}) from the Integrations API spec\n"
        f"# sha256:{int(spec_sha256, 16):064x}. Do not edit: regenerate it.\n"
    )
    for module in sorted(package.rglob("*.py")):
        text = module.read_text(encoding="utf-8").replace(_FIXED_BOUNDARY, "")
        if module.parent.name == "models":
            text = _imports_last(text)
        if module == package / "types.py":
            if _UNSET not in text:
                raise AssertionError("openapi-python-client's types.py has no `class Unset:`")
            text = text.replace(_UNSET, _UNSET + _UNSET_REPR)
        atomic_write(module, header + text)


def _imports_last(text: str) -> str:
    imports = sorted(set(_LOCAL_IMPORT.findall(text)))
    if not imports:
        return text
    return _LOCAL_IMPORT.sub("", text).rstrip("\n") + "\n\n\n" + "\n".join(imports) + "\n"
