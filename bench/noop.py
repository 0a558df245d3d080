"""A no-op `cloudgen generate` against a full one, on the example project, in one run.

Target: the no-op (nothing changed since cloudgen.lock was written) costs under 10% of a
full generation. Both are timed in-process (cloudgen's own work) and as a command
(what a user or a pre-commit hook waits for, interpreter start-up included).

    python bench/noop.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from generator.cli.main import main as cli

REPO = Path(__file__).resolve().parent.parent


def example_project(folder: Path) -> Path:
    shutil.copy(REPO / "cloudgen.yaml", folder / "cloudgen.yaml")
    shutil.copy(REPO / "cloudgen.lock", folder / "cloudgen.lock")
    shutil.copytree(REPO / "specs" / "things", folder / "specs" / "things")
    return folder


def best(repeat: int, prepare: Callable[[], None], run: Callable[[], None]) -> float:
    times = []
    for _ in range(repeat):
        prepare()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    runner = CliRunner()
    command = [str(Path(sys.executable).with_name("cloudgen")), "generate", "--quiet"]
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent, prefix="tmp-") as name:
        folder = example_project(Path(name))

        def wipe() -> None:  # a full run: no outputs yet
            shutil.rmtree(folder / "generated", ignore_errors=True)
            (folder / "cloudgen.lock").unlink(missing_ok=True)

        def in_process() -> None:
            config = str(folder / "cloudgen.yaml")
            result = runner.invoke(cli, ["generate", "--quiet", "-c", config])
            assert result.exit_code == 0, result.output

        def as_command() -> None:
            subprocess.run(command, cwd=folder, check=True)

        in_process()
        rows = []
        for label, run in (("in-process", in_process), ("command", as_command)):
            full = best(args.repeat, wipe, run)
            run()  # make sure the lock is current
            noop = best(args.repeat, lambda: None, run)
            rows.append((label, full, noop))
    print(f"{'':>11}  {'full':>9}  {'no-op':>9}  no-op/full")
    for label, full, noop in rows:
        print(f"{label:>11}  {full * 1000:7.1f}ms  {noop * 1000:7.1f}ms  {noop / full:9.1%}")


if __name__ == "__main__":
    main()
