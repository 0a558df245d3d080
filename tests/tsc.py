"""The real TypeScript compiler and Node.js, with arduino-iot-js 0.13.0 as npm installs it
(`make test` runs `npm ci` from package-lock.json)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers import REPO

NODE_MODULES = REPO / "node_modules"
TSC = NODE_MODULES / ".bin" / "tsc"
# Every strictness flag a user may turn on. skipLibCheck stays on, as in `tsc --init`:
# the library's own .d.ts do not compile without @types/node and an esModuleInterop
# default import of mqtt (a declaration of @arduino/cbor-js is missing too).
STRICTEST = {
    "strict": True,
    "skipLibCheck": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noImplicitReturns": True,
    "noImplicitOverride": True,
    "noFallthroughCasesInSwitch": True,
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noPropertyAccessFromIndexSignature": True,
}
# Setups a module must compile in: CommonJS with only the ES2015 library (no DOM, no
# Node.js typings), a bundler (Vite, esbuild) with Node's type stripping rules, and
# Node.js ES modules.
SETUPS: dict[str, dict[str, Any]] = {
    "commonjs-es2015": {
        "target": "ES2015",
        "module": "commonjs",
        "moduleResolution": "node",
        "esModuleInterop": True,
        "lib": ["ES2015"],
        "types": [],
    },
    "bundler": {
        "target": "ES2022",
        "module": "esnext",
        "moduleResolution": "bundler",
        "lib": ["ES2022", "DOM"],
        "verbatimModuleSyntax": True,
        "erasableSyntaxOnly": True,
    },
    "nodenext-esm": {
        "target": "ES2022",
        "module": "nodenext",
        "lib": ["ES2022"],
        "types": [],
        "verbatimModuleSyntax": True,
    },
}
ERROR = re.compile(
    r"^(?P<file>[^(\s]+)\((?P<line>\d+),(?P<column>\d+)\): error (?P<code>TS\d+): (?P<message>.*)$"
)


@dataclass(frozen=True)
class TscError:
    file: str
    line: int
    code: str
    message: str  # its first line


@dataclass(frozen=True)
class Compiled:
    returncode: int
    output: str

    @property
    def errors(self) -> list[TscError]:
        found = (ERROR.match(line) for line in self.output.splitlines())
        return [TscError(m["file"], int(m["line"]), m["code"], m["message"]) for m in found if m]


def tsc(root: Path, files: list[Path], setup: str = "commonjs-es2015", **options: Any) -> Compiled:
    """`tsc -p` on a tsconfig.json written into `root`, which must hold `files`; arduino-iot-js
    is found through a node_modules link in `root`, as in a user's project."""
    if not TSC.exists():
        raise RuntimeError(f"{TSC} is missing: `make test` installs it with npm ci")
    link = root / "node_modules"
    if not link.exists():
        link.symlink_to(NODE_MODULES, target_is_directory=True)
    if setup == "nodenext-esm":
        (root / "package.json").write_text('{"type": "module"}\n')
    compiler = {"noEmit": True, **STRICTEST, **SETUPS[setup], **options}
    config = {"compilerOptions": compiler, "files": [str(f.relative_to(root)) for f in files]}
    (root / "tsconfig.json").write_text(json.dumps(config, indent=2))
    process = subprocess.run(
        [str(TSC), "-p", str(root), "--pretty", "false"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return Compiled(process.returncode, process.stdout + process.stderr)


def node() -> str:
    found = shutil.which("node")
    if found is None:
        raise RuntimeError("the TypeScript tests need Node.js (.ci/run installs it)")
    return found
