"""Keeping user-owned code in step with the Thing without touching the user's own bytes.

Only two things change in a user file: the variable list in its header comment (when it
is recognisable) is refreshed, and a stub is added for each callback the Thing needs and
the file does not define yet: at the end of a sketch, as the Arduino Cloud editor does,
and before the `if __name__ == "__main__":` block of a Python program, so that the
handler exists when the program starts. Nothing is ever removed, reordered or rewritten.
The same engine serves both languages; `Language` holds what differs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    not_code: re.Pattern[str]  # comments and string literals
    definition: re.Pattern[str]  # a callback definition; group 1 is its name
    header: re.Pattern[str]  # the leading comment that lists the variables
    declaration_line: re.Pattern[str]  # one line of that list
    insert_before: re.Pattern[str] | None  # where stubs go; None: at the end
    stub_separator: str  # between a stub and what follows it


CPP = Language(
    not_code=re.compile(
        r"//[^\n]*|/\*.*?(?:\*/|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.DOTALL
    ),
    definition=re.compile(r"\bvoid\s+(on[A-Za-z0-9_]*Change)\s*\(\s*(?:void\s*)?\)\s*\{"),
    header=re.compile(r"\A(?:[ \t]*(?:#[^\n]*|//[^\n]*)?\n)*[ \t]*/\*.*?\*/", re.DOTALL),
    declaration_line=re.compile(r"[ \t]+[A-Za-z_]\w* [A-Za-z_]\w*;[ \t]*"),
    insert_before=None,
    stub_separator="\n",
)
PYTHON = Language(
    not_code=re.compile(
        r"#[^\n]*|\"\"\".*?(?:\"\"\"|\Z)|'''.*?(?:'''|\Z)|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'",
        re.DOTALL,
    ),
    definition=re.compile(r"^def\s+(on_[A-Za-z0-9_]+)\s*\(", re.MULTILINE),
    header=re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*\"\"\".*?\"\"\"", re.DOTALL),
    declaration_line=re.compile(r"[ \t]+[A-Za-z_]\w*: [A-Za-z_][\w.]*[ \t]*"),
    insert_before=re.compile(r"^if __name__ == [\"']__main__[\"']:", re.MULTILINE),
    stub_separator="\n\n",
)


def code_only(text: str, language: Language = CPP) -> str:
    """`text` with comments and string literals blanked out (line structure kept)."""
    return language.not_code.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def defined_callbacks(text: str, language: Language = CPP) -> list[str]:
    """Names of the callbacks the file defines, in file order."""
    return language.definition.findall(code_only(text, language))


def sync_user_code(
    current: str, declarations: list[str], stubs: dict[str, str], language: Language = CPP
) -> str:
    """Refresh the header's declaration list and add the stubs the file lacks."""
    text = refresh_declaration_list(current, declarations, language)
    defined = set(defined_callbacks(text, language))
    missing = [stub for name, stub in stubs.items() if name not in defined]
    if not missing:
        return text
    marker = _insertion_point(text, language)
    if marker is not None:
        added = "".join(stub + language.stub_separator for stub in missing)
        return text[:marker] + added + text[marker:]
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join(language.stub_separator + stub for stub in missing)


def _insertion_point(text: str, language: Language) -> int | None:
    """Where stubs go: the first marker line that is code (not in a string or comment)."""
    if language.insert_before is None:
        return None
    code = code_only(text, language)
    for match in language.insert_before.finditer(text):
        if code[match.start() : match.start() + 2] == text[match.start() : match.start() + 2]:
            return match.start()
    return None


def refresh_declaration_list(text: str, declarations: list[str], language: Language = CPP) -> str:
    """Replace the first run of declaration lines inside the leading comment.

    The run keeps its indentation. Without a leading comment holding such a run, the
    text comes back unchanged: a comment cloudgen does not recognise is left alone.
    """
    header = language.header.match(text)
    if header is None:
        return text
    lines = header.group().split("\n")
    match = language.declaration_line.fullmatch
    start = next((i for i, line in enumerate(lines) if match(line)), None)
    if start is None or not declarations:
        return text
    end = start
    while end < len(lines) and match(lines[end]):
        end += 1
    indent = lines[start][: len(lines[start]) - len(lines[start].lstrip())]
    lines[start:end] = [indent + declaration for declaration in declarations]
    return "\n".join(lines) + text[header.end() :]
