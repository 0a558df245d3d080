"""A no-op `cloudgen generate`, the pre-commit hook's path on every commit, side by side
with the bare interpreter's start-up and a full run of the example project.

Goals: the no-op costs at most 2.5x `python -c pass`, and what it adds to the
interpreter's start-up is at most 0.1x what a full run adds (the start-up alone is about
a tenth of a full run here, so the plain ratio of the two commands cannot go below it;
both ratios are printed). Both hold also when the project pins a spec that is not in
the cache: the client is then skipped with one warning per change, not one per run.
`generate --check` is shown beside them: it also asks git which secrets files are
tracked (one `git ls-files`), so it is no goal. Every case runs as a command, as a user
or a hook waits for it, interleaved over the repeats so that all see the same machine
load; the best time of each counts. Exit status 1 when a goal is missed.

    python bench/noop.py [--repeat 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLOUDGEN = str(Path(sys.executable).with_name("cloudgen"))
SPEC_LOCK = Path("specs/iot-api/spec.lock.yaml")


def example_project(folder: Path, *, pin_spec: bool) -> Path:
    folder.mkdir()
    shutil.copy(REPO / "cloudgen.yaml", folder / "cloudgen.yaml")
    shutil.copytree(REPO / "specs" / "things", folder / "specs" / "things")
    # The npm packages the example dashboards' web pages are built with.
    (folder / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    if pin_spec:  # the pin without the spec: `cloudgen spec pull` was never run
        (folder / SPEC_LOCK).parent.mkdir(parents=True)
        shutil.copy(REPO / SPEC_LOCK, folder / SPEC_LOCK)
    return folder


# As on a user's machine: Python keeps the bytecode it compiles (pip compiles an installed
# package's at install time), so that no case pays for compiling cloudgen on every run.
ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def command(*args: str, cwd: Path) -> Callable[[], str]:
    def run() -> str:
        done = subprocess.run(
            args, cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, check=True
        )
        return done.stderr

    return run


def warned_runs(project: Path) -> list[bool]:
    """Which of five runs warn that the client was skipped: the first, and the first after
    the pin changed (expected: [True, False, False, True, False])."""
    run = command(CLOUDGEN, "generate", "-q", cwd=project)
    warned = ["warning:" in run() for _ in range(3)]
    with (project / SPEC_LOCK).open("a") as pin:
        pin.write("# moved\n")
    return warned + ["warning:" in run() for _ in range(2)]


EXPECTED_WARNINGS = [True, False, False, True, False]


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cloudgen-bench-") as name:
        plain = example_project(Path(name) / "plain", pin_spec=False)
        pinned = example_project(Path(name) / "pinned", pin_spec=True)
        full_run = command(CLOUDGEN, "generate", "-q", cwd=plain)

        def wipe_and_generate() -> None:
            shutil.rmtree(plain / "generated", ignore_errors=True)
            (plain / "cloudgen.lock").unlink(missing_ok=True)
            full_run()

        cases: dict[str, Callable[[], object]] = {
            "python -c pass": command(sys.executable, "-c", "pass", cwd=plain),
            "no-op generate": full_run,
            "no-op generate --check": command(CLOUDGEN, "generate", "--check", "-q", cwd=plain),
            "no-op, spec not cached": command(CLOUDGEN, "generate", "-q", cwd=pinned),
        }
        full_run()
        warnings = warned_runs(pinned)
        best = {label: float("inf") for label in [*cases, "full run"]}
        for _ in range(args.repeat):
            best["full run"] = min(best["full run"], timed(wipe_and_generate))
            for label, run in cases.items():
                best[label] = min(best[label], timed(run))
    print(report(best, warnings))
    sys.exit(0 if goals_met(best, warnings) else 1)


def report(best: dict[str, float], warnings: list[bool]) -> str:
    bare, full = best["python -c pass"], best["full run"]
    header = f"{'':>24}  {'best':>8}  {'x python':>8}  {'x full run':>10}  {'net x net full':>14}"
    lines = [header]
    for label, seconds in best.items():
        net = (seconds - bare) / (full - bare)
        lines.append(
            f"{label:>24}  {seconds * 1000:6.1f}ms  {seconds / bare:8.2f}  "
            f"{seconds / full:10.3f}  {net:14.3f}"
        )
    runs = ", ".join("warned" if w else "quiet" for w in warnings)
    lines.append(f"spec not cached, 3 runs, pin moved, 2 runs: {runs}")
    lines.append("net: the time beyond python -c pass; goals: x python <= 2.5, net <= 0.1")
    return "\n".join(lines)


def goals_met(best: dict[str, float], warnings: list[bool]) -> bool:
    bare, full = best["python -c pass"], best["full run"]
    no_ops = [best["no-op generate"], best["no-op, spec not cached"]]
    fast = all(s <= 2.5 * bare and s - bare <= 0.1 * (full - bare) for s in no_ops)
    return fast and warnings == EXPECTED_WARNINGS


if __name__ == "__main__":
    main()
