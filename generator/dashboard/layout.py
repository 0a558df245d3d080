"""Placing new widgets on a dashboard grid without moving or covering the others.

Each layout (desktop, mobile) is its own grid of a fixed number of columns and unbounded
rows. New widgets go into free spots in reading order (rows top to bottom, columns left to
right), each after the one placed before it; widgets already there never move, so adding
a variable leaves the rest of the dashboard where it was, and a hole a removed widget
left is filled first.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.dashboard.model import Rect


class Grid:
    def __init__(self, columns: int, taken: Iterable[Rect] = ()) -> None:
        self.columns = columns
        self._cells: set[tuple[int, int]] = set()
        self._open_row = 0  # no row above it has a free cell
        self._cursor = (0, 0)  # (x, y) where the search for the next spot starts
        for rect in taken:
            self.take(rect)

    def take(self, rect: Rect) -> None:
        """Mark a widget's cells as used (cells right of the last column do not matter)."""
        for y in range(rect.y, rect.y + rect.height):
            for x in range(rect.x, min(rect.x + rect.width, self.columns)):
                self._cells.add((x, y))

    def place(self, width: int, height: int) -> Rect:
        """The first free spot for a widget of this size, in reading order from where the
        last widget placed ends (so that widgets placed one after the other stay in
        order), now taken."""
        width = min(width, self.columns)
        while all((x, self._open_row) in self._cells for x in range(self.columns)):
            self._open_row += 1
        if self._cursor[1] < self._open_row:
            self._cursor = (0, self._open_row)
        x, y = self._cursor
        while True:
            while x + width <= self.columns:
                rect = Rect(x, y, width, height)
                taken = self._taken_column(rect)
                if taken is None:
                    self.take(rect)
                    self._cursor = (x + width, y)
                    return rect
                x = taken + 1  # every spot starting from x up to it covers that cell
            x, y = 0, y + 1

    def _taken_column(self, rect: Rect) -> int | None:
        """The rightmost column in which the rect has a taken cell, if any."""
        for x in range(rect.x + rect.width - 1, rect.x - 1, -1):
            if any((x, y) in self._cells for y in range(rect.y, rect.y + rect.height)):
                return x
        return None
