"""A dashboard template loader written to arduino-cloud-cli's rules, to check what the
`dashboard` kind writes. Our own code; it copies what `dashboard create --template` does
(internal/template/load.go, dashboard.go and filter.go, summarised in the research notes
dashboards-and-cloud.md A.1) and is stricter wherever the CLI lets a broken dashboard by:

- The file is parsed as JSON first, then as YAML. Here the YAML must give the same data
  under YAML 1.1 (PyYAML, taught the 1.1 booleans `y` and `n` it lacks, so that it reads
  them as Go's yaml.v2 does) and YAML 1.2 (ruamel.yaml, like yaml.v3), so text that
  either would misread fails.
- The data is decoded into typed fields, so a value of the wrong type fails the whole
  file (the CLI's "template format is not valid"); unknown keys are ignored.
- `options` keys outside the CLI's list are dropped by the CLI; here they are an error,
  since cloudgen must not write what would be dropped.
- Each variable's `thing_id` is replaced through the `--override` map (exact match), and
  the Thing must have a variable whose `variable_name` is `variable_id` (newest CLI).
- Stricter than the CLI: the API's layout fields x, y, width and height are required,
  every widget has a non-empty type and name, lies inside the grid's columns, and no two
  widgets overlap, on desktop or on mobile.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML

# internal/template/filter.go
CLI_OPTIONS = {
    "showThing",
    "frameless",
    "interpolation",
    "max",
    "min",
    "mode",
    "percentage",
    "showLabels",
    "step",
    "vertical",
    "dateFormat",
    "timeFormat",
    "display",
}
DESKTOP = ("x", "y", "width", "height")
MOBILE = ("x_mobile", "y_mobile", "width_mobile", "height_mobile")


class _Yaml11(yaml.SafeLoader):
    """PyYAML with all of YAML 1.1's booleans (it leaves out y, Y, n and N)."""


_Yaml11.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))


def _bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    text = loader.construct_scalar(node)
    if text in ("y", "Y", "n", "N"):
        return text in ("y", "Y")
    return bool(loader.construct_yaml_bool(node))


_Yaml11.add_constructor("tag:yaml.org,2002:bool", _bool)


class TemplateError(Exception):
    pass


@dataclass(frozen=True)
class Loaded:
    name: str
    widgets: list[dict[str, Any]]  # as the CLI would send them: variables are property ids


def load_template(
    text: str,
    overrides: dict[str, str],
    things: dict[str, set[str]],
    columns: tuple[int, int],
) -> Loaded:
    """`things`: Thing id -> its variable names; a property's id is `THING/VARIABLE`."""
    data = _parse(text)
    if not isinstance(data, dict):
        raise TemplateError("template format is not valid: not a mapping")
    name = _typed(data, "name", str, "")
    widgets = _typed(data, "widgets", list, [])
    sent = [_widget(i, raw, overrides, things) for i, raw in enumerate(widgets)]
    for layout, keys, count in (("desktop", DESKTOP, columns[0]), ("mobile", MOBILE, columns[1])):
        _check_layout(sent, layout, keys, count)
    return Loaded(name, sent)


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        old = yaml.load(text, Loader=_Yaml11)
        new = YAML(typ="safe", pure=True).load(io.StringIO(text))
    except Exception as error:
        raise TemplateError(f"template format is not valid: {error}") from None
    if old != new:
        raise TemplateError(f"YAML 1.1 and 1.2 read it differently:\n{old}\n{new}")
    return old


def _typed(data: dict[Any, Any], key: str, kind: type, default: Any) -> Any:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TemplateError(f"template format is not valid: {key} is {value!r}")
    return value


def _widget(
    index: int, raw: Any, overrides: dict[str, str], things: dict[str, set[str]]
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise TemplateError(f"widgets[{index}]: not a mapping")
    widget: dict[str, Any] = {"id": "<a fresh uuid>"}
    for key in ("type", "name"):
        widget[key] = _typed(raw, key, str, "")
        if not widget[key]:
            raise TemplateError(f"widgets[{index}]: no {key}")
    for key in DESKTOP:
        if key not in raw:
            raise TemplateError(f"widgets[{index}]: no {key} (the API requires it)")
        widget[key] = _typed(raw, key, int, 0)
    for key in MOBILE:
        if key in raw:
            widget[key] = _typed(raw, key, int, 0)
    options = _typed(raw, "options", dict, {})
    dropped = set(options) - CLI_OPTIONS
    if dropped:
        raise TemplateError(f"widgets[{index}]: options arduino-cloud-cli drops: {dropped}")
    widget["options"] = options
    widget["variables"] = [
        _property(index, link, overrides, things) for link in _typed(raw, "variables", list, [])
    ]
    return widget


def _property(index: int, link: Any, overrides: dict[str, str], things: dict[str, set[str]]) -> str:
    if not isinstance(link, dict):
        raise TemplateError(f"widgets[{index}]: a variable is not a mapping")
    thing_id = _typed(link, "thing_id", str, "")
    variable = _typed(link, "variable_id", str, "")
    thing_id = overrides.get(thing_id, thing_id)
    if thing_id not in things:
        raise TemplateError(f"getting variables of thing {thing_id}: not found")
    if variable not in things[thing_id]:
        raise TemplateError(f"thing with id {thing_id} doesn't have variable with name {variable}")
    return f"{thing_id}/{variable}"


def _check_layout(
    widgets: list[dict[str, Any]], layout: str, keys: tuple[str, ...], columns: int
) -> None:
    rects = []
    for widget in widgets:
        if not all(key in widget for key in keys):
            continue
        x, y, width, height = (widget[key] for key in keys)
        if x < 0 or y < 0 or width < 1 or height < 1 or x + width > columns:
            raise TemplateError(f"{widget['name']}: outside the {columns}-column {layout} grid")
        for other, (ox, oy, ow, oh) in rects:
            if x < ox + ow and ox < x + width and y < oy + oh and oy < y + height:
                raise TemplateError(f"{widget['name']} overlaps {other} on {layout}")
        rects.append((widget["name"], (x, y, width, height)))
