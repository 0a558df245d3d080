"""Keeping user-owned code in step with the Thing without touching the user's own bytes.

Only two things change in a user file: the variable list in its header comment (when it
is recognisable) is refreshed, and a stub is appended at the end for each callback the
Thing needs and the file does not define yet, as the Arduino Cloud editor does. Nothing
is ever removed, reordered or rewritten.
"""

from __future__ import annotations

import re

# Comments and string literals, so that a callback mentioned in them does not count.
_NOT_CODE = re.compile(
    r"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.DOTALL
)
_DEFINITION = re.compile(r"\bvoid\s+(on[A-Za-z0-9_]*Change)\s*\(\s*(?:void\s*)?\)\s*\{")
_FIRST_BLOCK_COMMENT = re.compile(r"\A(?:[ \t]*(?:#[^\n]*|//[^\n]*)?\n)*[ \t]*/\*.*?\*/", re.DOTALL)
_DECLARATION_LINE = re.compile(r"[ \t]+[A-Za-z_]\w* [A-Za-z_]\w*;[ \t]*")


def code_only(text: str) -> str:
    """`text` with comments and string literals blanked out (line structure kept)."""
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def defined_callbacks(text: str) -> list[str]:
    """Names of the `void on…Change()` functions the file defines, in file order."""
    return _DEFINITION.findall(code_only(text))


def sync_user_code(current: str, declarations: list[str], stubs: dict[str, str]) -> str:
    """Refresh the header's declaration list and append the stubs the file lacks."""
    text = refresh_declaration_list(current, declarations)
    defined = set(defined_callbacks(text))
    missing = [stub for name, stub in stubs.items() if name not in defined]
    if not missing:
        return text
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(f"\n{stub}" for stub in missing)


def refresh_declaration_list(text: str, declarations: list[str]) -> str:
    """Replace the first run of declaration lines inside the leading block comment.

    The run keeps its indentation. Without a leading block comment holding such a run,
    the text comes back unchanged: a comment cloudgen does not recognise is left alone.
    """
    header = _FIRST_BLOCK_COMMENT.match(text)
    if header is None:
        return text
    lines = header.group().split("\n")
    start = next((i for i, line in enumerate(lines) if _DECLARATION_LINE.fullmatch(line)), None)
    if start is None or not declarations:
        return text
    end = start
    while end < len(lines) and _DECLARATION_LINE.fullmatch(lines[end]):
        end += 1
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    lines[start:end] = [indent + declaration for declaration in declarations]
    return "\n".join(lines) + text[header.end() :]
