"""Progress of long work on a terminal: one line on stderr, rewritten in place.

Only when stderr is a terminal (never in a pipe or a log), and not with -q or --json;
the line is erased when the work is done, so what stays on screen is the usual report.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from generator.cli import report

_AFTER = 0.3  # seconds of work before a counter shows: short runs stay quiet
_EVERY = 0.1  # seconds between redraws: fast enough to look alive, cheap for 10,000 steps


class Counter:
    """`cloudgen: reading Things 120/500`, once the work has taken _AFTER seconds,
    redrawn at most every _EVERY seconds."""

    def __init__(self) -> None:
        self.shown = False
        self.start = self.last = time.monotonic()

    @staticmethod
    def wanted() -> bool:
        shown = report.settings.level >= report.NORMAL and not report.settings.json
        return shown and sys.stderr.isatty()

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        due = now - self.last >= _EVERY or (done == total and self.shown)
        if self.wanted() and now - self.start >= _AFTER and due:
            self.last = now
            self._draw(f"cloudgen: {step} {done}/{total}")

    def status(self, text: str) -> None:
        if self.wanted():
            self._draw(f"cloudgen: {text}")

    def _draw(self, line: str) -> None:
        sys.stderr.write(f"\r\x1b[K{line}")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False


@contextmanager
def counter() -> Iterator[Counter]:
    shown = Counter()
    try:
        yield shown
    finally:
        shown.clear()
