"""Reading a dashboard template that is already there: cloudgen's own, edited by hand, or
one that `arduino-cloud-cli dashboard extract` wrote.

Values are checked against what arduino-cloud-cli's loader decodes (text, whole numbers,
a mapping of options, a list of `{thing_id, variable_id}`); a wrong one is an error at
its line, as the CLI would refuse the file. Keys the CLI ignores are kept as they are.
"""

from __future__ import annotations

from typing import Any

from generator.core.checks import Checker, describe
from generator.core.diagnostics import Diagnostics, KeyPath, UserError
from generator.core.source import parse_yaml
from generator.dashboard.model import Dashboard, Link, Rect, Widget

DESKTOP = ("x", "y", "width", "height")
MOBILE = ("x_mobile", "y_mobile", "width_mobile", "height_mobile")
WIDGET_KEYS = ("id", "type", "name", *DESKTOP, *MOBILE, "options", "variables")
LINK_KEYS = ("thing_id", "variable_id")
TOP_KEYS = ("name", "widgets")
# Far beyond any real dashboard; keeps a typo like `height: 9999999999` from filling memory.
MAX_CELL = 1_000_000
MAX_SIZE = 1_000


def read_dashboard(text: str, display: str) -> Dashboard | None:
    """The dashboard in `text`; None for an empty file. Raises UserError on bad values."""
    document = parse_yaml(text, display)
    if document.data is None:
        return None
    diagnostics = Diagnostics()
    check = Checker(document, diagnostics)
    data = check.mapping((), document.data, "a dashboard template")
    if data is None:
        raise UserError(diagnostics.items)
    name = _text(check, ("name",), data.get("name"))
    raw_widgets = data.get("widgets") or []
    if not isinstance(raw_widgets, list):
        check.error(("widgets",), f"expected a list of widgets, found {describe(raw_widgets)}")
        raw_widgets = []
    widgets = [_widget(check, ("widgets", i), raw) for i, raw in enumerate(raw_widgets)]
    if diagnostics.errors:
        raise UserError(diagnostics.errors)
    extra = {key: value for key, value in data.items() if key not in TOP_KEYS}
    return Dashboard(name, tuple(w for w in widgets if w is not None), extra)


def _widget(check: Checker, path: KeyPath, raw: Any) -> Widget | None:
    data = check.mapping(path, raw, "a widget")
    if data is None:
        return None
    options = data.get("options")
    if options is not None and check.mapping(path + ("options",), options, "options") is None:
        options = None
    return Widget(
        type=_text(check, path + ("type",), data.get("type")),
        name=_text(check, path + ("name",), data.get("name")),
        desktop=_rect(check, path, data, DESKTOP),
        mobile=_rect(check, path, data, MOBILE),
        options=options,
        links=_links(check, path + ("variables",), data.get("variables")),
        id=_text(check, path + ("id",), data.get("id")),
        extra={key: value for key, value in data.items() if key not in WIDGET_KEYS},
    )


def _text(check: Checker, path: KeyPath, value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    check.error(path, f"expected text, found {describe(value)} (quote it)")
    return None


def _rect(
    check: Checker, path: KeyPath, data: dict[str, Any], keys: tuple[str, ...]
) -> Rect | None:
    """A layout's four numbers, all or none of them."""
    given = [key for key in keys if key in data]
    if not given:
        return None
    if len(given) < len(keys):
        missing = ", ".join(key for key in keys if key not in data)
        check.error(path, f"missing {missing}: give {', '.join(keys)} together, or none of them")
        return None
    numbers = [_number(check, path + (key,), data[key], key) for key in keys]
    if None in numbers:
        return None
    x, y, width, height = (n for n in numbers if n is not None)
    return Rect(x, y, width, height)


def _number(check: Checker, path: KeyPath, value: Any, key: str) -> int | None:
    limit = MAX_SIZE if key.startswith(("width", "height")) else MAX_CELL
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit:
        check.error(path, f"expected a whole number from 0 to {limit}, found {describe(value)}")
        return None
    return value


def _links(check: Checker, path: KeyPath, value: Any) -> tuple[Link, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        check.error(path, f"expected a list of variables, found {describe(value)}")
        return ()
    links = []
    for index, raw in enumerate(value):
        where = path + (index,)
        data = check.mapping(where, raw, "a variable, like `{thing_id: ..., variable_id: ...}`")
        if data is None:
            continue
        check.keys(where, data, required=LINK_KEYS, known=data.keys())
        thing_id, variable_id = (
            check.string(where + (key,), data[key]) if key in data else None for key in LINK_KEYS
        )
        if thing_id is not None and variable_id is not None:
            extra = {key: item for key, item in data.items() if key not in LINK_KEYS}
            links.append(Link(thing_id, variable_id, extra))
    return tuple(links)
