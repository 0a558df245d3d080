"""Generation time per Thing at 10 and at 1000 synthetic Things, measured in one run.

Phases, each timed on its own (best of --repeat):
  plan   load, validate, model and emit every Thing (cloudgen's own work)
  write  write every output into an empty folder (atomic writes, write-if-changed)
  raw fs the same files written with plain open/write: the disk's own cost, side by side
  no-op  a second `generate` on unchanged inputs (answered from cloudgen.lock)
Target: plan under 5 ms per Thing and linear growth (per-Thing ratio near 1).

    python bench/things.py [--sizes 10 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generator.core.outputs import OutputFile
from generator.kinds import KINDS
from generator.project.fastpath import is_current
from generator.project.plan import plan_project
from generator.project.run import execute

BOARDS = [
    ("arduino:samd:mkrwifi1010", ""),
    ("esp32:esp32:esp32", "    device_id: 5b1e6f0c-3d2a-4c8e-9f71-0a2b3c4d5e6f\n"),
    ("arduino:samd:mkrgsm1400", "    style: modern\n"),
    (
        "arduino:samd:mkrwan1310",
        "    thing_id: 9e8d7c6b-5a4f-4e3d-2c1b-0a9f8e7d6c5b\n    lora_band: EU868\n",
    ),
]
VARIABLES = [
    ("pump", "STATUS", "READ_WRITE", "ON_CHANGE", 0),
    ("soil", "FLOAT", "READ_ONLY", "ON_CHANGE", 0.5),
    ("air", "TEMPERATURE", "READ_ONLY", "TIMED", 60),
    ("count", "INT", "READ_ONLY", "ON_CHANGE", 1),
    ("level", "PERCENTAGE", "READ_WRITE", "ON_CHANGE", 0),
    ("power", "POWER", "READ_ONLY", "TIMED", 300),
    ("uptime", "TIME", "READ_ONLY", "ON_CHANGE", 0),
    ("valve", "HOME_SWITCH", "READ_WRITE", "ON_CHANGE", 0),
]


def make_project(root: Path, count: int) -> Path:
    (root / "things").mkdir(parents=True)
    entries = []
    for index in range(count):
        board, extra = BOARDS[index % len(BOARDS)]
        lines = [f"name: Thing {index}", "variables:"]
        for name, type_, permission, strategy, parameter in VARIABLES:
            lines += [
                f"    - name: {name}",
                f"      permission: {permission}",
                f"      type: {type_}",
                f"      update_parameter: {parameter}",
                f"      update_strategy: {strategy}",
                f"      variable_name: {name}{index}",
            ]
        (root / "things" / f"thing{index}.yaml").write_text("\n".join(lines) + "\n")
        entries.append(
            f"  - template: things/thing{index}.yaml\n    board: {board}\n{extra}"
            f"    outputs:\n      sketch: out/Thing{index}\n"
        )
    (root / "cloudgen.yaml").write_text("things:\n" + "".join(entries))
    return root / "cloudgen.yaml"


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def raw_write(outputs: list[OutputFile], root: Path) -> None:
    """The filesystem's own cost for the same files: plain open/write, no checks, no rename."""
    for output in outputs:
        path = root / output.path.relative_to(output.path.parents[2])
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output.content)


def measure(count: int, repeat: int) -> dict[str, float]:
    """Seconds per phase for `count` Things (best of `repeat`)."""
    # Inside the repository: the filesystem a project lives on (this machine's /tmp is
    # far slower to create files in, which would measure the disk, not cloudgen).
    with tempfile.TemporaryDirectory(dir=Path(__file__).parent, prefix="tmp-") as folder:
        config = make_project(Path(folder), count)
        plan = plan_project(config, KINDS)
        result = {"plan": best_of(repeat, lambda: plan_project(config, KINDS))}

        def cold_write() -> None:
            shutil.rmtree(Path(folder) / "out", ignore_errors=True)
            (Path(folder) / "cloudgen.lock").unlink(missing_ok=True)
            execute(plan)  # every output, then cloudgen.lock

        def raw() -> None:
            shutil.rmtree(Path(folder) / "raw", ignore_errors=True)
            raw_write(plan.outputs, Path(folder) / "raw")

        # Interleaved, so that both see the same (noisy) disk.
        result["write"], result["raw"] = float("inf"), float("inf")
        for _ in range(repeat):
            result["write"] = min(result["write"], best_of(1, cold_write))
            result["raw"] = min(result["raw"], best_of(1, raw))
        lock = Path(folder) / "cloudgen.lock"
        assert is_current(lock, need_user_files=True)
        result["no-op"] = best_of(repeat, lambda: is_current(lock, need_user_files=True))
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[10, 1000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure(args.sizes[0], 1)  # warm up: catalog and templates are loaded once per process
    results = {n: measure(n, args.repeat) for n in args.sizes}
    print(f"{'Things':>6}  {'plan':>8}  {'write':>8}  {'raw fs':>8}  {'no-op':>8}   (ms per Thing)")
    for n, phases in results.items():
        row = "  ".join(f"{phases[k] / n * 1000:8.3f}" for k in ("plan", "write", "raw", "no-op"))
        print(f"{n:>6}  {row}")
    small, large = (results[n] for n in args.sizes)
    ratio = (large["plan"] / args.sizes[1]) / (small["plan"] / args.sizes[0])
    print(f"plan time per Thing, {args.sizes[1]} vs {args.sizes[0]} Things: {ratio:.2f}x")
    for n, phases in results.items():
        print(f"{n} Things: write / raw filesystem = {phases['write'] / phases['raw']:.2f}x")


if __name__ == "__main__":
    main()
