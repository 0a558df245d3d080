"""Where cloudgen's own data lives: the catalogs under specs/ and the Jinja2 templates.

In a checkout (and an editable install) they are read from the repository; an installed
package carries copies inside `generator/` (see pyproject.toml).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # generator/


def _data(packaged: str, in_repository: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent / in_repository


CONFIG_NAME = "cloudgen.yaml"
LOCK_NAME = "cloudgen.lock"
# cloudgen's own state in a project (git-ignored): the spec cache, clients built from
# it, the run lock.
STATE_DIR = Path(".cloudgen")
# The pinned Integrations API spec: its lock (committed) and the copy of it (git-ignored).
SPEC_LOCK = Path("specs/iot-api/spec.lock.yaml")
SPEC_CACHE = STATE_DIR / "spec" / "openapi.yaml"
CATALOG_DIR = _data("catalog_files", "specs/catalog")
# cloudgen's own pin, for projects that pin no spec of their own (`cloudgen new` ones).
OWN_SPEC_LOCK = _data("spec_files", "specs/iot-api") / SPEC_LOCK.name
TEMPLATES_DIR = _data("template_files", "templates")


def lock_path_for(config: Path) -> Path:
    """The lock of a project config, beside it under its own name: cloudgen.yaml has
    cloudgen.lock, other.yaml other.lock, so that two configs never share one."""
    lock = config.with_suffix(".lock")
    return lock if lock != config else config.with_name(config.name + ".lock")


def spec_lock_for(root: Path) -> Path:
    """The spec pin a project uses: its own when it has one, else cloudgen's."""
    own = root / SPEC_LOCK
    return own if own.is_file() else OWN_SPEC_LOCK
