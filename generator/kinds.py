"""Every output kind cloudgen generates, in the order their outputs are planned.

A new kind is a package with a `kind.py` (see CONTRIBUTING.md) and one line here.
"""

from __future__ import annotations

from generator.dashboard.kind import DASHBOARD
from generator.micropython.kind import MICROPYTHON
from generator.project.kinds import OutputKind
from generator.pythonapi.kind import PYTHON_API
from generator.sketch.kind import SKETCH
from generator.typescript.kind import TYPESCRIPT

KINDS: tuple[OutputKind, ...] = (
    SKETCH,
    MICROPYTHON,
    DASHBOARD,
    TYPESCRIPT,
    PYTHON_API,
)
