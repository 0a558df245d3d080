"""The no-op check: has anything changed since cloudgen.lock was written?

A no-op `cloudgen generate` should feel instant, so this module imports nothing heavy
(no YAML parser, no templates) and reads only the lock, the inputs it lists and the
generated files. It never raises: anything unexpected means "not known to be current",
and the full run decides.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from generator import __version__
from generator.core.hashing import file_sha256, new_sha256, sha256
from generator.core.paths import (
    CATALOG_DIR,
    SPEC_CACHE,
    SPEC_LOCK,
    STATE_DIR,
    TEMPLATES_DIR,
    lock_path_for,
)

VERSION = 1  # of the lock file format
PACKAGE = Path(__file__).resolve().parent.parent  # generator/
USER_OWNED = "user"  # an output the user owns: only its existence matters


def generator_version() -> str:
    return __version__


@cache
def own_input_hashes() -> dict[str, str]:
    """cloudgen itself, which shapes every output: its catalogs, templates and code.

    The code counts as one entry, so that a changed generator is never mistaken for
    an up-to-date one, even before its version number changes.
    """
    hashes = {}
    for folder, prefix in ((CATALOG_DIR, "specs/catalog"), (TEMPLATES_DIR, "templates")):
        for name, path in _files(folder):
            hashes[f"cloudgen:{prefix}/{name}"] = sha256(_read(path))
    hashes["cloudgen:generator"] = code_digest(PACKAGE)
    return hashes


def code_digest(package: Path) -> str:
    """One hash of every module of the package, in every subpackage."""
    code = new_sha256()
    for name, path in _files(package, ".py"):
        code.update(name.encode() + b"\0" + _read(path) + b"\0")
    digest: str = code.hexdigest()
    return digest


def _files(folder: Path, suffix: str = "") -> list[tuple[str, str]]:
    """(relative name with /, path) of the files under `folder`, sorted by name; bytecode
    caches (pip compiles the runtime .py files on install) are not inputs. os.walk, as
    this runs on every no-op and is several times faster than Path.rglob."""
    found = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if name != "__pycache__"]
        relative = os.path.relpath(directory, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found += [(prefix + name, os.path.join(directory, name)) for name in names]
    return sorted(entry for entry in found if entry[0].endswith(suffix))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _read_lock(text: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """The top-level scalars and the `inputs`/`outputs` tables of a lock file.

    The lock is YAML that cloudgen writes itself; this reads just the plain lines of it.
    A key the YAML writer had to quote simply matches no file, so the full run decides.
    """
    fields: dict[str, str] = {}
    tables: dict[str, dict[str, str]] = {"inputs": {}, "outputs": {}}
    section: dict[str, str] | None = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            key, _, value = line.partition(":")
            fields[key] = value.strip()
            section = tables.get(key)
        elif section is not None and not line.startswith("   "):
            key, _, value = line.strip().rpartition(": ")
            section[key] = value
    return fields, tables


def is_current(config: Path, *, need_user_files: bool) -> bool:
    """True when no input, generated file or cloudgen itself changed since the lock of
    `config` was written (and the lock is that config's)."""
    lock_path = lock_path_for(config)
    try:
        fields, tables = _read_lock(lock_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    if fields.get("version") != str(VERSION) or fields.get("generator") != generator_version():
        return False
    if fields.get("config") != config.name:
        return False  # another config's lock, or one from before locks named their config
    root = lock_path.parent
    own = own_input_hashes()
    recorded_own = {key for key in tables["inputs"] if key.startswith("cloudgen:")}
    if not tables["inputs"] or recorded_own != set(own):
        return False  # cloudgen's own files changed shape (or the lock is not a full one)
    for key, digest in tables["inputs"].items():
        current = own.get(key) if key.startswith("cloudgen:") else file_sha256(root / key)
        if current != digest:
            return False
    for key, digest in tables["outputs"].items():
        if digest == USER_OWNED:
            if need_user_files and not (root / key).exists():
                return False
        elif file_sha256(root / key) != digest:
            return False
    return True


# The project's API client, when the project pins a spec: generated, never committed.
CLIENT_DIR = Path("generated/python/arduino-iot-api")
CLIENT_STAMP = ".cloudgen-client"  # in CLIENT_DIR: what it was generated from


def client_stamp(root: Path) -> str | None:
    """What the project's client must be generated from (the spec pin and cloudgen itself),
    or None when the project pins no spec and so has no client."""
    pin = file_sha256(root / SPEC_LOCK)
    if pin is None:
        return None
    own = own_input_hashes()
    return sha256(pin + "".join(f"{key}={own[key]}" for key in sorted(own)))


# Written when the client was skipped (no pinned spec in the cache): the no-op then stays
# a no-op, and warns again only when the pin, cloudgen or the cache changes.
CLIENT_SKIPPED = STATE_DIR / "client-skipped"


def client_is_current(root: Path) -> bool:
    """True when the client is built from the current pin, or was skipped for the same
    pin and cache as now (the user has been told)."""
    stamp = client_stamp(root)
    if stamp is None:
        return True
    if _read_text(root / CLIENT_DIR / CLIENT_STAMP) == stamp:
        return True
    return _read_text(root / CLIENT_SKIPPED) == _skipped_stamp(root, stamp)


def note_client_skipped(root: Path) -> None:
    """Remember that the client was skipped, and why it was (see `client_is_current`)."""
    stamp = client_stamp(root)
    if stamp is not None:
        from generator.core.writer import atomic_write

        atomic_write(root / CLIENT_SKIPPED, _skipped_stamp(root, stamp))


def _skipped_stamp(root: Path, stamp: str) -> str:
    try:
        cache = (root / SPEC_CACHE).stat()
    except OSError:
        return f"{stamp} no-cache"
    return f"{stamp} cache-{cache.st_size}-{cache.st_mtime_ns}"


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
