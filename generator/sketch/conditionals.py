"""`#if` blocks in a sketch header: which lines count for the board, and which do not.

Library examples and hand-made multi-board files wrap the connection lines in
`#if defined(BOARD_HAS_WIFI)` … `#elif defined(BOARD_HAS_GSM)` blocks. A block whose
condition names a board macro (BOARD_HAS_*, ARDUINO_*, HAS_TCP, …) is evaluated for the
board, with the macros the libraries define for it; any other block (an include guard,
`#ifdef DEBUG`) is the user's and is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Role = Literal["code", "inactive", "board-directive", "user-directive"]

_DIRECTIVE = re.compile(r"^#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$")
_BOARD_MACRO = re.compile(r"^(BOARD_HAS_\w+|ARDUINO_\w+|HAS_TCP|HAS_LORA|HAS_NOTECARD|BOARD_ESP)$")
_TOKEN = re.compile(r"\s*(defined\b|\d+[uUlL]*|[A-Za-z_]\w*|&&|\|\||!|\(|\))")


class BoardUnknown(Exception):
    """A board block, but no board to evaluate it for."""


class Unreadable(Exception):
    """A board block whose condition this reader cannot evaluate."""


@dataclass
class _Frame:
    board: bool
    active: bool  # the current branch counts
    taken: bool  # some branch of this block was taken already
    outer_active: bool
    line: int


@dataclass
class Conditionals:
    """Feeds line by line; `defines` is None when the board is not known."""

    defines: frozenset[str] | None
    frames: list[_Frame] = field(default_factory=list)
    user_blocks: list[tuple[int, int]] = field(default_factory=list)  # (#if line, #endif line)

    @property
    def active(self) -> bool:
        return all(frame.active for frame in self.frames)

    def feed(self, line: str, number: int) -> Role:
        match = _DIRECTIVE.match(line)
        if match is None:
            return "code" if self.active else "inactive"
        keyword, rest = match.group(1), match.group(2).strip()
        if keyword in ("if", "ifdef", "ifndef"):
            return self._open(keyword, rest, number)
        if not self.frames:
            return "user-directive"  # an #endif without its #if: the compiler will say so
        frame = self.frames[-1]
        if keyword == "endif":
            self.frames.pop()
            if not frame.board:
                self.user_blocks.append((frame.line, number))
        elif not frame.board:
            pass  # the user's block: every branch is read and kept as written
        elif keyword == "else":
            frame.active = frame.outer_active and not frame.taken
            frame.taken = True
        else:
            frame.active = frame.outer_active and not frame.taken and self._true(rest)
            frame.taken = frame.taken or frame.active
        return "board-directive" if frame.board else "user-directive"

    def _open(self, keyword: str, rest: str, number: int) -> Role:
        condition = {"ifdef": f"defined({rest})", "ifndef": f"!defined({rest})"}.get(keyword, rest)
        board = any(_BOARD_MACRO.match(name) for name in re.findall(r"[A-Za-z_]\w*", condition))
        outer = self.active
        if board and self.defines is None:
            raise BoardUnknown(number)
        value = self._true(condition) if board else True
        self.frames.append(_Frame(board, outer and value, value, outer, number))
        return "board-directive" if board else "user-directive"

    def _true(self, condition: str) -> bool:
        assert self.defines is not None  # a board block: the board is known
        return _Expression(condition, self.defines).value()


class _Expression:
    """`defined(X)`, `defined X`, `!`, `&&`, `||`, parentheses, numbers and macro names."""

    def __init__(self, text: str, defines: frozenset[str]) -> None:
        self.tokens, position = [], 0
        text = text.split("//")[0].split("/*")[0].strip()
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise Unreadable(text)
            self.tokens.append(match.group(1))
            position = match.end()
        self.defines, self.index = defines, 0

    def value(self) -> bool:
        result = self._or()
        if self.index != len(self.tokens):
            raise Unreadable(" ".join(self.tokens))
        return result

    def _next(self) -> str:
        if self.index >= len(self.tokens):
            raise Unreadable(" ".join(self.tokens))
        self.index += 1
        return self.tokens[self.index - 1]

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _or(self) -> bool:
        result = self._and()
        while self._peek() == "||":
            self._next()
            result = self._and() or result
        return result

    def _and(self) -> bool:
        result = self._unary()
        while self._peek() == "&&":
            self._next()
            result = self._unary() and result
        return result

    def _unary(self) -> bool:
        token = self._next()
        if token == "!":
            return not self._unary()
        if token == "(":
            result = self._or()
            if self._next() != ")":
                raise Unreadable(" ".join(self.tokens))
            return result
        if token == "defined":
            name = self._next()
            if name == "(":
                name = self._next()
                if self._next() != ")":
                    raise Unreadable(" ".join(self.tokens))
            return name in self.defines
        if token[0].isdigit():
            return int(re.sub(r"[uUlL]+$", "", token)) != 0
        return token in self.defines  # a defined board macro counts as 1, others as 0
