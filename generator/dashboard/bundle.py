"""Building the web page's one JavaScript file: esbuild, from npm, run by Node.js.

arduino-iot-js is written for Node.js; in a browser bundle it needs what the research
found (arduino-iot-js.md, section 7): the npm polyfills of `events`, `util`, `url` and
`stream` (stream-browserify), an empty `crypto` (the library only decodes tokens, which
needs none), `Buffer` and `process` (process/browser.js, whose `title` "browser" makes
mqtt.js use the browser's WebSocket) as globals, and `global` as `globalThis`.

The packages are the user's, found the way Node.js finds them: in the nearest
`node_modules` folder at or above the project (then the current folder). The bundle is
reproducible: esbuild's output depends only on its version and its inputs (no paths, no
dates), and the banner names the versions it was built with.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.core.diagnostics import UserError
from generator.core.render import render

# The npm packages the build needs, at the versions cloudgen is tested with (package.json).
PACKAGES = {
    "esbuild": "0.28.2",
    "arduino-iot-js": "0.13.0",
    "buffer": "5.7.1",
    "events": "3.3.0",
    "process": "0.11.10",
    "stream-browserify": "3.0.0",
    "url": "0.11.4",
    "util": "0.12.5",
}
INSTALL = "npm install --save-dev " + " ".join(f"{n}@{v}" for n, v in PACKAGES.items())
ENTRY = "page.ts"
TIMEOUT = 120  # seconds; a build takes well under one


@dataclass(frozen=True)
class Toolchain:
    node: str
    node_modules: Path

    def version(self, package: str) -> str:
        data = json.loads((self.node_modules / package / "package.json").read_text("utf-8"))
        return str(data.get("version", "?"))


def find_toolchain(project: Path, here: Path) -> Toolchain | str:
    """Node.js and a node_modules folder with every package, looked for from the project
    folder up, then from `here` (the current folder); else what the user must do."""
    project, here = project.resolve(), here.resolve()
    found = (_node_modules(folder) for folder in (project, here))
    node_modules = next((path for path in found if path is not None), None)
    # Where to install: the current folder when the project is in it (a single output
    # folder, `-o out`), else the project's.
    install = here if here == project or here in project.parents else project
    node = shutil.which("node")
    if node is None:
        return (
            "building the web page needs Node.js: install it (with npm), then run "
            f"`{INSTALL}` in {install}"
        )
    if node_modules is None:
        return f"building the web page needs npm packages: run `{INSTALL}` in {install}"
    missing = [name for name in PACKAGES if not (node_modules / name / "package.json").is_file()]
    if missing:
        return (
            f"building the web page needs npm packages that {node_modules} lacks "
            f"({', '.join(missing)}): run `{INSTALL}` in {node_modules.parent}"
        )
    return Toolchain(node, node_modules)


def _node_modules(folder: Path) -> Path | None:
    for parent in (folder, *folder.parents):
        candidate = parent / "node_modules"
        if (candidate / "esbuild" / "package.json").is_file():
            return candidate
    return None


def banner(toolchain: Toolchain, first_line: str) -> str:
    versions = ", ".join(f"{name} {toolchain.version(name)}" for name in PACKAGES)
    return f"/* {first_line}\n * Built from npm packages: {versions}. */"


def build_bundle(
    toolchain: Toolchain, sources: Mapping[str, str], banner_text: str, display: str
) -> str:
    """The minified browser bundle of `sources` (file name -> text; `page.ts` the entry)."""
    script = render("dashboard/build.cjs.j2")
    request = {"nodeModules": str(toolchain.node_modules), "entry": ENTRY, "banner": banner_text}
    with tempfile.TemporaryDirectory(prefix="cloudgen-page-") as folder:
        root = Path(folder)
        for name, text in {**sources, "build.cjs": script}.items():
            (root / name).write_text(text, encoding="utf-8")
        try:
            process = subprocess.run(
                [toolchain.node, str(root / "build.cjs")],
                cwd=root,
                input=json.dumps(request),
                capture_output=True,
                text=True,
                encoding="utf-8",
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise UserError.single(display, f"esbuild did not run: {error}") from None
    if process.returncode != 0:
        detail = (process.stderr or process.stdout).strip()[-2000:]
        raise UserError.single(display, f"esbuild could not build the web page:\n{detail}")
    return process.stdout
