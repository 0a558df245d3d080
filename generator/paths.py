"""Where cloudgen's own data lives: the catalogs under specs/ and the Jinja2 templates."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = ROOT / "specs" / "catalog"
TEMPLATES_DIR = ROOT / "templates"
