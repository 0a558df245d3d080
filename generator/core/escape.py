"""Turning input strings into generated code safely: one function per target context.

Templates never interpolate raw input; they pass it through these filters.
"""

from __future__ import annotations

import html
import json
import re
import shlex


def cpp_string(text: str) -> str:
    """A C++ string literal for `text`, also safe inside `//` and `/* */` comments.

    Printable characters stay readable; quotes, backslashes, control characters and line
    or paragraph separators are escaped, `??` cannot form a trigraph, and neither `*/`
    nor `/*` can appear, so a block comment can neither close nor nest. The result never
    ends in a backslash, so it cannot splice the next line into a `//` comment.
    """
    out = ['"']
    previous = ""
    for char in text:
        if char in '\\"':
            out.append("\\" + char)
        elif char == "?" and previous == "?":
            out.append("\\?")
        elif char == "/" and previous == "*":
            out.append("\\057")
        elif char == "*" and previous == "/":
            out.append("\\052")
        elif char.isprintable():
            out.append(char)
        else:
            out.append("".join(f"\\{byte:03o}" for byte in char.encode("utf-8")))
        previous = char
    out.append('"')
    return "".join(out)


def shell_word(text: str) -> str:
    """One shell word for `text` on one line, for commands shown to be copied into a shell.

    Whitespace (newlines included) collapses to single spaces, so the command stays on
    the line it starts on and cannot end a Markdown code block.
    """
    return shlex.quote(" ".join(text.split()))


def markdown_text(text: str) -> str:
    """`text` as inline Markdown: one line, with markup characters escaped."""
    flat = " ".join(text.split())
    return re.sub(r"([\\`*_{}\[\]()<>#+!|~-])", r"\\\1", flat)


def html_text(text: str) -> str:
    """`text` as HTML text or a quoted attribute value, also safe inside an HTML comment.

    One line (whitespace and unprintable characters collapse to single spaces), with
    `&`, `<`, `>` and both quotes as character references, so no tag, no end of the
    attribute and no end of a comment (`-->`, `--!>`) can form.
    """
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return html.escape(flat, quote=True)


def py_string(text: str) -> str:
    """A Python string literal for `text`, also safe inside comments and docstrings.

    JSON's escaping is valid Python: quotes, backslashes, control characters and every
    non-ASCII character (line separators included) are escaped, so the literal stays on
    one line and cannot close a docstring.
    """
    return json.dumps(text, ensure_ascii=True)


# Plain YAML scalars cloudgen leaves unquoted: words of letters, digits and `_.-/`, separated
# by single spaces, starting with a letter or `_` (so never a number, date or indicator).
_YAML_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
# Words that YAML 1.1 (PyYAML, Go's yaml.v2) reads as booleans or null, and YAML 1.2 as text.
_YAML_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def yaml_scalar(text: str) -> str:
    """A YAML scalar that reads back as the string `text` in YAML 1.1 and 1.2 alike.

    Plain when that cannot be misread (`Pump`, `air_temperature`), else double-quoted
    with escapes. The result is always one line of printable characters (line and
    paragraph separators and NEL are escaped too), so it is safe in a `#` comment.
    """
    if _YAML_PLAIN.fullmatch(text) and text.lower() not in _YAML_SPECIAL:
        return text
    out = ['"']
    for char in text:
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif char.isprintable():
            out.append(char)
        elif ord(char) <= 0xFFFF:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out)


def yaml_value(value: object) -> str:
    """A YAML flow scalar for text, a whole number, a number, a boolean or None."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _yaml_float(value)
    if isinstance(value, str):
        return yaml_scalar(value)
    raise TypeError(f"not a YAML scalar: {type(value).__name__}")


def _yaml_float(value: float) -> str:
    """`0.5`, `100.0`, `1.0e-07`: always with a dot, which YAML 1.1 needs to see a float."""
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = (mantissa if "." in mantissa else mantissa + ".0") + "e" + exponent
    return text


_TS_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def ts_string(text: str) -> str:
    """A TypeScript (and JavaScript) string literal for `text`, also safe inside `//`, `/* */`
    and `/** */` comments.

    Printable characters stay readable; quotes, backslashes, control and format
    characters, lone surrogates and line or paragraph separators are escaped, so the
    literal stays on one line; a `/` next to a `*` is escaped, so neither `*/` nor `/*`
    can appear and a comment can neither close nor nest.
    """
    out = ['"']
    previous = ""
    for char in text:
        if char in _TS_ESCAPES:
            out.append(_TS_ESCAPES[char])
        elif (char == "/" and previous == "*") or (char == "*" and previous == "/"):
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:  # as UTF-16 code units, which every target reads (\u{…} needs ES2015)
            units = char.encode("utf-16-be", "surrogatepass")
            out.extend(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))
        previous = char
    out.append('"')
    return "".join(out)
