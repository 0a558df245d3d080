"""A generated web page in Debian's headless Chromium, driven by playwright-core from npm
(node/browser.cjs): commands in, answers out, one JSON object a line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tsc import NODE_MODULES, node

DRIVER = Path(__file__).parent / "node" / "browser.cjs"
CHROMIUM = os.environ.get("CLOUDGEN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path("/tmp/cloudgen-artifacts")  # where the lead looks at screenshots


def browser_missing() -> str | None:
    """Why the page cannot be tested here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)"
    if not (NODE_MODULES / "playwright-core").is_dir():
        return "node_modules/playwright-core is missing (`make test` runs npm ci)"
    return None


class BrowserPage:
    def __init__(self, page: Path) -> None:
        problem = browser_missing()
        if problem:
            raise RuntimeError(problem)
        self.process = subprocess.Popen(
            [node(), str(DRIVER), page.resolve().as_uri()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "CLOUDGEN_CHROMIUM": CHROMIUM},
        )
        self.events: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.commands = 0
        threading.Thread(target=self._read, daemon=True).start()
        self.version = self._wait(lambda e: e["event"] in ("open", "fatal"), 30)["version"]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.lock:
                self.events.append(json.loads(line))

    def _wait(self, wanted: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                found = next((e for e in self.events if wanted(e)), None)
            if found is not None:
                if found["event"] == "fatal":
                    raise AssertionError(found["message"])
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        raise AssertionError(f"the browser driver did not answer: {self.events[-5:]}")

    def run(self, op: str, timeout: float = 30, **arguments: Any) -> Any:
        """The command's result; a failed command fails the test with its message."""
        self.commands += 1
        number = self.commands
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"id": number, "op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        answer = self._wait(lambda e: e.get("id") == number or e["event"] == "fatal", timeout)
        assert answer["event"] == "done", f"{op} {arguments}: {answer.get('message')}"
        return answer["result"]

    def text(self, selector: str) -> str:
        return str(self.run("text", selector=selector))

    def wait_for_text(self, selector: str, text: str, timeout: float = 15) -> None:
        """Until the element's text is `text`; a timeout fails with the text it has."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.text(selector) == text:
                return
            time.sleep(0.05)
        raise AssertionError(f"{selector}: {self.text(selector)!r}, not {text!r}")

    def screenshot(self, path: Path, keep_as: str) -> None:
        """A screenshot under the test's folder, and a copy for people to look at."""
        self.run("screenshot", path=str(path))
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, ARTIFACTS / keep_as)

    def close(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        assert self.process.stderr is not None
        return self.process.stderr.read()
