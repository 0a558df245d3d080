"""Names derived from a Thing's name: its template file, its sketch folder, its class."""

from __future__ import annotations

import re
import unicodedata

from generator.core.checks import DEVICE_NAME


def file_slug(name: str) -> str:
    """`Smart Home` -> `smart_home`: a template file name (without suffix)."""
    slug = re.sub(r"[^a-z0-9]+", "_", _ascii(name).lower()).strip("_")[:60] or "thing"
    return f"{slug}_thing" if DEVICE_NAME.match(slug) else slug


def sketch_name(name: str) -> str:
    """`smart home` -> `SmartHome`: a valid arduino-cli sketch name."""
    words = re.findall(r"[A-Za-z0-9]+", _ascii(name))
    pascal = "".join(word[:1].upper() + word[1:] for word in words)[:58]
    return pascal if pascal and not DEVICE_NAME.match(pascal) else f"Thing{pascal}"


def class_name(name: str) -> str:
    """`smart home` -> `SmartHome`, `3D printer` -> `Thing3DPrinter`: a Python class name."""
    pascal = sketch_name(name)
    return pascal if pascal[0].isalpha() else f"Thing{pascal}"


def _ascii(name: str) -> str:
    """`Température` -> `Temperature`: accents dropped, for file and sketch names."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
