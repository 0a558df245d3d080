"""The Jinja2 environment shared by all emitters."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.core.escape import (
    cpp_string,
    html_text,
    markdown_text,
    py_string,
    shell_word,
    ts_string,
    yaml_scalar,
)
from generator.core.paths import TEMPLATES_DIR


@cache
def environment(directory: Path = TEMPLATES_DIR) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # the outputs are code; inputs go through the escape filters instead
    )
    env.filters["cpp_string"] = cpp_string
    env.filters["shell_word"] = shell_word
    env.filters["markdown_text"] = markdown_text
    env.filters["py_string"] = py_string
    env.filters["yaml_scalar"] = yaml_scalar
    env.filters["ts_string"] = ts_string
    env.filters["html_text"] = html_text
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
